From: sender number 145 with a rather long display name <someone145@a.long.domain.example>
Subject: message 145

body of 145
