From: sender number 143 with a rather long display name <someone143@a.long.domain.example>
Subject: message 143

body of 143
