Subject: now
