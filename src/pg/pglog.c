/* pglog.c: the log in PostgreSQL as the file's source of truth (pg.h): the
 * lock and catch-up at a transaction's first append, the copy and commit
 * before SQLite commits, and the pull that a server's follower runs. */
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/store.h"
#include "../sync/sync.h"
#include "pq.h"

/* The table: seq is the order of receipt (no gaps: writers hold the lock
 * from reading the last seq to committing theirs), id the record's name,
 * body its canonical text, chain its link. */
#define PGLOG_TABLE_SQL \
	"CREATE TABLE IF NOT EXISTS muster_log (\n" \
	"  seq         bigint PRIMARY KEY CHECK (seq > 0),\n" \
	"  id          text NOT NULL UNIQUE CHECK (length(id) = 64),\n" \
	"  body        text NOT NULL,\n" \
	"  chain       text NOT NULL,\n" \
	"  received_at timestamptz NOT NULL DEFAULT now()\n" \
	")"

/* Rows applied per query while catching up. */
#define PULL_BATCH 5000

static char *log_url;

struct pglog {
	PGconn *c;
	int held;               /* a PostgreSQL transaction holds the lock for the file's */
	int applying;           /* rows of the log are being applied: the hooks stand aside */
	int made;               /* the table was made (or found) on this connection */
	int follower;           /* a follower's: nothing is applied at a begin */
	sqlite3_int64 base;     /* the log's length when held: later rows are pushed */
};

void pglog_use(const char *url)
{
	free(log_url);
	log_url = url && *url ? strdup(url) : NULL;
}

const char *pglog_url(void)
{
	return log_url;
}

struct pglog *pglog_new(void)
{
	return log_url ? calloc(1, sizeof(struct pglog)) : NULL;
}

static void drop_conn(struct pglog *l)
{
	if (l->c)
		pq.finish(l->c);
	l->c = NULL;
	l->made = 0;
	l->held = 0;
}

void pglog_free(struct pglog *l)
{
	if (!l)
		return;
	drop_conn(l);
	free(l);
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* libpq's message without its trailing newline, for one line of ours. */
static const char *one_line(const char *m, char *buf, size_t size)
{
	snprintf(buf, size, "%s", m && *m ? m : "no message");
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = *(p + 1) ? ' ' : 0;
	return buf;
}

static int conn_fail(struct pglog *l, const char *what, struct err *e)
{
	char m[400];
	one_line(l->c ? pq.errorMessage(l->c) : NULL, m, sizeof m);
	drop_conn(l);
	return err_set_code(e, E_BUSY, "the log in PostgreSQL (--log): %s: %s; nothing was written, try again",
			    what, m);
}

static int connect_or_err(struct pglog *l, struct err *e)
{
	if (l->c && pq.status(l->c) == CONNECTION_OK)
		return 0;
	if (pq_load_or_err(e) < 0)
		return -1;
	drop_conn(l);
	l->c = pq.connectdb(log_url);
	if (!l->c || pq.status(l->c) != CONNECTION_OK)
		return conn_fail(l, "cannot connect", e);
	pq.setNoticeProcessor(l->c, quiet, NULL);
	/* A commit returns once the synchronous standbys named by the
	 * server's synchronous_standby_names have flushed it; another writer's
	 * lock is waited for as long as the file's (MUSTER_WAIT), then busy. */
	char set[160];
	snprintf(set, sizeof set, "SET synchronous_commit TO on; SET application_name TO 'muster'; "
		 "SET lock_timeout TO '%ds'", store_wait_seconds());
	PGresult *r = pq.exec(l->c, set);
	int ok = pq.resultStatus(r) == PGRES_COMMAND_OK;
	pq.clear(r);
	return ok ? 0 : conn_fail(l, "setting up the session", e);
}

/* Runs SQL expecting `want`; the result (caller clears) or NULL with `e`. */
static PGresult *run_or_err(struct pglog *l, const char *sql, ExecStatusType want, struct err *e)
{
	PGresult *r = pq.exec(l->c, sql);
	if (pq.resultStatus(r) == want)
		return r;
	char m[400];
	one_line(pq.resultErrorMessage(r), m, sizeof m);
	pq.clear(r);
	if (pq.status(l->c) != CONNECTION_OK)
		return conn_fail(l, "the connection was lost", e), NULL;
	err_set_code(e, E_BUSY, "the log in PostgreSQL (--log): %s: %s", sql, m);
	return NULL;
}

static int alone_ok(void)
{
	const char *a = getenv("MUSTER_LOG_ALONE");
	return a && !strcmp(a, "1");
}

/* Whether the server names a synchronous standby now. */
static int standby_named_or_err(struct pglog *l, int *named, struct err *e)
{
	PGresult *r = run_or_err(l, "SELECT current_setting('synchronous_standby_names')", PGRES_TUPLES_OK, e);
	if (!r)
		return -1;
	*named = pq.ntuples(r) == 1 && *pq.getvalue(r, 0, 0);
	pq.clear(r);
	return 0;
}

/* The file's id and chain at `seq`. */
static void local_row(struct store *s, sqlite3_int64 seq, char id[HASH_HEX], char chain[HASH_HEX])
{
	sqlite3_stmt *st = store_prep(s, "SELECT id, chain FROM log WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	id[0] = chain[0] = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(id, HASH_HEX, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(chain, HASH_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
}

static int diverged(struct store *s, sqlite3_int64 seq, const char *what, struct err *e)
{
	return err_set_code(e, E_DOESNOTHOLD, "%s is not a read model of the log in PostgreSQL (--log): at "
			    "seq %lld %s; make a new file (muster init) and let it catch up from the log",
			    s->path, (long long)seq, what);
}

/* Applies rows after the file's last, at most `max` (0: all); `strict`: a
 * gap is an error (under the lock none can be). */
static int apply_or_err(struct store *s, long max, int strict, long *applied, struct err *e)
{
	struct pglog *l = s->log;
	*applied = 0;
	int was_defer = s->defer_ok;
	s->defer_ok = 0;        /* a catch-up never defers a bulk import's checks */
	int rc = 0;
	for (;;) {
		char from[32], lim[32];
		snprintf(from, sizeof from, "%lld", (long long)s->count);
		long want = max && max - *applied < PULL_BATCH ? max - *applied : PULL_BATCH;
		snprintf(lim, sizeof lim, "%ld", want + 1);
		const char *params[2] = {from, lim};
		PGresult *r = pq.execParams(l->c, "SELECT " PGLOG_COLUMNS " FROM muster_log WHERE seq >= $1 "
					    "ORDER BY seq LIMIT $2", 2, NULL, params, NULL, NULL, 0);
		if (pq.resultStatus(r) != PGRES_TUPLES_OK) {
			char m[400];
			one_line(pq.resultErrorMessage(r), m, sizeof m);
			pq.clear(r);
			if (pq.status(l->c) != CONNECTION_OK)
				rc = conn_fail(l, "reading the log", e);
			else
				rc = err_set_code(e, E_BUSY, "the log in PostgreSQL (--log): reading it: %s", m);
			break;
		}
		int n = pq.ntuples(r), i = 0, got = 0;
		if (s->count > 0) {
			/* The file's last row must be the log's row of that seq. */
			char id[HASH_HEX], chain[HASH_HEX];
			local_row(s, s->count, id, chain);
			if (n == 0 || atoll(pq.getvalue(r, 0, 0)) != s->count)
				rc = diverged(s, s->count, "the file holds a record that the log does not", e);
			else if (strcmp(id, pq.getvalue(r, 0, 1)) || strcmp(chain, pq.getvalue(r, 0, 3)))
				rc = diverged(s, s->count, "the file and the log hold different records", e);
			i = 1;
		}
		for (; rc == 0 && i < n; i++) {
			long long seq = atoll(pq.getvalue(r, i, 0));
			if (seq != s->count + 1) {
				if (strict)
					rc = err_set_code(e, E_INTERNAL, "the log in PostgreSQL (--log) has no seq %lld "
							  "(it goes on at %lld)", (long long)s->count + 1, seq);
				break;
			}
			int added = 0;
			l->applying = 1;
			/* The log's records were checked (signatures included) when
			 * they entered it; it does not carry their signatures yet. */
			s->replaying = 1;
			rc = sync_arrive_or_err(s, pq.getvalue(r, i, 1), pq.getvalue(r, i, 2), NULL, NULL, 1, &added, e);
			s->replaying = 0;
			l->applying = 0;
			if (rc < 0) {
				err_prefix(e, "the log's seq %lld", seq);
				break;
			}
			if (!added)
				rc = diverged(s, seq, "the file holds the log's record elsewhere", e);
			else if (strcmp(s->head, pq.getvalue(r, i, 3)))
				rc = diverged(s, seq, "the file's chain differs from the log's", e);
			else
				got++;
		}
		pq.clear(r);
		*applied += got;
		if (rc < 0 || got < want || (max && *applied >= max))
			break;
	}
	s->defer_ok = was_defer;
	return rc;
}

int pglog_hold_or_err(struct store *s, struct err *e)
{
	struct pglog *l = s->log;
	if (!l || l->held || l->applying)
		return 0;
	if (connect_or_err(l, e) < 0)
		return -1;
	if (!l->made) {
		PGresult *r = run_or_err(l, PGLOG_TABLE_SQL, PGRES_COMMAND_OK, e);
		if (!r)
			return -1;
		pq.clear(r);
		l->made = 1;
	}
	/* EXCLUSIVE: other writers wait; readers (followers) go on. */
	PGresult *r = run_or_err(l, "BEGIN; LOCK TABLE muster_log IN EXCLUSIVE MODE", PGRES_COMMAND_OK, e);
	if (!r)
		return -1;
	pq.clear(r);
	l->held = 1;
	int named = 0;
	if (standby_named_or_err(l, &named, e) < 0)
		return -1;
	if (!named && !alone_ok()) {
		pglog_rollback(s);
		return err_set_code(e, E_BUSY, "the log in PostgreSQL (--log) has no synchronous standby just now "
				    "(synchronous_standby_names is empty), so a write could be lost with its "
				    "primary; nothing was written, try again once the standby is back "
				    "(MUSTER_LOG_ALONE=1 writes without one: docs/hq.md)");
	}
	long applied = 0;
	if (apply_or_err(s, 0, 1, &applied, e) < 0) {
		pglog_rollback(s);
		return -1;
	}
	l->base = s->count;
	return 0;
}

/* COPY's text format: backslash, tab, newline and carriage return escaped. */
static void copy_field(char **out, size_t *len, size_t *cap, const char *v, int last)
{
	size_t need = *len + strlen(v) * 2 + 2;
	if (need > *cap) {
		*cap = need * 2;
		*out = realloc(*out, *cap);
		if (!*out)
			abort();
	}
	char *o = *out + *len;
	for (const char *p = v; *p; p++) {
		char x = *p == '\\' ? '\\' : *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : 0;
		if (x) {
			*o++ = '\\';
			*o++ = x;
		} else {
			*o++ = *p;
		}
	}
	*o++ = last ? '\n' : '\t';
	*len = (size_t)(o - *out);
}

static int push_or_err(struct store *s, struct err *e)
{
	struct pglog *l = s->log;
	PGresult *r = run_or_err(l, "COPY muster_log(" PGLOG_COLUMNS ") FROM STDIN", PGRES_COPY_IN, e);
	if (!r)
		return -1;
	pq.clear(r);
	sqlite3_stmt *st = store_prep(s, "SELECT " PGLOG_COLUMNS " FROM log WHERE seq > ? ORDER BY seq");
	sqlite3_bind_int64(st, 1, l->base);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int ok = 1;
	while (ok && store_row(s, st)) {
		for (int c = 0; c < PGLOG_NCOLS; c++)
			copy_field(&buf, &len, &cap, (const char *)sqlite3_column_text(st, c), c == PGLOG_NCOLS - 1);
		if (len > (1 << 20)) {
			ok = pq.putCopyData(l->c, buf, (int)len) == 1;
			len = 0;
		}
	}
	sqlite3_reset(st);
	if (ok && len)
		ok = pq.putCopyData(l->c, buf, (int)len) == 1;
	free(buf);
	const char *stop = ok && !s->failed.msg[0] ? NULL : "the file could not be read";
	if (pq.putCopyEnd(l->c, stop) != 1)
		return conn_fail(l, "copying the records", e);
	r = pq.getResult(l->c);
	int done = pq.resultStatus(r) == PGRES_COMMAND_OK;
	char m[400];
	one_line(pq.resultErrorMessage(r), m, sizeof m);
	pq.clear(r);
	while ((r = pq.getResult(l->c)))
		pq.clear(r);
	if (s->failed.msg[0])
		return store_failed_or_err(s, e);
	if (!done)
		return pq.status(l->c) != CONNECTION_OK ? conn_fail(l, "copying the records", e)
			: err_set_code(e, E_BUSY, "the log in PostgreSQL (--log): copying the records: %s", m);
	return 0;
}

int pglog_commit_or_err(struct store *s, struct err *e)
{
	struct pglog *l = s->log;
	if (!l || !l->held)
		return 0;
	if (s->count > l->base && push_or_err(s, e) < 0) {
		pglog_rollback(s);
		return -1;
	}
	PGresult *r = pq.exec(l->c, "COMMIT");
	int ok = pq.resultStatus(r) == PGRES_COMMAND_OK;
	char m[400];
	one_line(pq.resultErrorMessage(r), m, sizeof m);
	pq.clear(r);
	l->held = 0;
	if (!ok && pq.status(l->c) != CONNECTION_OK) {
		drop_conn(l);
		return err_set_code(e, E_BUSY, "the log in PostgreSQL (--log): the connection was lost at the commit "
				    "(%s), so whether the %lld records were written is not known; the server's read "
				    "model shows it once it catches up", m, (long long)(s->count - l->base));
	}
	if (!ok)
		return err_set_code(e, E_BUSY, "the log in PostgreSQL (--log): the commit failed: %s; nothing was "
				    "written", m);
	/* The commit waited for the standbys named; if the name was cleared
	 * while it waited (the standby lost), it returned without them. */
	int named = 1;
	if (s->count > l->base && !alone_ok() && (standby_named_or_err(l, &named, e) < 0 || !named))
		return err_set_code(e, E_BUSY, "the log in PostgreSQL (--log): the %lld records were written on the "
				    "primary, but no synchronous standby confirmed them (the standby was lost while "
				    "the commit waited); they stand, but could be lost with the primary",
				    (long long)(s->count - l->base)), 1;
	return 0;
}

void pglog_rollback(struct store *s)
{
	struct pglog *l = s->log;
	if (!l || !l->held)
		return;
	l->held = 0;
	PGresult *r = pq.exec(l->c, "ROLLBACK");
	pq.clear(r);
	if (pq.status(l->c) != CONNECTION_OK)
		drop_conn(l);
}

sqlite3_int64 pglog_base(const struct store *s)
{
	return s->log && s->log->held ? s->log->base : 0;
}

void pglog_follower(struct pglog *l)
{
	if (l)
		l->follower = 1;
}

void pglog_begin(struct store *s)
{
	long applied;
	struct err ignored;
	if (s->log && !s->log->follower)
		pglog_pull_or_err(s, 0, &applied, &ignored);
}

int pglog_pull_or_err(struct store *s, long max, long *applied, struct err *e)
{
	struct pglog *l = s->log;
	*applied = 0;
	if (!l)
		return 0;
	if (connect_or_err(l, e) < 0)
		return -1;
	PGresult *r = run_or_err(l, "SELECT to_regclass('muster_log') IS NOT NULL", PGRES_TUPLES_OK, e);
	if (!r)
		return -1;
	int exists = pq.ntuples(r) == 1 && !strcmp(pq.getvalue(r, 0, 0), "t");
	pq.clear(r);
	if (!exists) {
		if (s->count > 0)
			return diverged(s, s->count, "the file holds records and the log is empty", e);
		return 0;
	}
	return apply_or_err(s, max, 0, applied, e);
}
