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

/* The columns and filters of one table's matches (%s: the table's name,
 * one of ours). ?1 the expression, ?2 kind, ?3 mission, ?4 from, ?5 to. */
#define MATCH_SQL(T) \
	"SELECT f.seq, f.para, snippet(" T ", 0, char(2), char(3), '…', 16), " \
	"snippet(" T ", -1, char(2), char(3), '…', 16), bm25(" T ", 1.0, 1.0, 0.5, 0.5) AS score, " \
	"r.kind, r.date_text, r.mission, r.ref, substr(l.id, 1, 16), r.replaced_by, r.retracted_by, " \
	"r.visibility = 'restricted' " \
	"FROM " T " f JOIN rec r ON r.seq = f.seq JOIN log l ON l.seq = f.seq " \
	"WHERE " T " MATCH ?1 AND (?2 IS NULL OR r.kind = ?2) AND (?3 IS NULL OR r.mission = ?3) " \
	"AND (?4 = 0 OR r.date_hi >= ?4) AND (?5 = 0 OR r.date_lo <= ?5)"
#define COUNT_SQL(T) \
	"SELECT count(*) FROM " T " f JOIN rec r ON r.seq = f.seq " \
	"WHERE " T " MATCH ?1 AND (?2 IS NULL OR r.kind = ?2) AND (?3 IS NULL OR r.mission = ?3) " \
	"AND (?4 = 0 OR r.date_hi >= ?4) AND (?5 = 0 OR r.date_lo <= ?5)"

static const char public_sql[] = MATCH_SQL("search") " ORDER BY score, f.seq, f.rowid LIMIT ?6";
static const char all_sql[] =
	"SELECT * FROM (" MATCH_SQL("search") " UNION ALL " MATCH_SQL("search_restricted") ") "
	"ORDER BY score, seq, para LIMIT ?6";
static const char count_public_sql[] = COUNT_SQL("search");
static const char count_restricted_sql[] = COUNT_SQL("search_restricted");

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

static json_t *row_of(sqlite3_stmt *st, int restricted_ok)
{
	json_t *r = json_object();
	const char *id = (const char *)sqlite3_column_text(st, 9);
	json_object_set_new(r, "record", json_string(id));
	json_object_set_new(r, "kind", json_string((const char *)sqlite3_column_text(st, 5)));
	json_object_set_new(r, "date", json_string((const char *)sqlite3_column_text(st, 6)));
	json_object_set_new(r, "mission", json_string((const char *)sqlite3_column_text(st, 7)));
	const unsigned char *ref = sqlite3_column_text(st, 8);
	json_object_set_new(r, "ref", ref ? json_string((const char *)ref) : json_null());
	const unsigned char *para = sqlite3_column_text(st, 1);
	json_object_set_new(r, "paragraph", para ? json_string((const char *)para) : json_null());
	json_object_set_new(r, "status", json_string(sqlite3_column_type(st, 11) != SQLITE_NULL ? "retracted"
						     : sqlite3_column_type(st, 10) != SQLITE_NULL ? "corrected" : "live"));
	const char *s0 = (const char *)sqlite3_column_text(st, 2), *s1 = (const char *)sqlite3_column_text(st, 3);
	const char *snip = s0 && strchr(s0, 2) ? s0 : s1 ? s1 : "";
	json_t *matched = json_array();
	json_object_set_new(r, "context", context_of(snip, matched));
	json_object_set_new(r, "matched", matched);
	char link[64];
	snprintf(link, sizeof link, "/record/%s", id ? id : "");
	json_object_set_new(r, "link", json_string(link));
	if (restricted_ok)
		json_object_set_new(r, "restricted", json_boolean(sqlite3_column_int(st, 12)));
	return r;
}

static long long count_of(struct store *s, const char *sql, const char *fts, const char *kind, const char *mission,
			  const struct search_args *a)
{
	sqlite3_stmt *st = store_prep(s, sql);
	bind_all(st, fts, kind, mission, a);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
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
	if (search_query_parse_or_err(a->words, &q, e) < 0)
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
	struct answer ans;
	answer_init(&ans, "search", 0, mission);
	sqlite3_stmt *st = store_prep(s, a->restricted_ok ? all_sql : public_sql);
	bind_all(st, q.fts, kind, mission, a);
	sqlite3_bind_int(st, 6, SEARCH_MAX_ROWS);
	int rc;
	long long shown = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_array_append_new(ans.rows, row_of(st, a->restricted_ok));
		shown++;
	}
	if (rc != SQLITE_DONE) {
		/* The expression is ours, built of quoted strings: a failure is a bug. */
		err_set_code(e, EXIT_INTERNAL, "search: %s (expression %s)", sqlite3_errmsg(s->db), q.fts);
		sqlite3_reset(st);
		search_query_free(&q);
		json_decref(answer_finish(&ans, s));
		return NULL;
	}
	sqlite3_reset(st);
	long long matches = count_of(s, count_public_sql, q.fts, kind, mission, a);
	if (a->restricted_ok)
		matches += count_of(s, count_restricted_sql, q.fts, kind, mission, a);
	json_object_set_new(ans.answer, "query", json_string(a->words));
	json_object_set_new(ans.answer, "expression", json_string(q.fts));
	json_object_set_new(ans.answer, "matches", json_integer(matches));
	json_object_set_new(ans.answer, "shown", json_integer(shown));
	json_object_set_new(ans.answer, "kind", kind ? json_string(kind) : json_null());
	json_object_set_new(ans.answer, "restricted_included", json_boolean(a->restricted_ok));
	search_query_free(&q);
	return answer_finish(&ans, s);
}
