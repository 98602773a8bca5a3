/* token822 from C, in qmail's style: each header line of a fixed set is
   parsed, printed back (folded at several widths), unquoted and run
   through the address-list walk with a callback that completes bare
   names with a default domain. Everything goes to stdout, which
   tests/ctest.rs compares with stock's own token822.o doing the same. */
#include "token822.h"
#include "stralloc.h"
#include "substdio.h"
#include "subfd.h"
#include "fmt.h"
#include "str.h"
#include "exit.h"
#include "check.h"

static const char *lines[] = {
  "To: joe",
  "To: joe@example.com, \"Mary Smith\" <mary@x.example>",
  "Cc: (a comment) fred , sue@y (nested (deep) comment)",
  "To: group: a@b, c@d; , last@e",
  "From: <@route1,@route2:user@host>",
  "To: <>",
  "To: a b c",
  "To: name <addr@[10.0.0.1]>",
  "To: \"quoted \\\" mark\"@q.example, esc\\)aped@z",
  "Reply-To: a.b.c@d.e.f, g@h,i@j,k@l,m@n,o@p,q@r,s@t,u@v,w@x,y@z",
  "To: unclosed (comment",
  "To: stray ) paren",
  "To: [unclosed literal",
  "To: \"unclosed quote",
  "To: trailing backslash\\",
  "To: x:y",
  "To: a@b>",
  "To: g1: a; g2: b;",
  "To: g: h: x;;",
  "To: \t\r\n tabs\tand\r\nbreaks",
  "To: eight\x80\xff" "bit, ctl\x01" "x",
  "",
  "To:",
  "X",
  "To: ,,, a@b ,,,",
  "To: phrase with words <x@y> (after)",
  0
} ;

static substdio *out;

static void puts1(const char *s) { substdio_puts(out, s); }
static void putn(long n)
{
  char num[FMT_ULONG];
  if (n < 0) { puts1("-"); n = -n; }
  substdio_put(out, num, fmt_ulong(num, (unsigned long) n));
}
static void putsa(stralloc *sa)
{
  unsigned int i;
  for (i = 0; i < sa->len; ++i) {
    unsigned char c = sa->s[i];
    if (c == '\n') puts1("\\n");
    else if (c < 32 || c > 126 || c == '\\') {
      char h[5];
      h[0] = '\\'; h[1] = 'x';
      h[2] = "0123456789abcdef"[c >> 4]; h[3] = "0123456789abcdef"[c & 15];
      h[4] = 0;
      puts1(h);
    }
    else substdio_put(out, (char *) &sa->s[i], 1);
  }
}
static void puttokens(token822_alloc *ta)
{
  unsigned int i;
  stralloc t = {0};
  for (i = 0; i < ta->len; ++i) {
    puts1(" ");
    putn(ta->t[i].type);
    if (ta->t[i].type <= TOKEN822_COMMENT) {
      puts1(":");
      if (!stralloc_copyb(&t, ta->t[i].s, ta->t[i].slen)) _exit(111);
      putsa(&t);
    }
  }
}

static token822_alloc domain;
static int calls;

/* the address arrives last token first: a bare name gets "@default.host"
   put at its front, which is the end of the printed address */
static int complete(token822_alloc *addr)
{
  unsigned int i;
  ++calls;
  for (i = 0; i < addr->len; ++i)
    if (addr->t[i].type == TOKEN822_AT) return 1;
  if (!addr->len) return 1;
  if (!token822_readyplus(addr, domain.len + 1)) return -1;
  for (i = addr->len; i > 0; --i) addr->t[i + domain.len] = addr->t[i - 1];
  for (i = 0; i < domain.len; ++i) addr->t[i] = domain.t[i];
  addr->t[domain.len].type = TOKEN822_AT;
  addr->len += domain.len + 1;
  return 1;
}
static int refuse(token822_alloc *addr) { (void) addr; ++calls; return 0; }

int main()
{
  stralloc sa = {0};
  stralloc buf = {0};
  stralloc dbuf = {0};
  stralloc pr = {0};
  token822_alloc ta = {0};
  token822_alloc taout = {0};
  token822_alloc taaddr = {0};
  static unsigned int widths[] = { 0, 1, 20, 80 };
  int i;
  int j;
  int r;

  out = subfdout;
  CHECK(stralloc_copys(&sa, "default.host") == 1);
  CHECK(token822_parse(&domain, &sa, &dbuf) == 1);
  CHECK(domain.len == 3 && domain.t[0].type == TOKEN822_ATOM && domain.t[0].slen == 7);
  CHECK(domain.t[1].type == TOKEN822_DOT && domain.t[2].slen == 4);
  token822_reverse(&domain);

  for (i = 0; lines[i]; ++i) {
    if (!stralloc_copys(&sa, lines[i])) _exit(111);
    r = token822_parse(&ta, &sa, &buf);
    puts1("line "); putn(i); puts1(" parse "); putn(r); puts1("\n");
    if (r != 1) continue;
    puts1(" tokens"); puttokens(&ta); puts1("\n");
    CHECK(token822_unquote(&pr, &ta) == 1);
    puts1(" unquote "); putsa(&pr); puts1("\n");
    for (j = 0; j < 4; ++j) {
      CHECK(token822_unparse(&pr, &ta, widths[j]) == 1);
      CHECK(pr.len > 0 && pr.s[pr.len - 1] == '\n');
      puts1(" unparse "); putn(widths[j]); puts1(" "); putsa(&pr); puts1("\n");
    }
    calls = 0;
    r = token822_addrlist(&taout, &taaddr, &ta, complete);
    puts1(" addrlist "); putn(r); puts1(" calls "); putn(calls); puts1("\n");
    CHECK(taaddr.len == 0);
    if (r == 1) {
      puts1(" out"); puttokens(&taout); puts1("\n");
      CHECK(token822_unparse(&pr, &taout, 76) == 1);
      puts1(" rewritten "); putsa(&pr); puts1("\n");
    }
    calls = 0;
    r = token822_addrlist(&taout, &taaddr, &ta, refuse);
    puts1(" refused "); putn(r); puts1(" calls "); putn(calls); puts1("\n");
  }

  /* the array itself */
  {
    token822_alloc x = {0};
    struct token822 t;
    t.s = "w"; t.slen = 1;
    CHECK(token822_ready(&x, 3) == 1 && x.a == 3 && x.len == 0);
    for (i = 0; i < 40; ++i) {
      t.type = 1 + i % 11;
      CHECK(token822_append(&x, &t) == 1);
    }
    CHECK(x.len == 40 && x.a >= 40);
    CHECK(token822_ready(&x, 10) == 1 && x.len == 40);
    CHECK(token822_readyplus(&x, 100) == 1 && x.a >= 140 && x.len == 40);
    token822_reverse(&x);
    CHECK(x.t[0].type == 1 + 39 % 11 && x.t[39].type == 1);
    x.len = 3;
    x.t[0].type = TOKEN822_ATOM; x.t[1].type = TOKEN822_DOT; x.t[2].type = TOKEN822_QUOTE;
    token822_reverse(&x);
    CHECK(x.t[0].type == TOKEN822_QUOTE && x.t[1].type == TOKEN822_DOT && x.t[2].type == TOKEN822_ATOM);
    CHECK(token822_unparse(&pr, &x, 0) == 1);
    CHECK(pr.len == 6 && str_diffn(pr.s, "\"w\".w\n", 6) == 0);
    CHECK(token822_unquote(&pr, &x) == 1);
    CHECK(pr.len == 3 && str_diffn(pr.s, "w.w", 3) == 0);
    /* a type number qmail does not know prints nothing */
    x.t[1].type = 42;
    CHECK(token822_unparse(&pr, &x, 0) == 1);
    CHECK(pr.len == 5 && str_diffn(pr.s, "\"w\"w\n", 5) == 0);
  }

  substdio_flush(out);
  return DONE();
}
