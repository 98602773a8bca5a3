From: sender number 146 with a rather long display name <someone146@a.long.domain.example>
Subject: message 146

body of 146
