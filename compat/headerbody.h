/* headerbody.h: a message split into header fields and body, as
   qmail-inject reads it. headerbody(ss, dohf, hdone, dobl) reads ss to
   the end: each complete header field (with its continuation lines and
   newlines) goes to dohf, hdone is called once when the header is over,
   then each body line goes to dobl. A "From " line in the header becomes
   "MBOX-Line: From ..."; a line that is not a field ends the header and
   the body then starts with an empty line; a last line without a
   newline gets one. 0 at the end, -1 with errno on a read error or when
   out of memory. */
#ifndef HEADERBODY_H
#define HEADERBODY_H

#include "substdio.h"
#include "stralloc.h"

extern int headerbody(substdio *ss, void (*dohf)(stralloc *), void (*hdone)(), void (*dobl)(stralloc *));

#endif
