From: sender number 156 with a rather long display name <someone156@a.long.domain.example>
Subject: message 156

body of 156
