From: sender number 147 with a rather long display name <someone147@a.long.domain.example>
Subject: message 147

body of 147
