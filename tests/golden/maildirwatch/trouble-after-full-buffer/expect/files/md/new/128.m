From: sender number 128 with a rather long display name <someone128@a.long.domain.example>
Subject: message 128

body of 128
