/* error, env and open from C. argv[1]: a scratch directory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "env.h"
#include "open.h"
#include "check.h"

static int mode_of(const char *fn)
{
  struct stat st;
  if (stat(fn, &st) == -1) return -1;
  return st.st_mode & 07777;
}

int main(int argc, char **argv)
{
  char fn[4096];
  int fd;

  if (argc < 2) return 2;
  CHECK(error_intr == EINTR && error_nomem == ENOMEM && error_noent == ENOENT);
  CHECK(error_txtbsy == ETXTBSY && error_io == EIO && error_exist == EEXIST);
  CHECK(error_timeout == ETIMEDOUT && error_inprogress == EINPROGRESS);
  CHECK(error_wouldblock == EWOULDBLOCK && error_again == EAGAIN);
  CHECK(error_pipe == EPIPE && error_perm == EPERM && error_acces == EACCES);
  CHECK(strcmp(error_str(ENOENT), "file does not exist") == 0);
  CHECK(strcmp(error_str(0), "no error") == 0);
  CHECK(strcmp(error_str(EACCES), "access denied") == 0);
  CHECK(strcmp(error_str(-5), "unknown error") == 0);
  CHECK(error_temp(EAGAIN) == 1 && error_temp(ENOMEM) == 1);
  CHECK(error_temp(ENOENT) == 0 && error_temp(EACCES) == 0);

  CHECK(env_put2("CTEST_VAR", "one") == 1);
  CHECK(env_get("CTEST_VAR") != 0 && strcmp(env_get("CTEST_VAR"), "one") == 0);
  CHECK(env_get("CTEST_VA") == 0);
  CHECK(env_put("CTEST_VAR=two=2") == 1 && strcmp(env_get("CTEST_VAR"), "two=2") == 0);
  CHECK(env_unset("CTEST_VAR") == 1 && env_get("CTEST_VAR") == 0);
  CHECK(env_get("CTEST_GIVEN") != 0 && strcmp(env_get("CTEST_GIVEN"), "from the test") == 0);

  umask(0);
  snprintf(fn, sizeof fn, "%s/trunc", argv[1]);
  fd = open_trunc(fn);
  CHECK(fd != -1 && write(fd, "abc", 3) == 3 && close(fd) == 0);
  CHECK(mode_of(fn) == 0644);
  fd = open_trunc(fn);
  CHECK(fd != -1 && lseek(fd, 0, SEEK_END) == 0);
  close(fd);
  errno = 0;
  CHECK(open_excl(fn) == -1 && errno == EEXIST);
  snprintf(fn, sizeof fn, "%s/excl", argv[1]);
  fd = open_excl(fn);
  CHECK(fd != -1 && close(fd) == 0 && mode_of(fn) == 0644);
  snprintf(fn, sizeof fn, "%s/append", argv[1]);
  fd = open_append(fn);
  CHECK(fd != -1 && write(fd, "x", 1) == 1 && close(fd) == 0);
  fd = open_append(fn);
  CHECK(fd != -1 && write(fd, "y", 1) == 1 && close(fd) == 0);
  CHECK(mode_of(fn) == 0600);
  fd = open_read(fn);
  {
    char buf[4];
    CHECK(fd != -1 && read(fd, buf, 4) == 2 && memcmp(buf, "xy", 2) == 0);
  }
  close(fd);
  fd = open_write(fn);
  CHECK(fd != -1 && write(fd, "z", 1) == 1);
  close(fd);
  snprintf(fn, sizeof fn, "%s/missing", argv[1]);
  errno = 0;
  CHECK(open_read(fn) == -1 && errno == ENOENT);
  errno = 0;
  CHECK(open_write(fn) == -1 && errno == ENOENT);
  return DONE();
}
