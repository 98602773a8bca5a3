From: sender number 194 with a rather long display name <someone194@a.long.domain.example>
Subject: message 194

body of 194
