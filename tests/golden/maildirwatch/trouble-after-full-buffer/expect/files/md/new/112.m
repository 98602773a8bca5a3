From: sender number 112 with a rather long display name <someone112@a.long.domain.example>
Subject: message 112

body of 112
