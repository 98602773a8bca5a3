From: sender number 105 with a rather long display name <someone105@a.long.domain.example>
Subject: message 105

body of 105
