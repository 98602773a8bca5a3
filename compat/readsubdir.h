/* readsubdir.h: walking the hashed queue directories name/0 ..
   name/(conf-split - 1), one step per readsubdir_next: 1 with a message
   id in *id, -1 when the step found no id (a directory opened or ended),
   -2 for an entry that is not a number, 0 at the end. A directory that
   will not open is retried after calling pause(path). name must stay in
   place and have at most READSUBDIR_NAMELEN bytes. */
#ifndef READSUBDIR_H
#define READSUBDIR_H

#include <sys/types.h>
#include <dirent.h>

typedef struct readsubdir
 {
  DIR *dir;
  int pos;
  char *name;
  void (*pause)(char *path);
 }
readsubdir;

extern void readsubdir_init(readsubdir *rs, char *name, void (*pause)(char *path));
extern int readsubdir_next(readsubdir *rs, unsigned long *id);

#define READSUBDIR_NAMELEN 10

#endif
