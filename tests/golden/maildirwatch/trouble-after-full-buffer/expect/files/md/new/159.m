From: sender number 159 with a rather long display name <someone159@a.long.domain.example>
Subject: message 159

body of 159
