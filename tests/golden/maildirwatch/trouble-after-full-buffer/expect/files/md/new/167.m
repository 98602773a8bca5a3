From: sender number 167 with a rather long display name <someone167@a.long.domain.example>
Subject: message 167

body of 167
