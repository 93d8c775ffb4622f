/* sessions.c: web sessions — a random token from libsodium goes into the
 * cookie, only its SHA-256 into the file — and the count of failed sign-ins
 * per user name and per client address. Times are the real clock, never
 * $MUSTER_NOW: expiry and lock-outs must not be frozen by a test setting. */
#include "users.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/hash.h"
#include "../core/store.h"

static void random_hex(char out[65])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, 65, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

int session_create_or_err(struct store *s, struct who *w, char token[65], struct err *e)
{
	random_hex(token);
	random_hex(w->csrf);
	hash_sha256_hex(token, 64, w->token_hash);
	sqlite3_int64 now = (sqlite3_int64)time(NULL);
	sqlite3_stmt *st = store_prep(s, "INSERT INTO sessions(token_hash, name, csrf, created, expires) VALUES(?,?,?,?,?)");
	sqlite3_bind_text(st, 1, w->token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, w->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, w->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, now + SESSION_SECONDS);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set_code(e, rc == SQLITE_BUSY ? E_BUSY : E_INTERNAL, "%s: starting a session: %s", s->path, sqlite3_errmsg(s->db));
	/* Expired sessions are of no use to anyone: forget them. */
	st = store_prep(s, "DELETE FROM sessions WHERE expires <= ?");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_step(st);
	sqlite3_reset(st);
	return 0;
}

static int hex64(const char *s)
{
	if (!s || strlen(s) != 64)
		return 0;
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return 0;
	return 1;
}

int session_lookup(sqlite3 *db, const char *token, struct who *w)
{
	memset(w, 0, sizeof *w);
	if (!hex64(token))
		return -1;
	char th[HASH_HEX];
	hash_sha256_hex(token, 64, th);
	sqlite3_stmt *st;
	/* Prepared here, not cached: a file without the tables (never migrated
	 * for writing) simply has no sessions. */
	if (sqlite3_prepare_v2(db, "SELECT u.name, u.role, x.csrf FROM sessions x JOIN users u ON u.name = x.name "
			       "WHERE x.token_hash = ? AND x.expires > ? AND u.disabled = 0", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
	int rc = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		struct err ignore;
		enum role r;
		if (role_parse_or_err((const char *)sqlite3_column_text(st, 1), &r, &ignore) == 0) {
			w->role = r;
			snprintf(w->name, sizeof w->name, "%s", (const char *)sqlite3_column_text(st, 0));
			snprintf(w->csrf, sizeof w->csrf, "%s", (const char *)sqlite3_column_text(st, 2));
			memcpy(w->token_hash, th, sizeof w->token_hash);
			rc = 0;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int session_end_or_err(struct store *s, const char *token_hash, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "DELETE FROM sessions WHERE token_hash = ?");
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set_code(e, rc == SQLITE_BUSY ? E_BUSY : E_INTERNAL, "%s: ending a session: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

int signin_wait(struct store *s, const char *name, const char *addr)
{
	sqlite3_int64 now = (sqlite3_int64)time(NULL);
	sqlite3_stmt *st = store_prep(s, "SELECT (SELECT count(*) FROM signin_failures WHERE name = ?1 AND addr = ?2 "
				      "AND at > ?4), (SELECT max(at) FROM signin_failures WHERE name = ?1 AND addr = ?2),"
				      " (SELECT count(*) FROM signin_failures WHERE addr = ?2 AND at > ?3),"
				      " (SELECT min(at) FROM signin_failures WHERE addr = ?2 AND at > ?3)");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, addr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now - SIGNIN_WINDOW);
	sqlite3_bind_int64(st, 4, now - 86400);
	long long wait = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		long long pair = sqlite3_column_int64(st, 0), last = sqlite3_column_int64(st, 1);
		long long from_addr = sqlite3_column_int64(st, 2), oldest = sqlite3_column_int64(st, 3);
		if (pair > SIGNIN_FREE) {
			long long over = pair - SIGNIN_FREE;
			long long delay = over > 11 ? SIGNIN_MAX_WAIT : 1LL << (over - 1);
			if (delay > SIGNIN_MAX_WAIT)
				delay = SIGNIN_MAX_WAIT;
			wait = last + delay - now;
		}
		if (from_addr >= SIGNIN_ADDR_MAX && oldest + SIGNIN_WINDOW - now > wait)
			wait = oldest + SIGNIN_WINDOW - now;
	}
	sqlite3_reset(st);
	return wait > 0 ? (int)wait : 0;
}

void signin_failed(struct store *s, const char *name, const char *addr)
{
	sqlite3_int64 now = (sqlite3_int64)time(NULL);
	sqlite3_stmt *st = store_prep(s, "INSERT INTO signin_failures(at, name, addr) VALUES(?,?,?)");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, addr, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_reset(st);
	st = store_prep(s, "DELETE FROM signin_failures WHERE at < ?");
	sqlite3_bind_int64(st, 1, now - 86400);
	sqlite3_step(st);
	sqlite3_reset(st);
}
