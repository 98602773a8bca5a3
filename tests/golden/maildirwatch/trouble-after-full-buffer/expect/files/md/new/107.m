From: sender number 107 with a rather long display name <someone107@a.long.domain.example>
Subject: message 107

body of 107
