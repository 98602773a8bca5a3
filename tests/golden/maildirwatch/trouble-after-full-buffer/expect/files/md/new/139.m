From: sender number 139 with a rather long display name <someone139@a.long.domain.example>
Subject: message 139

body of 139
