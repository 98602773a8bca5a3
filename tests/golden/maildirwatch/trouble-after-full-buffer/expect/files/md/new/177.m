From: sender number 177 with a rather long display name <someone177@a.long.domain.example>
Subject: message 177

body of 177
