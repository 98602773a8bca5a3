From: sender number 185 with a rather long display name <someone185@a.long.domain.example>
Subject: message 185

body of 185
