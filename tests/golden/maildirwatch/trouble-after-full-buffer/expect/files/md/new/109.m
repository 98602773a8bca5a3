From: sender number 109 with a rather long display name <someone109@a.long.domain.example>
Subject: message 109

body of 109
