From: sender number 157 with a rather long display name <someone157@a.long.domain.example>
Subject: message 157

body of 157
