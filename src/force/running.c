/* running.c (force): the running totals of movements (mv_key, mv_span),
 * recomputed at commit for the (mission, country) pairs a transaction touched:
 * those of the movements it appended and of those it corrected or retracted
 * (temp.mv_dirty). The movements are read once, then chosen, summed and
 * totalled in C: sorting a million small structs takes a fraction of what the
 * same sorts cost in SQL, and the rows come out in mv_key's order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "force.h"

/* One live, public movement: 40 bytes, so that a million of them fit in 40 MB. */
struct mv {
	uint64_t ev;            /* hash of the event text | 1, or 0 when it is empty */
	sqlite3_int64 seq;
	int32_t key;            /* (mission, country, unit), an index into keys */
	int32_t day_hi, day_lo;
	int32_t delta;          /* dir * personnel (personnel is at most 100,000,000) */
	uint16_t cat;           /* an index into cats */
	int8_t dir;
	uint8_t prec;
};

/* Interned strings: (mission, country, unit) triples and categories. */
struct strtab {
	char **s;               /* "mission\x1f" "country\x1f" "unit", or a category */
	size_t n, cap;
	size_t *slot;           /* open addressing: index + 1, 0 empty */
	size_t n_slots;
	int32_t *rank;          /* after sorting: the index's place in text order */
};

static uint64_t fnv(const char *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int32_t tab_intern(struct strtab *t, const char *s, size_t len)
{
	if (t->n * 2 >= t->n_slots) {
		size_t ns = t->n_slots ? t->n_slots * 2 : 256;
		size_t *slot = calloc(ns, sizeof *slot);
		for (size_t i = 0; i < t->n; i++) {
			size_t h = fnv(t->s[i], strlen(t->s[i]), 1469598103934665603ULL) & (ns - 1);
			while (slot[h])
				h = (h + 1) & (ns - 1);
			slot[h] = i + 1;
		}
		free(t->slot);
		t->slot = slot;
		t->n_slots = ns;
	}
	size_t h = fnv(s, len, 1469598103934665603ULL) & (t->n_slots - 1);
	while (t->slot[h]) {
		const char *o = t->s[t->slot[h] - 1];
		if (!strncmp(o, s, len) && !o[len])
			return (int32_t)(t->slot[h] - 1);
		h = (h + 1) & (t->n_slots - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->s = realloc(t->s, t->cap * sizeof *t->s);
	}
	t->s[t->n] = strndup(s, len);
	t->slot[h] = t->n + 1;
	return (int32_t)t->n++;
}

static const char *const *sort_base;

static int cmp_index(const void *a, const void *b)
{
	return strcmp(sort_base[*(const int32_t *)a], sort_base[*(const int32_t *)b]);
}

/* Fills t->rank so that comparing ranks compares the texts byte by byte, as
 * SQLite's BINARY collation orders mv_key's and mv_span's keys. */
static void tab_rank(struct strtab *t)
{
	int32_t *order = malloc((t->n ? t->n : 1) * sizeof *order);
	for (size_t i = 0; i < t->n; i++)
		order[i] = (int32_t)i;
	sort_base = (const char *const *)t->s;
	qsort(order, t->n, sizeof *order, cmp_index);
	t->rank = malloc((t->n ? t->n : 1) * sizeof *t->rank);
	for (size_t i = 0; i < t->n; i++)
		t->rank[order[i]] = (int32_t)i;
	free(order);
}

static void tab_free(struct strtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->slot);
	free(t->rank);
}

static int cmp_i32(int32_t a, int32_t b)
{
	return a < b ? -1 : a > b;
}

/* Claims about the same movement next to each other: by (mission, country,
 * unit), date, direction and event; then by seq (the last precedence rule). */
static int cmp_claim(const void *pa, const void *pb)
{
	const struct mv *a = pa, *b = pb;
	int c;
	if ((c = cmp_i32(a->key, b->key)) || (c = cmp_i32(a->day_hi, b->day_hi)) ||
	    (c = cmp_i32(a->dir, b->dir)) || (c = cmp_i32(a->day_lo, b->day_lo)) ||
	    (c = cmp_i32(a->prec, b->prec)))
		return c;
	if (a->ev != b->ev)
		return a->ev < b->ev ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* mv_key's order, then by day: (mission, country, unit), category, day. Keys and
 * categories hold their ranks here. */
static int cmp_day(const void *pa, const void *pb)
{
	const struct mv *a = pa, *b = pb;
	int c;
	if ((c = cmp_i32(a->key, b->key)) || (c = cmp_i32(a->cat, b->cat)) || (c = cmp_i32(a->day_hi, b->day_hi)))
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A row of mv_span: `start` the first day of its 8-day span, day 0 for the
 * carry row (the totals before the span). Keys and categories by rank. */
struct span {
	int32_t start, key, day;
	uint16_t cat;
	long long cum, cum_n;
};

static int cmp_span(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;
	int c;
	if ((c = cmp_i32(a->start, b->start)) || (c = cmp_i32(a->key, b->key)) || (c = cmp_i32(a->cat, b->cat)))
		return c;
	return cmp_i32(a->day, b->day);
}

struct spans {
	struct span *v;
	size_t n, cap;
};

static void span_add(struct spans *sp, int32_t start, int32_t key, uint16_t cat, int32_t day, long long cum,
		     long long cum_n)
{
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 1024;
		sp->v = realloc(sp->v, sp->cap * sizeof *sp->v);
	}
	sp->v[sp->n++] = (struct span){start, key, day, cat, cum, cum_n};
}

/* The spans of one key and category from its days d[0..n) (real days, in
 * order, with the totals at each): every span from the first day's to the
 * last day's gets a carry row, then the days that fall in it. */
static void spans_of(struct spans *sp, int32_t key, uint16_t cat, const int32_t *days, const long long *cum,
		     const long long *cum_n, size_t n)
{
	if (!n)
		return;
	long first = span_number(days[0]), last = span_number(days[n - 1]);
	size_t i = 0;
	long long c = 0, cn = 0;
	for (long b = first; b <= last; b++) {
		int32_t start = day_from_number(b * SPAN_DAYS);
		span_add(sp, start, key, cat, 0, c, cn);
		for (; i < n && span_number(days[i]) == b; i++) {
			span_add(sp, start, key, cat, days[i], cum[i], cum_n[i]);
			c = cum[i];
			cn = cum_n[i];
		}
	}
}

/* A claim among several about possibly the same movement, with what decides
 * between them (PRECEDENCE_SQL): best grade, more sources, later
 * publication, the order of their content, first entered. The date's
 * precision is equal among them. */
struct claim {
	size_t at;              /* index in the movements */
	char *event;
	int grade;              /* 0 for A … 4 for E, 5 when none */
	int n_sources, pub_hi;
	sqlite3_int64 statement, seq;
};

static int cmp_precedence(const void *pa, const void *pb)
{
	const struct claim *a = pa, *b = pb;
	int c = strcmp(a->event, b->event);
	if (c)
		return c;
	if (a->grade != b->grade)
		return a->grade < b->grade ? -1 : 1;
	if (a->n_sources != b->n_sources)
		return a->n_sources > b->n_sources ? -1 : 1;
	if (a->pub_hi != b->pub_hi)
		return a->pub_hi > b->pub_hi ? -1 : 1;
	if (a->statement != b->statement)
		return a->statement < b->statement ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Among v[lo..hi) (equal but for the event text, which may still differ when
 * two hashes collide), keeps the used claim of each movement: sets `keep`. */
static void choose(struct store *s, const struct mv *v, size_t lo, size_t hi, unsigned char *keep)
{
	size_t n = hi - lo;
	struct claim *c = calloc(n, sizeof *c);
	sqlite3_stmt *ev = store_prep(s, "SELECT m.event, r.grade, r.n_sources, r.pub_hi, r.statement FROM movement m "
				      "CROSS JOIN rec r ON r.seq = m.seq WHERE m.seq = ?");
	for (size_t i = 0; i < n; i++) {
		c[i].at = lo + i;
		c[i].seq = v[lo + i].seq;
		sqlite3_bind_int64(ev, 1, c[i].seq);
		c[i].grade = 5;
		if (sqlite3_step(ev) == SQLITE_ROW) {
			c[i].event = strdup((const char *)sqlite3_column_text(ev, 0));
			const char *g = (const char *)sqlite3_column_text(ev, 1);
			if (g && *g >= 'A' && *g <= 'E' && !g[1])
				c[i].grade = *g - 'A';
			c[i].n_sources = sqlite3_column_int(ev, 2);
			c[i].pub_hi = sqlite3_column_int(ev, 3);
			c[i].statement = sqlite3_column_int64(ev, 4);
		} else {
			c[i].event = strdup("");
		}
		sqlite3_reset(ev);
	}
	qsort(c, n, sizeof *c, cmp_precedence);
	for (size_t i = 0; i < n; i++)
		keep[c[i].at] = i == 0 || strcmp(c[i].event, c[i - 1].event) != 0;
	for (size_t i = 0; i < n; i++)
		free(c[i].event);
	free(c);
}

/* Reads the live, public movements of the touched pairs: all at once in log
 * order when they are many, else pair by pair through movement_day. */
static int collect(struct store *s, int whole, struct mv **out, size_t *n_out, struct strtab *keys,
		   struct strtab *cats, struct err *e)
{
	*out = NULL;
	*n_out = 0;
#define MV_COLS "SELECT m.seq, m.mission, m.country, m.unit, m.category, m.dir, m.personnel, m.event, " \
	"m.day_lo, m.day_hi, m.prec FROM movement m "
#define MV_LIVE "CROSS JOIN pub_rec r ON r.seq = m.seq WHERE 1"
	sqlite3_stmt *pairs = NULL, *st;
	if (whole) {
		st = store_prep(s, MV_COLS "NOT INDEXED " MV_LIVE
				" AND (m.mission, m.country) IN (SELECT mission, country FROM temp.mv_dirty)");
	} else {
		pairs = store_prep(s, "SELECT mission, country FROM temp.mv_dirty");
		st = store_prep(s, MV_COLS MV_LIVE " AND m.mission = ?1 AND m.country = ?2");
	}
	struct mv *v = NULL;
	size_t n = 0, cap = 0;
	char buf[1024];
	for (;;) {
		if (pairs) {
			if (sqlite3_step(pairs) != SQLITE_ROW)
				break;
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, (const char *)sqlite3_column_text(pairs, 0), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, (const char *)sqlite3_column_text(pairs, 1), -1, SQLITE_TRANSIENT);
		}
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 1024;
				v = realloc(v, cap * sizeof *v);
			}
			struct mv *m = &v[n++];
			m->seq = sqlite3_column_int64(st, 0);
			int len = snprintf(buf, sizeof buf, "%s\x1f%s\x1f%s", (const char *)sqlite3_column_text(st, 1),
					   (const char *)sqlite3_column_text(st, 2),
					   (const char *)sqlite3_column_text(st, 3));
			if (len >= (int)sizeof buf) {
				long long seq = m->seq;
				free(v);
				return err_set_code(e, E_INTERNAL, "movement %lld: its mission, country and unit "
						    "are longer than %zu bytes", seq, sizeof buf);
			}
			m->key = tab_intern(keys, buf, (size_t)len);
			const char *cat = (const char *)sqlite3_column_text(st, 4);
			m->cat = (uint16_t)tab_intern(cats, cat, strlen(cat));
			m->dir = (int8_t)sqlite3_column_int(st, 5);
			sqlite3_int64 p = sqlite3_column_int64(st, 6);
			if (p > INT32_MAX || p < -INT32_MAX || cats->n > UINT16_MAX) {
				long long seq = m->seq;
				free(v);
				return err_set_code(e, E_INTERNAL, "movement %lld: personnel %lld or %zu categories "
						    "out of range", seq, (long long)p, cats->n);
			}
			m->delta = (int32_t)(m->dir * p);
			const char *ev = (const char *)sqlite3_column_text(st, 7);
			size_t evlen = (size_t)sqlite3_column_bytes(st, 7);
			m->ev = evlen ? fnv(ev, evlen, 1469598103934665603ULL) | 1 : 0;
			m->day_lo = sqlite3_column_int(st, 8);
			m->day_hi = sqlite3_column_int(st, 9);
			m->prec = (uint8_t)sqlite3_column_int(st, 10);
		}
		if (rc != SQLITE_DONE) {
			free(v);
			return err_set_code(e, E_INTERNAL, "%s: reading movements: %s", s->path, sqlite3_errmsg(s->db));
		}
		if (!pairs)
			break;
	}
	if (pairs)
		sqlite3_reset(pairs);
	sqlite3_reset(st);
	*out = v;
	*n_out = n;
	return 0;
#undef MV_COLS
#undef MV_LIVE
}

/* Up to this many movements appended in one transaction are added in place. */
#define IN_PLACE_MAX 1000

long span_number(int day)
{
	long n = day_number(day);
	return n >= 0 ? n / SPAN_DAYS : -((-n + SPAN_DAYS - 1) / SPAN_DAYS);
}

int span_start(int day)
{
	return day_from_number(span_number(day) * SPAN_DAYS);
}

/* Binds mission, country and unit of interned key `k` at 1, 2, 3. */
static void bind_key(sqlite3_stmt *st, const char *k)
{
	/* The interned text is "mission\x1f" "country\x1f" "unit"; no field holds 0x1f. */
	for (int p = 0; p < 3; p++) {
		int len = (int)strcspn(k, "\x1f");
		sqlite3_bind_text(st, p + 1, k, len, SQLITE_STATIC);
		k += len + (k[len] ? 1 : 0);
	}
}

/* Writes mv_key and the spans (into *sp) from the used claims v[0..n),
 * sorted by cmp_day: the totals at the end of each real day. A movement of
 * unknown date counts on no real day: its key has a row in mv_key, but it
 * is in no total. */
static int write_keys(struct store *s, const struct mv *v, size_t n, struct strtab *keys, struct strtab *cats,
		      const int32_t *key_of_rank, const int32_t *cat_of_rank, struct spans *sp, struct err *e)
{
	sqlite3_stmt *key = store_prep(s, "INSERT INTO mv_key(mission, country, unit, category, first_day, "
				       "last_day, cum, cum_n) VALUES(?,?,?,?,?,?,?,?)");
	/* The days of the key being written, for its spans. */
	int32_t *days = NULL;
	long long *cums = NULL, *cum_ns = NULL;
	size_t nd = 0, cap = 0;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0;) {
		long long cum = 0, cum_n = 0;
		nd = 0;
		size_t j = i;
		while (j < n && v[j].key == v[i].key && v[j].cat == v[i].cat) {
			size_t d = j;
			long long delta = 0;
			while (d < n && v[d].key == v[j].key && v[d].cat == v[j].cat && v[d].day_hi == v[j].day_hi)
				delta += v[d++].delta;
			if (v[j].day_hi < DATE_MAX) {
				cum += delta;
				cum_n += (long long)(d - j);
				if (nd == cap) {
					cap = cap ? cap * 2 : 256;
					days = realloc(days, cap * sizeof *days);
					cums = realloc(cums, cap * sizeof *cums);
					cum_ns = realloc(cum_ns, cap * sizeof *cum_ns);
				}
				days[nd] = v[j].day_hi;
				cums[nd] = cum;
				cum_ns[nd] = cum_n;
				nd++;
			}
			j = d;
		}
		/* The key's first and last real day and its totals on the last. */
		bind_key(key, keys->s[key_of_rank[v[i].key]]);
		sqlite3_bind_text(key, 4, cats->s[cat_of_rank[v[i].cat]], -1, SQLITE_STATIC);
		sqlite3_bind_int(key, 5, nd ? days[0] : 0);
		sqlite3_bind_int(key, 6, nd ? days[nd - 1] : 0);
		sqlite3_bind_int64(key, 7, nd ? cums[nd - 1] : 0);
		sqlite3_bind_int64(key, 8, nd ? cum_ns[nd - 1] : 0);
		rc = derive_step_or_err(s, key, "mv_key", e);
		sqlite3_reset(key);
		spans_of(sp, v[i].key, v[i].cat, days, cums, cum_ns, nd);
		i = j;
	}
	free(days);
	free(cums);
	free(cum_ns);
	return rc;
}

/* Writes the spans in mv_span's key order. */
static int write_spans(struct store *s, struct spans *sp, struct strtab *keys, struct strtab *cats,
		       const int32_t *key_of_rank, const int32_t *cat_of_rank, struct err *e)
{
	qsort(sp->v, sp->n, sizeof *sp->v, cmp_span);
	sqlite3_stmt *st = store_prep(s, "INSERT INTO mv_span(mission, country, unit, category, start, day, cum, "
				      "cum_n) VALUES(?,?,?,?,?,?,?,?)");
	for (size_t i = 0; i < sp->n; i++) {
		const struct span *r = &sp->v[i];
		bind_key(st, keys->s[key_of_rank[r->key]]);
		sqlite3_bind_text(st, 4, cats->s[cat_of_rank[r->cat]], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, r->start);
		sqlite3_bind_int(st, 6, r->day);
		sqlite3_bind_int64(st, 7, r->cum);
		sqlite3_bind_int64(st, 8, r->cum_n);
		if (derive_step_or_err(s, st, "mv_span", e) < 0)
			return -1;
		sqlite3_reset(st);
	}
	return 0;
}

/* Deletes the spans of the touched pairs: all at once when they are many,
 * else pair by pair, span by span over the days mv_key says they cover. */
static int delete_spans(struct store *s, int whole, struct err *e)
{
	if (whole)
		return store_exec_or_err(s, "DELETE FROM mv_span WHERE (mission, country) IN "
					 "(SELECT mission, country FROM temp.mv_dirty)", e);
	sqlite3_stmt *pairs = store_prep(s, "SELECT d.mission, d.country, min(k.first_day), max(k.last_day) "
					 "FROM temp.mv_dirty d JOIN mv_key k ON k.mission = d.mission AND "
					 "k.country = d.country AND k.last_day > 0 GROUP BY d.mission, d.country");
	sqlite3_stmt *del = store_prep(s, "DELETE FROM mv_span WHERE mission = ? AND start = ? AND country = ?");
	int rc = 0;
	while (rc == 0 && store_row(s, pairs)) {
		long first = span_number(sqlite3_column_int(pairs, 2)), last = span_number(sqlite3_column_int(pairs, 3));
		for (long b = first; rc == 0 && b <= last; b++) {
			sqlite3_bind_text(del, 1, (const char *)sqlite3_column_text(pairs, 0), -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(del, 2, day_from_number(b * SPAN_DAYS));
			sqlite3_bind_text(del, 3, (const char *)sqlite3_column_text(pairs, 1), -1, SQLITE_TRANSIENT);
			rc = derive_step_or_err(s, del, "mv_span", e);
			sqlite3_reset(del);
		}
	}
	sqlite3_reset(pairs);
	if (rc == 0 && s->failed.msg[0])
		rc = store_failed_or_err(s, e);
	return rc;
}

int movement_refresh_or_err(struct store *s, struct err *e)
{
	/* A few movements appended to a file that had records are added in
	 * place (running_add.c); the pairs of more join those of corrected or
	 * retracted ones (invalidate_movement), which are recomputed. A rebuild
	 * (tx_start 0) recomputes every pair: verify then compares what the
	 * additions in place left with totals made from scratch. */
	sqlite3_stmt *count = store_prep(s, "SELECT count(*) FROM (SELECT 1 FROM movement WHERE seq > ?1 LIMIT ?2)");
	sqlite3_bind_int64(count, 1, s->tx_start);
	sqlite3_bind_int(count, 2, IN_PLACE_MAX + 1);
	int n_new = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int(count, 0) : 0;
	sqlite3_reset(count);
	if (n_new > 0 && n_new <= IN_PLACE_MAX && s->tx_start > 0) {
		if (movement_add_in_place_or_err(s, e) < 0)
			return -1;
	} else if (n_new > 0) {
		sqlite3_stmt *add = store_prep(s, "INSERT OR IGNORE INTO temp.mv_dirty SELECT DISTINCT mission, "
					       "country FROM movement NOT INDEXED WHERE seq > ?");
		sqlite3_bind_int64(add, 1, s->tx_start);
		if (derive_step_or_err(s, add, "mv_dirty", e) < 0)
			return -1;
		sqlite3_reset(add);
	}
	/* Many pairs: the movements are read in one pass over the table in log
	 * order (through movement_day, each row would be a look-up at a random
	 * place) and the spans deleted in one pass; few: pair by pair. */
	sqlite3_stmt *q = store_prep(s, "SELECT (SELECT count(*) FROM temp.mv_dirty), "
				     "(SELECT count(*) FROM (SELECT DISTINCT mission, country FROM mv_key))");
	long long n_dirty = 0, n_known = 0;
	if (sqlite3_step(q) == SQLITE_ROW) {
		n_dirty = sqlite3_column_int64(q, 0);
		n_known = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	if (!n_dirty)
		return 0;
	int whole = n_dirty * 5 >= n_known;
	if (delete_spans(s, whole, e) < 0 || store_exec_or_err(s,
		"DELETE FROM mv_key WHERE (mission, country) IN (SELECT mission, country FROM temp.mv_dirty);\n", e) < 0)
		return -1;
	struct strtab keys = {0}, cats = {0};
	struct mv *v = NULL;
	size_t n = 0;
	struct spans sp = {0};
	int rc = collect(s, whole, &v, &n, &keys, &cats, e);
	unsigned char *keep = NULL;
	if (rc == 0 && n) {
		/* 1. The used claim of each movement. */
		qsort(v, n, sizeof *v, cmp_claim);
		keep = malloc(n);
		for (size_t i = 0; i < n;) {
			size_t j = i + 1;
			while (j < n && v[j].key == v[i].key && v[j].day_hi == v[i].day_hi && v[j].dir == v[i].dir &&
			       v[j].day_lo == v[i].day_lo && v[j].prec == v[i].prec && v[j].ev == v[i].ev)
				j++;
			if (j == i + 1)
				keep[i] = 1;
			else
				choose(s, v, i, j, keep);
			i = j;
		}
		size_t w = 0;
		for (size_t i = 0; i < n; i++)
			if (keep[i])
				v[w++] = v[i];
		/* 2. Summed per day in mv_key's order, with running totals. */
		tab_rank(&keys);
		tab_rank(&cats);
		int32_t *key_of_rank = malloc(keys.n * sizeof *key_of_rank);
		int32_t *cat_of_rank = malloc(cats.n * sizeof *cat_of_rank);
		for (size_t i = 0; i < keys.n; i++)
			key_of_rank[keys.rank[i]] = (int32_t)i;
		for (size_t i = 0; i < cats.n; i++)
			cat_of_rank[cats.rank[i]] = (int32_t)i;
		for (size_t i = 0; i < w; i++) {
			v[i].key = keys.rank[v[i].key];
			v[i].cat = (uint16_t)cats.rank[v[i].cat];
		}
		qsort(v, w, sizeof *v, cmp_day);
		rc = write_keys(s, v, w, &keys, &cats, key_of_rank, cat_of_rank, &sp, e);
		/* The movements are done with: the spans need the room. */
		free(v);
		v = NULL;
		free(keep);
		keep = NULL;
		if (rc == 0)
			rc = write_spans(s, &sp, &keys, &cats, key_of_rank, cat_of_rank, e);
		free(key_of_rank);
		free(cat_of_rank);
	}
	free(keep);
	free(v);
	free(sp.v);
	tab_free(&keys);
	tab_free(&cats);
	if (rc == 0)
		rc = store_exec_or_err(s, "DELETE FROM temp.mv_dirty", e);
	return rc;
}
