/* strength.c: personnel present on a date, per country, from reported
 * snapshots and the arrivals and departures around them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/derive.h"
#include "../core/say.h"
#include "force.h"
#include "snapshots.h"

const char strength_rule[] =
	"A country's figure is its latest reported snapshot on or before the date (exact or "
	"approximate figures; bounds such as 'over 500' are only checked), plus arrivals and minus "
	"departures dated after that snapshot; a country with no snapshot counts its arrivals and "
	"departures. A complete table (a snapshot of the whole mission marked complete) lists everyone "
	"there on its date: a country it leaves out counts 0 from that date, plus its later movements. "
	"A movement counts once it surely happened by the date (a month-dated one from "
	"the month's last day); one with an uncertain date is listed as possible. The mission total "
	"is the publisher's reported total when nothing in the detail is newer than it, else the sum "
	"of the countries; the countries give the breakdown, and a total that differs from their sum "
	"is listed as a disagreement. "
	LATEST_TEXT ". " PRECEDENCE_TEXT ".";

/* Copies `src` into dst[size], cut to size - 1 bytes like snprintf's "%s",
 * without the cost of formatting: a breakdown copies four fields per key. */
static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

void sresult_free(struct sresult *r)
{
	for (size_t i = 0; i < r->n; i++) {
		json_decref(r->c[i].records);
		json_decref(r->c[i].sources);
		free(r->c[i].b);
	}
	free(r->c);
	memset(r, 0, sizeof *r);
}

const struct scountry *sresult_find(const struct sresult *r, const char *country)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->c[i].country, country))
			return &r->c[i];
	return NULL;
}

static struct scountry *country_get(struct sresult *r, const char *country)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->c[i].country, country))
			return &r->c[i];
	r->c = grow(r->c, r->n, sizeof *r->c);
	struct scountry *c = &r->c[r->n++];
	memset(c, 0, sizeof *c);
	copy_text(c->country, sizeof c->country, country);
	c->records = json_array();
	c->sources = json_array();
	return c;
}

static void bucket_add(struct scountry *c, const char *unit, const char *cat, const char *ptype,
		       const char *gender, long long n)
{
	for (size_t i = 0; i < c->nb; i++)
		if (!strcmp(c->b[i].unit, unit) && !strcmp(c->b[i].category, cat) &&
		    !strcmp(c->b[i].ptype, ptype) && !strcmp(c->b[i].gender, gender)) {
			c->b[i].n += n;
			return;
		}
	c->b = grow(c->b, c->nb, sizeof *c->b);
	copy_text(c->b[c->nb].unit, sizeof c->b[c->nb].unit, unit);
	copy_text(c->b[c->nb].category, sizeof c->b[c->nb].category, cat);
	copy_text(c->b[c->nb].ptype, sizeof c->b[c->nb].ptype, ptype);
	copy_text(c->b[c->nb].gender, sizeof c->b[c->nb].gender, gender);
	c->b[c->nb].n = n;
	c->nb++;
}

static void add_source_refs(json_t *into, const json_t *refs)
{
	size_t i, j;
	json_t *it, *have;
	json_array_foreach(refs, i, it) {
		int dup = 0;
		json_array_foreach(into, j, have)
			if (json_equal(have, it))
				dup = 1;
		if (!dup)
			json_array_append(into, it);
	}
}

/* Notes record `seq` as one the country's figure rests on. */
static void country_use(struct store *s, struct answer *a, struct scountry *c, sqlite3_int64 seq)
{
	json_array_append_new(c->records, answer_record_id(s, seq));
	json_t *refs;
	if (a) {
		refs = answer_cite_record(a, s, seq);
	} else {
		refs = json_array();
		sqlite3_stmt *st = store_prep(s, "SELECT source FROM cite WHERE seq = ? ORDER BY source");
		sqlite3_bind_int64(st, 1, seq);
		while (store_row(s, st))
			json_array_append_new(refs, json_string((const char *)sqlite3_column_text(st, 0)));
		sqlite3_reset(st);
	}
	add_source_refs(c->sources, refs);
	json_decref(refs);
}

/* A country that the complete table of out->complete_day leaves out: 0 from
 * that day, resting on the table's marker. */
static struct scountry *left_out(struct store *s, struct answer *a, struct sresult *out, const char *country)
{
	struct scountry *c = country_get(out, country);
	c->snap_day = out->complete_day;
	c->snap_n = 0;
	c->left_out = 1;
	country_use(s, a, c, out->complete_seq);
	return c;
}

/* Running total of movements of one key up to `day`; *n gets how many
 * movement records that total sums. Before the key's first day it is 0,
 * from its last on its final totals (mv_key), in between the latest row of
 * the day's span on or before it (mv_span: there is a carry row). */
static long long cum_at(struct store *s, const char *mission, const char *country, const char *unit,
			const char *cat, int day, long long *n)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT k.first_day, k.last_day, k.cum, k.cum_n, s.cum, s.cum_n FROM mv_key k "
		"LEFT JOIN mv_span s ON s.mission = k.mission AND s.start = ?6 AND s.country = k.country "
		"AND s.unit = k.unit AND s.category = k.category AND s.day <= ?5 "
		"WHERE k.mission = ?1 AND k.country = ?2 AND k.unit = ?3 AND k.category = ?4 "
		"ORDER BY s.day DESC LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, country, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, cat, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, day);
	sqlite3_bind_int(st, 6, span_start(day));
	long long r = 0;
	*n = 0;
	if (store_row(s, st) && sqlite3_column_int(st, 1) > 0 && day >= sqlite3_column_int(st, 0)) {
		int last = day >= sqlite3_column_int(st, 1);
		r = sqlite3_column_int64(st, last ? 2 : 4);
		*n = sqlite3_column_int64(st, last ? 3 : 5);
	}
	sqlite3_reset(st);
	return r;
}

/* Arrivals less departures of a country whose date is uncertain around
 * `day` (may or may not have happened by then): positive and negative parts. */
static void uncertain_around(struct store *s, const char *mission, const char *country, int day,
			     long long *plus, long long *minus)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT m.dir * m.personnel FROM movement m CROSS JOIN pub_rec r USING(seq) "
		"WHERE m.mission = ?1 AND m.prec < 3 AND m.day_lo <= ?3 AND m.day_hi > ?3 "
		"AND m.country = ?2");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, country, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	*plus = *minus = 0;
	while (store_row(s, st)) {
		long long v = sqlite3_column_int64(st, 0);
		if (v > 0)
			*plus += v;
		else
			*minus += v;
	}
	sqlite3_reset(st);
}

/* Movement records of a country dated in (after, upto], for naming them;
 * stops past `limit` and returns how many there are up to limit + 1. */
static int movement_records(struct store *s, struct answer *a, struct scountry *c, const char *mission,
			    int after, int upto, int limit)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT m.seq FROM movement m CROSS JOIN pub_rec r USING(seq) WHERE m.mission = ?1 AND m.country = ?2 "
		"AND m.day_hi > ?3 AND m.day_hi <= ?4 ORDER BY m.day_hi, m.seq LIMIT ?5");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->country, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, after);
	sqlite3_bind_int(st, 4, upto);
	sqlite3_bind_int(st, 5, limit + 1);
	sqlite3_int64 seqs[64];
	int n = 0;
	while (store_row(s, st) && n < 64)
		seqs[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (n <= limit)
		for (int i = 0; i < n; i++)
			country_use(s, a, c, seqs[i]);
	return n;
}

/* Orders the key of the row `sp` stands on against (country, unit,
 * category) as SQLite's BINARY collation orders the tables' keys. */
static int span_key_cmp(sqlite3_stmt *sp, const char *country, const char *unit, const char *cat)
{
	int c = strcmp((const char *)sqlite3_column_text(sp, 0), country);
	if (!c)
		c = strcmp((const char *)sqlite3_column_text(sp, 1), unit);
	if (!c)
		c = strcmp((const char *)sqlite3_column_text(sp, 2), cat);
	return c;
}

int strength_compute(struct store *s, struct answer *a, const char *mission, int day,
		     struct sresult *out, struct err *e)
{
	(void)e;
	memset(out, 0, sizeof *out);
	struct snap *v;
	size_t nv;
	snapshots_load(s, mission, day, &v, &nv);
	snapshots_complete_table(s, mission, day, &out->complete_day, &out->complete_seq);

	/* 1. Each country's latest snapshot day, its claims and breakdown; a
	 * country whose latest is older than the complete table is left out. */
	for (size_t i = 0; i < nv;) {
		size_t j = i, end = i;
		while (end < nv && !strcmp(v[end].country, v[i].country))
			end++;
		if (v[i].day < out->complete_day) {
			left_out(s, a, out, v[i].country);
			i = end;
			continue;
		}
		while (j < end && v[j].day == v[i].day)
			j++;
		struct scountry *c = country_get(out, v[i].country);
		c->snap_day = v[i].day;
		long long total;
		sqlite3_int64 total_seq = 0;
		long long parts = snapshots_choose(s, a, v, i, j, &total, &total_seq);
		int has_parts = 0;
		for (size_t k = i; k < j; k++)
			if (v[k].used && *v[k].part)
				has_parts = 1;
		c->snap_n = total >= 0 ? total : parts;
		snapshots_order_unknown(s, a, v, i, j, end, c->snap_n);
		if (total >= 0)
			country_use(s, a, c, total_seq);
		else
			for (size_t k = i; k < j; k++)
				if (v[k].used)
					country_use(s, a, c, v[k].seq);
		if (has_parts && total >= 0 && parts != total && a) {
			char d[11];
			day_format(c->snap_day, d);
			json_t *claims = json_array();
			json_t *t = strength_claim(s, a, total_seq, total);
			json_object_set_new(t, "as", json_string("total"));
			json_array_append_new(claims, t);
			json_t *p = json_object();
			json_object_set_new(p, "value", json_integer(parts));
			json_object_set_new(p, "as", json_string("sum of parts"));
			json_array_append_new(claims, p);
			answer_disagree_said(a, say_new("{1} on {2}: parts do not add up to the total",
							 say_words(c->country), say_date(d), NULL), d,
					     "parts_vs_total", claims, json_integer(total),
					"the reported total is used; the parts give no breakdown");
		}
		/* Breakdown: these parts if they add up, else the latest earlier set that does. */
		size_t bl = i, bh = j;
		int found = has_parts && parts == c->snap_n, complete = 0;
		for (size_t k = i; k < j; k++)
			complete |= v[k].complete;
		for (size_t k = j; !found && !complete && k < end;) {
			size_t m = k;
			while (m < end && v[m].day == v[k].day)
				m++;
			long long t2;
			sqlite3_int64 ts2;
			long long p2 = snapshots_choose(s, NULL, v, k, m, &t2, &ts2);
			int any = 0;
			for (size_t q = k; q < m; q++)
				if (v[q].used && *v[q].part)
					any = 1;
			if (any && p2 == c->snap_n) {
				found = 1;
				bl = k;
				bh = m;
			}
			k = m;
		}
		if (found) {
			c->breakdown_day = v[bl].day;
			for (size_t k = bl; k < bh; k++)
				if (v[k].used && *v[k].part)
					bucket_add(c, v[k].unit, v[k].category, v[k].ptype, v[k].gender, v[k].n);
		} else {
			const struct snap *w = NULL;
			for (size_t k = i; k < j; k++)
				if (v[k].used && v[k].seq == total_seq)
					w = &v[k];
			bucket_add(c, w ? w->unit : "", w ? w->category : "", "", "", c->snap_n);
		}
		i = end;
	}

	/* 2. Movements: after the snapshot for countries that have one; all for others. */
	/* Every key's running totals on `day`: the rows of its span (mv_span,
	 * one range for all keys) merged with the keys (mv_key), both in key
	 * order. A key without a row there has not started (0) or has ended
	 * (its final totals). */
	sqlite3_stmt *st = store_prep(s, "SELECT country, unit, category, last_day, cum, cum_n FROM mv_key "
				      "WHERE mission = ?1 ORDER BY country, unit, category");
	sqlite3_stmt *sp = store_prep(s, "SELECT country, unit, category, cum, cum_n FROM mv_span "
				      "WHERE mission = ?1 AND start = ?2 AND day <= ?3 ORDER BY country, unit, category, day");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(sp, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(sp, 2, span_start(day));
	sqlite3_bind_int(sp, 3, day);
	struct key { char country[4]; char *unit, *cat; long long cum, n; } *keys = NULL;
	size_t nk = 0, cap = 0;
	int sp_row = store_row(s, sp);
	while (store_row(s, st)) {
		if (nk == cap) {
			cap = cap ? cap * 2 : 64;
			keys = realloc(keys, cap * sizeof *keys);
		}
		struct key *k = &keys[nk++];
		const char *country = (const char *)sqlite3_column_text(st, 0);
		copy_text(k->country, sizeof k->country, country);
		k->unit = strdup((const char *)sqlite3_column_text(st, 1));
		k->cat = strdup((const char *)sqlite3_column_text(st, 2));
		int ended = day >= sqlite3_column_int(st, 3);
		k->cum = ended ? sqlite3_column_int64(st, 4) : 0;
		k->n = ended ? sqlite3_column_int64(st, 5) : 0;
		int c;
		while (sp_row && (c = span_key_cmp(sp, country, k->unit, k->cat)) <= 0) {
			if (!c) {       /* this key: its latest row on or before the day */
				k->cum = sqlite3_column_int64(sp, 3);
				k->n = sqlite3_column_int64(sp, 4);
			}
			sp_row = store_row(s, sp);
		}
	}
	sqlite3_reset(st);
	sqlite3_reset(sp);
	size_t n_before = out->n;
	/* The keys come in country order: the previous key's country is looked
	 * up once for all its keys (`at`: its index in out->c, -1 when absent). */
	const char *last = NULL;
	long at = -1;
	for (size_t k = 0; k < nk; k++) {
		if (!last || strcmp(last, keys[k].country)) {
			const struct scountry *known = sresult_find(out, keys[k].country);
			at = known ? known - out->c : -1;
			last = keys[k].country;
		}
		/* From the country's snapshot; without one, from the complete table. */
		int from = at >= 0 && out->c[at].snap_day ? out->c[at].snap_day : out->complete_day;
		long long n_now = keys[k].n, n_then = 0;
		long long now = keys[k].cum;
		long long then = from ? cum_at(s, mission, keys[k].country, keys[k].unit, keys[k].cat, from, &n_then) : 0;
		if (n_now == n_then && at < 0 && !n_then)
			continue;
		if (at < 0) {
			/* Moved before the complete table that leaves it out: 0 from there. */
			if (n_then)
				left_out(s, a, out, keys[k].country);
			else
				country_get(out, keys[k].country);
			at = (long)out->n - 1;
		}
		struct scountry *c = &out->c[at];
		c->moved += now - then;
		c->n_moves += n_now - n_then;
		if (now != then)
			bucket_add(c, keys[k].unit, keys[k].cat, "", "", now - then);
	}
	for (size_t i = 0; i < out->n; i++) {
		struct scountry *c = &out->c[i];
		c->n = c->snap_n + c->moved;
		/* Name the movements only when they are few enough to read. */
		if ((c->moved || !c->snap_day) && c->n_moves <= 40)
			movement_records(s, a, c, mission, c->snap_day, day, 40);
	}

	/* 3. Does each snapshot used agree with the movements up to its day? */
	for (size_t i = 0; a && i < n_before; i++) {
		struct scountry *c = &out->c[i];
		long long sure = 0, plus, minus, n_sure = 0, nk_one;
		int any = 0;
		for (size_t k = 0; k < nk; k++)
			if (!strcmp(keys[k].country, c->country)) {
				sure += cum_at(s, mission, keys[k].country, keys[k].unit, keys[k].cat, c->snap_day, &nk_one);
				n_sure += nk_one;
				any = 1;
			}
		uncertain_around(s, mission, c->country, c->snap_day, &plus, &minus);
		if (!any && !plus && !minus)
			continue;
		if (c->snap_n >= sure + minus && c->snap_n <= sure + plus)
			continue;
		char d[11];
		day_format(c->snap_day, d);
		json_t *claims = json_array();
		json_t *sn = json_object();
		json_object_set_new(sn, "value", json_integer(c->snap_n));
		json_object_set_new(sn, "as", json_string(c->left_out ? "left out of the complete table" : "reported snapshot"));
		json_object_set_new(sn, "records", json_deep_copy(c->records));
		json_object_set_new(sn, "sources", json_deep_copy(c->sources));
		json_array_append_new(claims, sn);
		json_t *mv = json_object();
		json_object_set_new(mv, "value", json_integer(sure));
		json_object_set_new(mv, "as", json_string("sum of arrivals less departures"));
		if (plus || minus) {
			json_object_set_new(mv, "possibly_up_to", json_integer(sure + plus));
			if (minus)
				json_object_set_new(mv, "possibly_down_to", json_integer(sure + minus));
		}
		struct scountry tmp;
		memset(&tmp, 0, sizeof tmp);
		snprintf(tmp.country, sizeof tmp.country, "%s", c->country);
		tmp.records = json_array();
		tmp.sources = json_array();
		if (n_sure <= 40)
			movement_records(s, a, &tmp, mission, 0, c->snap_day, 40);
		json_object_set_new(mv, "movements", json_integer(n_sure));
		json_object_set_new(mv, "records", tmp.records);
		json_object_set_new(mv, "sources", tmp.sources);
		json_array_append_new(claims, mv);
		answer_disagree_said(a, say_new("{1} on {2}: reported strength against arrivals and departures",
						 say_words(c->country), say_date(d), NULL), d,
				     "snapshot_vs_movements", claims, json_integer(c->snap_n),
				"a reported snapshot is used over the sum of movements up to its date");
	}
	for (size_t k = 0; k < nk; k++) {
		free(keys[k].unit);
		free(keys[k].cat);
	}
	free(keys);
	free(v);

	/* Drop countries at zero with no snapshot (all their people left). */
	out->total = 0;
	for (size_t i = 0; i < out->n; i++)
		out->total += out->c[i].n;
	return 0;
}
