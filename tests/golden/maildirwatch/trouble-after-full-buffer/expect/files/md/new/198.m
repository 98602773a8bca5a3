From: sender number 198 with a rather long display name <someone198@a.long.domain.example>
Subject: message 198

body of 198
