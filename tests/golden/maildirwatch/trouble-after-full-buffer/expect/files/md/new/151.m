From: sender number 151 with a rather long display name <someone151@a.long.domain.example>
Subject: message 151

body of 151
