/* check.h: the smallest test harness. CHECK(cond) counts a pass or
   reports a failure on stderr; DONE() prints the tally and gives main's
   exit code. The programs also build against stock's own library with
   -DSTOCK_LIBRARY, which leaves out the checks of documented
   differences. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static int check_pass;
static int check_fail;

#define CHECK(cond) \
  ((cond) ? (void) ++check_pass \
          : (void) (++check_fail, \
                    fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond)))

#define DONE() \
  (printf("%d checks passed, %d failed\n", check_pass, check_fail), check_fail ? 1 : 0)

#endif
