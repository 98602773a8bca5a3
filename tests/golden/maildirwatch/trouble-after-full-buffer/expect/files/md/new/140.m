From: sender number 140 with a rather long display name <someone140@a.long.domain.example>
Subject: message 140

body of 140
