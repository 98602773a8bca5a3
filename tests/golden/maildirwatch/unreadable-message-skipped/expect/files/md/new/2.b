Subject: secret

