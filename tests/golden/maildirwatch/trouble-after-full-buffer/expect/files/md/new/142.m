From: sender number 142 with a rather long display name <someone142@a.long.domain.example>
Subject: message 142

body of 142
