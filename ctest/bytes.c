/* byte, str, case, fmt and scan from C, with stock's answers. */
#include <string.h>
#include "byte.h"
#include "str.h"
#include "case.h"
#include "fmt.h"
#include "scan.h"
#include "check.h"

int main(void)
{
  char buf[FMT_ULONG];
  unsigned long u;
  struct { int a; char b[3]; } obj, obj2;

  CHECK(byte_chr("abcabc", 6, 'c') == 2);
  CHECK(byte_chr("abc", 3, 'x') == 3);
  CHECK(byte_rchr("abcabc", 6, 'a') == 3);
  CHECK(byte_rchr("abc", 3, 'x') == 3);
  CHECK(byte_diff("abc", 3, "abc") == 0);
  CHECK(byte_diff("abd", 3, "abc") == 1);
  CHECK(byte_diff("\377", 1, "\001") == 254);
  CHECK(byte_equal("abX", 2, "abY"));
  byte_zero(&obj, sizeof obj);
  CHECK(obj.a == 0 && obj.b[2] == 0);
  obj.a = 7;
  byte_copy(&obj2, sizeof obj, &obj);
  CHECK(obj2.a == 7);
  /* byte_copy goes forward and byte_copyr backward, one byte at a
     time, so each is right for one direction of overlap */
  strcpy(buf, "abcdef");
  byte_copy(buf, 4, buf + 1);
  CHECK(memcmp(buf, "bcdeef", 6) == 0);
  strcpy(buf, "abcdef");
  byte_copyr(buf + 1, 4, buf);
  CHECK(memcmp(buf, "aabcdf", 6) == 0);
  strcpy(buf, "abcdef");
  byte_copy(buf + 1, 4, buf);
  CHECK(memcmp(buf, "aaaaaf", 6) == 0);
  strcpy(buf, "abcdef");
  byte_copyr(buf, 4, buf + 1);
  CHECK(memcmp(buf, "eeeeef", 6) == 0);

  CHECK(str_len("") == 0 && str_len("four") == 4);
  CHECK(str_diff("abc", "abc") == 0);
  CHECK(str_diff("abc", "abd") < 0);
  CHECK(str_diff("ab", "abc") == -'c');
  CHECK(str_diff("\377", "a") > 0);
  CHECK(str_diffn("abcX", "abcY", 3) == 0);
  CHECK(str_diffn("abcX", "abcY", 4) < 0);
  CHECK(str_equal("x", "x"));
  CHECK(str_chr("a@b@c", '@') == 1);
  CHECK(str_rchr("a@b@c", '@') == 3);
  CHECK(str_chr("abc", '@') == 3 && str_rchr("abc", '@') == 3);
  CHECK(str_start("example.com", "exam") == 1);
  CHECK(str_start("ex", "exam") == 0);
  CHECK(str_start("anything", "") == 1);
  CHECK(str_copy(buf, "copy") == 4 && strcmp(buf, "copy") == 0);

  CHECK(case_diffs("Example.COM", "example.com") == 0);
  CHECK(case_diffs("a", "B") < 0);
  CHECK(case_diffs("ab", "a") > 0);
  CHECK(case_equals("MiXeD", "mixed"));
  CHECK(case_diffb("ABC", 2, "abd") == 0);
  CHECK(case_diffb("ABC", 3, "abd") < 0);
  strcpy(buf, "MiXeD-[Z]");
  case_lowerb(buf, 3);
  CHECK(strcmp(buf, "mixeD-[Z]") == 0);
  case_lowers(buf);
  CHECK(strcmp(buf, "mixed-[z]") == 0);
  CHECK(case_starts("Received: x", "received:") == 1);
  CHECK(case_starts("Rec", "received:") == 0);
#ifndef STOCK_LIBRARY /* declared in stock's case.h, defined nowhere */
  CHECK(case_startb("DELIVERED-TO", 9, "delivered") == 1);
#endif

  CHECK(fmt_ulong(FMT_LEN, 0) == 1);
  CHECK(fmt_ulong(buf, 0) == 1 && buf[0] == '0');
  buf[fmt_ulong(buf, 4294967297UL)] = 0;
  CHECK(strcmp(buf, "4294967297") == 0);
  buf[fmt_ulong(buf, (unsigned long) -1)] = 0;
  CHECK(strcmp(buf, "18446744073709551615") == 0);
  buf[fmt_uint(buf, 65535)] = 0;
  CHECK(strcmp(buf, "65535") == 0);
  buf[fmt_uint0(buf, 7, 3)] = 0;
  CHECK(strcmp(buf, "007") == 0);
  CHECK(fmt_uint0(FMT_LEN, 1234, 2) == 4);
  CHECK(fmt_str(FMT_LEN, "hello") == 5);
  buf[fmt_str(buf, "hello")] = 0;
  CHECK(strcmp(buf, "hello") == 0);
  buf[fmt_strn(buf, "hello", 3)] = 0;
  CHECK(strcmp(buf, "hel") == 0);

  CHECK(scan_ulong("10abc", &u) == 2 && u == 10);
  CHECK(scan_ulong("x", &u) == 0 && u == 0);
  CHECK(scan_ulong("18446744073709551617", &u) == 20 && u == 1);
  CHECK(scan_8long("0755 ", &u) == 4 && u == 0755);
  {
    /* the scanner stops at the first non-digit, even without a NUL */
    char digits[3] = { '4', '2', ':' };
    CHECK(scan_ulong(digits, &u) == 2 && u == 42);
  }
  return DONE();
}
