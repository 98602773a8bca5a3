/* substdio, getln and subfd from C: the flush points of put, bput and
   putflush, the macros on the struct's fields, reading in pieces,
   getln/getln2 across buffer refills, substdio_copy. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "substdio.h"
#include "subfd.h"
#include "stralloc.h"
#include "getln.h"
#include "check.h"

/* an output op that records the size of every write */
static char sink[100000];
static int sinklen;
static int calls[100];
static int ncalls;

static int rec(int fd, char *buf, int len)
{
  (void) fd;
  memcpy(sink + sinklen, buf, len);
  sinklen += len;
  calls[ncalls++] = len;
  return len;
}

/* an input op that hands out `data` at most `chunk` bytes at a time */
static const char *data;
static int datalen;
static int datapos;
static int chunk;

static int src(int fd, char *buf, int len)
{
  int n = datalen - datapos;
  (void) fd;
  if (n > len) n = len;
  if (n > chunk) n = chunk;
  memcpy(buf, data + datapos, n);
  datapos += n;
  return n;
}

static int failing(int fd, char *buf, int len)
{
  (void) fd; (void) buf; (void) len;
  errno = EPIPE;
  return -1;
}

static void feed_with(const char *d, int c)
{
  data = d; datalen = strlen(d); datapos = 0; chunk = c;
}

int main(void)
{
  char small[4];
  char big[256];
  char inbuf[5];
  char got[64];
  substdio ss;
  substdio in;
  stralloc line = {0};
  int match;

  /* the subfd substdios sit on stock's named buffers */
  CHECK(subfdin->x == subfd_inbuf && subfdin->n == sizeof subfd_inbuf);
  CHECK(subfdinsmall->x == subfd_inbufsmall && subfdinsmall->n == 256);
  CHECK(subfdout->x == subfd_outbuf && subfdout->n == sizeof subfd_outbuf);
  CHECK(subfdoutsmall->x == subfd_outbufsmall && subfdoutsmall->n == 256);
  CHECK(subfderr->x == subfd_errbuf && subfderr->n == sizeof subfd_errbuf);

  /* a put that fills the buffer exactly does not flush */
  substdio_fdbuf(&ss, rec, 1, small, sizeof small);
  CHECK(substdio_put(&ss, "abcd", 4) == 0 && ncalls == 0 && ss.p == 4);
  CHECK(substdio_put(&ss, "e", 1) == 0 && ncalls == 1 && calls[0] == 4 && ss.p == 1);
  /* bput goes through the buffer in buffer-sized writes */
  CHECK(substdio_bput(&ss, "fghijklm", 8) == 0);
  CHECK(ncalls == 3 && calls[1] == 4 && calls[2] == 4 && ss.p == 1);
  CHECK(substdio_putflush(&ss, "Z", 1) == 0 && ncalls == 5 && calls[3] == 1 && calls[4] == 1);
  CHECK(sinklen == 14 && memcmp(sink, "abcdefghijklmZ", 14) == 0);

  /* large data on a small buffer goes straight out in one write */
  ncalls = 0; sinklen = 0;
  {
    static char lots[20000];
    substdio_fdbuf(&ss, rec, 1, big, sizeof big);
    CHECK(substdio_puts(&ss, "x") == 0);
    CHECK(substdio_put(&ss, lots, 1000) == 0);
    CHECK(ncalls == 2 && calls[0] == 1 && calls[1] == 1000 && ss.p == 0);
    /* ... and on an 8192-byte buffer in 8192-byte pieces, the rest kept */
    {
      static char b8k[SUBSTDIO_OUTSIZE];
      ncalls = 0;
      substdio_fdbuf(&ss, rec, 1, b8k, sizeof b8k);
      CHECK(substdio_put(&ss, lots, 20000) == 0);
      CHECK(ncalls == 2 && calls[0] == 8192 && calls[1] == 8192 && ss.p == 20000 - 16384);
    }
  }

  /* the BPUTC macro works on the fields, and flushes through bput */
  ncalls = 0; sinklen = 0;
  {
    char c;
    substdio_fdbuf(&ss, rec, 1, small, sizeof small);
    for (c = 'a'; c <= 'f'; ++c) CHECK(substdio_BPUTC(&ss, c) == 0);
    CHECK(substdio_flush(&ss) == 0);
    CHECK(sinklen == 6 && memcmp(sink, "abcdef", 6) == 0);
    CHECK(ncalls == 2);
  }

  /* a static initializer, and a failing op */
  {
    substdio bad = SUBSTDIO_FDBUF(failing, 1, small, sizeof small);
    CHECK(substdio_put(&bad, "ab", 2) == 0);
    errno = 0;
    CHECK(substdio_flush(&bad) == -1 && errno == EPIPE);
    CHECK(bad.p == 0); /* the buffered bytes are dropped */
  }

  /* reading: unread bytes sit at the end of the buffer */
  feed_with("hello world", 100);
  substdio_fdbuf(&in, src, 0, inbuf, sizeof inbuf);
  CHECK(substdio_feed(&in) == 5 && in.p == 5 && in.n == 0);
  CHECK(memcmp(substdio_peek(&in), "hello", 5) == 0);
  substdio_SEEK(&in, 2);
  CHECK(in.p == 3 && in.n == 2);
  CHECK(substdio_get(&in, got, 10) == 3 && memcmp(got, "llo", 3) == 0);
  /* with the buffer empty, a big get reads straight into the caller's */
  CHECK(substdio_get(&in, got, 6) == 6 && memcmp(got, " world", 6) == 0);
  CHECK(substdio_get(&in, got, 6) == 0);

  /* a short read shifts the bytes to the end */
  feed_with("ab", 100);
  substdio_fdbuf(&in, src, 0, inbuf, sizeof inbuf);
  CHECK(substdio_feed(&in) == 2 && in.n == 3 && memcmp(substdio_PEEK(&in), "ab", 2) == 0);
  CHECK(substdio_bget(&in, got, 1) == 1 && got[0] == 'a');
  substdio_seek(&in, 1);
  CHECK(in.p == 0 && substdio_feed(&in) == 0);

  /* getln across refills, a partial last line, then end of input */
  feed_with("one\ntwo-is-longer-than-the-buffer\nthree", 3);
  substdio_fdbuf(&in, src, 0, inbuf, sizeof inbuf);
  CHECK(getln(&in, &line, &match, '\n') == 0 && match == 1);
  CHECK(line.len == 4 && memcmp(line.s, "one\n", 4) == 0);
  CHECK(getln(&in, &line, &match, '\n') == 0 && match == 1);
  CHECK(line.len == 30 && memcmp(line.s, "two-is-longer-than-the-buffer\n", 30) == 0);
  CHECK(getln(&in, &line, &match, '\n') == 0 && match == 0);
  CHECK(line.len == 5 && memcmp(line.s, "three", 5) == 0);
  CHECK(getln(&in, &line, &match, '\n') == 0 && match == 0 && line.len == 0);

  /* getln2 leaves the line's last piece in the buffer */
  {
    char *cont;
    unsigned int clen;
    feed_with("ab:cdefgh:", 100);
    substdio_fdbuf(&in, src, 0, inbuf, sizeof inbuf);
    CHECK(getln2(&in, &line, &cont, &clen, ':') == 0);
    CHECK(line.len == 0 && clen == 3 && memcmp(cont, "ab:", 3) == 0);
    CHECK(cont >= inbuf && cont < inbuf + sizeof inbuf);
    CHECK(getln2(&in, &line, &cont, &clen, ':') == 0);
    CHECK(line.len == 2 && memcmp(line.s, "cd", 2) == 0);
    CHECK(clen == 5 && memcmp(cont, "efgh:", 5) == 0);
    CHECK(getln2(&in, &line, &cont, &clen, ':') == 0 && clen == 0);
  }

  /* a read error is -1 with errno */
  substdio_fdbuf(&in, failing, 0, inbuf, sizeof inbuf);
  errno = 0;
  CHECK(getln(&in, &line, &match, '\n') == -1 && errno == EPIPE);
  CHECK(substdio_feed(&in) == -1);

  /* substdio_copy: 0 at the end; -2 read error; -3 write error */
  ncalls = 0; sinklen = 0;
  feed_with("copy me over, please", 7);
  substdio_fdbuf(&in, src, 0, inbuf, sizeof inbuf);
  substdio_fdbuf(&ss, rec, 1, big, sizeof big);
  CHECK(substdio_copy(&ss, &in) == 0 && substdio_flush(&ss) == 0);
  CHECK(sinklen == 20 && memcmp(sink, "copy me over, please", 20) == 0);
  substdio_fdbuf(&in, failing, 0, inbuf, sizeof inbuf);
  CHECK(substdio_copy(&ss, &in) == -2);
  feed_with("0123456789", 100);
  substdio_fdbuf(&in, src, 0, inbuf, sizeof inbuf);
  substdio_fdbuf(&ss, failing, 1, small, 2);
  CHECK(substdio_copy(&ss, &in) == -3);

  /* the ready-made substdios: stdin is a pipe with "question?\nyes\n";
     reading it first flushes what waits for stdout */
  CHECK(substdio_puts(subfdout, "prompt: ") == 0 && subfdout->p == 8);
  CHECK(getln(subfdin, &line, &match, '\n') == 0 && match == 1);
  CHECK(subfdout->p == 0);
  CHECK(line.len == 10 && memcmp(line.s, "question?\n", 10) == 0);
  CHECK(substdio_fileno(subfderr) == 2 && subfderr->n == 256);
  CHECK(subfdinsmall->n + subfdinsmall->p == 256 && subfdoutsmall->n == 256);
  CHECK(substdio_puts(subfdout, "answer: ") == 0);
  CHECK(substdio_copy(subfdout, subfdin) == 0);
  CHECK(substdio_flush(subfdout) == 0);
  CHECK(substdio_putsflush(subfderr, "to stderr\n") == 0);
  return DONE();
}
