/* substdio.h: buffered reading and writing through an I/O function.
   For output, x is a buffer of n bytes of which the first p wait to be
   written. For input, the p unread bytes sit at x + n (so n + p is the
   buffer's size). op is called as op(fd, buf, len) and returns a count or
   -1 with errno; read and write themselves will do (it is declared
   without a prototype for that reason). Functions returning int give 0
   (or a count) on success and -1 with errno on failure. */
#ifndef SUBSTDIO_H
#define SUBSTDIO_H

typedef struct substdio {
  char *x;
  int p;
  int n;
  int fd;
  int (*op)();
} substdio;

/* a static initializer: SUBSTDIO_FDBUF(write, 1, buf, sizeof buf) */
#define SUBSTDIO_FDBUF(op,fd,buf,len) { (buf), 0, (len), (fd), (op) }

extern void substdio_fdbuf(substdio *s, int (*op)(), int fd, char *buf, int len);

extern int substdio_flush(substdio *s);
/* put copies into the buffer when the bytes fit, else flushes and writes
   large data directly; bput always goes through the buffer; putflush
   flushes, then writes directly. The s variants take a C string. */
extern int substdio_put(substdio *s, const char *buf, int len);
extern int substdio_bput(substdio *s, const char *buf, int len);
extern int substdio_putflush(substdio *s, const char *buf, int len);
extern int substdio_puts(substdio *s, const char *buf);
extern int substdio_bputs(substdio *s, const char *buf);
extern int substdio_putsflush(substdio *s, const char *buf);

/* get and bget return how many bytes they stored (0 at end of input);
   feed fills an empty buffer and returns how many bytes are unread.
   buf may be any object (stock reads utmp records straight into one). */
extern int substdio_get(substdio *s, void *buf, int len);
extern int substdio_bget(substdio *s, void *buf, int len);
extern int substdio_feed(substdio *s);

/* where the unread bytes start / consume len of them */
extern char *substdio_peek(substdio *s);
extern void substdio_seek(substdio *s, int len);

#define substdio_fileno(s) ((s)->fd)

#define SUBSTDIO_INSIZE 8192
#define SUBSTDIO_OUTSIZE 8192

#define substdio_PEEK(s) ( (s)->x + (s)->n )
#define substdio_SEEK(s,len) ( ( (s)->p -= (len) ) , ( (s)->n += (len) ) )

/* put the char variable c, straight into the buffer while it has room */
#define substdio_BPUTC(s,c) \
  ( ((s)->n != (s)->p) \
    ? ( (s)->x[(s)->p++] = (c), 0 ) \
    : substdio_bput((s),&(c),1) \
  )

/* everything from ssin to ssout: 0, -2 on a read error, -3 on a write
   error */
extern int substdio_copy(substdio *ssout, substdio *ssin);

#endif
