From: sender number 115 with a rather long display name <someone115@a.long.domain.example>
Subject: message 115

body of 115
