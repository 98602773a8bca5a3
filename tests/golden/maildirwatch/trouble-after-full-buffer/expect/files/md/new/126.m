From: sender number 126 with a rather long display name <someone126@a.long.domain.example>
Subject: message 126

body of 126
