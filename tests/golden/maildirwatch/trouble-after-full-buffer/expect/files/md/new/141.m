From: sender number 141 with a rather long display name <someone141@a.long.domain.example>
Subject: message 141

body of 141
