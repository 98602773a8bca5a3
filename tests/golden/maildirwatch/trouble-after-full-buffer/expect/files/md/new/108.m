From: sender number 108 with a rather long display name <someone108@a.long.domain.example>
Subject: message 108

body of 108
