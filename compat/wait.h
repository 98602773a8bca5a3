/* wait.h: waiting for children. wait_pid waits for one child (retrying
   after interrupted calls), wait_nohang takes any child that has ended
   without waiting (0: none yet). Both give the pid with the status in
   *wstat, or -1 with errno. The macros take a status apart. */
#ifndef WAIT_H
#define WAIT_H

extern int wait_pid(int *wstat, int pid);
extern int wait_nohang(int *wstat);

/* the signal that killed the child, 0 if it exited */
#define wait_crashed(w) ((w) & 127)
/* its exit code (when wait_crashed is 0) */
#define wait_exitcode(w) ((w) >> 8)
#define wait_stopsig(w) ((w) >> 8)
#define wait_stopped(w) (((w) & 127) == 127)

#endif
