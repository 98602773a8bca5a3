Subject: later
