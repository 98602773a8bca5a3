/* ip.h: IPv4 addresses. ip_fmt writes dotted decimal into s (unless s
   is 0) and returns its length (at most IPFMT, no NUL). ip_scan reads
   four dot-separated decimal numbers at the start of s (each taken
   modulo 256) and ip_scanbracket the same in [brackets]; both return
   how many bytes they used, 0 when there is no address. */
#ifndef IP_H
#define IP_H

struct ip_address { unsigned char d[4]; } ;

extern unsigned int ip_fmt(char *s, const struct ip_address *ip);
#define IPFMT 19
extern unsigned int ip_scan(const char *s, struct ip_address *ip);
extern unsigned int ip_scanbracket(const char *s, struct ip_address *ip);

#endif
