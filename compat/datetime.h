/* datetime.h: seconds since 1970 (UTC, no leap seconds) to calendar
   fields and back. year counts from 1900, mon from 0 (January), yday
   from 0, wday from 0 (Sunday). datetime_untai uses year, mon, mday,
   hour, min and sec only. */
#ifndef DATETIME_H
#define DATETIME_H

struct datetime {
  int hour;
  int min;
  int sec;
  int wday;
  int mday;
  int yday;
  int mon;
  int year;
} ;

typedef long datetime_sec;

extern void datetime_tai(struct datetime *dt, datetime_sec t);
extern datetime_sec datetime_untai(const struct datetime *dt);

#endif
