From: sender number 195 with a rather long display name <someone195@a.long.domain.example>
Subject: message 195

body of 195
