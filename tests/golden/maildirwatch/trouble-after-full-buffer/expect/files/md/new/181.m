From: sender number 181 with a rather long display name <someone181@a.long.domain.example>
Subject: message 181

body of 181
