From: sender number 186 with a rather long display name <someone186@a.long.domain.example>
Subject: message 186

body of 186
