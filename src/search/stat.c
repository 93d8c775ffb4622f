/* stat.c: each frequent word's figures beside the index (T_stat:
 * search_stat, search_restricted_stat; search.h), so that a search for one
 * word counts its matches from one row and stops reading them once its best
 * rows are found. Kept at each commit that added search rows (the
 * transaction's new rows are at the end of the table: rowids only grow),
 * for every word of at least SEARCH_STAT_MIN rows, whatever order the
 * records came in: a rebuild gives the same rows, and verify compares them.
 * Also: which one word a search asks for (search_one_word). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

/* ---- a word's histogram ---- */

static unsigned get_u32(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 | (unsigned)p[3] << 24;
}

static void put_u32(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16),
	p[3] = (unsigned char)(v >> 24);
}

static unsigned hash3(unsigned a, unsigned b, unsigned c)
{
	unsigned long long x = ((unsigned long long)a << 40) ^ ((unsigned long long)b << 20) ^ c;
	x *= 0x9E3779B97F4A7C15ull;
	return (unsigned)(x >> 32);
}

/* Adds `n` rows of (code, freq, len) to h. */
static void hist_add(struct search_hist *h, unsigned code, unsigned freq, unsigned len, long long n)
{
	if (2 * (h->n + 1) > h->slots) {
		int slots = h->slots ? 2 * h->slots : 64;
		int *idx = malloc((size_t)slots * sizeof *idx);
		if (!idx)
			abort();
		for (int i = 0; i < slots; i++)
			idx[i] = -1;
		for (int i = 0; i < h->n; i++) {
			unsigned k = hash3(h->e[i].code, h->e[i].freq, h->e[i].len) & (unsigned)(slots - 1);
			while (idx[k] >= 0)
				k = (k + 1) & (unsigned)(slots - 1);
			idx[k] = i;
		}
		free(h->idx);
		h->idx = idx, h->slots = slots;
	}
	unsigned k = hash3(code, freq, len) & (unsigned)(h->slots - 1);
	for (; h->idx[k] >= 0; k = (k + 1) & (unsigned)(h->slots - 1)) {
		struct search_stat_entry *x = &h->e[h->idx[k]];
		if (x->code == code && x->freq == freq && x->len == len) {
			x->n += n;
			h->rows += n;
			return;
		}
	}
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 32;
		h->e = realloc(h->e, (size_t)h->cap * sizeof *h->e);
		if (!h->e)
			abort();
	}
	h->e[h->n] = (struct search_stat_entry){code, freq, len, n};
	h->idx[k] = h->n++;
	h->rows += n;
}

void search_hist_free(struct search_hist *h)
{
	free(h->e);
	free(h->idx);
	memset(h, 0, sizeof *h);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct search_stat_entry *x = a, *y = b;
	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	if (x->freq != y->freq)
		return x->freq < y->freq ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

#define ENTRY_BYTES 16

/* The blob of h: its entries in order of (code, freq, len), 4 little-endian
 * u32 each (code, freq, len, rows). From malloc; *n its size. */
static unsigned char *hist_blob(struct search_hist *h, int *n)
{
	struct search_stat_entry *e = malloc((size_t)(h->n ? h->n : 1) * sizeof *e);
	unsigned char *b = malloc((size_t)(h->n ? h->n : 1) * ENTRY_BYTES);
	if (!e || !b)
		abort();
	memcpy(e, h->e, (size_t)h->n * sizeof *e);
	qsort(e, (size_t)h->n, sizeof *e, cmp_entry);
	for (int i = 0; i < h->n; i++) {
		put_u32(b + i * ENTRY_BYTES, e[i].code);
		put_u32(b + i * ENTRY_BYTES + 4, e[i].freq);
		put_u32(b + i * ENTRY_BYTES + 8, e[i].len);
		put_u32(b + i * ENTRY_BYTES + 12, (unsigned)e[i].n);
	}
	free(e);
	*n = h->n * ENTRY_BYTES;
	return b;
}

static const char *const get_sql[2] = {"SELECT n, h FROM search_stat WHERE term = ?",
				       "SELECT n, h FROM search_restricted_stat WHERE term = ?"};

int search_stat_get(struct store *s, int t, const char *term, struct search_hist *h)
{
	sqlite3_stmt *st = store_prep(s, get_sql[t]);
	sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	long long n = sqlite3_column_int64(st, 0);
	const unsigned char *b = sqlite3_column_blob(st, 1);
	int size = sqlite3_column_bytes(st, 1);
	for (int i = 0; b && i + ENTRY_BYTES <= size; i += ENTRY_BYTES)
		hist_add(h, get_u32(b + i), get_u32(b + i + 4), get_u32(b + i + 8), get_u32(b + i + 12));
	sqlite3_reset(st);
	/* A damaged row (rows that do not add up): as if it were not there,
	 * read from the index itself (verify tells, rebuild restores). */
	if (size % ENTRY_BYTES || h->rows != n) {
		search_hist_free(h);
		return 0;
	}
	return 1;
}

/* ---- keeping the rows at commit ---- */

/* The word's rows from rowid `from` on, walked by muster_stat into c->stat. */
static const char *const walk_sql[2] = {
	"SELECT muster_stat(search, 0) FROM search WHERE search MATCH ?1 AND rowid >= ?2",
	"SELECT muster_stat(search_restricted, 1) FROM search_restricted WHERE search_restricted MATCH ?1 AND rowid >= ?2"};

/* What muster_stat fills: the histogram and the cursor over T_attr. With
 * whole, the first row walks every row of the word (xQueryPhrase, without a
 * step of the statement per row: several times faster) and sets walked. */
struct stat_walk {
	struct search_hist *h;
	struct search_blocks attr;
	struct search_conn *c;
	int t, rc, whole, walked;
};

/* Adds the row at f to the walk's histogram: its (code, occurrences of the
 * one phrase, length). */
static int stat_row(const Fts5ExtensionApi *api, Fts5Context *f, void *ctx)
{
	struct stat_walk *w = ctx;
	Fts5PhraseIter it;
	int ic, io, rc;
	unsigned freq = 0;
	for (rc = api->xPhraseFirst(f, 0, &it, &ic, &io); rc == SQLITE_OK && ic >= 0; api->xPhraseNext(f, &it, &ic, &io))
		freq++;
	int len = 0;
	if (rc == SQLITE_OK)
		rc = search_row_len(w->c, w->t, api, f, &len);
	const unsigned char *a = rc == SQLITE_OK ? search_block_row(&w->attr, api->xRowid(f) >> SEARCH_LEN_BITS) : NULL;
	if (rc == SQLITE_OK && !a)
		rc = SQLITE_CORRUPT;
	if (rc != SQLITE_OK)
		return w->rc = rc;
	hist_add(w->h, (unsigned)a[0] | (unsigned)a[1] << 8, freq, (unsigned)len, 1);
	return SQLITE_OK;
}

/* muster_stat(T, t): the row, or with whole every row, into c->stat. */
static void stat_fn(const Fts5ExtensionApi *api, Fts5Context *f, sqlite3_context *ctx, int nv, sqlite3_value **v)
{
	(void)nv, (void)v;
	struct search_conn *c = api->xUserData(f);
	struct stat_walk *w = c->stat;
	if (!w) {
		sqlite3_result_error(ctx, "muster_stat outside a walk", -1);
		return;
	}
	int rc;
	if (w->whole) {
		rc = api->xQueryPhrase(f, 0, w, stat_row);
		w->walked = 1;
	} else {
		rc = stat_row(api, f, w);
	}
	if (rc != SQLITE_OK) {
		w->rc = rc;
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_null(ctx);
}

/* `"term"` for FTS5, its quotes doubled, into buf. */
static void phrase_of(const char *term, char *buf, size_t size)
{
	size_t o = 0;
	buf[o++] = '"';
	for (const char *p = term; *p && o + 3 < size; p++) {
		if (*p == '"')
			buf[o++] = '"';
		buf[o++] = *p;
	}
	buf[o++] = '"';
	buf[o] = 0;
}

/* Adds the rows of `term` in table t from rowid `from` on to h. */
static int walk_term(struct store *s, struct search_conn *c, int t, const char *term, sqlite3_int64 from,
		     struct search_hist *h, struct err *e)
{
	char phrase[300];
	phrase_of(term, phrase, sizeof phrase);
	struct stat_walk w = {.h = h, .c = c, .t = t, .whole = from == 0};
	search_blocks_open(s, t, 0, &w.attr);
	c->stat = &w;
	sqlite3_stmt *st = store_prep(s, walk_sql[t]);
	sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, from);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !w.walked)
		;
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	sqlite3_reset(w.attr.st);
	c->stat = NULL;
	if (rc != SQLITE_DONE || w.rc != SQLITE_OK)
		return err_set_code(e, E_INTERNAL, "search: counting the rows of \"%s\" in %s: %s", term,
				    t ? "search_restricted" : "search", w.rc == SQLITE_CORRUPT ? "rows without filter values"
				    : sqlite3_errmsg(s->db));
	return 0;
}

/* Brings term's row of T_stat up to date with the rows added from rowid
 * `from` on; `doc` is its rows in the index, or -1 when not known. */
static int update_term(struct store *s, struct search_conn *c, int t, const char *term, sqlite3_int64 from,
		       long long doc, struct err *e)
{
	struct search_hist h = {0};
	int had = search_stat_get(s, t, term, &h);
	if (had < 0)
		return err_set_code(e, E_INTERNAL, "search: reading %s: %s", t ? "search_restricted_stat" : "search_stat",
				    sqlite3_errmsg(s->db));
	long long before = h.rows;
	if (had && doc == before) {
		search_hist_free(&h);
		return 0;
	}
	int rc = walk_term(s, c, t, term, had ? from : 0, &h, e);
	if (rc == 0 && had && doc >= 0 && h.rows != doc) {
		/* The row did not hold the rows before: counted again. */
		search_hist_free(&h);
		rc = walk_term(s, c, t, term, 0, &h, e);
	}
	if (rc == 0 && h.rows >= SEARCH_STAT_MIN && h.rows != before) {
		int size;
		unsigned char *b = hist_blob(&h, &size);
		sqlite3_stmt *st = store_prep(s, t ? "INSERT OR REPLACE INTO search_restricted_stat(term, n, h) VALUES(?, ?, ?)"
					      : "INSERT OR REPLACE INTO search_stat(term, n, h) VALUES(?, ?, ?)");
		sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, h.rows);
		sqlite3_bind_blob(st, 3, b, size, free);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = err_set_code(e, E_INTERNAL, "search: writing %s: %s", t ? "search_restricted_stat" : "search_stat",
					  sqlite3_errmsg(s->db));
		sqlite3_reset(st);
	}
	search_hist_free(&h);
	return rc;
}

/* A list of words (from malloc). */
struct words {
	char **w;
	long long *doc;
	size_t n, cap;
};

static void words_add(struct words *l, const char *w, int n, long long doc)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->w = realloc(l->w, l->cap * sizeof *l->w);
		l->doc = realloc(l->doc, l->cap * sizeof *l->doc);
		if (!l->w || !l->doc)
			abort();
	}
	l->w[l->n] = n < 0 ? strdup(w) : strndup(w, (size_t)n);
	if (!l->w[l->n])
		abort();
	l->doc[l->n++] = doc;
}

static void words_free(struct words *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->w[i]);
	free(l->w);
	free(l->doc);
}

static int add_token(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	(void)flags, (void)start, (void)end;
	if (n > 0 && n < 256)
		words_add(ctx, tok, n, -1);
	return SQLITE_OK;
}

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A few rows added: their words, tokenized as FTS5 does (the tables'
 * tokenizer), each once. */
static int new_words(struct store *s, struct search_conn *c, int t, sqlite3_int64 from, struct words *l, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, t ? "SELECT body, compact, source, country FROM search_restricted WHERE rowid >= ?"
				      : "SELECT body, compact, source, country FROM search WHERE rowid >= ?");
	sqlite3_bind_int64(st, 1, from);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++) {
			const char *text = (const char *)sqlite3_column_text(st, i);
			if (text && *text)
				c->tok.xTokenize(c->t, l, FTS5_TOKENIZE_DOCUMENT, text, (int)strlen(text), add_token);
		}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "search: reading the rows added: %s", sqlite3_errmsg(s->db));
	qsort(l->w, l->n, sizeof *l->w, cmp_word);
	size_t o = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (o && !strcmp(l->w[o - 1], l->w[i])) {
			free(l->w[i]);
			continue;
		}
		l->w[o++] = l->w[i];
	}
	l->n = o;
	return 0;
}

/* Many rows added: every word of the index with SEARCH_STAT_MIN rows or
 * more, with its rows, from FTS5's vocabulary (one pass over the index). */
static int frequent_words(struct store *s, int t, struct words *l, struct err *e)
{
	if (store_exec_or_err(s, t ? "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_restricted_vocab "
			      "USING fts5vocab(main, 'search_restricted', 'row')"
			      : "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, 'search', 'row')",
			      e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, t ? "SELECT term, doc FROM temp.search_restricted_vocab"
				      : "SELECT term, doc FROM temp.search_vocab");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long doc = sqlite3_column_int64(st, 1);
		const char *w = (const char *)sqlite3_column_text(st, 0);
		/* As new_words: longer words are not kept (read from the index). */
		if (doc >= SEARCH_STAT_MIN && w && strlen(w) < 256)
			words_add(l, w, -1, doc);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "search: reading the index's words: %s", sqlite3_errmsg(s->db));
	return 0;
}

/* Rows added in one transaction past which the whole vocabulary is read
 * rather than the new rows' words. */
#define STAT_MANY 2048

static int flush_table(struct store *s, struct search_conn *c, int t, struct err *e)
{
	sqlite3_int64 from = c->stat_from[t];
	/* Rows that are most of the table (a bulk import, a rebuild): FTS5's
	 * segments merged into one, so that a search reads each word's rows
	 * from one list instead of a merge of several (FTS5's own tables, which
	 * verify does not compare; 0.4 s at a million rows). */
	if (c->stat_rows[t] >= STAT_MANY && 2 * c->stat_rows[t] >= (from >> SEARCH_LEN_BITS) + c->stat_rows[t] &&
	    store_exec_or_err(s, t ? "INSERT INTO search_restricted(search_restricted) VALUES('optimize')"
			      : "INSERT INTO search(search) VALUES('optimize')", e) < 0)
		return -1;
	struct words l = {0};
	int rc = c->stat_rows[t] >= STAT_MANY ? frequent_words(s, t, &l, e) : new_words(s, c, t, from, &l, e);
	sqlite3_stmt *few = store_prep(s, t ? "SELECT count(*) FROM (SELECT 1 FROM search_restricted "
				       "WHERE search_restricted MATCH ?1 LIMIT ?2)"
				       : "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT ?2)");
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		long long doc = l.doc[i];
		if (doc < 0) {
			/* A word of the new rows: kept already, or now frequent? */
			struct search_hist h = {0};
			int had = search_stat_get(s, t, l.w[i], &h);
			search_hist_free(&h);
			if (!had) {
				char phrase[300];
				phrase_of(l.w[i], phrase, sizeof phrase);
				sqlite3_reset(few);
				sqlite3_bind_text(few, 1, phrase, -1, SQLITE_STATIC);
				sqlite3_bind_int(few, 2, SEARCH_STAT_MIN);
				long long n = sqlite3_step(few) == SQLITE_ROW ? sqlite3_column_int64(few, 0) : -1;
				sqlite3_reset(few);
				if (n < 0) {
					rc = err_set_code(e, E_INTERNAL, "search: counting \"%s\": %s", l.w[i], sqlite3_errmsg(s->db));
					break;
				}
				if (n < SEARCH_STAT_MIN)
					continue;
			}
		}
		rc = update_term(s, c, t, l.w[i], from, doc, e);
	}
	words_free(&l);
	return rc;
}

int search_stat_flush_or_err(struct store *s, struct err *e)
{
	struct search_conn *c = s->search;
	for (int t = 0; c && t < 2; t++) {
		if (!c->stat_rows[t])
			continue;
		if (search_register_or_err(s, c, e) < 0 || flush_table(s, c, t, e) < 0)
			return -1;
		c->stat_from[t] = c->stat_rows[t] = 0;
	}
	return 0;
}

void search_stat_forget(struct search_conn *c)
{
	if (c)
		c->stat_from[0] = c->stat_from[1] = c->stat_rows[0] = c->stat_rows[1] = 0;
}

int search_stat_register(struct search_conn *c)
{
	return c->api->xCreateFunction(c->api, "muster_stat", c, stat_fn, NULL);
}

/* ---- the one word a search asks for ---- */

/* The first token of a query, and how many there are. */
struct word_out {
	char *w;
	size_t size;
	int n;
};

static int first_token(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	(void)flags, (void)start, (void)end;
	struct word_out *o = ctx;
	if (o->n++ == 0)
		snprintf(o->w, o->size, "%.*s", n, tok);
	if (n <= 0 || (size_t)n >= o->size)
		o->n = 2;       /* not kept in T_stat: read from the index */
	return SQLITE_OK;
}

int search_one_word(struct search_conn *c, const char *fts, char *word, size_t size)
{
	size_t n = strlen(fts);
	if (n < 3 || fts[0] != '"' || fts[n - 1] != '"')
		return 0;
	char *text = malloc(n);
	if (!text)
		return 0;
	size_t o = 0;
	for (size_t i = 1; i < n - 1; i++) {
		if (fts[i] == '"') {
			if (fts[i + 1] != '"' || i + 1 == n - 1) {
				free(text);
				return 0;       /* a second phrase */
			}
			i++;
		}
		text[o++] = fts[i];
	}
	text[o] = 0;
	struct word_out out = {word, size, 0};
	c->tok.xTokenize(c->t, &out, FTS5_TOKENIZE_QUERY, text, (int)o, first_token);
	free(text);
	return out.n == 1;
}
