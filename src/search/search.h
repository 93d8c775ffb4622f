/* search.h: finding records, sources, places and resolutions' paragraphs by
 * their words. The index is a derived table (two FTS5 tables: `search` for
 * public records, `search_restricted` for restricted ones, so that nothing
 * about a restricted record weighs on what the public finds or how it is
 * ranked), filled as each record is derived (index.c). A query in the words
 * people type is turned into an FTS5 expression (query.c), with the four
 * languages' names of statuses, place types and countries (synonyms.c). */
#ifndef MUSTER_SEARCH_H
#define MUSTER_SEARCH_H

#include <jansson.h>

#include "../core/store.h"

/* ---- index.c: the derived tables ---- */

/* CREATE … IF NOT EXISTS for both tables, and their names (dropped by
 * derive_drop_or_err). */
extern const char search_table_sql[];
extern const char search_tables[];
/* SQL that is true for a table name in sqlite_master when the table is one of
 * FTS5's own (search_data, …): compared by nothing, copied by nothing. Use as
 * "AND NOT " SEARCH_SHADOW_SQL with the name's column called `name`. */
#define SEARCH_SHADOW_SQL "(name GLOB 'search*_data' OR name GLOB 'search*_idx' OR " \
	"name GLOB 'search*_content' OR name GLOB 'search*_docsize' OR name GLOB 'search*_config')"

/* A row's rowid says how long it is, so that ranking reads nothing but the
 * index for most rows (FTS5's bm25 looks up each match's length in
 * search_docsize: 150 ms for 125,000 matches). rowid = n << 6 | len: n
 * numbers the table's rows 1, 2, … in the order they are added (the log's),
 * len is the row's length in tokens as FTS5 counts them (what its
 * xColumnSize(-1) gives) when under 63, else 63: the length is then in
 * T_len (search_len, search_restricted_len: id the rowid, len). Rows next
 * to each other differ by less than 128, so the index stores their rowids in
 * one byte each, as it did the plain 1, 2, …. */
#define SEARCH_LEN_BITS 6
#define SEARCH_LEN_MAX ((1 << SEARCH_LEN_BITS) - 1)
#define SEARCH_ROW_LEN(rowid) ((int)((rowid) & SEARCH_LEN_MAX))

/* What the filters (--kind, --mission, --from, --to) read of a row, so that
 * a filtered search reads no record per match. For the rows n = 1, 2, … of
 * T, block (n - 1) >> SEARCH_ATTR_BLOCK_BITS of T_attr (search_attr,
 * search_restricted_attr) holds each row's code (2 bytes, little-endian, in
 * the order of n) of its record's kind and mission in T_code (search_code,
 * search_restricted_code: "kind\nmission", each table its own, numbered in
 * the order met); the same block of T_date (search_date,
 * search_restricted_date) holds rec's date_lo and date_hi (4 bytes each),
 * read only for --from and --to. */
#define SEARCH_ATTR_BLOCK_BITS 8
#define SEARCH_CODE_SIZE 2
#define SEARCH_DATE_SIZE 8
#define SEARCH_CODE_MAX 65535
/* The code of `name` in T_code (restricted: search_restricted_code), or 0
 * when it has none; with `add`, one is given to a new name. -1 with `e`
 * set on failure. */
int search_code_of(struct store *s, int restricted, const char *name, int add, struct err *e);

/* Adds the rows of record `seq` (its words, the compact forms of its joined
 * words, the refs and publishers of the sources it cites that its readers
 * may see, its countries; a resolution's operative paragraphs one row each)
 * to the table its visibility names. */
int search_index_or_err(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e);

/* What search keeps per connection (s->search): FTS5's API, its unicode61
 * tokenizer set as the tables' (to count a row's tokens) and whether the
 * ranking function is registered. Made on first use; freed by store_close
 * through search_conn_free. NULL with `e` set when FTS5 is missing. */
struct search_conn {
	fts5_api *api;
	fts5_tokenizer tok;     /* unicode61 */
	Fts5Tokenizer *t;       /* made with the tables' arguments */
	int ranked;             /* 1: muster_bm25 is registered (search.c) */
	sqlite3 *db;
	sqlite3_stmt *len_st[2];        /* a long row's length in T_len, per table */
	/* Set by search.c around one pass of muster_bm25: when the query is
	 * one phrase, every match is one of the phrase's rows, so its IDF is
	 * known once they are counted, those a filter leaves out too
	 * (idf_later, set by the caller); muster_bm25 then returns the score
	 * without it and says so (idf_left), with the table's row count
	 * (n_row). */
	int idf_later, idf_left;
	sqlite3_int64 n_row;
	/* With idf_left, muster_bm25 walks every row of the phrase at the
	 * first one (xQueryPhrase) into this (search.c's struct walk), or NULL. */
	void *walk;
	/* muster_stat's walk (stat.c), or NULL. */
	void *stat;
	/* Rows added to table t in this transaction, from rowid stat_from[t]
	 * on: T_stat is brought up to date at commit (search_stat_flush_or_err). */
	sqlite3_int64 stat_from[2], stat_rows[2];
};
struct search_conn *search_conn_or_err(struct store *s, struct err *e);
void search_conn_free(struct search_conn *c);

/* Registers muster_bm25 (search.c) and muster_stat (stat.c) on the
 * connection, once; maps the index's pages. -1 with `e` set on failure. */
int search_register_or_err(struct store *s, struct search_conn *c, struct err *e);
/* The length in tokens of the row at f of table t (0 search, 1
 * search_restricted): from its rowid, or T_len for a long one. */
int search_row_len(struct search_conn *c, int t, const Fts5ExtensionApi *api, Fts5Context *f, int *len);

/* ---- stat.c: each frequent word's figures ---- */

/* For every word (as FTS5 holds it, folded) found in SEARCH_STAT_MIN rows
 * of table T or more, T_stat (search_stat, search_restricted_stat; term,
 * n, h) holds its number of rows n and, in h, how many of them have each
 * (code of kind and mission, occurrences of the word, length in tokens):
 * 16 bytes an entry (4 little-endian u32: code, occurrences, length, rows),
 * in the order of the first three. A search for that one word counts its
 * matches there (a kind or mission filter too) and works out beforehand
 * which scores its best rows have, so it stops reading the word's rows once
 * it has seen them (search.c). Kept at each commit (the rows the
 * transaction added), the same whatever the order the rows came in. */
#define SEARCH_STAT_MIN 256
struct search_stat_entry {
	unsigned code, freq, len;
	long long n;
};
struct search_hist {
	struct search_stat_entry *e;
	int n, cap;
	int *idx, slots;        /* a hash of the entries */
	long long rows;         /* the sum of their n */
};
/* Fills h (zeroed by the caller) with term's row of table t: 1 found, 0
 * not (or damaged: its entries do not add up to n), -1 failed. The caller
 * frees h (search_hist_free) in every case. */
int search_stat_get(struct store *s, int t, const char *term, struct search_hist *h);
void search_hist_free(struct search_hist *h);
/* Brings T_stat up to date with the rows added in this transaction (called
 * before every commit, by derive_refresh_or_err); search_stat_forget on
 * rollback. */
int search_stat_flush_or_err(struct store *s, struct err *e);
void search_stat_forget(struct search_conn *c);
/* 1 when the FTS5 expression `fts` is one phrase of one word ("Aviation"),
 * with the word as FTS5 holds it (folded by the tables' tokenizer) in
 * `word`; 0 otherwise (several words or phrases, a prefix, a column). */
int search_one_word(struct search_conn *c, const char *fts, char *word, size_t size);
/* Registers muster_stat (search_register_or_err calls it). */
int search_stat_register(struct search_conn *c);

/* ---- query.c: the words typed, as FTS5 ---- */

/* The longest query taken, in bytes and in words. */
#define SEARCH_MAX_BYTES 1000
#define SEARCH_MAX_WORDS 32

struct search_query {
	char *fts;              /* the FTS5 expression (from malloc) */
	char kind[32];          /* kind:K, or "" */
	char mission[64];       /* mission:M, or "" */
};

/* Parses `text`: words (all must match, accents and case aside), "quoted
 * phrases", prefix words (Guatem*), and field filters source:, country:,
 * kind:, mission: (a value may be a word, a prefix or a phrase). Each word or
 * phrase also finds the statuses and place types it names in French, Creole,
 * Spanish or English, and the country it names in any of them. A word joined
 * by hyphens or apostrophes also finds the same letters written together
 * (Pétion-Ville, Petionville). On bad input (an unbalanced quote, an
 * unknown field, no words, too many) fails with a message that starts with
 * "search:" and names the fix. The caller frees q->fts (search_query_free). */
/* With `expand` (may be NULL), a prefix of one word is replaced by the
 * index's words that start with it when there are at most SEARCH_EXPAND_MAX
 * of them (FTS5 reads a prefix's every word in full; a few words it reads as
 * fast as one): expand writes up to `max` words (folded, as the index holds
 * them) into `words` and returns how many there are, or -1. */
#define SEARCH_EXPAND_MAX 16
typedef int (*search_expand_fn)(void *ctx, const char *prefix, char (*words)[64], int max);
int search_query_parse_or_err(const char *text, search_expand_fn expand, void *ctx, struct search_query *q,
			      struct err *e);
void search_query_free(struct search_query *q);

/* ---- expand.c ---- */

/* search_expand_fn over the tables a reader may search (ctx: struct
 * search_expand_ctx): FTS5's vocabulary, and T_stat for the frequent words
 * (the vocabulary read only between them). */
struct search_expand_ctx {
	struct store *s;
	int restricted_ok;      /* 1: the restricted table's words too */
};
int search_expand_prefix(void *ctx, const char *prefix, char (*words)[64], int max);

/* ---- synonyms.c ---- */

/* The value (e.g. "contested", "under_gang_control") whose label in one of
 * the four languages folds (fold_name) to `folded`, or NULL. */
const char *search_value_named(const char *folded);
/* Up to `max` alpha-3 codes of the countries whose name in one of the four
 * languages folds to `folded` (or, with `prefix`, starts with it), into
 * `codes`; returns how many. */
int search_countries_named(const char *folded, int prefix, const char **codes, int max);

/* ---- filter.c: the filters, read from the blocks ---- */

/* A cursor over a table's blocks of one kind (T_attr or T_date), in the
 * order of their ids: the matches come in the order of their rowids, so
 * each block is read once, where SQLite holds it (no copy). */
struct search_blocks {
	sqlite3_stmt *st;       /* SELECT id, a … WHERE id >= ?1 ORDER BY id */
	sqlite3_int64 id;       /* the block the statement is on; -1: none yet */
	int at_end;
	const unsigned char *p; /* its bytes, rows of them */
	int rows, size;
};

/* The filters of one table: which of its codes pass (kind and mission), the
 * days (0: open), and its blocks, read when a filter is given. */
struct search_filter {
	int on;
	unsigned char *code_ok;         /* by code */
	int n_code;
	unsigned from, to;
	struct search_blocks attr, date;
};

/* Sets f up for table t (0 search, 1 search_restricted): the codes whose
 * kind and mission pass (NULL: any), and the cursors over its blocks; the
 * caller sets f->on, f->from and f->to first. 0 when no row can pass (the
 * table can be left out), 1 when some may. Free with search_filter_free. */
int search_filter_load(struct store *s, int t, const char *kind, const char *mission, struct search_filter *f);
void search_blocks_open(struct store *s, int t, int date, struct search_blocks *b);
/* The row of n (1, 2, …) in b, or NULL when it is missing. */
const unsigned char *search_block_row(struct search_blocks *b, sqlite3_int64 n);
/* 1 when the row `rowid` passes f (always when !f->on), 0 when not, -1 when
 * its values are missing (a damaged file: verify tells, rebuild restores).
 * Cheapest with rowids in rising order. */
int search_filter_pass(struct search_filter *f, sqlite3_int64 rowid);
void search_filter_free(struct search_filter *f);

/* ---- search.c: the question ---- */

struct search_args {
	const char *words;      /* the query as typed */
	const char *kind;       /* --kind, or NULL */
	const char *mission;    /* --mission, or NULL for every mission */
	int from, to;           /* yyyymmdd: records whose date may fall in [from, to]; 0 = open */
	int restricted_ok;      /* 1: oversight and admin, who also find restricted records */
};

/* The records matching `a`, best first (at most SEARCH_MAX_ROWS), each with
 * its kind, date, status, the paragraph for a resolution's, the words that
 * matched in their context and the link to its page; the answer says how
 * many rows matched in all (every match counted). Ranked by FTS5's bm25
 * (rarer words, more of them and shorter texts first; the same score as
 * `ORDER BY bm25(search)`), ties by record. A reader who may not see
 * restricted records gets an answer computed from public records alone;
 * oversight and admin get each table ranked on its own, merged by score.
 * The status says how the record stands for the reader: a public record
 * corrected or retracted by a restricted one is "corrected" or "retracted"
 * for those who see restricted records, "live" for the others. NULL with
 * `e` set on bad input. The caller decrefs. */
#define SEARCH_MAX_ROWS 50
json_t *answer_search(struct store *s, const struct search_args *a, struct err *e);

/* Where the words of statuses and place types in the four languages come
 * from: the pages' labels (label_value_at in src/web/labels.c), given by
 * src/main.c at start; without it, search knows only the record's words and
 * country names. */
void search_use_labels(const char *(*at)(size_t i, const char **label));

#endif
