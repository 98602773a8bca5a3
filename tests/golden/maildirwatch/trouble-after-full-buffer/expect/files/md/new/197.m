From: sender number 197 with a rather long display name <someone197@a.long.domain.example>
Subject: message 197

body of 197
