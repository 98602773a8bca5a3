From: sender number 192 with a rather long display name <someone192@a.long.domain.example>
Subject: message 192

body of 192
