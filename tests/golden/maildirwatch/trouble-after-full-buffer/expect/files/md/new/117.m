From: sender number 117 with a rather long display name <someone117@a.long.domain.example>
Subject: message 117

body of 117
