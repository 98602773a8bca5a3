From: sender number 133 with a rather long display name <someone133@a.long.domain.example>
Subject: message 133

body of 133
