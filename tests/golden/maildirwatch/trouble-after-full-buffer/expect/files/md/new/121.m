From: sender number 121 with a rather long display name <someone121@a.long.domain.example>
Subject: message 121

body of 121
