From: sender number 113 with a rather long display name <someone113@a.long.domain.example>
Subject: message 113

body of 113
