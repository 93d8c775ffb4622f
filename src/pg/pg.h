/* pg.h: the headquarters' log kept in PostgreSQL (issue 22, docs/hq.md).
 *
 * With `--log postgresql://…` (or $MUSTER_LOG) every writable store keeps a
 * `struct pglog`: the SQLite file becomes a read model of the table
 * muster_log in PostgreSQL, which holds each record's seq (the order of
 * receipt), id, canonical body and chain link. A write transaction, at its
 * first append (pglog_hold_or_err), locks the table, applies what the file
 * lacks through the arrival path (src/sync/arrive.c: the same checks as a
 * sync), and at the commit (pglog_commit_or_err) copies its new rows into
 * PostgreSQL and commits there before SQLite commits: a write is
 * acknowledged only once PostgreSQL has committed it, and (unless
 * MUSTER_LOG_ALONE=1) only while a synchronous standby is named. A server
 * follows the table (pgfollow_start) so that its file catches up without
 * gaps, in order, from wherever it stopped.
 *
 * libpq is loaded on first use (pq_dl.c), as libcurl is: a plain binary
 * does not need it. */
#ifndef MUSTER_PG_H
#define MUSTER_PG_H

#include <sqlite3.h>

#include "../core/err.h"

struct store;
struct pglog;

/* The columns a log row carries, in PostgreSQL and in the SQLite file's
 * `log`, in the order they are copied. A column added to both (a
 * signature) is added here and to PGLOG_TABLE_SQL. */
#define PGLOG_COLUMNS "seq, id, body, chain"
#define PGLOG_NCOLS 4

/* Sets the process's log (NULL or "" for none); read by store_open_or_err. */
void pglog_use(const char *url);
/* The log's connection string, or NULL. */
const char *pglog_url(void);

/* A log for a writable store (NULL when no log is in use); nothing is
 * connected until it is needed. */
struct pglog *pglog_new(void);
void pglog_free(struct pglog *l);

/* At a write transaction's begin: applies what the log holds past the file
 * (without the lock; errors are left to pglog_hold_or_err), unless the
 * store is a follower's (pglog_pull_or_err applies in batches). */
void pglog_begin(struct store *s);
/* Marks the store's log as a follower's. */
void pglog_follower(struct pglog *l);

/* At a write transaction's first append (and before a sync arrival looks
 * whether it holds a record): connects, begins a PostgreSQL transaction that
 * locks the log against other writers, checks that a synchronous standby is
 * named, and applies to the file every row it lacks, so that the checks of
 * the append read the whole log. The rows applied count as the
 * transaction's own for the derived tables (they follow s->tx_start). A no-op without a log,
 * once held, and while rows are being applied. */
int pglog_hold_or_err(struct store *s, struct err *e);
/* The log's length when the transaction took its lock (0 when none): the
 * records after it are the writer's own; those between tx_start and it were
 * applied from the log. */
sqlite3_int64 pglog_base(const struct store *s);
/* Before SQLite commits: copies the rows this transaction appended into
 * PostgreSQL and commits there. 0: committed and confirmed (or nothing was
 * held); -1: nothing was written to the log (roll the file back); 1: written
 * to the log, but no synchronous standby confirmed it (commit the file, then
 * report `e`). */
int pglog_commit_or_err(struct store *s, struct err *e);
/* Ends the PostgreSQL transaction, if any, writing nothing. */
void pglog_rollback(struct store *s);
/* In a write transaction of the file (store_begin_or_err) but without the
 * lock: applies the rows that follow the file's last, at most `max`;
 * writes how many into `*applied`. A gap (a row not yet visible) ends the
 * batch. Fails when the file and the log disagree on a row they both hold. */
int pglog_pull_or_err(struct store *s, long max, long *applied, struct err *e);

/* The server's follower: a thread that applies the log to the file `db`
 * every MUSTER_LOG_POLL_MS (default 100) milliseconds. Catches up once
 * before returning; NULL with `e` set when that fails. */
struct pgfollow;
struct pgfollow *pgfollow_start(const char *db, struct err *e);
void pgfollow_stop(struct pgfollow *f);

#endif
