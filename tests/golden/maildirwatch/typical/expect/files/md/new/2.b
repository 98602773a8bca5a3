no header at all
line two
