/* tcpto.h: the table of hosts whose connections timed out
   (queue/lock/tcpto, relative to the qmail home). tcpto says (1/0)
   whether a host timed out recently enough to be skipped; tcpto_err
   records a connection's outcome (flagerr 1: it timed out; 0: it
   worked, which forgets the host); tcpto_clean, run from queue/mess,
   empties the table. */
#ifndef TCPTO_H
#define TCPTO_H

#include "ip.h"

extern int tcpto(const struct ip_address *ip);
extern void tcpto_err(const struct ip_address *ip, int flagerr);
extern void tcpto_clean(void);

#endif
