From: sender number 182 with a rather long display name <someone182@a.long.domain.example>
Subject: message 182

body of 182
