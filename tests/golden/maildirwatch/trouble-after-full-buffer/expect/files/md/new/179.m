From: sender number 179 with a rather long display name <someone179@a.long.domain.example>
Subject: message 179

body of 179
