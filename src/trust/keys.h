/* keys.h: who entered a record, provably (issue 21, point 2; docs/sync.md).
 * Each user may hold an Ed25519 keypair (libsodium's crypto_sign), the secret
 * half sealed under their password (Argon2id + crypto_secretbox) in the
 * users table, which never syncs and which the public guard cannot read. A
 * record entered by such a user carries their signature of its id, beside
 * it in the sigs table (never in its text: ids do not change). Which keys a
 * file trusts is said by records of kind "key" (a grant or a revocation,
 * signed by an admin's key), which travel with the rest; the roots are the
 * keys of the file's own enabled admins. */
#ifndef MUSTER_KEYS_H
#define MUSTER_KEYS_H

#include <jansson.h>

#include "../core/err.h"
#include "../core/store.h"

/* Migration 15 (store.c): the signatures beside the log (append-only, not
 * derived: rebuild and verify's derived comparison leave them alone); the
 * users' key columns are added by keys_migrate_or_err. */
#define KEYS_SCHEMA_SQL \
	"CREATE TABLE IF NOT EXISTS sigs(id TEXT PRIMARY KEY, key TEXT NOT NULL, sig TEXT NOT NULL) WITHOUT ROWID;\n" \
	"CREATE TRIGGER IF NOT EXISTS sigs_no_update BEFORE UPDATE ON sigs BEGIN\n" \
	"  SELECT RAISE(ABORT, 'signatures are append-only'); END;\n" \
	"CREATE TRIGGER IF NOT EXISTS sigs_no_delete BEFORE DELETE ON sigs BEGIN\n" \
	"  SELECT RAISE(ABORT, 'signatures are append-only'); END;\n"
/* Adds the users table's pubkey and seckey columns (the key, sealed) when
 * they are missing: run by migration 15, inside its transaction. */
int keys_migrate_or_err(struct store *s, struct err *e);

#define KEY_HEX 65              /* a public key: 64 hex digits and NUL */
#define SIG_HEX 129             /* a signature: 128 hex digits and NUL */
/* What is signed: this tag, then the record's id as 32 bytes. */
#define KEYS_SIG_TAG "muster record signature v1\n"

/* ---- keys.c: keypairs, sealing, signing ---- */

/* Makes a new keypair for user `name`, its secret sealed under `password`,
 * and writes both into the users table (inside the caller's transaction).
 * The public key (hex) into pub when not NULL. */
int keys_make_for_user_or_err(struct store *s, const char *name, const char *password, char pub[KEY_HEX],
			      struct err *e);
/* Whether `hex` is n lowercase hex digits. */
int keys_hex_ok(const char *hex, size_t n);
/* Checks the signature `sig` of record `id` by key `key` (all hex): 0 when
 * it verifies, -1 otherwise. */
int keys_sig_check(const char *id, const char *key, const char *sig);

/* Installs the command line's signer on a store opened to write: records
 * appended there (not those arriving from a sync) are signed by the key of
 * s->user when that user holds one, unsealed on the first append with the
 * password from $MUSTER_PASSWORD, or asked on the terminal. A user without a
 * key signs nothing (their records are unsigned, as before keys existed). */
void keys_cli_signer(struct store *s);
/* Unseals the key of s->user now (as the signer would on the first append):
 * 1 when that user holds a key (unsealed), 0 when none, -1 on a wrong
 * password or a disabled user. */
int keys_cli_unseal_or_err(struct store *s, struct err *e);

/* ---- keys_trust.c: which keys a file trusts, records arriving ---- */

enum key_trust {
	KEY_TRUSTED = 0,
	KEY_UNKNOWN,            /* no grant here from a trusted admin */
	KEY_REVOKED,            /* its last grant was revoked */
	KEY_NOT_ADMIN,          /* granted, but not as an admin (it cannot grant) */
};
/* How the file trusts `key` now; with `as_admin`, as a signer of grants and
 * revocations. The revocation's id (hex) into by when revoked; the user it
 * was granted to into user (65 bytes) when known. */
enum key_trust keys_trust(struct store *s, const char *key, int as_admin, char by[HASH_HEX], char user[65]);
/* Whether the file holds a grant signed by one of its own admins' keys
 * (signatures are then required of what arrives). */
int keys_enforced(struct store *s);

/* The check of a record arriving by sync, before it is appended: `key` and
 * `sig` (hex, or NULL when it comes unsigned) must verify, and, once the
 * file holds a grant in force, be a trusted key's (an admin's for a record
 * of kind "key"); an unsigned record is then refused unless the file takes
 * them (muster key unsigned accept). The refusal is named: "forged
 * signature", "unknown key", "revoked key", "not an admin's key",
 * "unsigned record". */
int keys_arrival_check_or_err(struct store *s, const char *id, const char *kind, const char *key, const char *sig,
			      struct err *e);
/* Keeps the signature of record `id` (INSERT OR IGNORE). */
int keys_sig_keep_or_err(struct store *s, const char *id, const char *key, const char *sig, struct err *e);
/* For verify: every signature held verifies with its key and names a record
 * of the log. Appends one string per problem; returns the number checked. */
long long keys_verify(sqlite3 *db, json_t *problems);

#endif
