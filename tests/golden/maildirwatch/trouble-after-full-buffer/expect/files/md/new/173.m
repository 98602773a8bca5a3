From: sender number 173 with a rather long display name <someone173@a.long.domain.example>
Subject: message 173

body of 173
