From: sender number 124 with a rather long display name <someone124@a.long.domain.example>
Subject: message 124

body of 124
