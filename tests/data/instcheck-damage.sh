# Damage applied to a complete installed tree (cwd = qmail home) before
# instcheck runs; tests/hier.rs applies it to ours, and the expected output
# in instcheck-damaged.txt was recorded from the C instcheck on the C tree.
chmod 700 control
chown 7791 users
chgrp 0 bin/qmail-newu
rm -f doc/FAQ
rm -f queue/lock/trigger && : > queue/lock/trigger && chown 7796:2107 queue/lock/trigger && chmod 622 queue/lock/trigger
rmdir queue/mess/3
chmod 4755 bin/qmail-queue
ln -s /nonexistent/loop man/cat8/qmail-send.0.tmp
rm -f man/cat8/qmail-send.0 && ln -s qmail-send.0 man/cat8/qmail-send.0
