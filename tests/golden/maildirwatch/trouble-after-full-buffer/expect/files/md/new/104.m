From: sender number 104 with a rather long display name <someone104@a.long.domain.example>
Subject: message 104

body of 104
