From: sender number 193 with a rather long display name <someone193@a.long.domain.example>
Subject: message 193

body of 193
