From: sender number 116 with a rather long display name <someone116@a.long.domain.example>
Subject: message 116

body of 116
