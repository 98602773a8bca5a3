/* hfield.h: header lines. hfield_known gives the H_ number of the
   well-known field the len bytes at s start (name in any case, blanks
   allowed before the colon), or 0; hfield_valid says (1/0) whether they
   start with a colon-terminated name of printable non-blank characters;
   hfield_skipname gives where the value starts (past the colon and any
   space, tab, CR or LF). */
#ifndef HFIELD_H
#define HFIELD_H

extern unsigned int hfield_skipname(const char *s, int len);
extern int hfield_known(const char *s, int len);
extern int hfield_valid(const char *s, int len);

#define H_SENDER 1
#define H_FROM 2
#define H_REPLYTO 3
#define H_TO 4
#define H_CC 5
#define H_BCC 6
#define H_DATE 7
#define H_MESSAGEID 8
#define H_SUBJECT 9
#define H_R_SENDER 10
#define H_R_FROM 11
#define H_R_REPLYTO 12
#define H_R_TO 13
#define H_R_CC 14
#define H_R_BCC 15
#define H_R_DATE 16
#define H_R_MESSAGEID 17
#define H_RETURNRECEIPTTO 18
#define H_ERRORSTO 19
#define H_APPARENTLYTO 20
#define H_RECEIVED 21
#define H_RETURNPATH 22
#define H_DELIVEREDTO 23
#define H_CONTENTLENGTH 24
#define H_CONTENTTYPE 25
#define H_CONTENTTRANSFERENCODING 26
#define H_NOTICEREQUESTEDUPONDELIVERYTO 27
#define H_MAILFOLLOWUPTO 28
#define H_NUM 29

#endif
