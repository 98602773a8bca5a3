Subject: three

no newline at end