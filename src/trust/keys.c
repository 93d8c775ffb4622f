/* keys.c: a user's Ed25519 keypair (libsodium's crypto_sign), the secret half
 * sealed under their password (crypto_pwhash Argon2id, crypto_secretbox), and
 * the command line's signer, which signs every record a user with a key
 * appends: the record's id (32 bytes) after a domain tag, kept in sigs. */
#include "keys.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "users.h"
#include "who.h"

/* A sealed secret key as the users table keeps it: "v1:" and the hex of the
 * Argon2id salt, the nonce and the box (the 64-byte secret key and its MAC). */
#define SEAL_SALT crypto_pwhash_SALTBYTES
#define SEAL_NONCE crypto_secretbox_NONCEBYTES
#define SEAL_BOX (crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES)
#define SEAL_RAW (SEAL_SALT + SEAL_NONCE + SEAL_BOX)
#define SEAL_HEX (3 + 2 * SEAL_RAW + 1)

int keys_migrate_or_err(struct store *s, struct err *e)
{
	sqlite3_stmt *st;
	int have = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'pubkey'", -1, &st,
			       NULL) != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "%s: reading the users table: %s", s->path, sqlite3_errmsg(s->db));
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (have)
		return 0;
	return store_exec_or_err(s, "ALTER TABLE users ADD COLUMN pubkey TEXT;\n"
				 "ALTER TABLE users ADD COLUMN seckey TEXT;\n", e);
}

int keys_hex_ok(const char *hex, size_t n)
{
	if (!hex || strlen(hex) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
			return 0;
	return 1;
}

static int unhex(const char *hex, unsigned char *out, size_t n)
{
	size_t got = 0;
	return sodium_hex2bin(out, n, hex, strlen(hex), NULL, &got, NULL) == 0 && got == n ? 0 : -1;
}

/* The box key from the password and the salt. */
static int seal_key(const char *password, const unsigned char *salt, unsigned char key[crypto_secretbox_KEYBYTES])
{
	return crypto_pwhash(key, crypto_secretbox_KEYBYTES, password, strlen(password), salt,
			     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
			     crypto_pwhash_ALG_ARGON2ID13);
}

int keys_make_for_user_or_err(struct store *s, const char *name, const char *password, char pub[KEY_HEX],
			      struct err *e)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	unsigned char raw[SEAL_RAW], key[crypto_secretbox_KEYBYTES];
	char pkhex[KEY_HEX], sealed[SEAL_HEX];
	crypto_sign_keypair(pk, sk);
	randombytes_buf(raw, SEAL_SALT + SEAL_NONCE);
	if (seal_key(password, raw, key) != 0) {
		sodium_memzero(sk, sizeof sk);
		return err_set_code(e, E_INTERNAL, "sealing the signing key: out of memory");
	}
	crypto_secretbox_easy(raw + SEAL_SALT + SEAL_NONCE, sk, sizeof sk, raw + SEAL_SALT, key);
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(key, sizeof key);
	sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
	memcpy(sealed, "v1:", 3);
	sodium_bin2hex(sealed + 3, sizeof sealed - 3, raw, sizeof raw);
	sqlite3_stmt *st = store_prep(s, "UPDATE users SET pubkey = ?2, seckey = ?3 WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pkhex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sealed, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "%s: keeping the signing key: %s", s->path, sqlite3_errmsg(s->db));
	if (sqlite3_changes(s->db) != 1)
		return err_set(e, "no user \"%.80s\" (muster user list shows the users)", name);
	if (pub)
		memcpy(pub, pkhex, KEY_HEX);
	return 0;
}

/* Opens a sealed key with the password: 0, or -1 when it does not open. */
static int unseal(const char *sealed, const char *password, unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	unsigned char raw[SEAL_RAW], key[crypto_secretbox_KEYBYTES];
	if (!sealed || strncmp(sealed, "v1:", 3) || unhex(sealed + 3, raw, sizeof raw) < 0)
		return -1;
	if (seal_key(password, raw, key) != 0)
		return -1;
	int rc = crypto_secretbox_open_easy(sk, raw + SEAL_SALT + SEAL_NONCE, SEAL_BOX, raw + SEAL_SALT, key);
	sodium_memzero(key, sizeof key);
	return rc == 0 ? 0 : -1;
}

/* The message signed for record `id`: the tag, then the id's 32 bytes. */
static int message_of(const char *id, unsigned char *m, size_t *n)
{
	size_t tag = strlen(KEYS_SIG_TAG);
	memcpy(m, KEYS_SIG_TAG, tag);
	if (!keys_hex_ok(id, 64) || unhex(id, m + tag, 32) < 0)
		return -1;
	*n = tag + 32;
	return 0;
}

int keys_sig_check(const char *id, const char *key, const char *sig)
{
	unsigned char m[64], pk[crypto_sign_PUBLICKEYBYTES], sg[crypto_sign_BYTES];
	size_t n;
	if (message_of(id, m, &n) < 0 || !keys_hex_ok(key, 64) || !keys_hex_ok(sig, 128) || unhex(key, pk, sizeof pk) < 0 ||
	    unhex(sig, sg, sizeof sg) < 0)
		return -1;
	return crypto_sign_verify_detached(sg, m, n, pk) == 0 ? 0 : -1;
}

/* ---- the command line's signer ---- */

struct signer {
	int state;              /* 0: not looked up yet; 1: unsealed; 2: the user holds no key */
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char pub[KEY_HEX];
};

static void signer_free(void *ctx)
{
	struct signer *g = ctx;
	if (!g)
		return;
	sodium_memzero(g, sizeof *g);
	free(g);
}

/* Looks up s->user's key and unseals it (once a store). */
static int signer_ready_or_err(struct store *s, struct signer *g, struct err *e)
{
	if (g->state)
		return 0;
	char sealed[SEAL_HEX] = "";
	int disabled = 0, found = 0;
	sqlite3_stmt *st = store_prep(s, "SELECT pubkey, seckey, disabled FROM users WHERE name = ? AND pubkey IS NOT NULL");
	sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		snprintf(g->pub, sizeof g->pub, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(sealed, sizeof sealed, "%s", (const char *)sqlite3_column_text(st, 1));
		disabled = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (!found) {
		g->state = 2;
		return 0;
	}
	if (disabled)
		return err_set_code(e, E_FORBIDDEN, "user %.64s is disabled: their key signs nothing (nothing was "
				    "entered; muster user enable %.64s)", s->user, s->user);
	char pw[PASSWORD_MAX + 2];
	const char *env = getenv("MUSTER_PASSWORD");
	if (env && *env) {
		snprintf(pw, sizeof pw, "%s", env);
	} else if (isatty(STDIN_FILENO)) {
		char prompt[160];
		snprintf(prompt, sizeof prompt, "Password of %.64s (to sign what is entered): ", s->user);
		if (password_read_or_err(prompt, 0, pw, sizeof pw, e) < 0)
			return -1;
	} else {
		return err_set_code(e, E_FORBIDDEN, "user %.64s holds a signing key: give their password in "
				    "MUSTER_PASSWORD, or run on a terminal to be asked (nothing was entered)", s->user);
	}
	int rc = unseal(sealed, pw, g->sk);
	sodium_memzero(pw, sizeof pw);
	if (rc < 0)
		return err_set_code(e, E_FORBIDDEN, "the password given for %.64s does not open their signing key "
				    "(nothing was entered)", s->user);
	g->state = 1;
	return 0;
}

static int sign_record(struct store *s, const char *id, struct err *e)
{
	struct signer *g = s->sign_ctx;
	if (signer_ready_or_err(s, g, e) < 0)
		return -1;
	if (g->state != 1)
		return 0;
	unsigned char m[64], sg[crypto_sign_BYTES];
	size_t n;
	if (message_of(id, m, &n) < 0)
		return err_set_code(e, E_INTERNAL, "signing: \"%.70s\" is not a record's id", id);
	crypto_sign_detached(sg, NULL, m, n, g->sk);
	char sighex[SIG_HEX];
	sodium_bin2hex(sighex, sizeof sighex, sg, sizeof sg);
	return keys_sig_keep_or_err(s, id, g->pub, sighex, e);
}

void keys_cli_signer(struct store *s)
{
	if (s->sign)
		return;
	struct signer *g = calloc(1, sizeof *g);
	if (!g)
		return;
	s->sign = sign_record;
	s->sign_ctx = g;
	s->sign_free = signer_free;
}

int keys_cli_unseal_or_err(struct store *s, struct err *e)
{
	keys_cli_signer(s);
	struct signer *g = s->sign_ctx;
	if (!g || s->sign != sign_record)
		return 0;
	if (signer_ready_or_err(s, g, e) < 0)
		return -1;
	return g->state == 1;
}

int keys_sig_keep_or_err(struct store *s, const char *id, const char *key, const char *sig, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT OR IGNORE INTO sigs(id, key, sig) VALUES(?,?,?)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sig, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "%s: keeping a signature: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

long long keys_verify(sqlite3 *db, json_t *problems)
{
	sqlite3_stmt *st;
	char msg[400];
	long long n = 0;
	if (sqlite3_prepare_v2(db, "SELECT g.id, g.key, g.sig, l.seq FROM sigs g LEFT JOIN log l ON l.id = g.id "
			       "ORDER BY l.seq", -1, &st, NULL) != SQLITE_OK) {
		json_array_append_new(problems, json_string("the signatures' table is missing (open the file once for "
							    "writing to migrate it)"));
		return 0;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *key = (const char *)sqlite3_column_text(st, 1);
		const char *sig = (const char *)sqlite3_column_text(st, 2);
		n++;
		msg[0] = 0;
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			snprintf(msg, sizeof msg, "signature of %.16s: no such record in the log", id ? id : "?");
		else if (keys_sig_check(id, key, sig) < 0)
			snprintf(msg, sizeof msg, "record %lld (%.16s): its signature does not verify with key %.16s (the "
				 "signature, the key or the record was changed)", (long long)sqlite3_column_int64(st, 3),
				 id ? id : "?", key ? key : "?");
		if (msg[0] && json_array_size(problems) < 200)
			json_array_append_new(problems, json_string(msg));
	}
	if (rc != SQLITE_DONE) {
		snprintf(msg, sizeof msg, "reading the signatures stopped: %s", sqlite3_errmsg(db));
		json_array_append_new(problems, json_string(msg));
	}
	sqlite3_finalize(st);
	return n;
}
