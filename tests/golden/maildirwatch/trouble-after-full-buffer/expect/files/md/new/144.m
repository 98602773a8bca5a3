From: sender number 144 with a rather long display name <someone144@a.long.domain.example>
Subject: message 144

body of 144
