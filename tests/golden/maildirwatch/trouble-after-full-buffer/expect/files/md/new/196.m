From: sender number 196 with a rather long display name <someone196@a.long.domain.example>
Subject: message 196

body of 196
