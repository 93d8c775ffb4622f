/* store.h: the SQLite file. An append-only log of canonical records, each
 * named by its SHA-256 and chained to the one before, and per-kind tables
 * derived from the log (dropped and rebuilt by store_rebuild_or_err). One
 * store per thread: a store holds one connection and its cached statements. */
#ifndef MUSTER_STORE_H
#define MUSTER_STORE_H

#include <jansson.h>
#include <sqlite3.h>

#include "err.h"
#include "hash.h"

#define STORE_SCHEMA_VERSION 6

enum {
	STORE_READ = 0,         /* open an existing file for reading */
	STORE_WRITE = 1,        /* open an existing file for reading and writing */
	STORE_CREATE = 2,       /* create the file if it does not exist (with WRITE) */
	STORE_MEMORY = 4,       /* path is ":memory:" (a private in-memory database) or "" (a
				 * private temporary file, removed when closed) */
};

/* Statements a store caches: a web server thread's store answers every
 * question over its life, so this holds them all with room to spare. */
#define STORE_MAX_MEMOS 4
#define STORE_MAX_STMTS 256
#define STORE_MAX_SOURCES 64

/* A live source as records cite it: its grade and the last day of its date. */
struct source_info {
	char ref[65];
	char grade;             /* 'A'…'E', or 0 */
	int pub_hi;             /* yyyymmdd, 0 when its date is unknown */
	int restricted;         /* 1: its visibility is restricted */
	char publisher[128];    /* who published it (cut), for the search index */
};

struct store {
	sqlite3 *db;
	char path[1024];
	int writable;
	char head[HASH_HEX];            /* chain link of the last record */
	sqlite3_int64 count;            /* records in the log */
	char user[128];                 /* who enters records */
	int blind;                      /* 1: they may not read restricted records (a web editor):
					 * no check tells them of one (append.c) */
	int public_only;                /* 1: it answers the public and reads only what the
					 * public may (guard_install, src/trust/guard.c) */
	char now[21];                   /* when they are entered */
	/* 1: records arrive from another copy of the record (src/sync): the
	 * union of two files is kept, so a record that says what a live one says,
	 * takes a ref a live one holds, or corrects or retracts a record already
	 * corrected or retracted here is appended all the same (each was
	 * checked where it was entered). Every other check holds. */
	int arriving;
	int replaying;                  /* 1: appending the headquarters' own log (src/pg), whose
					 * records were checked when they entered it */
	unsigned touched;               /* kinds appended to in this transaction */
	sqlite3_int64 tx_start;         /* records in the log when it began */
	int defer_ok;                   /* 1: this transaction may defer indexes and checks */
	long defer_after;               /* records before it defers (bulk_defer_after) */
	int deferred;                   /* 1 while they are deferred, since record defer_start */
	sqlite3_int64 defer_start;
	int redo;                       /* 1: it deferred, so a failure must be redone row by row */
	/* 1: the search index is not filled (MUSTER_BENCH_NO_SEARCH=1, for
	 * `make bench` to measure what the index costs an import; `verify`
	 * then reports the index as differing from the log). */
	int no_search;
	struct search_conn *search;     /* the search index's state on this connection
					 * (src/search/search.h), or NULL */
	/* A writable store's log in PostgreSQL (--log, src/pg/pg.h), or NULL:
	 * then the file is a read model of that log. */
	struct pglog *log;
	struct { const char *sql; sqlite3_stmt *st; } stmts[STORE_MAX_STMTS];
	int n_stmts;
	/* Sources looked up while appending; emptied whenever a source, a
	 * correction or a retraction is appended, and on rollback. */
	struct source_info sources[STORE_MAX_SOURCES];
	int n_sources;
	/* The first failed step of a row loop (store_row) since the store was
	 * opened or store_failed_or_err last told it: code E_INTERNAL (or
	 * E_BUSY), msg "" when none. A web server thread's store is reused:
	 * store_failed_or_err is asked, and so cleared, at each request's end. */
	struct err failed;
	/* Also given the failure when not NULL (the command line's: a command
	 * that prints as it reads still exits 3 once its store is closed). */
	struct err *failed_to;
	/* MUSTER_FAULT=row:N, for tests: the Nth row step on this store (from 1;
	 * counted again from each store_failed_or_err) fails as an I/O error.
	 * 0: no fault. */
	long fault_row, n_rows;
	/* While memo_on (a question that asks the same answers on many days:
	 * conflicts), features may keep what they read for the next ask
	 * (store_memo_get, store_memo_put), each under a key of its own; freed
	 * when the question ends (store_memo_stop) or the store closes. Off,
	 * every answer reads afresh. */
	int memo_on;
	struct { const void *key; void *p; void (*free)(void *p); } memo[STORE_MAX_MEMOS];
	/* When not NULL, signs each record appended that does not arrive from
	 * another copy (src/trust/keys.c; the command line installs it): called
	 * with the new record's id once its log row is written, inside the
	 * transaction; -1 fails the append. sign_ctx is its own, freed by
	 * sign_free when the store closes. */
	int (*sign)(struct store *s, const char *id, struct err *e);
	void *sign_ctx;
	void (*sign_free)(void *ctx);
};

/* Opens (or with STORE_CREATE creates, mode 0600) the file. The file stays in
 * WAL mode: readers never wait for writers, and a write killed at any moment
 * leaves the file as it was before that transaction, for every command
 * (readers included) to open. Warns on stderr, once a process, when the file
 * is readable by others than its owner. */
int store_open_or_err(struct store *s, const char *path, int mode, struct err *e);
void store_close(struct store *s);

/* A prepared statement for `sql`, cached by the pointer (pass string
 * literals), reset and with bindings cleared. Aborts on an SQL error: that is
 * a bug, not bad input. */
sqlite3_stmt *store_prep(struct store *s, const char *sql);
/* Steps `st`, a statement of a row loop: 1 for a row, 0 at the end of the
 * rows or when the step failed. A failure is not the end of the rows: the
 * first one is kept in s->failed (E_BUSY for a busy file, else E_INTERNAL,
 * with SQLite's message), so that the answer being read fails with it
 * (store_failed_or_err) rather than be silently short. Loops read
 * `while (store_row(s, st))`; a caller that can stop at once tests
 * s->failed.msg[0]. */
int store_row(struct store *s, sqlite3_stmt *st);
/* -1 with s->failed in `e` when a row step failed since the store was opened
 * or this was last asked (which clears it), else 0. Asked before an answer
 * is shown: by question_ask (pages, API), cli_print_answer, cli_main and the
 * server at each request's end. */
int store_failed_or_err(struct store *s, struct err *e);
/* Lets answers keep what they read until store_memo_stop, which frees it.
 * Nothing may be written between the two. */
void store_memo_start(struct store *s);
void store_memo_stop(struct store *s);
/* What was kept under `key` (the address of something of the feature's
 * own), or NULL: always NULL while the memo is off. */
void *store_memo_get(struct store *s, const void *key);
/* Keeps `p` under `key` (freeing what was kept there) when the memo is on,
 * and returns 1; returns 0 when it is off (the caller still owns `p`). */
int store_memo_put(struct store *s, const void *key, void *p, void (*free_p)(void *p));
/* The code of a failed SQLite call: E_BUSY when another program held the
 * file past the wait (SQLITE_BUSY, SQLITE_LOCKED), else E_INTERNAL. */
enum err_code store_code_of(int rc);
/* Runs SQL with no result; returns -1 with sqlite's message on failure. */
int store_exec_or_err(struct store *s, const char *sql, struct err *e);

/* How long a write waits for another program's write transaction (and a
 * read for a crashed writer's WAL to be recovered) before failing as busy
 * (EXIT_BUSY): $MUSTER_WAIT seconds, else STORE_WAIT_DEFAULT. */
#define STORE_WAIT_DEFAULT 60
int store_wait_seconds(void);

/* Begins a read transaction (BEGIN): what is read until it ends is one
 * snapshot. Fails (busy, or internal) when SQLite cannot begin it. */
int store_begin_read_or_err(struct store *s, struct err *e);
/* Begins a write transaction (BEGIN IMMEDIATE: waits up to
 * store_wait_seconds() for other writers, then fails as busy) and reads the
 * log's head and count inside it. */
int store_begin_or_err(struct store *s, struct err *e);
/* Begins a transaction that will append many records (bulk.c), in WAL mode
 * like every other: readers go on reading the file as it was. With `defer`,
 * once the
 * transaction is large (bulk.h) the indexes no append reads are dropped and
 * duplicates are checked in one pass at the commit; then a failure leaves
 * s->redo set, and the caller should roll back and do the same appends again
 * in a transaction begun without `defer`, to get the error the rows give one
 * at a time. */
int store_begin_bulk_or_err(struct store *s, int defer, struct err *e);
/* Refreshes the summary tables of the kinds touched, then commits. */
int store_commit_or_err(struct store *s, struct err *e);
void store_rollback(struct store *s);

/* Appends a normalised record (record_normalize_or_err): resolves the records
 * it names, checks that its sources exist, that its ref is free and that it
 * is not already in the log; sets entered_by/entered_at when absent; writes
 * the log row and the derived rows. Writes the new id (64 hex) into `id`.
 * Must be inside a transaction. Does not take ownership of `rec`, but may add
 * fields to it. */
int store_append_or_err(struct store *s, json_t *rec, char id[HASH_HEX], struct err *e);

/* A record made ready to append away from the file (another thread may do
 * it): the defaults set, and unless it corrects or retracts (whose text is
 * final only once the file resolves what it names) its canonical text, id
 * and statement key. */
struct prepared {
	json_t *rec;            /* not owned */
	char *text;             /* canonical text, from malloc, or NULL */
	char id[HASH_HEX];
	long long statement;    /* record_statement_key_of(text) */
	/* When `chained`: the chain link this record gets if the log's head is
	 * `prev` when it is appended (hash_chain(prev, id)); else it is worked out
	 * then. */
	int chained;
	char prev[HASH_HEX], chain[HASH_HEX];
};
/* Reads only s->user and s->now, which stay the same while a store is open. */
void store_prepare(const struct store *s, json_t *rec, struct prepared *p);
/* store_append_or_err of a prepared record; p->id is its id once appended. */
int store_append_prepared_or_err(struct store *s, struct prepared *p, struct err *e);
void store_prepared_free(struct prepared *p);

/* Drops and re-derives every derived table from the log, in one transaction. */
int store_rebuild_or_err(struct store *s, struct err *e);

/* Finds a record by id prefix (at least 6 hex digits) or ref; writes its
 * log sequence number. An unknown or ambiguous name is an error. */
int store_resolve_or_err(struct store *s, const char *name, sqlite3_int64 *seq, struct err *e);
/* The same for a reader: when `restricted_ok` is 0, restricted records are
 * treated as if they did not exist (no ambiguity, no "unknown" told apart). */
int store_resolve_as_or_err(struct store *s, const char *name, int restricted_ok, sqlite3_int64 *seq,
			    struct err *e);

/* The message for a name that names no record (also given for a record the
 * asker may not see, so that the two cannot be told apart). Returns -1. */
int store_unknown_or_err(const char *name, struct err *e);

/* The canonical body of the record at `seq`, parsed (caller decrefs), or NULL. */
json_t *store_body(struct store *s, sqlite3_int64 seq, char id[HASH_HEX]);

/* Short form of an id used in answers: the first 16 hex digits. */
#define SHORT_ID 16

/* The schema's steps (schema.c): entry i brings a file from version i to
 * i + 1; `*n` is the latest version. */
const char *const *store_migrations(size_t *n);

#endif
