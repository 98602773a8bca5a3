From: sender number 122 with a rather long display name <someone122@a.long.domain.example>
Subject: message 122

body of 122
