From: sender number 135 with a rather long display name <someone135@a.long.domain.example>
Subject: message 135

body of 135
