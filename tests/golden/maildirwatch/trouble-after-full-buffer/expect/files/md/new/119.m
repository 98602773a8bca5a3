From: sender number 119 with a rather long display name <someone119@a.long.domain.example>
Subject: message 119

body of 119
