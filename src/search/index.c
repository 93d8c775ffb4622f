/* index.c: the search index, a derived table: the words of each record put
 * into FTS5 as the record is derived (in the transaction that appends it, a
 * bulk import's included), dropped and rebuilt with the other derived tables
 * and compared with the log by `muster verify`. */
#include <stdlib.h>
#include <string.h>

#include "../core/derive.h"
#include "search.h"

/* unicode61 with remove_diacritics 2 folds case and every accent (é, è, ò,
 * ñ) on both sides; hyphens and apostrophes separate words, so the compact
 * column holds joined words written together (Pétion-Ville: PétionVille).
 * columnsize=0: FTS5 keeps no size per row (search_docsize, 16 bytes a
 * record): the rowid holds a short row's, T_len a long one's (search.h). */
#define SEARCH_COLS "body, compact, source, country, seq UNINDEXED, para UNINDEXED, " \
	"tokenize = \"unicode61 remove_diacritics 2\", columnsize = 0"
const char search_table_sql[] =
	"CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(" SEARCH_COLS ");\n"
	"CREATE VIRTUAL TABLE IF NOT EXISTS search_restricted USING fts5(" SEARCH_COLS ");\n"
	"CREATE TABLE IF NOT EXISTS search_len(id INTEGER PRIMARY KEY, len INT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS search_restricted_len(id INTEGER PRIMARY KEY, len INT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS search_attr(id INTEGER PRIMARY KEY, a BLOB NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS search_restricted_attr(id INTEGER PRIMARY KEY, a BLOB NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS search_date(id INTEGER PRIMARY KEY, a BLOB NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS search_restricted_date(id INTEGER PRIMARY KEY, a BLOB NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS search_code(code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE IF NOT EXISTS search_restricted_code(code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE IF NOT EXISTS search_stat(term TEXT PRIMARY KEY, n INT NOT NULL, h BLOB NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS search_restricted_stat(term TEXT PRIMARY KEY, n INT NOT NULL, h BLOB NOT NULL) "
	"WITHOUT ROWID;\n";
const char search_tables[] = "search search_restricted search_len search_restricted_len search_attr "
	"search_restricted_attr search_date search_restricted_date search_code search_restricted_code search_stat search_restricted_stat";

/* A growing text (from malloc). */
struct text {
	char *p;
	size_t n, cap;
};

static void text_add(struct text *t, const char *s, size_t n)
{
	if (!n)
		return;
	if (t->n + n + 2 > t->cap) {
		t->cap = (t->n + n + 2) * 2;
		t->p = realloc(t->p, t->cap);
		if (!t->p)
			abort();
	}
	if (t->n)
		t->p[t->n++] = '\n';
	memcpy(t->p + t->n, s, n);
	t->n += n;
	t->p[t->n] = 0;
}

static void text_adds(struct text *t, const char *s)
{
	if (s)
		text_add(t, s, strlen(s));
}

/* 1 when the byte at p starts a joiner between two parts of one word: a
 * hyphen, an apostrophe or U+2019; *len is its length. */
static int joiner(const unsigned char *p, size_t *len)
{
	*len = 1;
	if (*p == '-' || *p == '\'')
		return 1;
	*len = 3;
	return p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99;
}

static int word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* Appends to `out` each word of `s` made of parts joined by hyphens or
 * apostrophes, written without them (Croix-des-Bouquets: CroixdesBouquets). */
static void compact_words(struct text *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		while (*p && !word_byte(*p))
			p++;
		char buf[256];
		size_t n = 0, jl;
		int joined = 0;
		while (*p) {
			if (word_byte(*p)) {
				if (n < sizeof buf - 1)
					buf[n++] = (char)*p;
				p++;
			} else if (joiner(p, &jl) && n && word_byte(p[jl])) {
				joined = 1;
				p += jl;
			} else {
				break;
			}
		}
		if (joined && n < sizeof buf - 1)
			text_add(out, buf, n);
	}
}

/* Fields that say nothing a reader searches for, or that go elsewhere. */
static int skipped(const char *key)
{
	static const char *const skip[] = {"accessed", "corrects", "date", "entered_at", "entered_by", "grade",
					   "kind", "language", "mission", "operative", "retracts", "sources",
					   "url", "visibility"};
	for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
		if (!strcmp(key, skip[i]))
			return 1;
	return 0;
}

static int field_is_country(const struct kind *k, const char *key)
{
	for (const struct field *f = k->fields; f && f->name; f++)
		if (!strcmp(f->name, key))
			return f->type == FT_COUNTRY;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct search_conn *search_conn_or_err(struct store *s, struct err *e)
{
	if (s->search)
		return s->search;
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	struct search_conn *c = calloc(1, sizeof *c);
	void *ud = NULL;
	static const char *const args[] = {"remove_diacritics", "2"};
	if (!c || !api || api->iVersion < 2 || api->xFindTokenizer(api, "unicode61", &ud, &c->tok) != SQLITE_OK ||
	    c->tok.xCreate(ud, (const char **)args, 2, &c->t) != SQLITE_OK) {
		free(c);
		return err_set_code(e, E_INTERNAL, "search: SQLite's full-text search (FTS5) is missing"), NULL;
	}
	c->api = api;
	c->db = s->db;
	s->search = c;
	return c;
}

void search_conn_free(struct search_conn *c)
{
	if (!c)
		return;
	c->tok.xDelete(c->t);
	sqlite3_finalize(c->len_st[0]);
	sqlite3_finalize(c->len_st[1]);
	free(c);
}

static int count_token(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	(void)flags, (void)tok, (void)n, (void)start, (void)end;
	(*(int *)ctx)++;
	return SQLITE_OK;
}

/* The tokens FTS5 counts in a column's text (its xColumnSize). In ASCII
 * text unicode61's tokens are the runs of letters and digits, counted here
 * without it; other text is given to it. */
static int tokens(struct search_conn *c, const char *text)
{
	int n = 0, in = 0;
	const unsigned char *p = (const unsigned char *)text;
	for (; p && *p && *p < 0x80; p++) {
		int w = (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z');
		n += w && !in;
		in = w;
	}
	if (p && *p) {
		n = 0;
		c->tok.xTokenize(c->t, &n, FTS5_TOKENIZE_DOCUMENT, text, (int)strlen(text), count_token);
	}
	return n;
}

static int insert_row(struct store *s, int restricted, const unsigned char *attr, sqlite3_int64 seq,
		      const char *para, const char *body, const char *compact, const char *source, const char *country,
		      struct err *e)
{
	struct search_conn *c = search_conn_or_err(s, e);
	if (!c)
		return -1;
	long long len = (long long)tokens(c, body) + tokens(c, compact) + tokens(c, source) + tokens(c, country);
	sqlite3_stmt *last = store_prep(s, restricted ? "SELECT rowid FROM search_restricted ORDER BY rowid DESC LIMIT 1"
					: "SELECT rowid FROM search ORDER BY rowid DESC LIMIT 1");
	sqlite3_int64 n = sqlite3_step(last) == SQLITE_ROW ? (sqlite3_column_int64(last, 0) >> SEARCH_LEN_BITS) + 1 : 1;
	sqlite3_reset(last);
	sqlite3_stmt *st = store_prep(s, restricted
		? "INSERT INTO search_restricted(rowid, body, compact, source, country, seq, para) VALUES(?,?,?,?,?,?,?)"
		: "INSERT INTO search(rowid, body, compact, source, country, seq, para) VALUES(?,?,?,?,?,?,?)");
	sqlite3_int64 rowid = n << SEARCH_LEN_BITS | (len < SEARCH_LEN_MAX ? len : SEARCH_LEN_MAX);
	if (len >= SEARCH_LEN_MAX) {
		sqlite3_stmt *l = store_prep(s, restricted ? "INSERT INTO search_restricted_len(id, len) VALUES(?, ?)"
					     : "INSERT INTO search_len(id, len) VALUES(?, ?)");
		sqlite3_bind_int64(l, 1, rowid);
		sqlite3_bind_int64(l, 2, len);
		if (derive_step_or_err(s, l, "search", e) < 0)
			return -1;
	}
	/* The row's filter values, appended to their blocks (search.h). */
	for (int i = 0; i < 2; i++) {
		static const char *const sql[2][2] = {
			{"INSERT INTO search_attr(id, a) VALUES(?1, ?2) ON CONFLICT(id) DO UPDATE SET a = CAST(a || excluded.a AS BLOB)",
			 "INSERT INTO search_date(id, a) VALUES(?1, ?2) ON CONFLICT(id) DO UPDATE SET a = CAST(a || excluded.a AS BLOB)"},
			{"INSERT INTO search_restricted_attr(id, a) VALUES(?1, ?2) "
			 "ON CONFLICT(id) DO UPDATE SET a = CAST(a || excluded.a AS BLOB)",
			 "INSERT INTO search_restricted_date(id, a) VALUES(?1, ?2) "
			 "ON CONFLICT(id) DO UPDATE SET a = CAST(a || excluded.a AS BLOB)"}};
		sqlite3_stmt *a = store_prep(s, sql[restricted][i]);
		sqlite3_bind_int64(a, 1, (n - 1) >> SEARCH_ATTR_BLOCK_BITS);
		sqlite3_bind_blob(a, 2, i ? attr + SEARCH_CODE_SIZE : attr, i ? SEARCH_DATE_SIZE : SEARCH_CODE_SIZE,
				  SQLITE_STATIC);
		if (derive_step_or_err(s, a, "search", e) < 0)
			return -1;
	}
	/* T_stat takes the transaction's rows in at commit (stat.c). */
	if (!c->stat_rows[restricted])
		c->stat_from[restricted] = rowid;
	c->stat_rows[restricted]++;
	sqlite3_bind_int64(st, 1, rowid);
	sqlite3_bind_text(st, 2, body ? body : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, compact ? compact : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, source ? source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, country ? country : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, seq);
	if (para)
		sqlite3_bind_text(st, 7, para, -1, SQLITE_TRANSIENT);
	return derive_step_or_err(s, st, "search", e);
}

int search_code_of(struct store *s, int restricted, const char *name, int add, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, restricted ? "SELECT code FROM search_restricted_code WHERE name = ?"
				      : "SELECT code FROM search_code WHERE name = ?");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int code = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (code || !add)
		return code;
	st = store_prep(s, restricted ? "INSERT INTO search_restricted_code(name) VALUES(?)"
			: "INSERT INTO search_code(name) VALUES(?)");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (derive_step_or_err(s, st, "search", e) < 0)
		return -1;
	sqlite3_int64 c = sqlite3_last_insert_rowid(s->db);
	if (c > SEARCH_CODE_MAX)
		return err_set_code(e, E_INTERNAL, "search: more than %d pairs of kind and mission to index", SEARCH_CODE_MAX);
	return (int)c;
}

static void put_u16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
}

static void put_u32(unsigned char *p, unsigned v)
{
	put_u16(p, v & 0xffff), put_u16(p + 2, v >> 16);
}

/* The filter values of record `seq` as rec holds them (derived just
 * before its search rows): the code of its kind and mission, date_lo and
 * date_hi (search.h). */
static int attr_of(struct store *s, int restricted, sqlite3_int64 seq, unsigned char *attr, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "SELECT kind || char(10) || mission, date_lo, date_hi FROM rec WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return err_set_code(e, E_INTERNAL, "search: record %lld has no rec row", (long long)seq);
	}
	char *name = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
	unsigned lo = (unsigned)sqlite3_column_int(st, 1), hi = (unsigned)sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	if (!name)
		abort();
	int code = search_code_of(s, restricted, name, 1, e);
	sqlite3_free(name);
	if (code < 0)
		return -1;
	put_u16(attr, (unsigned)code);
	put_u32(attr + SEARCH_CODE_SIZE, lo);
	put_u32(attr + SEARCH_CODE_SIZE + 4, hi);
	return 0;
}

/* One row per operative paragraph of a resolution, split as its kind splits
 * them (a blank line between; the number is the first word). */
static int index_paragraphs(struct store *s, int restricted, const unsigned char *attr, sqlite3_int64 seq,
			    const char *op, struct err *e)
{
	for (int ord = 1; op && *op; ord++) {
		const char *end = strstr(op, "\n\n");
		size_t len = end ? (size_t)(end - op) : strlen(op);
		size_t nl = strcspn(op, " \n");
		char num[16];
		if (nl < sizeof num && nl < len && nl > 1 && op[nl - 1] == '.')
			snprintf(num, sizeof num, "%.*s", (int)nl - 1, op);
		else
			snprintf(num, sizeof num, "%d", ord);
		char *para = strndup(op, len);
		struct text compact = {0};
		compact_words(&compact, para);
		int rc = insert_row(s, restricted, attr, seq, num, para, compact.p, NULL, NULL, e);
		free(para);
		free(compact.p);
		if (rc < 0)
			return -1;
		op = end ? end + 2 : op + len;
	}
	return 0;
}

int search_index_or_err(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	const struct kind *k = kind_find(rec_str(rec, "kind"));
	const char *vis = rec_str(rec, "visibility");
	int restricted = vis && !strcmp(vis, "restricted");
	/* Fields in the order of their names, so that a record derived from
	 * its canonical text (sorted keys) gives the same row as one derived
	 * while it is appended. */
	const char *keys[64];
	size_t n = 0;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)rec, key, v)
		if (n < sizeof keys / sizeof *keys)
			keys[n++] = key;
	qsort(keys, n, sizeof *keys, cmp_str);
	struct text body = {0}, compact = {0}, source = {0}, country = {0};
	for (size_t i = 0; i < n; i++) {
		if (skipped(keys[i]))
			continue;
		v = json_object_get(rec, keys[i]);
		struct text *to = k && field_is_country(k, keys[i]) ? &country : &body;
		if (json_is_string(v)) {
			text_adds(to, json_string_value(v));
		} else if (json_is_array(v)) {
			size_t j;
			json_t *it;
			json_array_foreach(v, j, it)
				text_adds(to, json_string_value(it));
		}
	}
	if (body.p)
		compact_words(&compact, body.p);
	/* The sources it cites that its readers may see: a public record's row
	 * never holds the ref or the publisher of a restricted source. */
	const char *kind = rec_str(rec, "kind");
	if (kind && !strcmp(kind, "source")) {
		text_adds(&source, rec_str(rec, "ref"));
		text_adds(&source, rec_str(rec, "publisher"));
	}
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(rec, "sources"), i, it) {
		const char *ref = json_string_value(it);
		const struct source_info *si = ref ? derive_source_lookup(s, ref) : NULL;
		if (!si || (si->restricted && !restricted))
			continue;
		text_adds(&source, ref);
		text_adds(&source, si->publisher);
	}
	unsigned char attr[SEARCH_CODE_SIZE + SEARCH_DATE_SIZE];
	int rc = attr_of(s, restricted, seq, attr, e);
	if (rc == 0)
		rc = insert_row(s, restricted, attr, seq, NULL, body.p, compact.p, source.p, country.p, e);
	if (rc == 0 && kind && !strcmp(kind, "resolution"))
		rc = index_paragraphs(s, restricted, attr, seq, rec_str(rec, "operative"), e);
	free(body.p);
	free(compact.p);
	free(source.p);
	free(country.p);
	return rc;
}
