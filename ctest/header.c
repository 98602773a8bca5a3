/* hfield and newfield from C, in qmail's style. */
#include <unistd.h>
#include "hfield.h"
#include "newfield.h"
#include "byte.h"
#include "str.h"
#include "fmt.h"
#include "check.h"

static int known(const char *s) { return hfield_known(s, str_len(s)); }
static int valid(const char *s) { return hfield_valid(s, str_len(s)); }

int main()
{
  char expect[100];
  unsigned int len;

  CHECK(known("From: me") == H_FROM);
  CHECK(known("to : you") == H_TO);
  CHECK(known("RESENT-FROM:x") == H_R_FROM);
  CHECK(known("Mail-Followup-To: l") == H_MAILFOLLOWUPTO);
  CHECK(known("X-Mailer: y") == 0);
  CHECK(known("From me") == 0);
  CHECK(hfield_known("Subject: s", 4) == 0);

  CHECK(valid("X-Thing: 1") == 1);
  CHECK(valid("X-Thing \t: 1") == 1);
  CHECK(valid("X Thing: 1") == 0);
  CHECK(valid(": none") == 0);
  CHECK(valid("no colon") == 0);
  CHECK(valid("X-\177: 1") == 0);

  CHECK(hfield_skipname("To: \t you", 9) == 6);
  CHECK(hfield_skipname("To:", 3) == 3);
  CHECK(hfield_skipname("Nothing", 7) == 7);
  CHECK(hfield_skipname("To:\r\n x", 7) == 6);

  CHECK(newfield_datemake(951825845) == 1);
  CHECK(newfield_date.len == 33);
  CHECK(byte_equal(newfield_date.s, 33, "Date: 29 Feb 2000 12:04:05 -0000\n"));

  CHECK(newfield_msgidmake("host.example", 4, 951825845) == 1);
  len = 0;
  len += fmt_str(expect + len, "Message-ID: <20000229120405.");
  len += fmt_ulong(expect + len, (unsigned long) getpid());
  len += fmt_str(expect + len, ".qmail@host>\n");
  CHECK(newfield_msgid.len == len && byte_equal(newfield_msgid.s, len, expect));
  return DONE();
}
