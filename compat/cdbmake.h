/* cdbmake.h: the pieces of a constant database writer. A cdbmake keeps
   the (hash, position) pair of every record in a list of nodes, newest
   node first; final receives the 2048-byte header. */
#ifndef CDBMAKE_H
#define CDBMAKE_H

#include "uint32.h"

#define CDBMAKE_HPLIST 1000

struct cdbmake_hp { uint32 h; uint32 p; } ;

struct cdbmake_hplist {
  struct cdbmake_hp hp[CDBMAKE_HPLIST];
  struct cdbmake_hplist *next;
  int num;
} ;

struct cdbmake {
  char final[2048];
  uint32 count[256];
  uint32 start[256];
  struct cdbmake_hplist *head;
  struct cdbmake_hp *split;
  struct cdbmake_hp *hash;
  uint32 numentries;
} ;

/* num as 4 little-endian bytes */
extern void cdbmake_pack(char *buf, uint32 num);
/* the hash, one byte at a time from CDBMAKE_HASHSTART */
#define CDBMAKE_HASHSTART ((uint32) 5381)
extern uint32 cdbmake_hashadd(uint32 h, unsigned int c);

/* an empty list / one more pair, nodes from alloc (e.g. alloc.h's):
   1, or 0 when alloc fails */
extern void cdbmake_init(struct cdbmake *cdbm);
extern int cdbmake_add(struct cdbmake *cdbm, uint32 h, uint32 p, char *(*alloc)());
/* after the last cdbmake_add: count the pairs of each table, get one
   block from alloc for split (all pairs, grouped by table from start[i])
   and hash (room for the largest table); 1, or 0 when out of memory */
extern int cdbmake_split(struct cdbmake *cdbm, char *(*alloc)());
/* table b (0..255) in hash, its position pos and size noted in final;
   returns the number of slots to write from hash */
extern uint32 cdbmake_throw(struct cdbmake *cdbm, uint32 pos, int b);

#endif
