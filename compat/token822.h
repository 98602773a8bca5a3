/* token822.h: RFC 822 header fields as tokens. A token has a type
   (TOKEN822_*) and, for atoms, quoted strings, literals and comments,
   its text (s, slen bytes, without delimiters or backslashes); the
   one-character specials carry no text. token822_alloc is a growing
   array of them (t, len in use, a allocated; start from {0}).

   token822_parse splits the field in sa into ta, the texts going into
   buf (which must not move while the tokens are used); 1, 0 on a syntax
   error (stray ")" or "]", or something left open), -1 when out of
   memory. token822_unparse prints ta into sa as a header field, folding
   after commas once a line passes linelen (0: never), ending in a
   newline; token822_unquote puts the plain contents of ta into sa;
   both 1, or -1 when out of memory. token822_addrlist finds the
   addresses of the address list ta (whose first two tokens are the field
   name and colon), calls callback on each in taaddr (tokens in reverse
   order; it may change them and must give 1) and leaves the rebuilt list
   in taout; 1, 0 on a syntax error, -1 when out of memory or when the
   callback did not give 1. token822_reverse turns ta end for end; ready,
   readyplus and append are the growing array's (1, or 0 when out of
   memory). */
#ifndef TOKEN822_H
#define TOKEN822_H

#include "stralloc.h"
#include "gen_alloc.h"

struct token822 { int type; char *s; int slen; } ;

GEN_ALLOC_typedef(token822_alloc,struct token822,t,len,a)

extern int token822_parse(token822_alloc *ta, stralloc *sa, stralloc *buf);
extern int token822_addrlist(token822_alloc *taout, token822_alloc *taaddr,
                             token822_alloc *ta, int (*callback)(token822_alloc *));
extern int token822_unquote(stralloc *sa, token822_alloc *ta);
extern int token822_unparse(stralloc *sa, token822_alloc *ta, unsigned int linelen);
extern void token822_reverse(token822_alloc *ta);
extern int token822_ready(token822_alloc *ta, unsigned int n);
extern int token822_readyplus(token822_alloc *ta, unsigned int n);
extern int token822_append(token822_alloc *ta, const struct token822 *t);

#define TOKEN822_ATOM 1
#define TOKEN822_QUOTE 2
#define TOKEN822_LITERAL 3
#define TOKEN822_COMMENT 4
#define TOKEN822_LEFT 5
#define TOKEN822_RIGHT 6
#define TOKEN822_AT 7
#define TOKEN822_COMMA 8
#define TOKEN822_SEMI 9
#define TOKEN822_COLON 10
#define TOKEN822_DOT 11

#endif
