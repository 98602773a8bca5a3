From: sender number 168 with a rather long display name <someone168@a.long.domain.example>
Subject: message 168

body of 168
