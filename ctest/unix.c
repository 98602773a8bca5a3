/* fd, lock, ndelay, coe, now, datetime, wait, sig and timeoutread /
   timeoutwrite from C, in qmail's style. argv[1]: a scratch file. */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "fd.h"
#include "lock.h"
#include "ndelay.h"
#include "coe.h"
#include "now.h"
#include "datetime.h"
#include "wait.h"
#include "sig.h"
#include "timeoutread.h"
#include "timeoutwrite.h"
#include "open.h"
#include "error.h"
#include "check.h"

static int flagalarm = 0;
void sigalrm() { flagalarm = 1; }

static int flagchild = 0;
void sigchld() { flagchild = 1; }

static int forkexit(int code)
{
  int pid = fork();
  if (pid == 0) _exit(code);
  return pid;
}

int main(int argc, char **argv)
{
  int p[2];
  int q[2];
  int fd;
  int pid;
  int wstat;
  char buf[8];
  struct datetime dt;
  datetime_sec t;

  if (argc < 2) return 2;

  /* fd_copy / fd_move */
  if (pipe(p) == -1) return 2;
  CHECK(fd_copy(p[0], p[0]) == 0);
  CHECK(fd_copy(40, p[1]) == 0);
  CHECK(write(40, "x", 1) == 1);
  CHECK(read(p[0], buf, 1) == 1 && buf[0] == 'x');
  CHECK(fd_move(41, 40) == 0);
  CHECK(fcntl(40, F_GETFD) == -1 && errno == EBADF);
  CHECK(write(41, "y", 1) == 1 && read(p[0], buf, 1) == 1 && buf[0] == 'y');
  CHECK(fd_copy(42, 99) == -1);
  close(41);

  /* ndelay: an empty pipe answers at once with error_again */
  CHECK(ndelay_on(p[0]) == 0);
  CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
  CHECK(read(p[0], buf, 1) == -1 && errno == error_again);
  CHECK(ndelay_off(p[0]) == 0);
  CHECK(!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  CHECK(ndelay_on(99) == -1);

  /* coe */
  CHECK(fcntl(p[0], F_GETFD) == 0);
  CHECK(coe(p[0]) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC);
  CHECK(coe(99) == -1);

  /* timeoutread / timeoutwrite */
  CHECK(timeoutread(1, p[0], buf, sizeof buf) == -1 && errno == error_timeout);
  CHECK(timeoutwrite(1, p[1], "abc", 3) == 3);
  CHECK(timeoutread(1, p[0], buf, sizeof buf) == 3 && buf[2] == 'c');
  CHECK(timeoutread(-1, p[0], buf, sizeof buf) == -1);
  close(p[1]);
  CHECK(timeoutread(1, p[0], buf, sizeof buf) == 0);
  close(p[0]);

  /* now and datetime */
  t = now();
  CHECK(t - (datetime_sec) time(0) <= 1 && (datetime_sec) time(0) - t <= 1);
  datetime_tai(&dt, 0);
  CHECK(dt.year == 70 && dt.mon == 0 && dt.mday == 1 && dt.wday == 4);
  CHECK(dt.hour == 0 && dt.min == 0 && dt.sec == 0 && dt.yday == 0);
  datetime_tai(&dt, 951825845); /* 2000-02-29 12:04:05, a Tuesday */
  CHECK(dt.year == 100 && dt.mon == 1 && dt.mday == 29 && dt.wday == 2);
  CHECK(dt.hour == 12 && dt.min == 4 && dt.sec == 5 && dt.yday == 59);
  CHECK(datetime_untai(&dt) == 951825845);
  dt.wday = 6; dt.yday = 300; /* ignored */
  CHECK(datetime_untai(&dt) == 951825845);

  /* lock: a second open file description cannot take it meanwhile */
  fd = open_trunc(argv[1]);
  CHECK(fd != -1);
  CHECK(lock_ex(fd) == 0);
  pid = fork();
  if (pid == 0) {
    int fd2 = open_read(argv[1]);
    if (lock_exnb(fd2) == -1 && errno == error_wouldblock) _exit(0);
    _exit(1);
  }
  CHECK(wait_pid(&wstat, pid) == pid && !wait_crashed(wstat) && wait_exitcode(wstat) == 0);
  CHECK(lock_un(fd) == 0);
  pid = fork();
  if (pid == 0) {
    int fd2 = open_read(argv[1]);
    _exit(lock_exnb(fd2) == 0 ? 0 : 1);
  }
  CHECK(wait_pid(&wstat, pid) == pid && wait_exitcode(wstat) == 0);
  close(fd);
  CHECK(lock_ex(99) == -1);

  /* wait: exit codes, crashes, no child */
  pid = forkexit(7);
  CHECK(wait_pid(&wstat, pid) == pid && !wait_crashed(wstat) && wait_exitcode(wstat) == 7);
  pid = fork();
  if (pid == 0) { kill(getpid(), SIGKILL); _exit(0); }
  CHECK(wait_pid(&wstat, pid) == pid && wait_crashed(wstat) == SIGKILL);
  CHECK(wait_nohang(&wstat) == -1 && errno == ECHILD);
  if (pipe(q) == -1) return 2;
  pid = fork();
  if (pid == 0) { close(q[1]); read(q[0], buf, 1); _exit(3); }
  close(q[0]);
  CHECK(wait_nohang(&wstat) == 0);
  close(q[1]);
  CHECK(wait_pid(&wstat, pid) == pid && wait_exitcode(wstat) == 3);
  CHECK(wait_pid(&wstat, pid) == -1 && errno == ECHILD);

  /* sig: a caught alarm ends sig_pause; a blocked one waits */
  sig_alarmcatch(sigalrm);
  alarm(1);
  sig_pause();
  CHECK(flagalarm == 1);
  flagalarm = 0;
  sig_alarmblock();
  raise(SIGALRM);
  CHECK(flagalarm == 0);
  sig_alarmunblock();
  CHECK(flagalarm == 1);
  flagalarm = 0;
  sig_block(SIGALRM);
  raise(SIGALRM);
  CHECK(flagalarm == 0);
  sig_blocknone();
  CHECK(flagalarm == 1);

  sig_childcatch(sigchld);
  pid = forkexit(0);
  CHECK(wait_pid(&wstat, pid) == pid);
  CHECK(flagchild == 1);
  sig_childdefault();

  /* ignored SIGPIPE: a write to a closed pipe is error_pipe, not death */
  sig_pipeignore();
  if (pipe(p) == -1) return 2;
  close(p[0]);
  CHECK(write(p[1], "z", 1) == -1 && errno == error_pipe);
  close(p[1]);
  sig_pipedefault();

  sig_miscignore();
  raise(SIGHUP);
  raise(SIGINT);
  CHECK(1); /* still here */
  sig_hangupdefault();
  sig_catch(SIGINT, SIG_DFL);
  sig_termcatch(SIG_IGN);
  raise(SIGTERM);
  sig_termdefault();
  sig_bugcatch(SIG_DFL);

  /* a caught signal interrupts a blocking read */
  sig_hangupcatch(sigalrm);
  if (pipe(p) == -1) return 2;
  pid = fork();
  if (pid == 0) { sleep(1); kill(getppid(), SIGHUP); _exit(0); }
  CHECK(read(p[0], buf, 1) == -1 && errno == error_intr);
  CHECK(wait_pid(&wstat, pid) == pid);
  return DONE();
}
