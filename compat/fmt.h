/* fmt.h: numbers and strings written into a buffer, without NUL. Each
   function returns how many bytes it wrote; with s == FMT_LEN (0) it
   writes nothing and returns how many it would write. */
#ifndef FMT_H
#define FMT_H

#define FMT_ULONG 40 /* room for any unsigned long in decimal, and a NUL */
#define FMT_LEN ((char *) 0)

extern unsigned int fmt_ulong(char *s, unsigned long u);
extern unsigned int fmt_uint(char *s, unsigned int u);
/* at least n digits, padded with leading zeros */
extern unsigned int fmt_uint0(char *s, unsigned int u, unsigned int n);
/* the C string t / at most n bytes of it */
extern unsigned int fmt_str(char *s, const char *t);
extern unsigned int fmt_strn(char *s, const char *t, unsigned int n);

#endif
