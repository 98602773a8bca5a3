/* control files from C, in qmail's style. argv[1]: a scratch directory,
   the "qmail home" with its control/ made here. */
#include <sys/stat.h>
#include <unistd.h>
#include "control.h"
#include "stralloc.h"
#include "open.h"
#include "byte.h"
#include "str.h"
#include "check.h"

static void put(const char *fn, const char *text)
{
  int fd = open_trunc(fn);
  if (fd == -1) _exit(2);
  if (write(fd, text, str_len(text)) != (int) str_len(text)) _exit(2);
  close(fd);
}

static int same(stralloc *sa, const char *s, unsigned int len)
{
  return sa->len == len && byte_equal(sa->s, len, s);
}

int main(int argc, char **argv)
{
  stralloc sa = {0};
  int i = 42;

  if (argc < 2) return 2;
  if (chdir(argv[1]) == -1) return 2;
  if (mkdir("control", 0755) == -1) return 2;
  put("control/x", "  value \t\nsecond line\n");
  put("control/empty", "");
  put("control/int", "123abc\n");
  put("control/noint", "abc\n");
  put("control/list", "# comment\n\none  \n two\n#x\nthree");

  /* before control_init: no me */
  CHECK(control_rldef(&sa, "control/none", 1, "dflt") == 1 && same(&sa, "dflt", 4));
  CHECK(control_rldef(&sa, "control/none", 1, 0) == 0 && same(&sa, "dflt", 4));
  CHECK(control_readfile(&sa, "control/none", 1) == 0 && sa.len == 0);
  CHECK(control_init() == 0);

  put("control/me", "me.example\n");
  CHECK(control_init() == 1);
  CHECK(control_readline(&sa, "control/x") == 1 && same(&sa, "  value", 7));
  CHECK(control_readline(&sa, "control/none") == 0 && same(&sa, "  value", 7));
  CHECK(control_readline(&sa, "control/empty") == 1 && sa.len == 0);
  CHECK(control_rldef(&sa, "control/none", 1, "dflt") == 1 && same(&sa, "me.example", 10));
  CHECK(control_rldef(&sa, "control/none", 0, "dflt") == 1 && same(&sa, "dflt", 4));
  CHECK(control_rldef(&sa, "control/empty", 1, "dflt") == 1 && sa.len == 0);

  CHECK(control_readint(&i, "control/int") == 1 && i == 123);
  i = 42;
  CHECK(control_readint(&i, "control/noint") == 0 && i == 42);
  CHECK(control_readint(&i, "control/none") == 0 && i == 42);

  CHECK(control_readfile(&sa, "control/list", 0) == 1 && same(&sa, "one\0 two\0three\0", 15));
  CHECK(control_readfile(&sa, "control/none", 1) == 1 && same(&sa, "me.example\0", 11));
  CHECK(control_readfile(&sa, "control/none", 0) == 0 && sa.len == 0);

  /* a directory cannot be read: trouble, not absence */
  CHECK(control_readline(&sa, "control") == -1);
  CHECK(control_readfile(&sa, "control", 0) == -1);
  return DONE();
}
