/* readsubdir from C, in qmail's style: a walk over mess/0 .. mess/22
   (conf-split 23) in a scratch directory, argv[1]. mess/5 is missing
   until the pause hook makes it. */
#include <sys/stat.h>
#include <unistd.h>
#include "readsubdir.h"
#include "open.h"
#include "fmt.h"
#include "check.h"

static int pauses = 0;
static char paused[64];

void pausedir(char *path)
{
  int i;
  ++pauses;
  for (i = 0; path[i] && i < 63; ++i) paused[i] = path[i];
  paused[i] = 0;
  mkdir(path, 0700);
}

int main(int argc, char **argv)
{
  readsubdir rs;
  static char name[] = "mess";
  static char toolong[] = "abcdefghijk";
  char sub[20];
  unsigned long id;
  unsigned long sum = 0;
  int ids = 0;
  int bad = 0;
  int again = 0;
  int r;
  int i;
  int fd;

  if (argc < 2) return 2;
  if (chdir(argv[1]) == -1) return 2;
  if (mkdir(name, 0700) == -1) return 2;
  for (i = 0; i < 23; ++i) {
    if (i == 5) continue;
    sub[fmt_str(sub, "mess/")] = 0;
    sub[5 + fmt_uint(sub + 5, i)] = 0;
    if (mkdir(sub, 0700) == -1) return 2;
  }
  fd = open_trunc("mess/17/12345"); close(fd);
  fd = open_trunc("mess/3/99"); close(fd);
  fd = open_trunc("mess/3/junk"); close(fd);

  readsubdir_init(&rs, name, pausedir);
  while ((r = readsubdir_next(&rs, &id))) {
    if (r == 1) { ++ids; sum += id; }
    else if (r == -2) ++bad;
    else if (r == -1) ++again;
    else { CHECK(0); break; }
  }
  CHECK(ids == 2 && sum == 12345 + 99 && bad == 1);
  CHECK(pauses == 1 && paused[0] == 'm' && paused[5] == '5' && paused[6] == 0);
  /* each directory: opened, ., .., end; plus the entries */
  CHECK(again == 23 * 4);
  CHECK(readsubdir_next(&rs, &id) == 0);

  readsubdir_init(&rs, toolong, pausedir);
  again = 0;
  while ((r = readsubdir_next(&rs, &id)) == -1) ++again;
  CHECK(r == 0 && again == 23 && pauses == 1);
  return DONE();
}
