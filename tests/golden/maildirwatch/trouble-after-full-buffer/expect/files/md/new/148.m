From: sender number 148 with a rather long display name <someone148@a.long.domain.example>
Subject: message 148

body of 148
