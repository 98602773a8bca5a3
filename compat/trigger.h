/* trigger.h: waiting for triggerpull. trigger_set opens lock/trigger
   (the current directory must be the queue) for reading without
   blocking, closing what it opened before; trigger_selprep puts its fd
   into a read set for select and raises *nfds past it; trigger_pulled
   says (1/0) whether select found it readable. Call trigger_set again
   after each pull. */
#ifndef TRIGGER_H
#define TRIGGER_H

#include <sys/select.h>

extern void trigger_set(void);
extern void trigger_selprep(int *nfds, fd_set *rfds);
extern int trigger_pulled(const fd_set *rfds);

#endif
