/* hash.c: SHA-256 through libsodium. */
#include "hash.h"

#include <sodium.h>
#include <string.h>

int hash_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

void hash_chain(const char *prev_hex, const char *id_hex, char out[HASH_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev_hex, 64);
	crypto_hash_sha256_update(&st, (const unsigned char *)id_hex, 64);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}
