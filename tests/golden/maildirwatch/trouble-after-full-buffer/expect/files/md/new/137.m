From: sender number 137 with a rather long display name <someone137@a.long.domain.example>
Subject: message 137

body of 137
