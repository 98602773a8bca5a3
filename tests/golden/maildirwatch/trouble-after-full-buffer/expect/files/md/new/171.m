From: sender number 171 with a rather long display name <someone171@a.long.domain.example>
Subject: message 171

body of 171
