From: sender number 158 with a rather long display name <someone158@a.long.domain.example>
Subject: message 158

body of 158
