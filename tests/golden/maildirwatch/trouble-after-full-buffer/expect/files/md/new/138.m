From: sender number 138 with a rather long display name <someone138@a.long.domain.example>
Subject: message 138

body of 138
