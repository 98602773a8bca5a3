/* strerr and seek from C. Writes warnings to fd 2, then dies with 111;
   the Rust side compares fd 2 and the exit code. argv[1]: a scratch
   file. */
#include <errno.h>
#include <unistd.h>
#include <stdio.h>
#include "strerr.h"
#include "seek.h"
#include "open.h"
#include "substdio.h"
#include "subfd.h"
#include "check.h"

static struct strerr link1;

static int failing_step(void)
{
  errno = EACCES;
  STRERR_SYS3(-1, link1, "unable to step: ", "x", ": ")
}

int main(int argc, char **argv)
{
  int fd;

  if (argc < 2) return 2;
  fd = open_trunc(argv[1]);
  CHECK(fd != -1);
  CHECK(write(fd, "0123456789", 10) == 10);
  CHECK(seek_cur(fd) == 10);
  CHECK(seek_set(fd, 4) == 0 && seek_cur(fd) == 4);
  CHECK(seek_begin(fd) == 0 && seek_cur(fd) == 0);
  CHECK(seek_end(fd) == 0 && seek_cur(fd) == 10);
  CHECK(seek_trunc(fd, 3) == 0 && seek_end(fd) == 0 && seek_cur(fd) == 3);
  close(fd);
  errno = 0;
  CHECK(seek_set(fd, 0) == -1 && errno == EBADF);
  CHECK(seek_cur(fd) == (seek_pos) -1);
  if (DONE()) return 1;
  fflush(stdout); /* strerr_die ends with _exit, which flushes nothing */

  strerr_warn2("prog: warning: ", "plain", 0);
  strerr_warn1("prog: one", 0);
  errno = ENOENT;
  strerr_warn3("prog: warning: ", "unable to open ", "x: ", &strerr_sys);
  CHECK(failing_step() == -1);
  strerr_warn2("prog: warning: ", "chained: ", &link1);
  strerr_warn6("a", "b", "c", "d", "e", "f", 0);
  errno = ENOMEM;
  strerr_die2sys(111, "prog: fatal: ", "unable to go on: ");
}
