/* search.c: the search question (answer_search), shared by `muster search`,
 * the page /search and /api/v1/search. Public readers are answered from the
 * public table alone: its ranks, counts and snippets never saw a restricted
 * record. Oversight and admin get both tables, each ranked on its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/answer.h"
#include "../core/record.h"
#include "search.h"

/* The statements of one table (T: one of ours). ?1 the expression, ?2
 * kind, ?3 mission, ?4 from, ?5 to, ?6 how many rows. Without a filter the
 * FTS5 table is read alone (FTS5 ranks and counts from its own index); the
 * snippets are made only for the rows shown, by rowid. */
#define FILTERS "AND (?2 IS NULL OR r.kind = ?2) AND (?3 IS NULL OR r.mission = ?3) " \
	"AND (?4 = 0 OR r.date_hi >= ?4) AND (?5 = 0 OR r.date_lo <= ?5)"
#define TABLE_SQL(T) { \
	"SELECT count(*) FROM (SELECT 1 FROM " T " WHERE " T " MATCH ?1 LIMIT ?6)", \
	"SELECT count(*) FROM (SELECT 1 FROM " T " f JOIN rec r ON r.seq = f.seq WHERE " T " MATCH ?1 " FILTERS \
	" LIMIT ?6)", \
	"SELECT rowid, seq, rank FROM " T " WHERE " T " MATCH ?1 ORDER BY rank LIMIT ?6", \
	"SELECT f.rowid, f.seq, bm25(" T ") AS score FROM " T " f JOIN rec r ON r.seq = f.seq " \
	"WHERE " T " MATCH ?1 " FILTERS " ORDER BY score LIMIT ?6", \
	"SELECT rowid, seq, 0 FROM " T " WHERE " T " MATCH ?1 ORDER BY rowid DESC LIMIT ?6", \
	"SELECT f.rowid, f.seq, 0 FROM " T " f JOIN rec r ON r.seq = f.seq " \
	"WHERE " T " MATCH ?1 " FILTERS " ORDER BY f.rowid DESC LIMIT ?6", \
	"SELECT f.para, snippet(" T ", 0, char(2), char(3), '…', 16), " \
	"snippet(" T ", -1, char(2), char(3), '…', 16), r.kind, r.date_text, r.mission, r.ref, " \
	"substr(l.id, 1, 16), r.replaced_by, r.retracted_by, r.visibility = 'restricted' " \
	"FROM " T " f JOIN rec r ON r.seq = f.seq JOIN log l ON l.seq = f.seq WHERE " T " MATCH ?1 AND f.rowid = ?2" }

enum { Q_COUNT, Q_COUNT_FILTERED, Q_RANK, Q_RANK_FILTERED, Q_NEW, Q_NEW_FILTERED, Q_DETAIL, Q_N };
static const char *const table_sql[2][Q_N] = {TABLE_SQL("search"), TABLE_SQL("search_restricted")};

static void bind_all(sqlite3_stmt *st, const char *fts, const char *kind, const char *mission,
		     const struct search_args *a)
{
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, a->from);
	sqlite3_bind_int(st, 5, a->to);
}

/* The snippet with its matches in [brackets], and the words matched (each
 * once, in the order met) appended to `matched`. */
static json_t *context_of(const char *snip, json_t *matched)
{
	size_t n = strlen(snip);
	char *ctx = malloc(4 * n + 1), *o = ctx;
	for (const char *p = snip; *p; p++) {
		if (*p == 2) {
			const char *end = strchr(p, 3);
			size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
			json_t *w = json_stringn(p + 1, len);
			size_t i;
			json_t *x;
			int seen = 0;
			json_array_foreach(matched, i, x)
				seen |= json_equal(x, w);
			if (w && !seen)
				json_array_append(matched, w);
			json_decref(w);
			*o++ = '[';
		} else if (*p == 3) {
			*o++ = ']';
		} else if (*p == '\n') {
			/* Fields are indexed a line each: one line here. */
			memcpy(o, " \xc2\xb7 ", 4);
			o += 4;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	json_t *j = json_string(ctx);
	free(ctx);
	return j ? j : json_string("");
}

/* One hit: the row `rowid` of table `t`, its record and its snippets. */
static json_t *row_of(struct store *s, int t, sqlite3_int64 rowid, const char *fts, int restricted_ok)
{
	sqlite3_stmt *st = store_prep(s, table_sql[t][Q_DETAIL]);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rowid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return NULL;
	}
	json_t *r = json_object();
	const char *id = (const char *)sqlite3_column_text(st, 7);
	json_object_set_new(r, "record", json_string(id ? id : ""));
	json_object_set_new(r, "kind", json_string((const char *)sqlite3_column_text(st, 3)));
	json_object_set_new(r, "date", json_string((const char *)sqlite3_column_text(st, 4)));
	json_object_set_new(r, "mission", json_string((const char *)sqlite3_column_text(st, 5)));
	const unsigned char *ref = sqlite3_column_text(st, 6);
	json_object_set_new(r, "ref", ref ? json_string((const char *)ref) : json_null());
	const unsigned char *para = sqlite3_column_text(st, 0);
	json_object_set_new(r, "paragraph", para ? json_string((const char *)para) : json_null());
	json_object_set_new(r, "status", json_string(sqlite3_column_type(st, 9) != SQLITE_NULL ? "retracted"
						     : sqlite3_column_type(st, 8) != SQLITE_NULL ? "corrected" : "live"));
	const char *s0 = (const char *)sqlite3_column_text(st, 1), *s1 = (const char *)sqlite3_column_text(st, 2);
	const char *snip = s0 && strchr(s0, 2) ? s0 : s1 ? s1 : "";
	json_t *matched = json_array();
	json_object_set_new(r, "context", context_of(snip, matched));
	json_object_set_new(r, "matched", matched);
	char link[64];
	snprintf(link, sizeof link, "/record/%s", id ? id : "");
	json_object_set_new(r, "link", json_string(link));
	if (restricted_ok)
		json_object_set_new(r, "restricted", json_boolean(sqlite3_column_int(st, 10)));
	sqlite3_reset(st);
	return r;
}

/* A row chosen to be shown: which table, its rowid, its record, its score. */
struct pick {
	int table;
	sqlite3_int64 rowid, seq;
	double score;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static int cmp_newest(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
	if (x->seq != y->seq)
		return x->seq > y->seq ? -1 : 1;
	return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

struct expand_ctx {
	struct store *s;
	int restricted_ok;
};

/* search_expand_fn over the words of the tables the reader may search:
 * FTS5's vocabulary tables, made once per connection in temp. A reader
 * who may not see restricted records gets the public table's words only. */
static int expand_prefix(void *ctx, const char *prefix, char (*words)[64], int max)
{
	struct expand_ctx *x = ctx;
	struct err ignored;
	if (store_exec_or_err(x->s, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
			      "USING fts5vocab(main, 'search', 'row');\n"
			      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_restricted_vocab "
			      "USING fts5vocab(main, 'search_restricted', 'row');", &ignored) < 0)
		return -1;
	char hi[80];
	snprintf(hi, sizeof hi, "%s\xf4\x8f\xbf\xbf", prefix);   /* after every word it starts */
	int n = 0;
	for (int t = 0; t < (x->restricted_ok ? 2 : 1) && n < max; t++) {
		sqlite3_stmt *st = store_prep(x->s, t ? "SELECT term FROM temp.search_restricted_vocab WHERE term >= ?1 "
						 "AND term <= ?2 LIMIT ?3"
					      : "SELECT term FROM temp.search_vocab WHERE term >= ?1 AND term <= ?2 LIMIT ?3");
		sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, max);
		while (store_row(x->s, st) && n < max) {
			const char *w = (const char *)sqlite3_column_text(st, 0);
			int seen = strlen(w) >= 64;
			for (int i = 0; i < n; i++)
				seen |= !strcmp(words[i], w);
			if (!seen)
				snprintf(words[n++], 64, "%s", w);
		}
		sqlite3_reset(st);
	}
	return n;
}

json_t *answer_search(struct store *s, const struct search_args *a, struct err *e)
{
	if (!a->words || !*a->words)
		return err_set(e, "search: no words to search for (e.g. muster search \"Pont-Sondé\")"), NULL;
	if (a->kind && *a->kind && !kind_find(a->kind))
		return err_set(e, "--kind: \"%s\" is not a kind of record (muster add --help lists them)", a->kind), NULL;
	if (a->from && a->to && a->from > a->to)
		return err_set(e, "--from is after --to (give the earlier day first)"), NULL;
	struct search_query q;
	struct expand_ctx x = {s, a->restricted_ok};
	if (search_query_parse_or_err(a->words, expand_prefix, &x, &q, e) < 0)
		return NULL;
	const char *kind = a->kind && *a->kind ? a->kind : NULL;
	if (*q.kind && kind && strcmp(q.kind, kind)) {
		err_set(e, "search: kind:%s and --kind %s disagree (give one)", q.kind, kind);
		search_query_free(&q);
		return NULL;
	}
	if (*q.kind)
		kind = q.kind;
	const char *mission = a->mission && *a->mission ? a->mission : NULL;
	if (*q.mission && mission && strcmp(q.mission, mission)) {
		err_set(e, "search: mission:%s and --mission %s disagree (give one)", q.mission, mission);
		search_query_free(&q);
		return NULL;
	}
	if (*q.mission)
		mission = q.mission;
	int filtered = kind || mission || a->from || a->to;
	int n_tables = a->restricted_ok ? 2 : 1;
	/* Count first (up to SEARCH_COUNT_MAX in each table): ranking reads
	 * every match's length from the index, so past SEARCH_RANK_MAX matches
	 * the newest are shown instead. */
	long long matches = 0;
	for (int t = 0; t < n_tables; t++) {
		sqlite3_stmt *st = store_prep(s, table_sql[t][filtered ? Q_COUNT_FILTERED : Q_COUNT]);
		bind_all(st, q.fts, kind, mission, a);
		sqlite3_bind_int(st, 6, SEARCH_COUNT_MAX + 1);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			matches += sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW) {
			/* The expression is ours, built of quoted strings: a failure is a bug. */
			err_set_code(e, E_INTERNAL, "search: %s (expression %s)", sqlite3_errmsg(s->db), q.fts);
			search_query_free(&q);
			return NULL;
		}
	}
	int capped = matches > SEARCH_COUNT_MAX;
	if (capped)
		matches = SEARCH_COUNT_MAX;
	int ranked = matches <= SEARCH_RANK_MAX;
	struct pick picks[2 * SEARCH_MAX_ROWS];
	int n_picks = 0;
	for (int t = 0; t < n_tables; t++) {
		int which = ranked ? (filtered ? Q_RANK_FILTERED : Q_RANK) : (filtered ? Q_NEW_FILTERED : Q_NEW);
		sqlite3_stmt *st = store_prep(s, table_sql[t][which]);
		bind_all(st, q.fts, kind, mission, a);
		sqlite3_bind_int(st, 6, SEARCH_MAX_ROWS);
		while (store_row(s, st) && n_picks < 2 * SEARCH_MAX_ROWS)
			picks[n_picks++] = (struct pick){t, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
							 sqlite3_column_double(st, 2)};
		sqlite3_reset(st);
	}
	qsort(picks, (size_t)n_picks, sizeof *picks, ranked ? cmp_rank : cmp_newest);
	struct answer ans;
	answer_init(&ans, "search", 0, mission);
	long long shown = 0;
	for (int i = 0; i < n_picks && shown < SEARCH_MAX_ROWS; i++) {
		json_t *r = row_of(s, picks[i].table, picks[i].rowid, q.fts, a->restricted_ok);
		if (r) {
			json_array_append_new(ans.rows, r);
			shown++;
		}
	}
	json_object_set_new(ans.answer, "query", json_string(a->words));
	json_object_set_new(ans.answer, "expression", json_string(q.fts));
	json_object_set_new(ans.answer, "matches", json_integer(matches));
	json_object_set_new(ans.answer, "more_than", json_boolean(capped));
	json_object_set_new(ans.answer, "shown", json_integer(shown));
	json_object_set_new(ans.answer, "order", json_string(ranked ? "relevance" : "newest"));
	json_object_set_new(ans.answer, "kind", kind ? json_string(kind) : json_null());
	json_object_set_new(ans.answer, "restricted_included", json_boolean(a->restricted_ok));
	search_query_free(&q);
	return answer_finish(&ans, s);
}
