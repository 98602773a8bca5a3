From: sender number 106 with a rather long display name <someone106@a.long.domain.example>
Subject: message 106

body of 106
