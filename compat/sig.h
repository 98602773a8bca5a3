/* sig.h: signal dispositions and masks. A handler is passed as stock
   passes it: a function (of the signal number, or declared without
   parameters in the old style), SIG_IGN or SIG_DFL; the parameter is
   left unprototyped so that every one of those is accepted. Handlers
   run with an empty extra mask and no flags (an interrupted system call
   fails with error_intr). */
#ifndef SIG_H
#define SIG_H

extern void sig_catch(int sig, void (*f)());
extern void sig_block(int sig);
extern void sig_unblock(int sig);
extern void sig_blocknone(void);
/* waits for a signal, blocking none meanwhile */
extern void sig_pause(void);

/* SIGVTALRM SIGPROF SIGQUIT SIGINT SIGHUP SIGXCPU SIGXFSZ ignored */
extern void sig_miscignore(void);
/* f for SIGILL SIGABRT SIGFPE SIGBUS SIGSEGV SIGSYS */
extern void sig_bugcatch(void (*f)());

extern void sig_pipeignore(void);
extern void sig_pipedefault(void);

extern void sig_termblock(void);
extern void sig_termunblock(void);
extern void sig_termcatch(void (*f)());
extern void sig_termdefault(void);

extern void sig_alarmblock(void);
extern void sig_alarmunblock(void);
extern void sig_alarmcatch(void (*f)());
extern void sig_alarmdefault(void);

extern void sig_childblock(void);
extern void sig_childunblock(void);
extern void sig_childcatch(void (*f)());
extern void sig_childdefault(void);

extern void sig_hangupblock(void);
extern void sig_hangupunblock(void);
extern void sig_hangupcatch(void (*f)());
extern void sig_hangupdefault(void);

#endif
