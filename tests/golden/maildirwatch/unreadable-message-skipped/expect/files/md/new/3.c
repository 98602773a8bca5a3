Subject: three

