From: sender number 125 with a rather long display name <someone125@a.long.domain.example>
Subject: message 125

body of 125
