From: sender number 153 with a rather long display name <someone153@a.long.domain.example>
Subject: message 153

body of 153
