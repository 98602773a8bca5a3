From: sender number 118 with a rather long display name <someone118@a.long.domain.example>
Subject: message 118

body of 118
