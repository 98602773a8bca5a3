From: sender number 176 with a rather long display name <someone176@a.long.domain.example>
Subject: message 176

body of 176
