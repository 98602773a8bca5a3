From: sender number 190 with a rather long display name <someone190@a.long.domain.example>
Subject: message 190

body of 190
