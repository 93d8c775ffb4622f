/* users.h: who may do what. Users are not mission records: they live in
 * their own tables of the same file (users, with an Argon2id password hash),
 * every change to them is appended to users_log (canonical JSON, chained by
 * SHA-256 like the record log, so `muster verify` proves it untouched), and
 * the web keeps its sessions and failed sign-ins beside them. Roles:
 * public (anonymous), editor, oversight, admin. */
#ifndef MUSTER_USERS_H
#define MUSTER_USERS_H

#include <jansson.h>
#include <sqlite3.h>

#include "../core/err.h"
#include "../core/store.h"

struct store;

/* The tables, created by schema migration 4 (store.c). users_log and its
 * guards follow the record log: append-only, checked by verify. */
#define USERS_SCHEMA_SQL \
	"CREATE TABLE IF NOT EXISTS users(name TEXT PRIMARY KEY, role TEXT NOT NULL,\n" \
	"  pwhash TEXT NOT NULL, disabled INT NOT NULL DEFAULT 0) WITHOUT ROWID;\n" \
	"CREATE TABLE IF NOT EXISTS users_log(seq INTEGER PRIMARY KEY, body TEXT NOT NULL, chain TEXT NOT NULL);\n" \
	"CREATE TRIGGER IF NOT EXISTS users_log_no_update BEFORE UPDATE ON users_log BEGIN\n" \
	"  SELECT RAISE(ABORT, 'the users log is append-only'); END;\n" \
	"CREATE TRIGGER IF NOT EXISTS users_log_no_delete BEFORE DELETE ON users_log BEGIN\n" \
	"  SELECT RAISE(ABORT, 'the users log is append-only'); END;\n" \
	"CREATE TABLE IF NOT EXISTS sessions(token_hash TEXT PRIMARY KEY, name TEXT NOT NULL,\n" \
	"  csrf TEXT NOT NULL, created INT NOT NULL, expires INT NOT NULL) WITHOUT ROWID;\n" \
	"CREATE INDEX IF NOT EXISTS sessions_name ON sessions(name);\n" \
	"CREATE TABLE IF NOT EXISTS signin_failures(at INT NOT NULL, name TEXT NOT NULL, addr TEXT NOT NULL);\n" \
	"CREATE INDEX IF NOT EXISTS signin_failures_name ON signin_failures(name, at);\n" \
	"CREATE INDEX IF NOT EXISTS signin_failures_addr ON signin_failures(addr, at);\n"

/* The tables above: not derived from the log, so rebuild and the derived
 * comparison of verify leave them alone. */
#define USERS_TABLES "users users_log sessions signin_failures"

enum role {
	ROLE_PUBLIC = 0,        /* anonymous: public records only */
	ROLE_EDITOR = 1,        /* adds and corrects mission records; reads what the public reads */
	ROLE_OVERSIGHT = 2,     /* reads restricted records; adds vetting, complaints, sources */
	ROLE_ADMIN = 3,         /* both */
};

/* Who is asking: a signed-in user (web session or CLI --user) or nobody. */
struct who {
	enum role role;
	char name[65];          /* "" when anonymous */
	char csrf[65];          /* the web session's CSRF token (hex), "" otherwise */
	char token_hash[65];    /* SHA-256 of the session token (hex), "" otherwise */
};

#define PASSWORD_MIN 10         /* characters (bytes) */
#define PASSWORD_MAX 256

/* ---- users.c ---- */

const char *role_name(enum role r);
/* "editor", "oversight" or "admin" (public is nobody's role). */
int role_parse_or_err(const char *text, enum role *r, struct err *e);
/* Oversight and admin read restricted records. */
int role_sees_restricted(enum role r);
/* Whether `r` may add or correct records of kind `kind` (see the roles above). */
int role_may_write_kind(enum role r, const char *kind);

int user_name_check_or_err(const char *name, struct err *e);
int password_check_or_err(const char *pw, struct err *e);

/* Adds a user with an Argon2id hash of `password`, and the users_log entry
 * naming `by` (who did it), in one transaction. */
int users_add_or_err(struct store *s, const char *name, enum role role, const char *password, const char *by,
		     struct err *e);
/* Disables a user and ends their sessions; logged like users_add_or_err. */
int users_disable_or_err(struct store *s, const char *name, const char *by, struct err *e);
/* Lets a disabled user sign in again; logged the same way. */
int users_enable_or_err(struct store *s, const char *name, const char *by, struct err *e);
/* Replaces a user's password (an Argon2id hash of `password`) and ends their
 * sessions; the users log keeps a fingerprint of the new hash. */
int users_password_or_err(struct store *s, const char *name, const char *password, const char *by,
			  struct err *e);
/* Checks the user's password, and gives them a new signing key sealed
 * under it (src/trust/keys.h), logged as "key"; its hex into pub. */
int users_new_key_or_err(struct store *s, const char *name, const char *password, const char *by, char pub[65],
			 struct err *e);
/* [{name, role, disabled}] by name; a new array (caller decrefs). */
json_t *users_list(struct store *s);
/* The users log: [{seq, action, name, role, by, at}]; a new array. */
json_t *users_log_list(struct store *s);
/* Checks name and password. On success fills w->name and w->role and returns
 * 0; any failure (unknown name, wrong password, disabled) gives the same
 * message and takes about as long. */
int users_authenticate_or_err(struct store *s, const char *name, const char *password, struct who *w,
			      struct err *e);
/* For verify: the users log's chain, and the users table against the log
 * replayed. Appends one string per problem to `problems`; returns the number
 * of users log entries. */
long long users_verify(sqlite3 *db, json_t *problems);

/* ---- sessions.c: web sessions and the limit on failed sign-ins ---- */

#define SESSION_SECONDS (8 * 3600)      /* a session ends 8 hours after sign-in */
/* Failed sign-ins are counted per pair of user name and client address,
 * never per name alone: a stranger who fails for a name slows down only
 * himself. A pair's first SIGNIN_FREE failures cost nothing; after the n-th
 * failure beyond them it waits 2^(n-1) seconds (1, 2, 4, … at most
 * SIGNIN_MAX_WAIT); failures are forgotten after a day. An address with
 * SIGNIN_ADDR_MAX failures in SIGNIN_WINDOW, whatever the names, waits out
 * the window (guessing across many names). */
#define SIGNIN_FREE 3
#define SIGNIN_MAX_WAIT (15 * 60)
#define SIGNIN_WINDOW (15 * 60)
#define SIGNIN_ADDR_MAX 20

/* Starts a session for w (signed in): writes a new random token (64 hex)
 * into `token` for the cookie, keeps only its SHA-256, and fills w->csrf and
 * w->token_hash. */
int session_create_or_err(struct store *s, struct who *w, char token[65], struct err *e);
/* The live session of `token` (unexpired, its user not disabled): fills w
 * and returns 0; -1 (w anonymous) otherwise. Reads only. */
int session_lookup(sqlite3 *db, const char *token, struct who *w);
/* Ends the session whose token hashes to `token_hash`. */
int session_end_or_err(struct store *s, const char *token_hash, struct err *e);
/* The seconds `addr` must still wait before it may try to sign in as
 * `name` (0: it may now), by the rules above. Reads only. */
int signin_wait(struct store *s, const char *name, const char *addr);
/* Counts one failed sign-in (and forgets failures older than a day). */
void signin_failed(struct store *s, const char *name, const char *addr);

/* ---- guard.c ---- */

/* Installs an SQLite authorizer on `db` for a reader that may not see
 * restricted records: an allow-list (guard.c) of the public views, the
 * public tables and the log's seq, id and chain. A statement that reads
 * anything else (rec, the log's bodies, users, sessions, a restricted kind's
 * table) fails to prepare with "not authorized". Nothing for a reader who
 * may see restricted records. Sets s->public_only. */
void guard_install(struct store *s, enum role r);
/* Whether the guard lets a public connection read `column` of `table` (the
 * authorizer's SQLITE_READ arguments: column "" for a table read without a
 * column, `db` the schema, `view` the innermost view read for, or NULL). */
int guard_may_read(const char *table, const char *column, const char *db, const char *view);

#endif
