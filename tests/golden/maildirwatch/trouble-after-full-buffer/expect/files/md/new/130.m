From: sender number 130 with a rather long display name <someone130@a.long.domain.example>
Subject: message 130

body of 130
