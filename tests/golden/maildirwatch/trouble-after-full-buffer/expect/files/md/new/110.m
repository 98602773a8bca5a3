From: sender number 110 with a rather long display name <someone110@a.long.domain.example>
Subject: message 110

body of 110
