/* set.c: the names of the records a reader may read, as a set: the
 * fingerprint of the names under a prefix (a count and a sum, so that the
 * order the records arrived in does not matter), their list in the order of
 * the names, and the digest of the whole set that `summary` and `verify`
 * show. Everything reads the log's index on id (log_id), never sorts; and
 * the size and order of the batches in which records move. */
#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void sync_fp_add(struct sync_fp *fp, const char *id)
{
	/* The name read as a big-endian number, added into a little-endian sum. */
	unsigned carry = 0;
	for (int i = 0; i < 32; i++) {
		int at = 62 - 2 * i;
		unsigned byte = (unsigned)(hexval(id[at]) << 4 | hexval(id[at + 1]));
		unsigned v = fp->sum[i] + byte + carry;
		fp->sum[i] = (uint8_t)v;
		carry = v >> 8;
	}
	fp->n++;
}

void sync_fp_text(const struct sync_fp *fp, int len, char *out)
{
	uint8_t raw[40];
	memcpy(raw, fp->sum, 32);
	for (int i = 0; i < 8; i++)
		raw[32 + i] = (uint8_t)(fp->n >> (8 * i));
	char hex[HASH_HEX];
	hash_sha256_hex(raw, sizeof raw, hex);
	memcpy(out, hex, (size_t)len);
	out[len] = 0;
}

int sync_prefix_ok(const char *p)
{
	size_t n = strlen(p);
	if (n > 63)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (hexval(p[i]) < 0)
			return 0;
	return 1;
}

/* The names under `p` are those from p to p followed by "g" (after every hex
 * digit). A public reader's are the public records' (the view pub_log). */
static sqlite3_stmt *range_stmt(struct store *s, const char *p, const char *after, int restricted_ok, char hi[80])
{
	snprintf(hi, 80, "%sg", p);
	sqlite3_stmt *st = restricted_ok
		? store_prep(s, "SELECT l.id, l.seq FROM log l WHERE l.id > ?1 AND l.id < ?2 "
			     "ORDER BY l.id")
		: store_prep(s, "SELECT id, seq FROM pub_log WHERE id > ?1 AND id < ?2 ORDER BY id");
	/* "> p" misses no name: a name is 64 digits, longer than any prefix. */
	sqlite3_bind_text(st, 1, after && strcmp(after, p) > 0 ? after : p, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	return st;
}

int sync_range_or_err(struct store *s, const char *p, int restricted_ok, struct sync_fp *all,
		      struct sync_fp kids[16], struct err *e)
{
	char hi[80];
	size_t plen = strlen(p);
	memset(all, 0, sizeof *all);
	if (kids)
		memset(kids, 0, 16 * sizeof *kids);
	sqlite3_stmt *st = range_stmt(s, p, NULL, restricted_ok, hi);
	while (store_row(s, st)) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (!id || strlen(id) != 64)
			continue;
		sync_fp_add(all, id);
		if (kids && plen < 63)
			sync_fp_add(&kids[hexval(id[plen])], id);
	}
	sqlite3_reset(st);
	return s->failed.msg[0] ? store_failed_or_err(s, e) : 0;
}

long sync_list_or_err(struct store *s, const char *p, const char *after, int restricted_ok, long limit,
		      int (*each)(void *arg, const char *id, long long seq), void *arg, struct err *e)
{
	char hi[80];
	long n = 0;
	sqlite3_stmt *st = range_stmt(s, p, after, restricted_ok, hi);
	while (n < limit && store_row(s, st)) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		n++;
		if (each(arg, id, sqlite3_column_int64(st, 1)))
			break;
	}
	sqlite3_reset(st);
	return s->failed.msg[0] ? store_failed_or_err(s, e) : n;
}

int sync_digest_or_err(struct store *s, int restricted_ok, char out[HASH_HEX], long long *n, struct err *e)
{
	struct sync_fp fp;
	if (sync_range_or_err(s, "", restricted_ok, &fp, NULL, e) < 0)
		return -1;
	sync_fp_text(&fp, 64, out);
	*n = (long long)fp.n;
	return 0;
}

/* ---- batches of names ---- */

long sync_batch_size(void)
{
	const char *b = getenv("MUSTER_SYNC_BATCH");
	long n = b && *b ? strtol(b, NULL, 10) : 0;
	return n > 0 && n <= 10000 ? n : 500;
}

static int by_second(const void *a, const void *b)
{
	long long x = json_integer_value(json_array_get(*(json_t *const *)a, 1));
	long long y = json_integer_value(json_array_get(*(json_t *const *)b, 1));
	return (x > y) - (x < y);
}

void sync_sort_pairs(json_t *pairs)
{
	size_t n = json_array_size(pairs);
	json_t **v = malloc((n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(pairs, i));
	qsort(v, n, sizeof *v, by_second);
	json_array_clear(pairs);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(pairs, v[i]);
	free(v);
}
