/* Preloaded into the daemon set by tests/data/nomem/cmd: in qmail-send
 * only, every malloc, calloc, realloc and aligned allocation fails with
 * ENOMEM while the file named by $FAILMALLOC_FLAG exists. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static int active = -1;
static const char *flag;

static int failing(void)
{
  if (active < 0) {
    char comm[32];
    int fd = open("/proc/self/comm", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, comm, sizeof comm - 1) : -1;
    if (fd >= 0) close(fd);
    comm[n > 0 ? n : 0] = 0;
    active = strncmp(comm, "qmail-send", 10) == 0;
    flag = getenv("FAILMALLOC_FLAG");
  }
  if (!active || !flag || access(flag, F_OK) != 0) return 0;
  errno = ENOMEM;
  return 1;
}

void *malloc(size_t n) { return failing() ? 0 : __libc_malloc(n); }
void *calloc(size_t a, size_t b) { return failing() ? 0 : __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { return failing() ? 0 : __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { return failing() ? 0 : __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { return failing() ? 0 : __libc_memalign(a, n); }
int posix_memalign(void **r, size_t a, size_t n)
{
  void *p;
  if (failing()) return ENOMEM;
  p = __libc_memalign(a, n);
  if (!p) return ENOMEM;
  *r = p;
  return 0;
}
