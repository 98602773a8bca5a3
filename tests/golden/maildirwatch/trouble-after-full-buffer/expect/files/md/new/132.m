From: sender number 132 with a rather long display name <someone132@a.long.domain.example>
Subject: message 132

body of 132
