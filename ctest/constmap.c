/* constmap from C, in qmail's style: a table over a control list, as
   qmail-send builds its virtualdomains and qmail-smtpd its rcpthosts. */
#include "constmap.h"
#include "stralloc.h"
#include "str.h"
#include "check.h"

static char *find(struct constmap *cm, const char *k)
{
  return constmap(cm, k, str_len(k));
}

int main()
{
  static char list[] = "Example.COM\0other.net\0";
  static char virt[] = "a.com:one\0nocolon\0A.COM:two\0b:\0:all\0";
  struct constmap map;
  struct constmap vm;
  stralloc big = {0};
  char *v;
  int i;

  CHECK(constmap_init(&map, list, sizeof list - 1, 0) == 1);
  CHECK(map.num == 2 && map.mask == 63);
  v = find(&map, "example.com");
  CHECK(v == list + 12);           /* just past the key's NUL */
  CHECK(find(&map, "OTHER.NET") != 0);
  CHECK(find(&map, "example") == 0);
  CHECK(find(&map, "example.com.") == 0);
  constmap_free(&map);

  CHECK(constmap_init(&vm, virt, sizeof virt - 1, 1) == 1);
  CHECK(vm.num == 5);
  v = find(&vm, "a.com");
  CHECK(v && str_equal(v, "two"));  /* the later entry wins */
  v = find(&vm, "B");
  CHECK(v && str_equal(v, ""));
  v = find(&vm, "");
  CHECK(v && str_equal(v, "all"));
  CHECK(find(&vm, "nocolon") == 0);
  constmap_free(&vm);

  /* more entries than 64 buckets */
  for (i = 0; i < 1000; ++i) {
    char num[20];
    int n = 0;
    int x = i;
    do { num[n++] = '0' + x % 10; x /= 10; } while (x);
    num[n] = 0;
    CHECK(stralloc_cats(&big, "host") && stralloc_cats(&big, num) && stralloc_0(&big));
  }
  CHECK(constmap_init(&map, big.s, big.len, 0) == 1);
  CHECK(map.num == 1000 && map.mask == 1023);
  CHECK(find(&map, "HOST999") != 0 && find(&map, "host0") != 0);
  CHECK(find(&map, "host1000") == 0);
  constmap_free(&map);
  return DONE();
}
