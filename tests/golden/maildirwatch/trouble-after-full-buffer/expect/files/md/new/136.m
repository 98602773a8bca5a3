From: sender number 136 with a rather long display name <someone136@a.long.domain.example>
Subject: message 136

body of 136
