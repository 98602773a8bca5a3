/* sgetopt.h: getopt the qmail way. After this header, getopt, optarg,
   optind, optpos, opterr, optproblem, optprogname and opteof name
   sgetoptmine and its globals (unless SGETOPTNOSHORT is defined).
   sgetoptmine is subgetopt that also reports a '?' on subfderr as
   "PROG: illegal option -- C" or "PROG: option requires an argument --
   C", PROG being sgetoptprogname (by default argv[0] after its last
   '/'); opterr = 0 silences it. */
#ifndef SGETOPT_H
#define SGETOPT_H

#ifndef SGETOPTNOSHORT
#define getopt sgetoptmine
#define optarg subgetoptarg
#define optind subgetoptind
#define optpos subgetoptpos
#define opterr sgetopterr
#define optproblem subgetoptproblem
#define optprogname sgetoptprogname
#define opteof subgetoptdone
#endif

#include "subgetopt.h"

extern int sgetoptmine(int argc, char **argv, const char *opts);
extern int sgetopterr;
extern char *sgetoptprogname;

#endif
