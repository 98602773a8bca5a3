/* prioq.h: a priority queue of (time, id) pairs, earliest time first,
   kept as a heap in a growing array (p, len, a as in gen_alloc.h; start
   from {0}). Among equal times the order is stock's, entry for entry.
   prioq_insert gives 1, or 0 when out of memory; prioq_min copies the
   earliest entry into *pe and gives 1, or 0 when the queue is empty;
   prioq_delmin removes it. */
#ifndef PRIOQ_H
#define PRIOQ_H

#include "datetime.h"
#include "gen_alloc.h"

struct prioq_elt { datetime_sec dt; unsigned long id; } ;

GEN_ALLOC_typedef(prioq,struct prioq_elt,p,len,a)

extern int prioq_readyplus(prioq *x, unsigned int n);
extern int prioq_insert(prioq *pq, const struct prioq_elt *pe);
extern int prioq_min(prioq *pq, struct prioq_elt *pe);
extern void prioq_delmin(prioq *pq);

#endif
