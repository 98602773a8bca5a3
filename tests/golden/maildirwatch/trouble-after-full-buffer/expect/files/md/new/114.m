From: sender number 114 with a rather long display name <someone114@a.long.domain.example>
Subject: message 114

body of 114
