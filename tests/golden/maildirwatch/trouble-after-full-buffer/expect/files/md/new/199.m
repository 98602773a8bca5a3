From: sender number 199 with a rather long display name <someone199@a.long.domain.example>
Subject: message 199

body of 199
