From: sender number 103 with a rather long display name <someone103@a.long.domain.example>
Subject: message 103

body of 103
