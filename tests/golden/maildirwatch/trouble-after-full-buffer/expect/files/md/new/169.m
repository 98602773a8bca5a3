From: sender number 169 with a rather long display name <someone169@a.long.domain.example>
Subject: message 169

body of 169
