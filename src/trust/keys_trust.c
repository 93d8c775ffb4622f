/* keys_trust.c: records of kind "key" (a grant or a revocation of a public
 * key, signed by an admin's key), which keys a file trusts because of them,
 * and the check of a signed record arriving by sync. The roots are the keys
 * of the file's own enabled admins; a grant or revocation counts when its
 * signer was trusted as an admin at that point of the log; the last one
 * that counts says how a key stands. */
#include "keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/derive.h"
#include "users.h"

static const char *const action_choices[] = {"grant", "revoke", NULL};
static const char *const role_choices[] = {"editor", "oversight", "admin", NULL};

static const struct field key_fields[] = {
	{"action", FT_ENUM, FF_REQUIRED, action_choices, "grant or revoke"},
	{"user", FT_TEXT, FF_REQUIRED, NULL, "the user the key belongs to"},
	{"key", FT_TEXT, FF_REQUIRED, NULL, "the Ed25519 public key (64 hex digits)"},
	{"role", FT_ENUM, 0, role_choices, "for a grant: what the key may sign (an admin's key also grants)"},
	{NULL, 0, 0, NULL, NULL},
};

static int check_key(const json_t *rec, struct err *e)
{
	const char *key = rec_str(rec, "key"), *action = rec_str(rec, "action");
	if (!keys_hex_ok(key, 64))
		return err_set(e, "field \"key\": \"%.80s\" is not a public key (64 lowercase hex digits, as muster "
			       "key show prints)", key ? key : "");
	if (user_name_check_or_err(rec_str(rec, "user"), e) < 0) {
		err_prefix(e, "field \"user\"");
		return -1;
	}
	if (!strcmp(action, "grant") && !rec_str(rec, "role"))
		return err_set(e, "field \"role\": missing (a grant says what the key may sign: editor, oversight or admin)");
	if (!strcmp(action, "revoke") && rec_str(rec, "role"))
		return err_set(e, "field \"role\": a revocation has no role (it withdraws the key whatever it was granted as)");
	return 0;
}

static int derive_key(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO key_grant(seq, action, user, key, role) VALUES(?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, rec_str(rec, "action"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rec_str(rec, "user"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "key"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, rec_str(rec, "role"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "key", e);
}

/* pub_sig: the signatures of public records, which the public connection
 * reads (src/trust/guard.c) to give them with a public pull; it reads a
 * column of each table it joins (derive.c says why). */
const struct kind kind_key = {
	.name = "key",
	.summary = "grants or revokes a user's signing key (signed by an admin's key; muster key)",
	.fields = key_fields,
	.check = check_key,
	.derive = derive_key,
	.table_sql = "CREATE TABLE IF NOT EXISTS key_grant(seq INTEGER PRIMARY KEY, action TEXT NOT NULL,\n"
		     "  user TEXT NOT NULL, key TEXT NOT NULL, role TEXT);\n"
		     "CREATE INDEX IF NOT EXISTS key_grant_key ON key_grant(key);\n"
		     "CREATE VIEW IF NOT EXISTS pub_sig AS SELECT g.id, g.key, g.sig FROM sigs g\n"
		     "  JOIN log l ON l.id = g.id JOIN rec r ON r.seq = l.seq\n"
		     "  WHERE r.visibility = 'public' AND l.seq > 0;\n",
	.table = "key_grant",
};

/* ---- trust ---- */

/* Whether `key` is a key of one of this file's enabled admins: their key
 * now, or one they held before a new password gave them another (the users
 * log keeps each), so that what it signed while theirs still counts. */
static int is_root(struct store *s, const char *key)
{
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM users u WHERE u.role = 'admin' AND u.disabled = 0 AND "
				      "(u.pubkey = ?1 OR EXISTS (SELECT 1 FROM users_log g WHERE json_extract(g.body, "
				      "'$.key') = ?1 AND json_extract(g.body, '$.name') = u.name))");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int root = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return root;
}

struct grant_row {
	sqlite3_int64 seq;
	int revoke;
	char role[16], user[65], id[HASH_HEX], signer[KEY_HEX];
};

/* The key records naming `key` before record `before`, in order. A new
 * array (free it), its length in *n. */
static struct grant_row *rows_of(struct store *s, const char *key, sqlite3_int64 before, size_t *n)
{
	sqlite3_stmt *st = store_prep(s, "SELECT k.seq, k.action = 'revoke', coalesce(k.role, ''), k.user, l.id, "
				      "coalesce(g.key, '') FROM key_grant k JOIN log l ON l.seq = k.seq "
				      "LEFT JOIN sigs g ON g.id = l.id WHERE k.key = ?1 AND k.seq < ?2 ORDER BY k.seq");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, before);
	size_t cap = 4;
	struct grant_row *v = malloc(cap * sizeof *v);
	*n = 0;
	while (v && store_row(s, st)) {
		if (*n == cap) {
			struct grant_row *more = realloc(v, 2 * cap * sizeof *v);
			if (!more)
				break;
			v = more;
			cap *= 2;
		}
		struct grant_row *r = &v[(*n)++];
		r->seq = sqlite3_column_int64(st, 0);
		r->revoke = sqlite3_column_int(st, 1);
		snprintf(r->role, sizeof r->role, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(r->user, sizeof r->user, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(r->id, sizeof r->id, "%s", (const char *)sqlite3_column_text(st, 4));
		snprintf(r->signer, sizeof r->signer, "%s", (const char *)sqlite3_column_text(st, 5));
	}
	sqlite3_reset(st);
	return v;
}

/* How `key` stands just before record `before`. Each step goes to an
 * earlier record, so it ends. */
static enum key_trust trust_before(struct store *s, const char *key, sqlite3_int64 before, int as_admin,
				   char by[HASH_HEX], char user[65])
{
	if (is_root(s, key))
		return KEY_TRUSTED;
	size_t n;
	struct grant_row *v = rows_of(s, key, before, &n);
	enum key_trust t = KEY_UNKNOWN;
	char role[16] = "";
	for (size_t i = 0; v && i < n; i++) {
		if (!v[i].signer[0] || trust_before(s, v[i].signer, v[i].seq, 1, NULL, NULL) != KEY_TRUSTED)
			continue;       /* a grant no admin signed says nothing */
		if (user)
			snprintf(user, 65, "%s", v[i].user);
		if (v[i].revoke) {
			t = KEY_REVOKED;
			if (by)
				snprintf(by, HASH_HEX, "%s", v[i].id);
		} else {
			t = KEY_TRUSTED;
			snprintf(role, sizeof role, "%s", v[i].role);
		}
	}
	free(v);
	if (t == KEY_TRUSTED && as_admin && strcmp(role, "admin"))
		return KEY_NOT_ADMIN;
	return t;
}

enum key_trust keys_trust(struct store *s, const char *key, int as_admin, char by[HASH_HEX], char user[65])
{
	if (user)
		user[0] = 0;
	return trust_before(s, key, (sqlite3_int64)1 << 62, as_admin, by, user);
}

/* Every chain of grants begins with one signed by a root: the file holds a
 * grant in force when it holds one of those (however many other grants,
 * signed by keys it does not trust, came before). */
int keys_enforced(struct store *s)
{
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM key_grant k JOIN log l ON l.seq = k.seq JOIN sigs g ON g.id = l.id "
				      "JOIN users u ON u.role = 'admin' AND u.disabled = 0 AND (u.pubkey = g.key OR EXISTS "
				      "(SELECT 1 FROM users_log x WHERE json_extract(x.body, '$.key') = g.key AND "
				      "json_extract(x.body, '$.name') = u.name)) WHERE k.action = 'grant' LIMIT 1");
	int yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

static int takes_unsigned(struct store *s)
{
	sqlite3_stmt *st = store_prep(s, "SELECT value = 'accept' FROM meta WHERE key = 'sync.unsigned'");
	int yes = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return yes;
}

int keys_arrival_check_or_err(struct store *s, const char *id, const char *kind, const char *key, const char *sig,
			      struct err *e)
{
	if ((key || sig) && (!keys_hex_ok(key, 64) || !keys_hex_ok(sig, 128)))
		return err_set(e, "malformed message: the signature of record %.16s is not a key (64 hex digits) and "
			       "a signature (128)", id);
	if (key && keys_sig_check(id, key, sig) < 0)
		return err_set(e, "forged signature: record %.16s (%s) is not signed by key %.16s (the record or its "
			       "signature was altered, or it is another key's)", id, kind, key);
	if (!keys_enforced(s) || s->replaying)
		return 0;
	if (!key) {
		if (takes_unsigned(s))
			return 0;
		return err_set(e, "unsigned record: record %.16s (%s) carries no signature, and this file takes only "
			       "signed records once it holds a key grant (muster key unsigned accept takes them)", id, kind);
	}
	char by[HASH_HEX] = "", user[65] = "";
	int grants = !strcmp(kind, "key");
	switch (keys_trust(s, key, grants, by, user)) {
	case KEY_TRUSTED:
		return 0;
	case KEY_UNKNOWN:
		return err_set(e, "unknown key: record %.16s (%s) is signed by key %.16s, which no admin here granted "
			       "(an admin here: muster key grant USER KEY)", id, kind, key);
	case KEY_REVOKED:
		return err_set(e, "revoked key: record %.16s (%s) is signed by key %.16s of %s, revoked by record %.16s",
			       id, kind, key, user, by);
	case KEY_NOT_ADMIN:
		return err_set(e, "not an admin's key: record %.16s grants or revokes a key, and is signed by key "
			       "%.16s of %s, which was not granted as an admin's here", id, key, user);
	}
	return 0;
}
