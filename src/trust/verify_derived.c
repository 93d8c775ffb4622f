/* verify_derived.c: verify's rebuild of the derived tables and their
 * comparison with the file's (verify_derived.h).
 *
 * The rebuild goes to a private temporary file (SQLite's "" name: removed
 * when closed), so that the memory it takes is the page cache's, whatever the
 * size of the log. It reads the file's log where it is, through a TEMP view
 * named log, instead of copying it first.
 *
 * Each table is then read once on each side, in whatever order its rows come,
 * and its rows are summed as a multiset: each row's values, typed, hashed
 * with SipHash-2-4 (128 bits) under a key drawn afresh for this run, added
 * mod 2^128, with the number of rows. Whoever damaged the file did not know
 * the key, so equal digests mean equal tables but for a chance of about
 * 2^-100. A table whose digests differ (or that cannot be read on the file's
 * side) is compared again as before, by SQL's EXCEPT both ways, and named
 * with the rows missing and the rows not from the log only when EXCEPT
 * finds some: the sentences, and what is reported, are exactly EXCEPT's. */
#include "verify_derived.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/derive.h"
#include "../search/search.h"

/* The derived tables: every table of the rebuild but the log and the users'. */
static const char tables_sql[] =
	"SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM main.sqlite_master "
	"WHERE type = 'table' AND name NOT IN "
	"('log', 'meta', 'users', 'users_log', 'sessions', 'signin_failures', 'sigs') "
	/* FTS5's own tables hold the index's pages, laid out by the order of
	 * its writes: the search tables' rows are compared. */
	"AND NOT " SEARCH_SHADOW_SQL " ORDER BY name";

int vd_open_or_err(struct verify_derived *v, const char *path, struct err *e)
{
	memset(v, 0, sizeof *v);
	randombytes_buf(v->key, sizeof v->key);
	if (store_open_or_err(&v->m, "", STORE_WRITE | STORE_CREATE | STORE_MEMORY, e) < 0)
		return -1;
	/* The rebuild writes about a file's worth of pages that nobody reads
	 * after a crash: no journal, no waiting for the disk. */
	sqlite3_exec(v->m.db, "PRAGMA main.journal_mode=OFF", NULL, NULL, NULL);
	sqlite3_exec(v->m.db, "PRAGMA main.synchronous=OFF", NULL, NULL, NULL);
	char *sql = sqlite3_mprintf("ATTACH %Q AS file", path);
	int rc = store_exec_or_err(&v->m, sql, e);
	sqlite3_free(sql);
	/* Unqualified, "log" names the TEMP schema's before main's: every
	 * derivation then reads the file's own log. */
	if (rc == 0)
		rc = store_exec_or_err(&v->m, "CREATE TEMP VIEW log AS SELECT seq, id, body, chain FROM file.log", e);
	if (rc < 0)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(v->m.db, tables_sql, -1, &st, NULL) != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "listing the derived tables: %s", sqlite3_errmsg(v->m.db));
	int cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (v->n == cap) {
			cap = cap ? 2 * cap : 64;
			struct vd_table *t = realloc(v->t, (size_t)cap * sizeof *t);
			if (!t) {
				sqlite3_finalize(st);
				return err_set_code(e, E_INTERNAL, "out of memory");
			}
			v->t = t;
		}
		struct vd_table *t = &v->t[v->n++];
		memset(t, 0, sizeof *t);
		snprintf(t->name, sizeof t->name, "%s", (const char *)sqlite3_column_text(st, 0));
		t->fts = sqlite3_column_int(st, 1);
	}
	if (rc != SQLITE_DONE)
		snprintf(v->list_err, sizeof v->list_err, "%s", sqlite3_errmsg(v->m.db));
	sqlite3_finalize(st);
	/* The rebuild keeps FTS5's index (the rows alone are compared): the
	 * search figures beside it (search_stat) are read from its vocabulary. */
	return 0;
}

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static int put(struct buf *b, const void *data, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, data, n);
	b->n += n;
	return 0;
}

/* Appends a value with its type and length: no two rows of different
 * values are written as the same bytes. */
static int put_value(struct buf *b, sqlite3_stmt *st, int i)
{
	unsigned char type = (unsigned char)sqlite3_column_type(st, i);
	if (put(b, &type, 1) < 0)
		return -1;
	switch (type) {
	case SQLITE_INTEGER: {
		int64_t x = sqlite3_column_int64(st, i);
		return put(b, &x, sizeof x);
	}
	case SQLITE_FLOAT: {
		double x = sqlite3_column_double(st, i);
		return put(b, &x, sizeof x);
	}
	case SQLITE_NULL:
		return 0;
	default: {
		const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, i) : sqlite3_column_blob(st, i);
		uint64_t len = (uint64_t)sqlite3_column_bytes(st, i);
		return put(b, &len, sizeof len) < 0 || put(b, p, (size_t)len) < 0 ? -1 : 0;
	}
	}
}

/* Reads table `t` of `db`'s main schema to its end into `d`. */
static void digest(sqlite3 *db, const struct vd_table *t, const unsigned char key[16], struct vd_digest *d)
{
	memset(d, 0, sizeof *d);
	/* Table names come from our own schema, quoted with %w. */
	char *q = sqlite3_mprintf("SELECT %s FROM main.\"%w\"", t->fts ? "rowid, *" : "*", t->name);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, q, -1, &st, NULL);
	sqlite3_free(q);
	if (rc != SQLITE_OK)
		return;
	int cols = sqlite3_column_count(st);
	struct buf b = {NULL, 0, 0};
	int bad = 0;
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		b.n = 0;
		uint32_t n = (uint32_t)cols;
		bad = put(&b, &n, sizeof n) < 0;
		for (int i = 0; i < cols && !bad; i++)
			bad = put_value(&b, st, i) < 0;
		uint64_t h[2];
		crypto_shorthash_siphashx24((unsigned char *)h, b.p, b.n, key);
		d->sum[0] += h[0];
		d->sum[1] += h[1] + (d->sum[0] < h[0]);
		d->rows++;
	}
	d->ok = !bad && rc == SQLITE_DONE;
	sqlite3_finalize(st);
	free(b.p);
}

void vd_digest_file(struct verify_derived *v, sqlite3 *db)
{
	for (int i = 0; i < v->n; i++)
		digest(db, &v->t[i], v->key, &v->t[i].file);
}

int vd_rebuild_or_err(struct verify_derived *v, struct err *e)
{
	if (store_begin_or_err(&v->m, e) < 0)
		return -1;
	/* The begin counted the file's records (its log is the view's): the
	 * rebuild starts from none, so that every total is made from scratch
	 * (running.c's tx_start 0), never added in place. */
	v->m.tx_start = 0;
	/* Its tables are read whole: they need none of the indexes that no
	 * derivation reads. */
	if (derive_all_unindexed_or_err(&v->m, e) < 0)
		return -1;
	v->m.touched = ~0u;
	if (store_commit_or_err(&v->m, e) < 0)
		return -1;
	for (int i = 0; i < v->n; i++)
		digest(v->m.db, &v->t[i], v->key, &v->t[i].rebuilt);
	return 0;
}

static void say(json_t *problems, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(json_t *problems, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	json_array_append_new(problems, json_string(buf));
}

/* The comparison verify made of every table before the digests, now made
 * of those whose digests differ: the same sentences. */
static void except_both_ways(struct verify_derived *v, const struct vd_table *t, json_t *problems)
{
	/* A search table's rowid holds its record and length (search.h):
	 * compared with the columns. */
	const char *cols = t->fts ? "rowid, *" : "*";
	/* Table names come from our own schema (sqlite_master), quoted with %w;
	 * cols is one of two literals. */
	const char *name = t->name;
	char *q = sqlite3_mprintf(
		"SELECT (SELECT count(*) FROM (SELECT %s FROM main.\"%w\" EXCEPT SELECT %s FROM file.\"%w\")),"
		" (SELECT count(*) FROM (SELECT %s FROM file.\"%w\" EXCEPT SELECT %s FROM main.\"%w\"))",
		cols, name, cols, name, cols, name, cols, name);
	sqlite3_stmt *c;
	if (sqlite3_prepare_v2(v->m.db, q, -1, &c, NULL) != SQLITE_OK) {
		say(problems, "derived table %s is missing or has another shape (muster rebuild restores it)", name);
	} else if (sqlite3_step(c) == SQLITE_ROW && (sqlite3_column_int64(c, 0) || sqlite3_column_int64(c, 1))) {
		say(problems, "derived table %s differs from the log: %lld rows missing, %lld rows not from the "
		    "log (muster rebuild restores it)", name, (long long)sqlite3_column_int64(c, 0),
		    (long long)sqlite3_column_int64(c, 1));
	}
	sqlite3_finalize(c);
	sqlite3_free(q);
}

void vd_compare(struct verify_derived *v, json_t *problems)
{
	for (int i = 0; i < v->n; i++) {
		const struct vd_table *t = &v->t[i];
		if (t->file.ok && t->rebuilt.ok && t->file.rows == t->rebuilt.rows &&
		    t->file.sum[0] == t->rebuilt.sum[0] && t->file.sum[1] == t->rebuilt.sum[1])
			continue;
		except_both_ways(v, t, problems);
	}
	if (v->list_err[0])
		say(problems, "reading the rebuilt tables stopped: %s", v->list_err);
}

void vd_close(struct verify_derived *v)
{
	store_close(&v->m);
	free(v->t);
	v->t = NULL;
	v->n = 0;
}
