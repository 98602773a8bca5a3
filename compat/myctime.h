/* myctime.h: a time as "Mon Dec 07 15:57:26 2026\n" (UTC), in a static
   buffer that the next call overwrites. */
#ifndef MYCTIME_H
#define MYCTIME_H

#include "datetime.h"

extern char *myctime(datetime_sec t);

#endif
