From: sender number 161 with a rather long display name <someone161@a.long.domain.example>
Subject: message 161

body of 161
