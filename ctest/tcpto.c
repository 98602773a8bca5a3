/* tcpto from C, in qmail's style. argv[1]: a scratch "qmail home"; its
   queue/lock/tcpto and queue/mess are made here. */
#include <sys/stat.h>
#include <unistd.h>
#include "tcpto.h"
#include "open.h"
#include "check.h"

static char table[1024];

static int load(void)
{
  int fd = open_read("queue/lock/tcpto");
  int r;
  if (fd == -1) return -1;
  r = read(fd, table, sizeof table);
  close(fd);
  return r;
}

int main(int argc, char **argv)
{
  struct ip_address a;
  struct ip_address b;
  int fd;
  int i;
  int zero;

  if (argc < 2) return 2;
  if (chdir(argv[1]) == -1) return 2;
  if (mkdir("queue", 0755) == -1 || mkdir("queue/lock", 0755) == -1) return 2;
  if (mkdir("queue/mess", 0755) == -1) return 2;
  fd = open_trunc("queue/lock/tcpto");
  if (fd == -1 || write(fd, table, sizeof table) != sizeof table) return 2;
  close(fd);

  a.d[0] = 192; a.d[1] = 0; a.d[2] = 2; a.d[3] = 1;
  b.d[0] = 192; b.d[1] = 0; b.d[2] = 2; b.d[3] = 2;
  CHECK(tcpto(&a) == 0);
  tcpto_err(&a, 0);               /* a success of a host not there: nothing */
  CHECK(load() == 1024 && table[0] == 0 && table[4] == 0);
  tcpto_err(&a, 1);               /* a timeout: a record */
  CHECK(load() == 1024);
  CHECK((unsigned char) table[0] == 192 && table[3] == 1 && table[4] == 1);
  CHECK(tcpto(&a) == 0);          /* one timeout is not enough */
  tcpto_err(&b, 1);
  CHECK(load() == 1024 && table[16 + 3] == 2 && table[16 + 4] == 1);
  CHECK(tcpto(&a) == 0);
  tcpto_err(&a, 0);               /* it worked: forgotten */
  CHECK(load() == 1024 && table[4] == 0 && table[16 + 4] == 1);

  if (chdir("queue/mess") == -1) return 2;
  tcpto_clean();
  if (chdir("../..") == -1) return 2;
  CHECK(load() == 1024);
  zero = 1;
  for (i = 0; i < 1024; ++i) if (table[i]) zero = 0;
  CHECK(zero);
  return DONE();
}
