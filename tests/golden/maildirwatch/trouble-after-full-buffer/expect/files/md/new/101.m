From: sender number 101 with a rather long display name <someone101@a.long.domain.example>
Subject: message 101

body of 101
