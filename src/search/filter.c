/* filter.c: what a filtered search (--kind, --mission, --from, --to) reads
 * of each match: its row's kind and mission code and days from the index's
 * own blocks (T_attr, T_date; search.h), never its record. */
#include <stdlib.h>
#include <string.h>

#include "search.h"

/* The statements reading T_attr and T_date (store_prep keeps statements by
 * their text's address): [table][0 attr, 1 date]. */
static const char *const block_sql[2][2] = {
	{"SELECT id, a FROM search_attr WHERE id >= ?1 ORDER BY id",
	 "SELECT id, a FROM search_date WHERE id >= ?1 ORDER BY id"},
	{"SELECT id, a FROM search_restricted_attr WHERE id >= ?1 ORDER BY id",
	 "SELECT id, a FROM search_restricted_date WHERE id >= ?1 ORDER BY id"}};

static unsigned get_u16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned get_u32(const unsigned char *p)
{
	return get_u16(p) | get_u16(p + 2) << 16;
}

void search_blocks_open(struct store *s, int t, int date, struct search_blocks *b)
{
	b->st = store_prep(s, block_sql[t][date]);
	b->id = -1;
	b->size = date ? SEARCH_DATE_SIZE : SEARCH_CODE_SIZE;
}

void search_filter_free(struct search_filter *f)
{
	free(f->code_ok);
	if (f->attr.st)
		sqlite3_reset(f->attr.st);
	if (f->date.st)
		sqlite3_reset(f->date.st);
}

const unsigned char *search_block_row(struct search_blocks *b, sqlite3_int64 n)
{
	sqlite3_int64 i = n - 1, blk = i >> SEARCH_ATTR_BLOCK_BITS;
	int j = (int)(i & ((1 << SEARCH_ATTR_BLOCK_BITS) - 1));
	if (i < 0)
		return NULL;
	if (blk < b->id || b->id < 0) {
		/* The first row, or one before the block held: from blk on. */
		sqlite3_reset(b->st);
		sqlite3_bind_int64(b->st, 1, blk);
		b->id = -1, b->at_end = 0;
	}
	while (!b->at_end && b->id < blk) {
		if (sqlite3_step(b->st) != SQLITE_ROW) {
			b->at_end = 1;
			break;
		}
		b->id = sqlite3_column_int64(b->st, 0);
		b->p = sqlite3_column_blob(b->st, 1);
		b->rows = sqlite3_column_bytes(b->st, 1) / b->size;
	}
	if (b->at_end || b->id != blk || j >= b->rows)
		return NULL;
	return b->p + (size_t)j * (size_t)b->size;
}

int search_filter_load(struct store *s, int t, const char *kind, const char *mission, struct search_filter *f)
{
	sqlite3_stmt *st = store_prep(s, t ? "SELECT code, name FROM search_restricted_code"
				      : "SELECT code, name FROM search_code");
	int any = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int code = sqlite3_column_int(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *nl = name ? strchr(name, '\n') : NULL;
		if (code <= 0 || code > SEARCH_CODE_MAX || !nl)
			continue;
		if (code >= f->n_code) {
			int nc = f->n_code ? f->n_code : 64;
			while (nc <= code)
				nc *= 2;
			f->code_ok = realloc(f->code_ok, (size_t)nc);
			if (!f->code_ok)
				abort();
			memset(f->code_ok + f->n_code, 0, (size_t)(nc - f->n_code));
			f->n_code = nc;
		}
		int pass = (!kind || (strlen(kind) == (size_t)(nl - name) && !strncmp(name, kind, (size_t)(nl - name)))) &&
			   (!mission || !strcmp(nl + 1, mission));
		f->code_ok[code] = (unsigned char)pass;
		any |= pass;
	}
	sqlite3_reset(st);
	if (!any)
		return 0;
	search_blocks_open(s, t, 0, &f->attr);
	if (f->from || f->to)
		search_blocks_open(s, t, 1, &f->date);
	return 1;
}

int search_filter_pass(struct search_filter *f, sqlite3_int64 rowid)
{
	if (!f->on)
		return 1;
	sqlite3_int64 n = rowid >> SEARCH_LEN_BITS;
	const unsigned char *a = search_block_row(&f->attr, n);
	if (!a)
		return -1;
	unsigned code = get_u16(a);
	if ((int)code >= f->n_code || !f->code_ok[code])
		return 0;
	if (!f->from && !f->to)
		return 1;
	const unsigned char *d = search_block_row(&f->date, n);
	if (!d)
		return -1;
	return (!f->from || get_u32(d + 4) >= f->from) && (!f->to || get_u32(d) <= f->to);
}

