/*
 * clock.c: a preload library for the test namespaces (never installed).
 *
 * qmail-ns.sh loads it through the namespace's own /etc/ld.so.preload when
 * QMAIL_NS_CLOCK asks for a fixed date; it then also reaches the setuid
 * qmail-queue. It shifts the wall clock by a number of seconds read once
 * from /etc/harness-clock, and keeps file times consistent with that clock:
 * times read back by the stat family are shifted forward, times written by
 * the utime family are shifted back. So "now" against a file's mtime
 * (qmail-send's queue lifetime and retry times, maildir2mbox's "too new",
 * qmail-clean's age check) compares exactly as without the shift.
 *
 * Only dynamically linked programs are reached. The golden suite does not
 * need it (it picks the recording made at the same day-of-month width);
 * it is how those recordings are made and how a run at a chosen date is
 * shown to pass (docs/HARNESS.md).
 *
 * LP64 Linux with glibc 2.33 or later: struct stat and struct stat64 are
 * the same, and stat/fstat/lstat/fstatat are real symbols.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static long long shift;
static int loaded;

static void load(void)
{
  FILE *f;
  if (loaded) return;
  loaded = 1;
  f = fopen("/etc/harness-clock", "r");
  if (!f) return;
  if (fscanf(f, "%lld", &shift) != 1) shift = 0;
  fclose(f);
}

#define REAL(name) \
  static typeof(&name) real_##name; \
  if (!real_##name) real_##name = (typeof(&name)) dlsym(RTLD_NEXT, #name)

/* --- the wall clock --- */

int clock_gettime(clockid_t c, struct timespec *ts)
{
  int r;
  REAL(clock_gettime);
  r = real_clock_gettime(c, ts);
  if (r == 0 && (c == CLOCK_REALTIME || c == CLOCK_REALTIME_COARSE)) {
    load();
    ts->tv_sec += shift;
  }
  return r;
}

#pragma GCC diagnostic ignored "-Wnonnull-compare"
int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
  int r;
  REAL(gettimeofday);
  r = real_gettimeofday(tv, tz);
  if (r == 0 && tv) {
    load();
    tv->tv_sec += shift;
  }
  return r;
}

time_t time(time_t *t)
{
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) == -1) return (time_t) -1;
  if (t) *t = ts.tv_sec;
  return ts.tv_sec;
}

/* --- file times read: shifted forward --- */

static void fwd(struct stat *st)
{
  load();
  st->st_atim.tv_sec += shift;
  st->st_mtim.tv_sec += shift;
  st->st_ctim.tv_sec += shift;
}

#define STAT_LIKE(name, params, args) \
  int name params \
  { \
    int r; \
    REAL(name); \
    r = real_##name args; \
    if (r == 0) fwd(st); \
    return r; \
  }

STAT_LIKE(stat, (const char *restrict p, struct stat *restrict st), (p, st))
STAT_LIKE(lstat, (const char *restrict p, struct stat *restrict st), (p, st))
STAT_LIKE(fstat, (int fd, struct stat *st), (fd, st))
STAT_LIKE(fstatat, (int d, const char *restrict p, struct stat *restrict st, int fl), (d, p, st, fl))

int stat64(const char *restrict p, struct stat64 *restrict st) { return stat(p, (struct stat *) st); }
int lstat64(const char *restrict p, struct stat64 *restrict st) { return lstat(p, (struct stat *) st); }
int fstat64(int fd, struct stat64 *st) { return fstat(fd, (struct stat *) st); }
int fstatat64(int d, const char *restrict p, struct stat64 *restrict st, int fl)
{
  return fstatat(d, p, (struct stat *) st, fl);
}

int statx(int d, const char *restrict p, int fl, unsigned int mask, struct statx *restrict sx)
{
  int r;
  REAL(statx);
  r = real_statx(d, p, fl, mask, sx);
  if (r == 0) {
    load();
    sx->stx_atime.tv_sec += shift;
    sx->stx_btime.tv_sec += shift;
    sx->stx_ctime.tv_sec += shift;
    sx->stx_mtime.tv_sec += shift;
  }
  return r;
}

/* --- file times written: shifted back (NULL means now, left alone) --- */

static void back_ts(struct timespec *t)
{
  if (t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT) return;
  load();
  t->tv_sec -= shift;
}

int utimensat(int d, const char *p, const struct timespec ts[2], int fl)
{
  struct timespec t[2];
  REAL(utimensat);
  if (!ts) return real_utimensat(d, p, ts, fl);
  t[0] = ts[0]; t[1] = ts[1];
  back_ts(&t[0]); back_ts(&t[1]);
  return real_utimensat(d, p, t, fl);
}

int futimens(int fd, const struct timespec ts[2])
{
  struct timespec t[2];
  REAL(futimens);
  if (!ts) return real_futimens(fd, ts);
  t[0] = ts[0]; t[1] = ts[1];
  back_ts(&t[0]); back_ts(&t[1]);
  return real_futimens(fd, t);
}

int utime(const char *p, const struct utimbuf *u)
{
  struct utimbuf v;
  REAL(utime);
  if (!u) return real_utime(p, u);
  load();
  v.actime = u->actime - shift;
  v.modtime = u->modtime - shift;
  return real_utime(p, &v);
}

#define TIMEVAL_LIKE(name, first, arg) \
  int name(first, const struct timeval tv[2]) \
  { \
    struct timeval t[2]; \
    REAL(name); \
    if (!tv) return real_##name(arg, tv); \
    load(); \
    t[0] = tv[0]; t[1] = tv[1]; \
    t[0].tv_sec -= shift; t[1].tv_sec -= shift; \
    return real_##name(arg, t); \
  }

TIMEVAL_LIKE(utimes, const char *p, p)
TIMEVAL_LIKE(lutimes, const char *p, p)
TIMEVAL_LIKE(futimes, int fd, fd)
