From: sender number 129 with a rather long display name <someone129@a.long.domain.example>
Subject: message 129

body of 129
