From: sender number 155 with a rather long display name <someone155@a.long.domain.example>
Subject: message 155

body of 155
