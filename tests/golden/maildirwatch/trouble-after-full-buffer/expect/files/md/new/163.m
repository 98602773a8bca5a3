From: sender number 163 with a rather long display name <someone163@a.long.domain.example>
Subject: message 163

body of 163
