From: sender number 188 with a rather long display name <someone188@a.long.domain.example>
Subject: message 188

body of 188
