From: sender number 170 with a rather long display name <someone170@a.long.domain.example>
Subject: message 170

body of 170
