/* str.h: NUL-terminated strings. */
#ifndef STR_H
#define STR_H

/* copies t with its NUL into s; returns the length of t */
extern unsigned int str_copy(char *s, const char *t);
/* 0 when equal, else the first differing bytes' difference (unsigned);
   str_diffn looks at no more than n bytes */
extern int str_diff(const char *s, const char *t);
extern int str_diffn(const char *s, const char *t, unsigned int n);
extern unsigned int str_len(const char *s);
/* index of the first / last c, or the length when there is none */
extern unsigned int str_chr(const char *s, int c);
extern unsigned int str_rchr(const char *s, int c);
/* 1 when s begins with t */
extern int str_start(const char *s, const char *t);

#define str_equal(s,t) (!str_diff((s),(t)))

#endif
