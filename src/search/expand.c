/* expand.c: the words a prefix (Guatem*) stands for, read from the index's
 * vocabulary for the tables the reader may search (search_query_parse_or_err
 * replaces a prefix of a few words by them: FTS5 reads a prefix's every
 * word in full). */
#include <stdio.h>
#include <string.h>

#include "search.h"

/* Adds to `words` (n of them, at most max, each once) table t's words from
 * lo to hi, in their order, from FTS5's vocabulary table (which reads each
 * word's every row to count them). -1 on failure. */
static int vocab_range(struct store *s, int t, const char *lo, int lo_n, const char *hi, int hi_n, char (*words)[64],
		       int *n, int max)
{
	sqlite3_stmt *st = store_prep(s, t ? "SELECT term FROM temp.search_restricted_vocab WHERE term >= ?1 "
				      "AND term <= ?2 LIMIT ?3"
				      : "SELECT term FROM temp.search_vocab WHERE term >= ?1 AND term <= ?2 LIMIT ?3");
	sqlite3_bind_text(st, 1, lo, lo_n, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, hi_n, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, max);
	int rc;
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(st, 0);
		int seen = strlen(w) >= 64;
		for (int i = 0; i < *n; i++)
			seen |= !strcmp(words[i], w);
		if (!seen)
			snprintf(words[(*n)++], 64, "%s", w);
	}
	sqlite3_reset(st);
	return 0;
}

/* search_expand_fn over the words of the tables the reader may search:
 * FTS5's vocabulary tables, made once per connection in temp. A reader
 * who may not see restricted records gets the public table's words only.
 * The vocabulary counts each word's rows as it goes: the frequent words,
 * known from T_stat, are taken from there and the vocabulary read only
 * between them (a prefix of half the records costs what a rare one does). */
int search_expand_prefix(void *ctx, const char *prefix, char (*words)[64], int max)
{
	struct search_expand_ctx *x = ctx;
	struct err ignored;
	if (store_exec_or_err(x->s, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
			      "USING fts5vocab(main, 'search', 'row');\n"
			      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_restricted_vocab "
			      "USING fts5vocab(main, 'search_restricted', 'row');", &ignored) < 0)
		return -1;
	struct search_conn *c = search_conn_or_err(x->s, &ignored);
	char hi[80];
	snprintf(hi, sizeof hi, "%s\xf4\x8f\xbf\xbf", prefix);   /* after every word it starts */
	int n = 0;
	for (int t = 0; t < (x->restricted_ok ? 2 : 1) && n < max; t++) {
		/* Per table, its first `max` words in order, as one range would give. */
		char tw[SEARCH_EXPAND_MAX + 2][64];
		int tn = 0, room = max < SEARCH_EXPAND_MAX + 2 ? max : SEARCH_EXPAND_MAX + 2;
		char lo[80];
		int lo_n = snprintf(lo, sizeof lo, "%s", prefix);
		if (c && !c->stat_rows[t]) {
			sqlite3_stmt *st = store_prep(x->s, t ? "SELECT term FROM search_restricted_stat WHERE term >= ?1 "
						      "AND term <= ?2 ORDER BY term"
						      : "SELECT term FROM search_stat WHERE term >= ?1 AND term <= ?2 ORDER BY term");
			sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
			while (tn < room && sqlite3_step(st) == SQLITE_ROW) {
				const char *f = (const char *)sqlite3_column_text(st, 0);
				size_t fl = strlen(f);
				if (fl >= 64 || !fl || (unsigned char)f[fl - 1] <= 1)
					continue;       /* read through the vocabulary */
				/* The words before it: up to the last string below it. */
				char below[80];
				int below_n = snprintf(below, sizeof below, "%s\xff", f);
				below[fl - 1] = (char)(f[fl - 1] - 1);
				if (vocab_range(x->s, t, lo, lo_n, below, below_n, tw, &tn, room) < 0) {
					sqlite3_reset(st);
					return -1;
				}
				if (tn < room)
					snprintf(tw[tn++], 64, "%s", f);
				lo_n = snprintf(lo, sizeof lo, "%s\x01", f);
			}
			sqlite3_reset(st);
		}
		if (tn < room && vocab_range(x->s, t, lo, lo_n, hi, (int)strlen(hi), tw, &tn, room) < 0)
			return -1;
		for (int i = 0; i < tn && n < max; i++) {
			int seen = 0;
			for (int j = 0; j < n; j++)
				seen |= !strcmp(words[j], tw[i]);
			if (!seen)
				snprintf(words[n++], 64, "%s", tw[i]);
		}
	}
	return n;
}
