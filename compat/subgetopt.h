/* subgetopt.h: the quiet option parser. subgetopt(argc, argv, opts)
   returns the next option letter; a letter followed by ':' in opts takes
   a value (the rest of the argument, else the next argument), left in
   subgetoptarg as a pointer into argv. An unknown letter, or a value
   missing at the end, gives '?' with the letter in subgetoptproblem.
   When the options are over (at the first argument not starting with
   '-', at a lone "-", or after "--", which is skipped) it returns
   subgetoptdone (SUBGETOPTDONE) and subgetoptind is the first operand.
   The sgopt... short names are macros unless SUBGETOPTNOSHORT is
   defined. */
#ifndef SUBGETOPT_H
#define SUBGETOPT_H

#ifndef SUBGETOPTNOSHORT
#define sgopt subgetopt
#define sgoptarg subgetoptarg
#define sgoptind subgetoptind
#define sgoptpos subgetoptpos
#define sgoptproblem subgetoptproblem
#define sgoptprogname subgetoptprogname
#define sgoptdone subgetoptdone
#endif

#define SUBGETOPTDONE -1

extern int subgetopt(int argc, char **argv, const char *opts);
extern char *subgetoptarg;
extern int subgetoptind;
extern int subgetoptpos;
extern int subgetoptproblem;
extern int subgetoptdone;

#endif
