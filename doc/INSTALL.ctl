Control files to create after installing

control/me         this host's fully qualified name (most files default to it)
control/locals     domains delivered locally, one per line
control/rcpthosts  domains qmail-smtpd accepts mail for
control/defaultdomain, control/plusdomain   used by qmail-inject

Run qmail-showctl to see the result. All files are described in
qmail-control(5).
