From: sender number 165 with a rather long display name <someone165@a.long.domain.example>
Subject: message 165

body of 165
