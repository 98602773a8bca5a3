From: sender number 100 with a rather long display name <someone100@a.long.domain.example>
Subject: message 100

body of 100
