/* case.h: comparisons that ignore ASCII case (only A-Z fold). */
#ifndef CASE_H
#define CASE_H

extern void case_lowers(char *s);
extern void case_lowerb(char *s, unsigned int len);
/* like str_diff / byte_diff after lowercasing */
extern int case_diffs(const char *s, const char *t);
extern int case_diffb(const char *s, unsigned int len, const char *t);
/* 1 when the C string s / the len bytes at s begin with t */
extern int case_starts(const char *s, const char *t);
extern int case_startb(const char *s, unsigned int len, const char *t);

#define case_equals(s,t) (!case_diffs((s),(t)))

#endif
