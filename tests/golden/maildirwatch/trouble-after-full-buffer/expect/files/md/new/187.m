From: sender number 187 with a rather long display name <someone187@a.long.domain.example>
Subject: message 187

body of 187
