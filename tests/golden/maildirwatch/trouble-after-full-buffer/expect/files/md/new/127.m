From: sender number 127 with a rather long display name <someone127@a.long.domain.example>
Subject: message 127

body of 127
