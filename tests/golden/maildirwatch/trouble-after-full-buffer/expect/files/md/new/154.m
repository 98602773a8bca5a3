From: sender number 154 with a rather long display name <someone154@a.long.domain.example>
Subject: message 154

body of 154
