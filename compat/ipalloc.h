/* ipalloc.h: a growing array of (address, MX preference) pairs, ix with
   len in use and a allocated (start from {0}). ipalloc_readyplus makes
   room for n more, ipalloc_append adds one at the end; 1, or 0 when out
   of memory. */
#ifndef IPALLOC_H
#define IPALLOC_H

#include "ip.h"
#include "gen_alloc.h"

struct ip_mx { struct ip_address ip; int pref; } ;

GEN_ALLOC_typedef(ipalloc,struct ip_mx,ix,len,a)

extern int ipalloc_readyplus(ipalloc *x, unsigned int n);
extern int ipalloc_append(ipalloc *x, const struct ip_mx *ix);

#endif
