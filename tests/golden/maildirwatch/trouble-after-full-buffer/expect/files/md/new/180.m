From: sender number 180 with a rather long display name <someone180@a.long.domain.example>
Subject: message 180

body of 180
