/* newfield.h: the header lines qmail-inject adds to a message without
   them. newfield_datemake puts "Date: " and the RFC 822 date of when
   (UTC) and a newline in newfield_date; newfield_msgidmake puts
   "Message-ID: <YYYYMMDDHHMMSS.pid.qmail@idhost>" and a newline in
   newfield_msgid. Both give 1, or 0 when out of memory. */
#ifndef NEWFIELD_H
#define NEWFIELD_H

#include "stralloc.h"
#include "datetime.h"

extern stralloc newfield_date;
extern int newfield_datemake(datetime_sec when);
extern stralloc newfield_msgid;
extern int newfield_msgidmake(const char *idhost, int idhostlen, datetime_sec when);

#endif
