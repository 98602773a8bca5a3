/* error.h: errno values by name, qmail's texts for them, and which of
   them are temporary. */
#ifndef ERROR_H
#define ERROR_H

#include <errno.h>

extern int error_intr;
extern int error_nomem;
extern int error_noent;
extern int error_txtbsy;
extern int error_io;
extern int error_exist;
extern int error_timeout;
extern int error_inprogress;
extern int error_wouldblock;
extern int error_again;
extern int error_pipe;
extern int error_perm;
extern int error_acces;

/* qmail's text for an errno value ("unknown error" for others); the
   string is static and must not be changed. */
extern char *error_str(int e);
/* 1 when the errno value is a temporary failure, else 0 */
extern int error_temp(int e);

#endif
