From: sender number 178 with a rather long display name <someone178@a.long.domain.example>
Subject: message 178

body of 178
