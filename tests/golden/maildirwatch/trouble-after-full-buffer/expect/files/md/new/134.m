From: sender number 134 with a rather long display name <someone134@a.long.domain.example>
Subject: message 134

body of 134
