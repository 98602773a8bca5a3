From: sender number 149 with a rather long display name <someone149@a.long.domain.example>
Subject: message 149

body of 149
