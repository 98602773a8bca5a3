From: sender number 172 with a rather long display name <someone172@a.long.domain.example>
Subject: message 172

body of 172
