From: sender number 111 with a rather long display name <someone111@a.long.domain.example>
Subject: message 111

body of 111
