/* verify_cli.c: `muster verify` — proves that history was not rewritten: every
 * record's body is canonical and hashes to its id, the chain links each
 * record to the one before with no gap, and the derived tables equal those
 * rebuilt from the log in a private temporary file. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "../core/derive.h"
#include "../search/search.h"
#include "../core/record.h"
#include "users.h"

struct finding {
	json_t *problems;       /* array of strings */
};

static void problem(struct finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct finding *f, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (json_array_size(f->problems) < 200)
		json_array_append_new(f->problems, json_string(buf));
}

/* Walks the log: canonical bodies, ids, chain, no gaps. */
static void check_log(struct store *s, struct finding *f, char head[HASH_HEX], long long *n)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(s->db, "SELECT seq, id, body, chain FROM log ORDER BY seq", -1, &st, NULL);
	char prev[HASH_HEX];
	memset(prev, '0', 64);
	prev[64] = 0;
	long long expect = 1;
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *id = (const char *)sqlite3_column_text(st, 1);
		const char *body = (const char *)sqlite3_column_text(st, 2);
		const char *chain = (const char *)sqlite3_column_text(st, 3);
		if (seq != expect)
			problem(f, "record %lld is missing: the log jumps from %lld to %lld (a record was deleted)",
				expect, expect - 1, seq);
		expect = seq + 1;
		(*n)++;
		char h[HASH_HEX];
		hash_sha256_hex(body ? body : "", body ? strlen(body) : 0, h);
		if (!id || strcmp(h, id))
			problem(f, "record %lld (%.16s): its body does not hash to its id (the body was changed)",
				seq, id ? id : "?");
		json_t *rec = body ? json_loads(body, 0, NULL) : NULL;
		char *canon = rec ? record_canonical(rec) : NULL;
		if (!canon || strcmp(canon, body))
			problem(f, "record %lld (%.16s): its body is not canonical JSON", seq, id ? id : "?");
		free(canon);
		json_decref(rec);
		char link[HASH_HEX];
		hash_chain(prev, id ? id : h, link);
		if (!chain || strcmp(link, chain))
			problem(f, "record %lld (%.16s): the chain breaks here (a record before it was removed, "
				"reordered or changed)", seq, id ? id : "?");
		snprintf(prev, sizeof prev, "%s", chain ? chain : link);
	}
	sqlite3_finalize(st);
	memcpy(head, prev, HASH_HEX);
	sqlite3_stmt *g;
	sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
			   "name IN ('log_no_update', 'log_no_delete')", -1, &g, NULL);
	if (sqlite3_step(g) == SQLITE_ROW && sqlite3_column_int(g, 0) != 2)
		problem(f, "the log's guards against updates and deletes were removed");
	sqlite3_finalize(g);
}

/* Rebuilds the derived tables from the log and compares each table with the
 * file's. The rebuild goes to a private temporary file (SQLite's "" name:
 * removed when closed), so that the memory it takes is the page cache's,
 * whatever the size of the log: 180 MB at a million records, against 1 GB
 * in memory. */
static int check_derived(struct store *s, struct finding *f, struct err *e)
{
	struct store m;
	if (store_open_or_err(&m, "", STORE_WRITE | STORE_CREATE | STORE_MEMORY, e) < 0)
		return -1;
	char *sql = sqlite3_mprintf("ATTACH %Q AS file", s->path);
	int rc = store_exec_or_err(&m, sql, e);
	sqlite3_free(sql);
	if (rc == 0)
		rc = store_begin_or_err(&m, e);
	if (rc == 0)
		rc = store_exec_or_err(&m, "INSERT INTO main.log SELECT seq, id, body, chain FROM file.log", e);
	if (rc == 0 && (derive_all_or_err(&m, e) < 0 || (m.touched = ~0u, store_commit_or_err(&m, e) < 0)))
		rc = -1;
	if (rc == 0) {
		sqlite3_stmt *t;
		sqlite3_prepare_v2(m.db, "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT IN "
				   "('log', 'meta', 'users', 'users_log', 'sessions', 'signin_failures') "
				   /* FTS5's own tables hold the index's pages, laid out by the
				    * order of its writes: the search tables' rows are compared. */
				   "AND NOT " SEARCH_SHADOW_SQL " ORDER BY name", -1, &t, NULL);
		while (sqlite3_step(t) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(t, 0);
			/* Table names come from our own schema (sqlite_master), quoted with %w. */
			char *q = sqlite3_mprintf(
				"SELECT (SELECT count(*) FROM (SELECT * FROM main.\"%w\" EXCEPT SELECT * FROM file.\"%w\")),"
				" (SELECT count(*) FROM (SELECT * FROM file.\"%w\" EXCEPT SELECT * FROM main.\"%w\"))",
				name, name, name, name);
			sqlite3_stmt *c;
			if (sqlite3_prepare_v2(m.db, q, -1, &c, NULL) != SQLITE_OK) {
				problem(f, "derived table %s is missing or has another shape (muster rebuild restores it)", name);
			} else if (sqlite3_step(c) == SQLITE_ROW &&
				   (sqlite3_column_int64(c, 0) || sqlite3_column_int64(c, 1))) {
				problem(f, "derived table %s differs from the log: %lld rows missing, %lld rows not from the "
					"log (muster rebuild restores it)", name, (long long)sqlite3_column_int64(c, 0),
					(long long)sqlite3_column_int64(c, 1));
			}
			sqlite3_finalize(c);
			sqlite3_free(q);
		}
		sqlite3_finalize(t);
	}
	store_close(&m);
	return rc;
}

static int run_verify(struct cli *c)
{
	struct store s;
	if (cli_open_or_err(c, &s, STORE_READ) < 0)
		return -1;
	struct finding f = {json_array()};
	char head[HASH_HEX];
	long long n;
	check_log(&s, &f, head, &n);
	long long nu = users_verify(s.db, f.problems);
	int rc = check_derived(&s, &f, &c->e);
	store_close(&s);
	if (rc < 0) {
		json_decref(f.problems);
		return -1;
	}
	size_t np = json_array_size(f.problems);
	if (c->json) {
		json_t *o = json_pack("{s:s, s:b, s:I, s:s, s:I, s:O}", "question", "verify", "ok", np == 0, "records",
				      (json_int_t)n, "head", head, "users_log", (json_int_t)nu, "problems", f.problems);
		char *t = json_dumps(o, JSON_INDENT(2));
		fprintf(c->out, "%s\n", t);
		free(t);
		json_decref(o);
	} else if (np == 0) {
		fprintf(c->out, "verified: %lld records, chain head %s; derived tables match the log; users log of "
			"%lld entries intact\n", n, head, nu);
	} else {
		size_t i;
		json_t *p;
		json_array_foreach(f.problems, i, p)
			fprintf(stderr, "muster: verify: %s\n", json_string_value(p));
		fprintf(stderr, "muster: verify: %zu problem%s in %s (%lld records)\n", np, np == 1 ? "" : "s",
			s.path, n);
	}
	json_decref(f.problems);
	return np ? EXIT_NOANSWER + 3 : 0;
}

const struct command command_verify = {
	.name = "verify",
	.run = run_verify,
	.summary = "prove that history was not rewritten",
	.usage = "muster verify [--json]",
	.help = "Recomputes every record's SHA-256 and the chain that links each record to the one\n"
		"before, checks that no record is missing, and rebuilds the derived tables (in a temporary\n"
		"file, removed at the end) to compare them with the file's. Prints the number of records\n"
		"and the head of the chain; compare the head with one published earlier to know that\n"
		"nothing before it changed.\n"
		"Checks the users log the same way (muster user log), and that the users table agrees\n"
		"with it: roles, disabled users and password hashes changed behind muster's back.\n"
		"Exit status 0 when everything holds, 4 when something does not (each problem is named).\n",
	.opts = O_JSON,
};
