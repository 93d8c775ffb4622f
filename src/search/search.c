/* search.c: the search question (answer_search), shared by `muster search`,
 * the page /search and /api/v1/search. Public readers are answered from the
 * public table alone: its ranks, counts and snippets never saw a restricted
 * record. Oversight and admin get both tables, each ranked on its own. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/answer.h"
#include "../core/record.h"
#include "search.h"

/* The statements of one table (T: one of ours). ?1 the expression. The
 * FTS5 table is read alone: every match is counted and ranked from the index
 * (muster_bm25) and filtered by its row's values in T_attr (struct search_filter),
 * nothing else is read per match. The snippets and the record are read only
 * for the rows shown, by rowid (?2), with ?3 true for a reader who sees
 * restricted records (the status counts restricted corrections). R is the
 * view of rec the statements read: rec for such a reader, pub_any_rec on a
 * public connection (src/trust/guard.c), whose status is the public's. */
#define STATUS_SQL "CASE WHEN ?3 THEN coalesce(r.replaced_by, r.restricted_replaced_by) " \
	"ELSE r.replaced_by END, CASE WHEN ?3 THEN coalesce(r.retracted_by, r.restricted_retracted_by) " \
	"ELSE r.retracted_by END"
#define TABLE_SQL(T, TI, R, STATUS) { \
	"SELECT rowid, muster_bm25(" T ", " TI ") FROM " T " WHERE " T " MATCH ?1", \
	"SELECT f.para, snippet(" T ", 0, char(2), char(3), '…', 16), " \
	"snippet(" T ", -1, char(2), char(3), '…', 16), r.kind, r.date_text, r.mission, r.ref, " \
	"substr(l.id, 1, 16), " STATUS ", r.visibility = 'restricted' " \
	"FROM " T " f JOIN " R " r ON r.seq = f.seq JOIN log l ON l.seq = f.seq " \
	"WHERE " T " MATCH ?1 AND f.rowid = ?2" }

enum { Q_RANK, Q_DETAIL, Q_N };
#define MMAP_SIZE "1073741824"
/* The public table, the restricted one, and the public one on a public
 * connection (SQL_OF picks). */
static const char *const table_sql[3][Q_N] = {TABLE_SQL("search", "0", "rec", STATUS_SQL),
	TABLE_SQL("search_restricted", "1", "rec", STATUS_SQL),
	TABLE_SQL("search", "0", "pub_any_rec", "r.replaced_by, coalesce(r.retracted_by, CASE WHEN ?3 THEN NULL END)")};
#define SQL_OF(s, t) table_sql[(t) == 0 && (s)->public_only ? 2 : (t)]

/* A row chosen to be shown: which table, its rowid, its score. */
struct pick {
	int table;
	sqlite3_int64 rowid;
	double score;
};

/* Best score first; a tie in the order the rows were added (rowids grow
 * with the log), the public table's before the restricted one's. */
static int cmp_rank(const struct pick *x, const struct pick *y)
{
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* Puts `p` among the best `*n` picks (best first, at most SEARCH_MAX_ROWS). */
static void keep_best(struct pick *best, int *n, const struct pick *p)
{
	if (*n == SEARCH_MAX_ROWS && cmp_rank(p, &best[*n - 1]) >= 0)
		return;
	int i = *n < SEARCH_MAX_ROWS ? (*n)++ : *n - 1;
	for (; i > 0 && cmp_rank(p, &best[i - 1]) < 0; i--)
		best[i] = best[i - 1];
	best[i] = *p;
}

/* Per query: FTS5's bm25 figures, worked out at the first match. */
struct bm25 {
	int n_phrase;
	double avgdl;           /* tokens per row */
	double *idf, *freq;     /* per phrase */
};

static int count_hit(const Fts5ExtensionApi *api, Fts5Context *f, void *ctx)
{
	(void)api, (void)f;
	(*(sqlite3_int64 *)ctx)++;
	return SQLITE_OK;
}

/* FTS5's IDF of a phrase found in `hits` of `n_row` rows. */
static double idf_of(sqlite3_int64 n_row, sqlite3_int64 hits)
{
	double idf = log((n_row - hits + 0.5) / (hits + 0.5));
	return idf <= 0.0 ? 1e-6 : idf;
}

/* The length of a long row (SEARCH_LEN_MAX tokens or more) of table t, from
 * T_len; 0 with a length FTS5 worked out when it is missing there. */
static int long_len(struct search_conn *c, int t, const Fts5ExtensionApi *api, Fts5Context *f, int *len)
{
	if (!c->len_st[t] && sqlite3_prepare_v2(c->db, t ? "SELECT len FROM search_restricted_len WHERE id = ?"
						: "SELECT len FROM search_len WHERE id = ?", -1, &c->len_st[t], NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	sqlite3_bind_int64(c->len_st[t], 1, api->xRowid(f));
	int found = sqlite3_step(c->len_st[t]) == SQLITE_ROW;
	if (found)
		*len = sqlite3_column_int(c->len_st[t], 0);
	sqlite3_reset(c->len_st[t]);
	/* Not there (a file damaged, which verify tells): FTS5 tokenizes the row. */
	return found ? SQLITE_OK : api->xColumnSize(f, -1, len);
}

int search_row_len(struct search_conn *c, int t, const Fts5ExtensionApi *api, Fts5Context *f, int *len)
{
	*len = SEARCH_ROW_LEN(api->xRowid(f));
	return *len == SEARCH_LEN_MAX ? long_len(c, t, api, f, len) : SQLITE_OK;
}

/* bm25's last steps for a row of n_tok tokens holding each phrase d->freq[i]
 * times: the one sum every score is (the plan of a word's walk works out
 * its scores by the same code, so that they are the same doubles). */
static double score_of(const struct bm25 *d, int n_tok)
{
	const double k1 = 1.2, b = 0.75;
	double len = (double)n_tok, sum = 0.0;
	for (int i = 0; i < d->n_phrase; i++)
		sum += d->idf[i] * ((d->freq[i] * (k1 + 1.0)) / (d->freq[i] + k1 * (1 - b + b * len / d->avgdl)));
	return -1.0 * sum;
}

/* The score of the row at f (bm25's last steps), into *score. */
static int row_score(struct search_conn *c, int t, struct bm25 *d, const Fts5ExtensionApi *api, Fts5Context *f,
		     double *score)
{
	memset(d->freq, 0, (size_t)d->n_phrase * sizeof(double));
	int rc = SQLITE_OK;
	if (d->n_phrase == 1) {
		/* One phrase: its instances read off its own list, without
		 * FTS5 building the row's array of every phrase's. */
		Fts5PhraseIter it;
		int ic, io;
		for (rc = api->xPhraseFirst(f, 0, &it, &ic, &io); rc == SQLITE_OK && ic >= 0;
		     api->xPhraseNext(f, &it, &ic, &io))
			d->freq[0] += 1.0;
	} else {
		int n_inst = 0;
		rc = api->xInstCount(f, &n_inst);
		for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
			int ip, ic, io;
			rc = api->xInst(f, i, &ip, &ic, &io);
			if (rc == SQLITE_OK)
				d->freq[ip] += 1.0;
		}
	}
	int n_tok = 0;
	if (rc == SQLITE_OK)
		rc = search_row_len(c, t, api, f, &n_tok);
	if (rc != SQLITE_OK)
		return rc;
	*score = score_of(d, n_tok);
	return SQLITE_OK;
}

/* A walk over every row of a one-phrase query (struct search_conn). */
struct walk {
	struct search_conn *c;
	int t;
	struct bm25 *d;
	struct pick *best;      /* SEARCH_MAX_ROWS, the best kept */
	int n_best;
	struct search_filter *filter;
	long long n_all;        /* rows walked (the phrase's, for its IDF) */
	long long n;            /* rows that passed the filter */
	int done, rc;
	/* A word with its figures in T_stat (hist; NULL: every row walked):
	 * the walk stops once it has seen every passing row scoring better
	 * than thr and need_thr of those scoring thr, which are then the best
	 * SEARCH_MAX_ROWS (rows come in the order of their rowids, the order
	 * ties are ranked in). */
	struct search_hist *hist;
	int planned, stopped;
	double thr;
	long long need_better, need_thr, seen_better, seen_thr;
};

/* A score the plan met, with its rows. */
struct group {
	double score;
	long long n;
};

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	return x->score < y->score ? -1 : x->score > y->score;
}

/* 1 when a row of `code` passes the walk's filter of kind and mission. */
static int code_passes(const struct search_filter *f, unsigned code)
{
	return !f->on || ((int)code < f->n_code && f->code_ok[code]);
}

/* Works out, from the word's figures, which scores the best rows have
 * (see struct walk), with d's avgdl and the IDF left out as the walk does. */
static int plan_walk(struct walk *w, struct bm25 *d)
{
	struct group *g = malloc((size_t)(w->hist->n ? w->hist->n : 1) * sizeof *g);
	if (!g)
		return SQLITE_NOMEM;
	int n = 0;
	for (int i = 0; i < w->hist->n; i++) {
		const struct search_stat_entry *x = &w->hist->e[i];
		if (!code_passes(w->filter, x->code))
			continue;
		d->freq[0] = (double)x->freq;
		g[n++] = (struct group){score_of(d, (int)x->len), x->n};
	}
	qsort(g, (size_t)n, sizeof *g, cmp_group);
	long long left = SEARCH_MAX_ROWS;
	w->thr = HUGE_VAL, w->need_better = w->need_thr = 0;
	for (int i = 0; i < n;) {
		long long rows = 0;
		int j = i;
		for (; j < n && g[j].score == g[i].score; j++)
			rows += g[j].n;
		if (rows >= left) {
			w->thr = g[i].score, w->need_thr = left;
			break;
		}
		w->need_better += rows, left -= rows;
		i = j;
	}
	free(g);
	w->planned = 1;
	return SQLITE_OK;
}

static int walk_row(const Fts5ExtensionApi *api, Fts5Context *f, void *ctx)
{
	struct walk *w = ctx;
	if (w->planned && w->seen_better >= w->need_better && w->seen_thr >= w->need_thr) {
		w->stopped = 1;
		return SQLITE_DONE;
	}
	struct pick p = {w->t, api->xRowid(f), 0};
	w->n_all++;
	int pass = search_filter_pass(w->filter, p.rowid);
	if (pass < 0)
		return w->rc = SQLITE_CORRUPT;
	if (!pass)
		return SQLITE_OK;
	if ((w->rc = row_score(w->c, w->t, w->d, api, f, &p.score)) != SQLITE_OK)
		return w->rc;
	keep_best(w->best, &w->n_best, &p);
	w->n++;
	if (w->planned) {
		w->seen_better += p.score < w->thr;
		w->seen_thr += p.score == w->thr;
	}
	return SQLITE_OK;
}

/* muster_bm25(T, t): FTS5's bm25(T) with its defaults (k1 1.2, b 0.75, every
 * column weighing 1), worked out by the same steps in the same order so
 * that it is the same double, but with the row's length read from its rowid
 * (SEARCH_ROW_LEN) or, for a long one, from T_len (t: 0 search, 1
 * search_restricted), where FTS5 with columnsize=0 tokenizes the row again.
 * FTS5 counts each phrase's rows before the first score (a pass over its
 * every row, as long as the query's own); with c->idf_later a query of one
 * phrase skips it (see struct search_conn). */
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *f, sqlite3_context *ctx, int nv, sqlite3_value **v)
{
	struct search_conn *c = api->xUserData(f);
	int t = nv > 0 && sqlite3_value_int(v[0]) == 1;
	struct bm25 *d = api->xGetAuxdata(f, 0);
	int rc = SQLITE_OK;
	if (!d) {
		int np = api->xPhraseCount(f);
		d = sqlite3_malloc64(sizeof *d + 2 * (sqlite3_uint64)np * sizeof(double));
		if (!d) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		d->n_phrase = np;
		d->idf = (double *)(d + 1);
		d->freq = d->idf + np;
		sqlite3_int64 n_row = 0, n_tok = 0;
		rc = api->xRowCount(f, &n_row);
		if (rc == SQLITE_OK)
			rc = api->xColumnTotalSize(f, -1, &n_tok);
		if (rc == SQLITE_OK)
			d->avgdl = (double)n_tok / (double)n_row;
		c->n_row = n_row;
		c->idf_left = c->idf_later && np == 1;
		for (int i = 0; rc == SQLITE_OK && i < np; i++) {
			sqlite3_int64 hits = 0;
			if (c->idf_left) {
				d->idf[i] = 1.0;        /* score * 1.0 is the score */
				continue;
			}
			rc = api->xQueryPhrase(f, i, &hits, count_hit);
			d->idf[i] = idf_of(n_row, hits);
		}
		if (rc != SQLITE_OK) {
			sqlite3_free(d);
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		/* On failure FTS5 frees d itself. */
		if ((rc = api->xSetAuxdata(f, d, sqlite3_free)) != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	if (c->walk && c->idf_left) {
		/* One phrase: its rows are the query's. They are
		 * walked here, without a step of the statement per row (3 times
		 * faster); the caller stops at this first row. */
		struct walk *w = c->walk;
		w->c = c, w->t = t, w->d = d;
		rc = w->hist ? plan_walk(w, d) : SQLITE_OK;
		if (rc == SQLITE_OK)
			rc = api->xQueryPhrase(f, 0, w, walk_row);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;         /* stopped by the plan */
		if (rc == SQLITE_OK)
			rc = w->rc;
		w->done = 1;
		if (rc != SQLITE_OK)
			sqlite3_result_error_code(ctx, rc);
		else
			sqlite3_result_double(ctx, 0.0);
		return;
	}
	double score;
	if ((rc = row_score(c, t, d, api, f, &score)) != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_double(ctx, score);
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
	sqlite3_stmt *st = store_prep(s, SQL_OF(s, t)[Q_DETAIL]);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rowid);
	sqlite3_bind_int(st, 3, restricted_ok);
	if (!store_row(s, st)) {
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

int search_register_or_err(struct store *s, struct search_conn *c, struct err *e)
{
	if (c->ranked)
		return 0;
	/* The index's pages mapped rather than copied: a broad search
	 * reads megabytes of them (a failure only leaves them copied). */
	sqlite3_exec(s->db, "PRAGMA mmap_size = " MMAP_SIZE, NULL, NULL, NULL);
	if (c->api->xCreateFunction(c->api, "muster_bm25", c, rank_fn, NULL) != SQLITE_OK ||
	    search_stat_register(c) != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "search: cannot register the ranking function: %s",
				    sqlite3_errmsg(s->db));
	c->ranked = 1;
	return 0;
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
	struct search_expand_ctx x = {s, a->restricted_ok};
	if (search_query_parse_or_err(a->words, search_expand_prefix, &x, &q, e) < 0)
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
	struct search_conn *c = search_conn_or_err(s, e);
	if (!c) {
		search_query_free(&q);
		return NULL;
	}
	if (search_register_or_err(s, c, e) < 0) {
		search_query_free(&q);
		return NULL;
	}
	char word[256];
	int one = search_one_word(c, q.fts, word, sizeof word);
	/* One pass over every match of each table: counted, ranked, the best
	 * kept; then the tables' best merged. */
	long long matches = 0;
	struct pick best[2][SEARCH_MAX_ROWS], picks[SEARCH_MAX_ROWS];
	int n_best[2] = {0, 0}, n_picks = 0;
	for (int t = 0; t < n_tables; t++) {
		struct search_filter flt = {.on = filtered, .from = (unsigned)a->from, .to = (unsigned)a->to};
		if (filtered) {
			/* No row of a kind and mission asked for: none passes. */
			if (!search_filter_load(s, t, kind, mission, &flt)) {
				search_filter_free(&flt);
				continue;
			}
		}
		sqlite3_stmt *st = store_prep(s, SQL_OF(s, t)[Q_RANK]);
		sqlite3_bind_text(st, 1, q.fts, -1, SQLITE_STATIC);
		c->idf_later = 1;
		c->idf_left = 0;
		struct walk w = {.best = best[t], .filter = &flt};
		/* One word kept in T_stat, filtered by kind and mission at most:
		 * counted there, and its walk stops at its best rows. Not while
		 * this connection holds rows T_stat has not taken in yet. */
		struct search_hist hist = {0};
		long long passing = 0;
		int planned = 0;
		if (one && !a->from && !a->to && !c->stat_rows[t]) {
			planned = search_stat_get(s, t, word, &hist);
			if (planned < 0) {
				search_hist_free(&hist);
				search_filter_free(&flt);
				err_set_code(e, E_INTERNAL, "search: reading the words' figures: %s", sqlite3_errmsg(s->db));
				search_query_free(&q);
				return NULL;
			}
			for (int i = 0; planned && i < hist.n; i++)
				passing += code_passes(&flt, hist.e[i].code) ? hist.e[i].n : 0;
			w.hist = planned ? &hist : NULL;
		}
		if (planned && !passing) {
			sqlite3_reset(st);
			search_hist_free(&hist);
			search_filter_free(&flt);
			continue;
		}
		c->walk = &w;
		long long n = 0, n_all = 0;
		int rc, damaged = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (w.done) {
				n_best[t] = w.n_best, n = w.n, n_all = w.n_all, rc = SQLITE_DONE;
				break;
			}
			struct pick p = {t, sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1)};
			int pass = search_filter_pass(&flt, p.rowid);
			damaged |= pass < 0;
			if (pass > 0) {
				keep_best(best[t], &n_best[t], &p);
				n++;
			}
			n_all++;
		}
		sqlite3_reset(st);
		c->walk = NULL;
		search_filter_free(&flt);
		if (planned && rc == SQLITE_DONE) {
			/* Every row walked: the figures must be the rows'. */
			if (!w.stopped && (!w.done || n != passing || n_all != hist.rows))
				damaged = 2;
			n = passing, n_all = hist.rows;
		}
		search_hist_free(&hist);
		if (damaged == 2) {
			err_set_code(e, E_INTERNAL, "search: the figures of \"%s\" in %s are not its rows' "
				     "(muster verify tells; muster rebuild restores them)", word,
				     t ? "search_restricted_stat" : "search_stat");
			search_query_free(&q);
			return NULL;
		}
		if (damaged || w.rc == SQLITE_CORRUPT) {
			err_set_code(e, E_INTERNAL, "search: the index has no filter values for some rows of %s "
				     "(muster verify tells; muster rebuild restores them)", t ? "search_restricted" : "search");
			search_query_free(&q);
			return NULL;
		}
		if (rc != SQLITE_DONE) {
			/* The expression is ours, built of quoted strings: a failure is a bug. */
			err_set_code(e, E_INTERNAL, "search: %s (expression %s)", sqlite3_errmsg(s->db), q.fts);
			search_query_free(&q);
			return NULL;
		}
		if (c->idf_left) {
			/* The phrase's rows were all counted (those filtered out
			 * too): the scores get its IDF, as bm25 multiplies it in
			 * (0.0 + idf * x, negated). */
			double idf = idf_of(c->n_row, n_all);
			for (int i = 0; i < n_best[t]; i++)
				best[t][i].score = -1.0 * (0.0 + idf * -best[t][i].score);
		}
		matches += n;
	}
	for (int t = 0; t < n_tables; t++)
		for (int i = 0; i < n_best[t]; i++)
			keep_best(picks, &n_picks, &best[t][i]);
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
	json_object_set_new(ans.answer, "shown", json_integer(shown));
	json_object_set_new(ans.answer, "kind", kind ? json_string(kind) : json_null());
	json_object_set_new(ans.answer, "restricted_included", json_boolean(a->restricted_ok));
	search_query_free(&q);
	return answer_finish(&ans, s);
}
