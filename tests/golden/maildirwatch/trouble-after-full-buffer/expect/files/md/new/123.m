From: sender number 123 with a rather long display name <someone123@a.long.domain.example>
Subject: message 123

body of 123
