From: sender number 164 with a rather long display name <someone164@a.long.domain.example>
Subject: message 164

body of 164
