From: sender number 162 with a rather long display name <someone162@a.long.domain.example>
Subject: message 162

body of 162
