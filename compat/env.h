/* env.h: the process environment. */
#ifndef ENV_H
#define ENV_H

/* the value of the first name= entry (a pointer into the environment),
   or 0 */
extern char *env_get(const char *name);
/* set name=value / a "name=value" string: 1, or 0 with errno */
extern int env_put2(const char *name, const char *value);
extern int env_put(const char *s);
/* remove name: 1 */
extern int env_unset(const char *name);
/* nothing to prepare here: sets env_isinit and returns 1 */
extern int env_isinit;
extern int env_init(void);
/* the first name=value entry, or 0 */
extern char *env_pick(void);
/* where the first '=' of s is, or 0 */
extern char *env_findeq(char *s);
/* empties the environment */
extern void env_clear(void);

extern char **environ;

#endif
