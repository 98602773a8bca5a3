/* ipme.h: this host's addresses. ipme_init fills ipme with 0.0.0.0 and
   the IPv4 address of every interface that is up (once per process):
   1, 0 when out of memory, -1 when the interfaces cannot be listed.
   ipme_is says whether an address is one of them: 1, 0, or -1 when
   ipme_init fails. */
#ifndef IPME_H
#define IPME_H

#include "ip.h"
#include "ipalloc.h"

extern ipalloc ipme;

extern int ipme_init(void);
extern int ipme_is(const struct ip_address *ip);

#endif
