From: sender number 175 with a rather long display name <someone175@a.long.domain.example>
Subject: message 175

body of 175
