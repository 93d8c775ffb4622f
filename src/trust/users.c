/* users.c: roles, the users table with Argon2id password hashes (libsodium's
 * crypto_pwhash_str), and users_log, the append-only chained record of every
 * change to a user, which verify replays against the table. */
#include "users.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/hash.h"
#include "../core/store.h"
#include "keys.h"

static const char *const role_names[] = {"public", "editor", "oversight", "admin"};

const char *role_name(enum role r)
{
	return r >= ROLE_PUBLIC && r <= ROLE_ADMIN ? role_names[r] : "public";
}

int role_parse_or_err(const char *text, enum role *r, struct err *e)
{
	for (int i = ROLE_EDITOR; i <= ROLE_ADMIN; i++)
		if (text && !strcmp(text, role_names[i])) {
			*r = (enum role)i;
			return 0;
		}
	if (text && !strcmp(text, "public"))
		return err_set(e, "--role: public is the role of everyone not signed in; a user is an editor, "
			       "oversight or admin");
	const char *near = text ? err_nearest(text, role_names + 1, 3) : NULL;
	if (near)
		return err_set(e, "--role: \"%s\" is not a role (did you mean %s?)", text, near);
	return err_set(e, "--role: \"%s\" is not a role (editor, oversight or admin)", text ? text : "");
}

int role_sees_restricted(enum role r)
{
	return r == ROLE_OVERSIGHT || r == ROLE_ADMIN;
}

int role_may_write_kind(enum role r, const char *kind)
{
	int oversight_kind = !strcmp(kind, "vetting") || !strcmp(kind, "complaint");
	/* A grant or revocation of a key is entered signed, on the command line
	 * (muster key): the web signs nothing. */
	if (!strcmp(kind, "key"))
		return 0;
	switch (r) {
	case ROLE_ADMIN:
		return 1;
	case ROLE_EDITOR:
		return !oversight_kind;
	case ROLE_OVERSIGHT:
		return oversight_kind || !strcmp(kind, "source");
	default:
		return 0;
	}
}

int user_name_check_or_err(const char *name, struct err *e)
{
	size_t n = name ? strlen(name) : 0;
	int ok = n >= 1 && n <= 64 && isalnum((unsigned char)name[0]);
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)name[i]) || strchr("._@-", name[i]);
	if (!ok)
		return err_set(e, "user name \"%.80s\" is not allowed (1 to 64 letters, digits, '.', '_', '@' or '-', "
			       "starting with a letter or digit)", name ? name : "");
	return 0;
}

int password_check_or_err(const char *pw, struct err *e)
{
	size_t n = strlen(pw);
	if (n < PASSWORD_MIN)
		return err_set(e, "the password is too short (%zu characters; at least %d)", n, PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return err_set(e, "the password is too long (%zu bytes; at most %d)", n, PASSWORD_MAX);
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(e, "the password contains a control character");
	return 0;
}

/* Appends one entry to users_log, chained to the one before. */
static int log_append_or_err(struct store *s, json_t *body, struct err *e)
{
	char prev[HASH_HEX], id[HASH_HEX], chain[HASH_HEX];
	sqlite3_int64 seq = 1;
	memset(prev, '0', 64);
	prev[64] = 0;
	sqlite3_stmt *st = store_prep(s, "SELECT seq, chain FROM users_log ORDER BY seq DESC LIMIT 1");
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	hash_sha256_hex(text, strlen(text), id);
	hash_chain(prev, id, chain);
	st = store_prep(s, "INSERT INTO users_log(seq, body, chain) VALUES(?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, chain, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(text);
	if (rc != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "%s: writing the users log: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

static json_t *log_entry(const char *action, const char *name, const char *by)
{
	char now[21];
	now_iso(now);
	return json_pack("{s:s, s:s, s:s, s:s}", "action", action, "name", name, "by", by, "at", now);
}

/* Appends `body` (taken over) to the users log and commits; rolls back on
 * failure. */
static int log_and_commit_or_err(struct store *s, json_t *body, struct err *e)
{
	int rc = log_append_or_err(s, body, e);
	json_decref(body);
	if (rc < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit_or_err(s, e);
}

/* The Argon2id hash of a password, as libsodium stores it. */
static int hash_password_or_err(const char *password, char hash[crypto_pwhash_STRBYTES], struct err *e)
{
	if (password_check_or_err(password, e) < 0)
		return -1;
	if (crypto_pwhash_str_alg(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set_code(e, E_INTERNAL, "hashing the password: out of memory");
	return 0;
}

/* What the users log keeps of a stored hash: its SHA-256, never the hash,
 * so that verify notices a hash swapped in behind muster's back. */
static json_t *fingerprint(const char *hash)
{
	char fp[HASH_HEX];
	hash_sha256_hex(hash, strlen(hash), fp);
	return json_string(fp);
}

int users_add_or_err(struct store *s, const char *name, enum role role, const char *password, const char *by,
		     struct err *e)
{
	if (user_name_check_or_err(name, e) < 0 || password_check_or_err(password, e) < 0)
		return -1;
	if (role == ROLE_PUBLIC)
		return err_set(e, "--role: public is the role of everyone not signed in; a user is an editor, "
			       "oversight or admin");
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password_or_err(password, hash, e) < 0)
		return -1;
	if (store_begin_or_err(s, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "SELECT disabled FROM users WHERE name = ?");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (exists) {
		store_rollback(s);
		return err_set(e, "user \"%s\" already exists (a name is never reused, so that the users log "
			       "always means one person; choose another)", name);
	}
	st = store_prep(s, "INSERT INTO users(name, role, pwhash, disabled) VALUES(?,?,?,0)");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	json_t *body = log_entry("add", name, by);
	json_object_set_new(body, "role", json_string(role_name(role)));
	json_object_set_new(body, "password", fingerprint(hash));
	sodium_memzero(hash, sizeof hash);
	if (rc != SQLITE_DONE) {
		json_decref(body);
		store_rollback(s);
		return err_set_code(e, E_INTERNAL, "%s: adding a user: %s", s->path, sqlite3_errmsg(s->db));
	}
	/* Their signing key, sealed under the same password (src/trust/keys.h). */
	char pub[KEY_HEX];
	if (keys_make_for_user_or_err(s, name, password, pub, e) < 0) {
		json_decref(body);
		store_rollback(s);
		return -1;
	}
	json_object_set_new(body, "key", json_string(pub));
	return log_and_commit_or_err(s, body, e);
}

static int end_sessions(struct store *s, const char *name)
{
	sqlite3_stmt *st = store_prep(s, "DELETE FROM sessions WHERE name = ?");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc;
}

/* Disables or enables a user; disabling ends their sessions. */
static int set_disabled_or_err(struct store *s, const char *name, int disable, const char *by, struct err *e)
{
	if (store_begin_or_err(s, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "SELECT disabled FROM users WHERE name = ?");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW, disabled = found && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!found || disabled == disable) {
		store_rollback(s);
		if (!found)
			return err_set(e, "no user \"%.80s\" (muster user list shows the users)", name);
		return err_set(e, "user \"%s\" is already %s", name, disable ? "disabled" : "active");
	}
	st = store_prep(s, "UPDATE users SET disabled = ?2 WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, disable);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	/* Their live sessions end now, not when they expire. */
	if (disable && rc == SQLITE_DONE)
		rc = end_sessions(s, name);
	if (rc != SQLITE_DONE) {
		store_rollback(s);
		return err_set_code(e, E_INTERNAL, "%s: changing a user: %s", s->path, sqlite3_errmsg(s->db));
	}
	return log_and_commit_or_err(s, log_entry(disable ? "disable" : "enable", name, by), e);
}

int users_disable_or_err(struct store *s, const char *name, const char *by, struct err *e)
{
	return set_disabled_or_err(s, name, 1, by, e);
}

int users_enable_or_err(struct store *s, const char *name, const char *by, struct err *e)
{
	return set_disabled_or_err(s, name, 0, by, e);
}

int users_password_or_err(struct store *s, const char *name, const char *password, const char *by,
			  struct err *e)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password_or_err(password, hash, e) < 0)
		return -1;
	if (store_begin_or_err(s, e) < 0) {
		sodium_memzero(hash, sizeof hash);
		return -1;
	}
	sqlite3_stmt *st = store_prep(s, "UPDATE users SET pwhash = ?2 WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE && sqlite3_changes(s->db) == 0) {
		store_rollback(s);
		sodium_memzero(hash, sizeof hash);
		return err_set(e, "no user \"%.80s\" (muster user list shows the users)", name);
	}
	/* A new password ends the sessions the old one opened. */
	if (rc == SQLITE_DONE)
		rc = end_sessions(s, name);
	if (rc != SQLITE_DONE) {
		store_rollback(s);
		sodium_memzero(hash, sizeof hash);
		return err_set_code(e, E_INTERNAL, "%s: changing a password: %s", s->path, sqlite3_errmsg(s->db));
	}
	/* The old key was sealed under the old password, which is not known
	 * here: a new key, to be granted again. */
	char pub[KEY_HEX];
	if (keys_make_for_user_or_err(s, name, password, pub, e) < 0) {
		store_rollback(s);
		sodium_memzero(hash, sizeof hash);
		return -1;
	}
	json_t *body = log_entry("password", name, by);
	json_object_set_new(body, "password", fingerprint(hash));
	json_object_set_new(body, "key", json_string(pub));
	sodium_memzero(hash, sizeof hash);
	return log_and_commit_or_err(s, body, e);
}

int users_new_key_or_err(struct store *s, const char *name, const char *password, const char *by, char pub[65],
			 struct err *e)
{
	struct who w;
	if (users_authenticate_or_err(s, name, password, &w, e) < 0)
		return -1;
	if (store_begin_or_err(s, e) < 0)
		return -1;
	if (keys_make_for_user_or_err(s, name, password, pub, e) < 0) {
		store_rollback(s);
		return -1;
	}
	json_t *body = log_entry("key", name, by);
	json_object_set_new(body, "key", json_string(pub));
	return log_and_commit_or_err(s, body, e);
}

json_t *users_list(struct store *s)
{
	json_t *out = json_array();
	sqlite3_stmt *st = store_prep(s, "SELECT name, role, disabled, (SELECT count(*) FROM sessions x WHERE "
				      "x.name = u.name AND x.expires > ?) FROM users u ORDER BY name");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
	while (store_row(s, st))
		json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:I}", "name", (const char *)sqlite3_column_text(st, 0),
						     "role", (const char *)sqlite3_column_text(st, 1), "disabled",
						     sqlite3_column_int(st, 2), "sessions",
						     (json_int_t)sqlite3_column_int64(st, 3)));
	sqlite3_reset(st);
	return out;
}

json_t *users_log_list(struct store *s)
{
	json_t *out = json_array();
	sqlite3_stmt *st = store_prep(s, "SELECT seq, body FROM users_log ORDER BY seq");
	while (store_row(s, st)) {
		json_t *b = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
		if (!b)
			b = json_object();
		json_object_del(b, "password");
		json_object_set_new(b, "seq", json_integer(sqlite3_column_int64(st, 0)));
		json_array_append_new(out, b);
	}
	sqlite3_reset(st);
	return out;
}

/* A valid Argon2id hash of a password nobody knows, with the same cost as
 * real ones: an unknown name costs as much time as a wrong password. */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=2,p=1$W+jE2Y5buL6HXYp0SHiA7g$fPKEFKy5J/BSKK1Q7Q1Npncic/iflF8iI/2Bx7ywGmM";

int users_authenticate_or_err(struct store *s, const char *name, const char *password, struct who *w,
			      struct err *e)
{
	char hash[crypto_pwhash_STRBYTES] = "";
	char role[16] = "";
	int disabled = 1;
	sqlite3_stmt *st = store_prep(s, "SELECT pwhash, role, disabled FROM users WHERE name = ?");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(hash, sizeof hash, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(role, sizeof role, "%s", (const char *)sqlite3_column_text(st, 1));
		disabled = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	int good = crypto_pwhash_str_verify(hash[0] ? hash : dummy_hash, password, strlen(password)) == 0;
	sodium_memzero(hash, sizeof hash);
	enum role r = ROLE_PUBLIC;
	struct err ignore;
	if (!good || disabled || role_parse_or_err(role, &r, &ignore) < 0)
		return err_set_code(e, E_FORBIDDEN, "wrong user name or password, or the account is disabled");
	memset(w, 0, sizeof *w);
	w->role = r;
	snprintf(w->name, sizeof w->name, "%s", name);
	return 0;
}

long long users_verify(sqlite3 *db, json_t *problems)
{
	char prev[HASH_HEX], id[HASH_HEX], link[HASH_HEX], msg[400];
	memset(prev, '0', 64);
	prev[64] = 0;
	json_t *state = json_object();         /* name -> {role, disabled, password} replayed */
	sqlite3_stmt *st;
	long long n = 0, expect = 1;
	if (sqlite3_prepare_v2(db, "SELECT seq, body, chain FROM users_log ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
		json_array_append_new(problems, json_string("the users log is missing (muster rebuild migrates the file)"));
		json_decref(state);
		return 0;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *body = (const char *)sqlite3_column_text(st, 1);
		const char *chain = (const char *)sqlite3_column_text(st, 2);
		n++;
		if (seq != expect) {
			snprintf(msg, sizeof msg, "users log entry %lld is missing (an entry was deleted)", expect);
			json_array_append_new(problems, json_string(msg));
		}
		expect = seq + 1;
		hash_sha256_hex(body, strlen(body), id);
		hash_chain(prev, id, link);
		if (strcmp(link, chain)) {
			snprintf(msg, sizeof msg, "users log entry %lld: the chain breaks here (an entry was changed, "
				 "removed or reordered)", seq);
			json_array_append_new(problems, json_string(msg));
		}
		snprintf(prev, sizeof prev, "%s", chain);
		json_t *b = json_loads(body, 0, NULL);
		const char *action = json_string_value(json_object_get(b, "action"));
		const char *name = json_string_value(json_object_get(b, "name"));
		if (action && name && !strcmp(action, "add"))
			json_object_set_new(state, name, json_pack("{s:O, s:i, s:O}", "role", json_object_get(b, "role"),
								   "disabled", 0, "password", json_object_get(b, "password")));
		else if (action && name && !strcmp(action, "disable") && json_object_get(state, name))
			json_object_set_new(json_object_get(state, name), "disabled", json_integer(1));
		else if (action && name && !strcmp(action, "enable") && json_object_get(state, name))
			json_object_set_new(json_object_get(state, name), "disabled", json_integer(0));
		else if (action && name && !strcmp(action, "password") && json_object_get(state, name))
			json_object_set(json_object_get(state, name), "password", json_object_get(b, "password"));
		/* The signing key each add, password and key entry made. */
		if (action && name && json_object_get(state, name) && json_object_get(b, "key"))
			json_object_set(json_object_get(state, name), "key", json_object_get(b, "key"));
		json_decref(b);
	}
	/* A read that stops early is a problem found, not the end of the log. */
	if (rc != SQLITE_DONE) {
		snprintf(msg, sizeof msg, "reading the users log stopped after entry %lld: %s", expect - 1, sqlite3_errmsg(db));
		json_array_append_new(problems, json_string(msg));
	}
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db, "SELECT name, role, disabled, pwhash, coalesce(pubkey, '') FROM users ORDER BY name", -1,
			   &st, NULL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *pw = (const char *)sqlite3_column_text(st, 3);
		json_t *u = json_object_get(state, name);
		char fp[HASH_HEX];
		hash_sha256_hex(pw, strlen(pw), fp);
		if (!u)
			snprintf(msg, sizeof msg, "user %.64s is not in the users log (added behind muster's back)", name);
		else if (strcmp(json_string_value(json_object_get(u, "role")) ?: "", (const char *)sqlite3_column_text(st, 1)))
			snprintf(msg, sizeof msg, "user %.64s: the role differs from the users log (%s there)", name,
				 json_string_value(json_object_get(u, "role")) ?: "?");
		else if (json_integer_value(json_object_get(u, "disabled")) != sqlite3_column_int(st, 2))
			snprintf(msg, sizeof msg, "user %.64s: %s in the table but not in the users log", name,
				 sqlite3_column_int(st, 2) ? "disabled" : "enabled");
		else if (strcmp(json_string_value(json_object_get(u, "password")) ?: "", fp))
			snprintf(msg, sizeof msg, "user %.64s: the password hash was replaced behind muster's back", name);
		else if (strcmp(json_string_value(json_object_get(u, "key")) ?: "", (const char *)sqlite3_column_text(st, 4)))
			snprintf(msg, sizeof msg, "user %.64s: the signing key differs from the users log (replaced "
				 "behind muster's back)", name);
		else
			msg[0] = 0;
		if (msg[0])
			json_array_append_new(problems, json_string(msg));
		if (u)
			json_object_set_new(u, "seen", json_true());
	}
	if (rc != SQLITE_DONE) {
		snprintf(msg, sizeof msg, "reading the users table stopped: %s", sqlite3_errmsg(db));
		json_array_append_new(problems, json_string(msg));
		json_object_clear(state);       /* unread users are not missing ones */
	}
	sqlite3_finalize(st);
	const char *k;
	json_t *v;
	json_object_foreach(state, k, v)
		if (!json_object_get(v, "seen")) {
			snprintf(msg, sizeof msg, "user %.64s is in the users log but not in the users table (deleted "
				 "behind muster's back)", k);
			json_array_append_new(problems, json_string(msg));
		}
	json_decref(state);
	return n;
}
