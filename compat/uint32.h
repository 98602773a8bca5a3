/* uint32.h: an unsigned 32-bit number, as the cdb functions use it. */
#ifndef UINT32_H
#define UINT32_H

typedef unsigned int uint32;

#endif
