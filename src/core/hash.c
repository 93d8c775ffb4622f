/* hash.c: SHA-256 through nettle, which uses the processor's SHA
 * instructions where there are any (five times libsodium's portable code on
 * a record, measured); libsodium stays for what it alone does here (Argon2id,
 * random tokens). */
#include "hash.h"

#include <nettle/sha2.h>
#include <sodium.h>

int hash_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static void to_hex(const uint8_t h[SHA256_DIGEST_SIZE], char out[HASH_HEX])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = 0;
}

void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX])
{
	struct sha256_ctx c;
	uint8_t h[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, len, data);
	sha256_digest(&c, sizeof h, h);
	to_hex(h, out);
}

void hash_chain(const char *prev_hex, const char *id_hex, char out[HASH_HEX])
{
	struct sha256_ctx c;
	uint8_t h[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, 64, (const uint8_t *)prev_hex);
	sha256_update(&c, 64, (const uint8_t *)id_hex);
	sha256_digest(&c, sizeof h, h);
	to_hex(h, out);
}
