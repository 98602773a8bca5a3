/* triggerpull.h: tells qmail-send to look at the queue now, by writing
   a byte into lock/trigger (the current directory must be the queue);
   errors are ignored. */
#ifndef TRIGGERPULL_H
#define TRIGGERPULL_H

extern void triggerpull(void);

#endif
