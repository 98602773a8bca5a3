/* Prints the size of every struct of the ABI and the offset of each of
   its fields, one "name value" line each; the Rust side compares them
   with its own #[repr(C)] structs. */
#include <stddef.h>
#include <stdio.h>
#include "stralloc.h"
#include "substdio.h"
#include "cdb.h"
#include "cdbmake.h"
#include "cdbmss.h"
#include "cdb_make.h"
#include "strerr.h"

#define SIZE(t) printf("%s %lu\n", #t, (unsigned long) sizeof(t))
#define OFF(t,f) printf("%s.%s %lu\n", #t, #f, (unsigned long) offsetof(t, f))

int main(void)
{
  SIZE(stralloc); OFF(stralloc,s); OFF(stralloc,len); OFF(stralloc,a);
  SIZE(substdio); OFF(substdio,x); OFF(substdio,p); OFF(substdio,n);
  OFF(substdio,fd); OFF(substdio,op);
  SIZE(struct cdb); OFF(struct cdb,map); OFF(struct cdb,fd); OFF(struct cdb,size);
  OFF(struct cdb,loop); OFF(struct cdb,khash); OFF(struct cdb,kpos);
  OFF(struct cdb,hpos); OFF(struct cdb,hslots); OFF(struct cdb,dpos); OFF(struct cdb,dlen);
  SIZE(struct cdbmake_hp); OFF(struct cdbmake_hp,h); OFF(struct cdbmake_hp,p);
  SIZE(struct cdbmake_hplist); OFF(struct cdbmake_hplist,hp);
  OFF(struct cdbmake_hplist,next); OFF(struct cdbmake_hplist,num);
  SIZE(struct cdbmake); OFF(struct cdbmake,final); OFF(struct cdbmake,count);
  OFF(struct cdbmake,start); OFF(struct cdbmake,head); OFF(struct cdbmake,split);
  OFF(struct cdbmake,hash); OFF(struct cdbmake,numentries);
  SIZE(struct cdbmss); OFF(struct cdbmss,ssbuf); OFF(struct cdbmss,cdbm);
  OFF(struct cdbmss,ss); OFF(struct cdbmss,packbuf); OFF(struct cdbmss,pos);
  OFF(struct cdbmss,fd);
  SIZE(struct cdb_make); OFF(struct cdb_make,bspace); OFF(struct cdb_make,final);
  OFF(struct cdb_make,count); OFF(struct cdb_make,start); OFF(struct cdb_make,head);
  OFF(struct cdb_make,split); OFF(struct cdb_make,hash); OFF(struct cdb_make,numentries);
  OFF(struct cdb_make,b); OFF(struct cdb_make,pos); OFF(struct cdb_make,fd);
  SIZE(struct strerr); OFF(struct strerr,who); OFF(struct strerr,x);
  OFF(struct strerr,y); OFF(struct strerr,z);
  return 0;
}
