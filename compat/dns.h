/* dns.h: the resolver questions qmail asks. dns_init reads the resolver
   configuration (flagsearch: use the search list). dns_cname follows
   CNAMEs from the name in sa, leaving the final name there, and gives
   the number of steps; dns_ptr puts the name of *ip into sa; dns_ip puts
   the addresses of the name in sa into ia; dns_mxip puts the addresses
   of its mail exchangers there, best preference first, ties ordered by
   random (a dotted quad, bare or in brackets, stands for itself in both;
   a name without MX records for its own addresses), and gives 1 when
   some exchanger could not be looked up for now. The failures are
   DNS_SOFT (try again later), DNS_HARD (no such thing) and DNS_MEM. */
#ifndef DNS_H
#define DNS_H

#include "stralloc.h"
#include "ip.h"
#include "ipalloc.h"

#define DNS_SOFT -1
#define DNS_HARD -2
#define DNS_MEM -3

extern void dns_init(int flagsearch);
extern int dns_cname(stralloc *sa);
extern int dns_mxip(ipalloc *ia, stralloc *sa, unsigned long random);
extern int dns_ip(ipalloc *ia, stralloc *sa);
extern int dns_ptr(stralloc *sa, struct ip_address *ip);

#endif
