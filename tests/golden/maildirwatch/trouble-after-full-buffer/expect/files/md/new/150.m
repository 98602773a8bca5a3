From: sender number 150 with a rather long display name <someone150@a.long.domain.example>
Subject: message 150

body of 150
