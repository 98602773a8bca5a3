From: sender number 184 with a rather long display name <someone184@a.long.domain.example>
Subject: message 184

body of 184
