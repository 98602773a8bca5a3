/* lock.h: whole-file advisory locks (flock). 0, or -1 with errno;
   lock_exnb fails with error_wouldblock when another holds the lock. */
#ifndef LOCK_H
#define LOCK_H

extern int lock_ex(int fd);
extern int lock_exnb(int fd);
extern int lock_un(int fd);

#endif
