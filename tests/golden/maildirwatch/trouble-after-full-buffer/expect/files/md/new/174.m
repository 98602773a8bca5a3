From: sender number 174 with a rather long display name <someone174@a.long.domain.example>
Subject: message 174

body of 174
