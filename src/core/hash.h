/* hash.h: SHA-256 (nettle) as lowercase hex. */
#ifndef MUSTER_HASH_H
#define MUSTER_HASH_H

#include <stddef.h>

#define HASH_HEX 65     /* 64 hex digits and a NUL */

/* Initialises libsodium; call once before hashing. Returns -1 on failure. */
int hash_init(void);
void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX]);
/* The chain link after `prev_hex` for a record named `id_hex`:
 * sha256(prev_hex || id_hex), as hex. */
void hash_chain(const char *prev_hex, const char *id_hex, char out[HASH_HEX]);

#endif
