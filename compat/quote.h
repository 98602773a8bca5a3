/* quote.h: local parts of addresses in RFC 822 form. quote_need says
   (1/0) whether the n bytes at s need double quotes; quote puts sain
   into saout, quoted (with backslashes before CR, LF, " and \) when it
   needs it; quote2 does that to the part of the address s before its
   last '@'. quote and quote2 give 1, or 0 when out of memory. */
#ifndef QUOTE_H
#define QUOTE_H

#include "stralloc.h"

extern int quote_need(const char *s, unsigned int n);
extern int quote(stralloc *saout, const stralloc *sain);
extern int quote2(stralloc *sa, const char *s);

#endif
