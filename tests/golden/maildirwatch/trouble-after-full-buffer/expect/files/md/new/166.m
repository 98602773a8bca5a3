From: sender number 166 with a rather long display name <someone166@a.long.domain.example>
Subject: message 166

body of 166
