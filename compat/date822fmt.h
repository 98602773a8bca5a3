/* date822fmt.h: a struct datetime as an RFC 822 date in UTC followed by
   a newline ("7 Dec 2026 15:57:26 -0000\n"). Writes into s unless s is 0
   and returns the length (at most DATE822FMT); no NUL is added. */
#ifndef DATE822FMT_H
#define DATE822FMT_H

#include "datetime.h"

extern unsigned int date822fmt(char *s, const struct datetime *dt);
#define DATE822FMT 60

#endif
