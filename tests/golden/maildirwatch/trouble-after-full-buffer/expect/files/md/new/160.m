From: sender number 160 with a rather long display name <someone160@a.long.domain.example>
Subject: message 160

body of 160
