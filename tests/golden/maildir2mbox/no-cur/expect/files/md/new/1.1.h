Subject: v
