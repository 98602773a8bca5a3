/* sgetopt/subgetopt from C, in qmail's style: the usual loop over
   getopt, values pointing into argv, operands after the options, and
   the reports on stderr (checked by tests/ctest.rs). */
#include "sgetopt.h"
#include "str.h"
#include "check.h"

int main()
{
  static char a0[] = "/usr/bin/prog";
  static char a1[] = "-ab";
  static char a2[] = "-c";
  static char a3[] = "value";
  static char a4[] = "-dinline";
  static char a5[] = "-x";
  static char a6[] = "--";
  static char a7[] = "-operand";
  char *argv[9];
  char *argv2[4];
  static char b1[] = "-q";
  static char b2[] = "-c";
  int opt;
  int seen_a = 0;
  int seen_b = 0;
  char *c = 0;
  char *d = 0;
  int problems = 0;

  argv[0] = a0; argv[1] = a1; argv[2] = a2; argv[3] = a3; argv[4] = a4;
  argv[5] = a5; argv[6] = a6; argv[7] = a7; argv[8] = 0;

  CHECK(opteof == SUBGETOPTDONE && optind == 1 && opterr == 1);
  while ((opt = getopt(8,argv,"abc:d:")) != opteof)
    switch(opt) {
      case 'a': ++seen_a; break;
      case 'b': ++seen_b; break;
      case 'c': c = optarg; break;
      case 'd': d = optarg; break;
      default: ++problems; CHECK(opt == '?' && optproblem == 'x');
    }
  CHECK(seen_a == 1 && seen_b == 1 && problems == 1);
  CHECK(c == a3);           /* the next argument itself */
  CHECK(d == a4 + 2);       /* the rest of its own argument */
  CHECK(optind == 7 && argv[optind] == a7);
  CHECK(optprogname && str_equal(optprogname,"prog"));

  /* a value missing at the end, reported; then silenced */
  argv2[0] = a0; argv2[1] = b1; argv2[2] = b2; argv2[3] = 0;
  optind = 1; optpos = 0;
  CHECK(getopt(3,argv2,"c:") == '?' && optproblem == 'q' && optind == 1);
  CHECK(getopt(3,argv2,"c:") == '?' && optproblem == 'c' && optind == 3);
  CHECK(getopt(3,argv2,"c:") == opteof);
  optind = 1; optpos = 0; opterr = 0;
  CHECK(getopt(3,argv2,"c:") == '?');
  opterr = 1;

  /* subgetopt alone never reports; a lone "-" is an operand */
  {
    static char l1[] = "-";
    char *argv3[3];
    argv3[0] = a0; argv3[1] = l1; argv3[2] = 0;
    subgetoptind = 1; subgetoptpos = 0;
    CHECK(sgopt(2,argv3,"a") == sgoptdone && sgoptind == 1);
    subgetoptind = 1; subgetoptpos = 0;
    CHECK(subgetopt(3,argv2,"z") == '?' && subgetoptarg == 0);
  }
  return DONE();
}
