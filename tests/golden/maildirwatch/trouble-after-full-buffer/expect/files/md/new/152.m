From: sender number 152 with a rather long display name <someone152@a.long.domain.example>
Subject: message 152

body of 152
