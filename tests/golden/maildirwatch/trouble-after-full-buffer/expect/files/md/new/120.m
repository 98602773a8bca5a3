From: sender number 120 with a rather long display name <someone120@a.long.domain.example>
Subject: message 120

body of 120
