/* store.c: opening the file, bringing its schema up to date (the steps:
 * schema.c), transactions. */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bulk.h"
#include "date.h"
#include "derive.h"
#include "../search/search.h"
#include "../trust/keys.h"
#include "../trust/users.h"
#include "../pg/pg.h"


static int file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

int store_wait_seconds(void)
{
	const char *w = getenv("MUSTER_WAIT");
	char *end;
	long n = w && *w ? strtol(w, &end, 10) : -1;
	if (n < 0 || n > 86400 || *end)
		return STORE_WAIT_DEFAULT;
	return (int)n;
}

static int sql_fail(struct store *s, struct err *e, const char *what)
{
	int rc = sqlite3_errcode(s->db);
	const char *m = sqlite3_errmsg(s->db);
	if (sqlite3_extended_errcode(s->db) == SQLITE_READONLY_ROLLBACK)
		return err_set(e, "%s: an interrupted write left its journal (%s-journal), which only a program "
			       "that can write to the file and its folder can roll back: run any muster command "
			       "on it as its owner", s->path, s->path);
	if (rc == SQLITE_READONLY)
		return err_set(e, "%s: cannot write: the file is read-only (%s); check the permissions of the "
			       "file and its folder", s->path, m);
	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return err_set(e, "%s: not a Muster database (%s); pass the right file with --db", s->path, m);
	if (rc == SQLITE_BUSY)
		return err_set_code(e, E_BUSY, "%s: busy: another program has been writing to the file for "
				    "%d s (an import?); nothing was changed: try again when it is done, or wait "
				    "longer with MUSTER_WAIT=SECONDS", s->path, store_wait_seconds());
	return err_set_code(e, E_INTERNAL, "%s: %s: %s", s->path, what, m);
}

int store_exec_or_err(struct store *s, const char *sql, struct err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sql_fail(s, e, "SQL failed");
	return 0;
}

sqlite3_stmt *store_prep(struct store *s, const char *sql)
{
	for (int i = 0; i < s->n_stmts; i++)
		if (s->stmts[i].sql == sql) {
			sqlite3_reset(s->stmts[i].st);
			sqlite3_clear_bindings(s->stmts[i].st);
			return s->stmts[i].st;
		}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "muster: bug: cannot prepare SQL: %s\n%s\n", sqlite3_errmsg(s->db), sql);
		abort();
	}
	if (s->n_stmts < STORE_MAX_STMTS) {
		s->stmts[s->n_stmts].sql = sql;
		s->stmts[s->n_stmts].st = st;
		s->n_stmts++;
	} else {
		fprintf(stderr, "muster: bug: more than %d cached statements\n", STORE_MAX_STMTS);
		abort();
	}
	return st;
}

static void load_head(struct store *s)
{
	sqlite3_stmt *st = store_prep(s, "SELECT seq, chain FROM log ORDER BY seq DESC LIMIT 1");
	memset(s->head, '0', 64);
	s->head[64] = 0;
	s->count = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		s->count = sqlite3_column_int64(st, 0);
		snprintf(s->head, sizeof s->head, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
}

static int migrate_or_err(struct store *s, struct err *e)
{
	sqlite3_stmt *st;
	int version = 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return sql_fail(s, e, "reading the schema version");
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	size_t n_migrations;
	const char *const *migrations = store_migrations(&n_migrations);
	int latest = (int)n_migrations;
	if (version > latest)
		return err_set(e, "%s: made by a newer muster (schema %d, this one knows %d); upgrade muster",
			       s->path, version, latest);
	if (version == latest)
		return 0;
	if (!s->writable)
		return err_set(e, "%s: schema %d is older than %d; open it once for writing "
			       "(e.g. muster rebuild) to migrate", s->path, version, latest);
	if (store_exec_or_err(s, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	/* The views read the log and the derived tables, which migrations
	 * rebuild (7 renames the log): they are made again with them. */
	if (derive_drop_views_or_err(s, e) < 0) {
		store_rollback(s);
		return -1;
	}
	for (int v = version; v < latest; v++)
		if (store_exec_or_err(s, migrations[v], e) < 0 || (v == 14 && keys_migrate_or_err(s, e) < 0)) {
			store_rollback(s);
			return -1;
		}
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", latest);
	/* Every migration rebuilds the derived tables from the log. */
	if (store_exec_or_err(s, sql, e) < 0 || derive_drop_or_err(s, e) < 0 ||
	    derive_create_or_err(s, e) < 0 || derive_all_or_err(s, e) < 0 ||
	    derive_refresh_or_err(s, ~0u, e) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_exec_or_err(s, "COMMIT", e);
}

/* A rollback journal beside the file (left by a killed write of muster
 * before 2026-12, or of another program) is hot: SQLite rolls it back on the
 * next read, but only through a connection that can write. A reader opens the
 * file for writing once, briefly, to do so (and to put the file back in WAL
 * mode). When that open fails (the reader cannot write), the read-only open
 * that follows fails with SQLITE_READONLY_ROLLBACK, which sql_fail explains. */
static void recover_journal(const char *path)
{
	char j[1100];
	struct stat st;
	snprintf(j, sizeof j, "%s-journal", path);
	if (stat(j, &st) != 0 || st.st_size == 0 || access(path, W_OK) != 0)
		return;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(db, store_wait_seconds() * 1000);
		sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	}
	sqlite3_close(db);
}

/* Creates an empty file that only its owner can read and write: SQLite
 * gives its journal, WAL and shared-memory files the same mode. */
static int create_private_or_err(const char *path, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 && errno != EEXIST)
		return err_set(e, "cannot create %s (%s)", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Warns, once a process, when others than the owner may read the file. */
static void warn_if_shared(const char *path)
{
	static int warned;
	struct stat st;
	if (stat(path, &st) != 0 || !(st.st_mode & (S_IRWXG | S_IRWXO)))
		return;
	if (__atomic_exchange_n(&warned, 1, __ATOMIC_RELAXED))
		return;
	fprintf(stderr, "muster: warning: %s can be read by other users (mode %04o), and it holds restricted "
		"records and password hashes; make it private: chmod 600 %s\n", path,
		(unsigned)(st.st_mode & 07777), path);
}

int store_open_or_err(struct store *s, const char *path, int mode, struct err *e)
{
	memset(s, 0, sizeof *s);
	const char *fault = getenv("MUSTER_FAULT");
	if (fault && !strncmp(fault, "row:", 4))
		s->fault_row = atol(fault + 4);
	const char *ns = getenv("MUSTER_BENCH_NO_SEARCH");
	s->no_search = ns && !strcmp(ns, "1");
	snprintf(s->path, sizeof s->path, "%s", path);
	s->writable = mode != STORE_READ;
	int memory = (mode & STORE_MEMORY) != 0;
	struct stat sb;
	if (!memory && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return err_set(e, "%s is a directory, not a database file (name a file with --db)", path);
	if (!memory && (mode & STORE_CREATE) && !file_exists(path)) {
		char dir[1024];
		snprintf(dir, sizeof dir, "%s", path);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = 0;
			if (!file_exists(dir))
				return err_set(e, "cannot create %s: the folder %s does not exist", path, dir);
		}
	}
	if (!memory && !file_exists(path) && !(mode & STORE_CREATE))
		return err_set(e, "%s: no such file (create it with `muster init --bundled`, or name "
			       "another with --db FILE)", path);
	if (!memory && file_exists(path) && access(path, R_OK) != 0)
		return err_set(e, "%s: cannot read the file (%s); check its permissions", path, strerror(errno));
	int fresh = !memory && !file_exists(path);
	if (fresh && create_private_or_err(path, e) < 0)
		return -1;
	if (!memory && !s->writable)
		recover_journal(path);
	int flags = s->writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	if (mode & STORE_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(e, "%s: cannot open (%s)", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		s->db = NULL;
		return -1;
	}
	/* A writer waits for another to finish (then fails as busy); in WAL
	 * mode a reader waits only while a crashed writer's WAL is recovered. */
	sqlite3_busy_timeout(s->db, store_wait_seconds() * 1000);
	/* Reading the schema is the first touch: a file that is not SQLite fails here. */
	if (sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
		sql_fail(s, e, "reading");
		store_close(s);
		return -1;
	}
	if (!memory)
		warn_if_shared(path);
	if (s->writable && !memory) {
		if (access(path, W_OK) != 0) {
			err_set(e, "%s: cannot write: the file is read-only; check its permissions", path);
			store_close(s);
			return -1;
		}
		/* A new file gets 16 KiB pages: a million records' log rows are
		 * written, and their id index built, in about 0.6x the time they
		 * take with 4 KiB pages. Set before the first write. */
		if (fresh)
			sqlite3_exec(s->db, "PRAGMA page_size=16384", NULL, NULL, NULL);
		sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		sqlite3_exec(s->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
		/* A bulk import grows the WAL to about its own size; once the WAL
		 * starts over, it is cut back to 64 MiB instead of staying that big
		 * while a server keeps the file open. */
		sqlite3_exec(s->db, "PRAGMA journal_size_limit=67108864", NULL, NULL, NULL);
	}
	/* Writers get a large page cache for bulk imports; a question keeps
	 * SQLite's default, touching only the pages it needs. */
	if (s->writable)
		sqlite3_exec(s->db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
	/* A writer's big sorts (an index built at the end of a bulk import)
	 * spill to a temporary file past the page cache instead of all staying
	 * in memory; a question's small ones stay in memory. */
	sqlite3_exec(s->db, s->writable ? "PRAGMA temp_store=FILE" : "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	/* A writer sorts with a second thread when it builds an index. */
	if (s->writable)
		sqlite3_exec(s->db, "PRAGMA threads=2", NULL, NULL, NULL);
	if ((s->writable && derive_create_temp_or_err(s, e) < 0) || migrate_or_err(s, e) < 0) {
		store_close(s);
		return -1;
	}
	const char *u = getenv("MUSTER_USER");
	if (!u || !*u)
		u = getenv("USER");
	snprintf(s->user, sizeof s->user, "%s", u && *u ? u : "unknown");
	now_iso(s->now);
	load_head(s);
	if (s->writable && !memory)
		s->log = pglog_new();
	return 0;
}

enum err_code store_code_of(int rc)
{
	int primary = rc & 0xff;
	return primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? E_BUSY : E_INTERNAL;
}

int store_row(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && s->fault_row > 0 && ++s->n_rows == s->fault_row)
		rc = SQLITE_IOERR;      /* MUSTER_FAULT=row:N */
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if (!s->failed.msg[0]) {
		int injected = rc == SQLITE_IOERR && s->fault_row && s->n_rows == s->fault_row;
		err_set_code(&s->failed, store_code_of(rc), "%s: a read failed (%s): no answer is given rather than "
			     "an incomplete one, and nothing was changed%s", s->path,
			     injected ? sqlite3_errstr(rc) : sqlite3_errmsg(s->db),
			     store_code_of(rc) == E_BUSY ? "; try again" : "");
		if (s->failed_to)
			*s->failed_to = s->failed;
	}
	return 0;
}

int store_failed_or_err(struct store *s, struct err *e)
{
	s->n_rows = 0;
	if (!s->failed.msg[0])
		return 0;
	*e = s->failed;
	s->failed.msg[0] = 0;
	return -1;
}

void store_memo_start(struct store *s)
{
	/* MUSTER_MEMO=0, for tests: every answer reads afresh, as when asked
	 * alone (conflicts_all.sh compares the two). */
	const char *v = getenv("MUSTER_MEMO");
	s->memo_on = !(v && !strcmp(v, "0"));
}

void store_memo_stop(struct store *s)
{
	for (int i = 0; i < STORE_MAX_MEMOS; i++) {
		if (s->memo[i].p)
			s->memo[i].free(s->memo[i].p);
		s->memo[i].key = NULL;
		s->memo[i].p = NULL;
	}
	s->memo_on = 0;
}

void *store_memo_get(struct store *s, const void *key)
{
	for (int i = 0; s->memo_on && i < STORE_MAX_MEMOS; i++)
		if (s->memo[i].key == key)
			return s->memo[i].p;
	return NULL;
}

int store_memo_put(struct store *s, const void *key, void *p, void (*free_p)(void *p))
{
	if (!s->memo_on)
		return 0;
	int at = -1;
	for (int i = 0; i < STORE_MAX_MEMOS; i++)
		if (s->memo[i].key == key || (at < 0 && !s->memo[i].key))
			at = i;
	if (at < 0)
		return 0;
	if (s->memo[at].p)
		s->memo[at].free(s->memo[at].p);
	s->memo[at].key = key;
	s->memo[at].p = p;
	s->memo[at].free = free_p;
	return 1;
}

void store_close(struct store *s)
{
	store_memo_stop(s);
	if (s->sign_free)
		s->sign_free(s->sign_ctx);
	s->sign = NULL;
	s->sign_ctx = NULL;
	s->sign_free = NULL;
	pglog_free(s->log);
	s->log = NULL;
	search_conn_free(s->search);
	s->search = NULL;
	for (int i = 0; i < s->n_stmts; i++)
		sqlite3_finalize(s->stmts[i].st);
	s->n_stmts = 0;
	if (s->db)
		sqlite3_close(s->db);
	s->db = NULL;
}

int store_begin_read_or_err(struct store *s, struct err *e)
{
	int rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return err_set_code(e, store_code_of(rc), "%s: cannot begin reading (%s)", s->path, sqlite3_errmsg(s->db));
	return 0;
}

int store_begin_or_err(struct store *s, struct err *e)
{
	s->touched = 0;
	s->defer_ok = s->deferred = s->redo = 0;
	if (store_exec_or_err(s, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	/* Another program may have appended since this store was opened: the
	 * head is read under the write lock, so no two writers take one seq. */
	s->n_sources = 0;
	load_head(s);
	/* With a log in PostgreSQL, what it holds past the file is applied
	 * first (records of this transaction for the derived tables: the
	 * running totals add what follows tx_start), so that what the writer reads before appending (the record a
	 * correction names) is current; best effort: the first append takes
	 * the log's lock and applies the rest, or fails. */
	s->tx_start = s->count;
	pglog_begin(s);
	return 0;
}

int store_commit_or_err(struct store *s, struct err *e)
{
	/* A row step that failed in the transaction fails it: what it wrote
	 * may rest on rows it never read. */
	if (bulk_settle_or_err(s, e) < 0 || derive_refresh_or_err(s, s->touched, e) < 0 ||
	    store_failed_or_err(s, e) < 0) {
		store_rollback(s);
		return -1;
	}
	/* With a log in PostgreSQL, it commits there first: the file's commit
	 * follows, and what it lacks after a crash between the two it applies
	 * from the log at its next write or pull. */
	int logged = pglog_commit_or_err(s, e);
	if (logged < 0) {
		store_rollback(s);
		return -1;
	}
	struct err mine;
	if (store_exec_or_err(s, "COMMIT", logged ? &mine : e) < 0) {
		store_rollback(s);
		return -1;
	}
	s->touched = 0;
	return logged ? -1 : 0;
}

void store_rollback(struct store *s)
{
	pglog_rollback(s);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	search_stat_forget(s->search);
	s->deferred = 0;
	s->touched = 0;
	s->n_sources = 0;
	load_head(s);
}

int store_rebuild_or_err(struct store *s, struct err *e)
{
	if (store_begin_or_err(s, e) < 0)
		return -1;
	if (derive_drop_or_err(s, e) < 0 || derive_create_or_err(s, e) < 0 ||
	    derive_all_or_err(s, e) < 0) {
		store_rollback(s);
		return -1;
	}
	/* Every record is derived anew: the refresh treats them all as appended. */
	s->tx_start = 0;
	s->touched = ~0u;
	return store_commit_or_err(s, e);
}

json_t *store_body(struct store *s, sqlite3_int64 seq, char id[HASH_HEX])
{
	/* A public connection reads public records' bodies only (guard.c). */
	sqlite3_stmt *st = s->public_only ? store_prep(s, "SELECT body, id FROM pub_log WHERE seq=?")
		: store_prep(s, "SELECT body, id FROM log WHERE seq=?");
	sqlite3_bind_int64(st, 1, seq);
	json_t *r = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		r = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		if (id)
			snprintf(id, HASH_HEX, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return r;
}

static int is_hex(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return 0;
	return 1;
}

int store_resolve_or_err(struct store *s, const char *name, sqlite3_int64 *seq, struct err *e)
{
	return store_resolve_as_or_err(s, name, 1, seq, e);
}

int store_resolve_as_or_err(struct store *s, const char *name, int restricted_ok, sqlite3_int64 *seq,
			    struct err *e)
{
	sqlite3_stmt *st;
	if (strlen(name) >= 6 && strlen(name) <= 64 && is_hex(name)) {
		/* A reader who may not see restricted records is answered as if
		 * they did not exist: a prefix they share is not ambiguous. */
		st = restricted_ok ? store_prep(s, "SELECT l.seq FROM log l WHERE l.id >= ?1 AND l.id < ?1 || "
			"'g' LIMIT 2")
			: store_prep(s, "SELECT l.seq FROM log l JOIN pub_any_rec r USING(seq) WHERE l.id >= ?1 "
				     "AND l.id < ?1 || 'g' LIMIT 2");
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		int n = 0;
		while (store_row(s, st)) {
			*seq = sqlite3_column_int64(st, 0);
			n++;
		}
		sqlite3_reset(st);
		if (s->failed.msg[0])
			return store_failed_or_err(s, e);
		if (n == 1)
			return 0;
		if (n > 1)
			return err_set(e, "\"%s\" names more than one record; give more digits of the id", name);
	}
	st = restricted_ok ? store_prep(s, "SELECT seq FROM rec WHERE ref = ?1 ORDER BY replaced_by IS NOT NULL, "
					"seq DESC LIMIT 1")
		: store_prep(s, "SELECT seq FROM pub_any_rec WHERE ref = ?1 ORDER BY replaced_by IS NOT NULL, "
			     "seq DESC LIMIT 1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		*seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (found)
		return 0;
	return store_unknown_or_err(name, e);
}

int store_unknown_or_err(const char *name, struct err *e)
{
	return err_set_code(e, E_NOTFOUND, "\"%s\" is not the id or ref of any record (give at least 6 hex digits of an id "
		       "shown in an answer's --json, or a record's ref)", name);
}
