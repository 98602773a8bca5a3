From: sender number 189 with a rather long display name <someone189@a.long.domain.example>
Subject: message 189

body of 189
