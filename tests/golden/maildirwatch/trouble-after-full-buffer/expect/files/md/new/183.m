From: sender number 183 with a rather long display name <someone183@a.long.domain.example>
Subject: message 183

body of 183
