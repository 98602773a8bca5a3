/* stralloc from C: contents, lengths, the growth of `a`, self-append,
   memory that free() accepts, and out of memory as 0 with ENOMEM. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "stralloc.h"
#include "alloc.h"
#include "check.h"

int main(void)
{
  stralloc sa = {0};
  stralloc sb = {0};

  CHECK(stralloc_ready(&sa, 10) == 1);
  CHECK(sa.s != 0 && sa.len == 0 && sa.a == 10);
  CHECK(stralloc_ready(&sa, 5) == 1 && sa.a == 10);
  CHECK(stralloc_ready(&sa, 80) == 1 && sa.a == 30 + 80 + 10);

  CHECK(stralloc_copys(&sa, "hello") == 1);
  CHECK(sa.len == 5 && memcmp(sa.s, "hello", 5) == 0);
  CHECK(sa.s[5] == 'Z');
  CHECK(stralloc_cats(&sa, ", world") == 1);
  CHECK(sa.len == 12 && memcmp(sa.s, "hello, world", 12) == 0);
  CHECK(stralloc_catb(&sa, "!?", 1) == 1 && sa.len == 13);
  CHECK(stralloc_append(&sa, "x") == 1 && sa.s[13] == 'x' && sa.len == 14);
  CHECK(stralloc_0(&sa) == 1 && sa.len == 15 && sa.s[14] == 0);
  CHECK(strcmp(sa.s, "hello, world!x") == 0);
  CHECK(stralloc_starts(&sa, "hello") == 1);
  CHECK(stralloc_starts(&sa, "help") == 0);
  CHECK(stralloc_starts(&sa, "hello, world!x and more") == 0);

  /* copyb from null: a is exactly n + 1 */
  CHECK(stralloc_copyb(&sb, "abc", 3) == 1 && sb.len == 3 && sb.a == 4);
  /* readyplus from a full string: grows by the rule */
  CHECK(stralloc_readyplus(&sb, 10) == 1 && sb.a == 30 + 13 + 1);
  CHECK(stralloc_copy(&sb, &sa) == 1 && sb.len == sa.len && memcmp(sb.s, sa.s, sa.len) == 0);
  sb.len = 3;
  CHECK(stralloc_cat(&sb, &sb) == 1 && sb.len == 6 && memcmp(sb.s, "helhel", 6) == 0);

#ifndef STOCK_LIBRARY /* stock reads the freed old block and crashes */
  /* appending a string to itself over many doublings keeps it intact */
  CHECK(stralloc_copys(&sb, "ab") == 1);
  {
    int i;
    for (i = 0; i < 16; ++i) CHECK(stralloc_cat(&sb, &sb) == 1);
    CHECK(sb.len == (2u << 16));
    CHECK(sb.s[0] == 'a' && sb.s[1] == 'b' && sb.s[sb.len - 2] == 'a' && sb.s[sb.len - 1] == 'b');
  }
#endif

#ifndef STOCK_LIBRARY /* stock wraps around instead (docs/ABI.md) */
  /* out of memory is 0 with ENOMEM, the string unchanged */
  {
    unsigned int len = sa.len;
    errno = 0;
    CHECK(stralloc_readyplus(&sa, 0xffffffffu) == 0);
    CHECK(errno == ENOMEM);
    CHECK(sa.len == len && sa.s[0] == 'h');
    errno = 0;
    CHECK(stralloc_ready(&sa, 0xfffffff0u) == 0 && errno == ENOMEM);
  }

  /* the memory is malloc's: free() and alloc_free() both take it (stock's
     alloc may hand out a static pool that free() must not see) */
  free(sa.s);
#else
  alloc_free(sa.s);
#endif
  alloc_free(sb.s);
  {
    char *x = alloc(3);
    CHECK(x != 0);
    memcpy(x, "abc", 3);
    CHECK(alloc_re(&x, 3, 100) == 1 && memcmp(x, "abc", 3) == 0);
    alloc_free(x);
  }
  return DONE();
}
