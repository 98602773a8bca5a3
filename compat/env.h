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

extern char **environ;

#endif
