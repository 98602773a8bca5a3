From: sender number 191 with a rather long display name <someone191@a.long.domain.example>
Subject: message 191

body of 191
