From: sender number 131 with a rather long display name <someone131@a.long.domain.example>
Subject: message 131

body of 131
