From: sender number 102 with a rather long display name <someone102@a.long.domain.example>
Subject: message 102

body of 102
