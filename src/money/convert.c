/* convert.c: money figures in answers. A figure is {"amount", "currency"}
 * with the amount an exact decimal string; when the question asks for one
 * currency, the figure is converted at the latest exchange_rate on or before
 * the day (either direction), and the rate, its date and sources are named. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "money.h"

/* The latest live rate linking `from` and `to` on or before `day`; a rate
 * quoted the other way round is used inverted. 0 when there is none. */
static sqlite3_int64 find_rate(struct store *s, const char *from, const char *to, int day, long long *units,
			       int *scale, int *inverse)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT x.seq, x.rate_units, x.rate_scale, x.base = ?2 FROM exchange_rate x JOIN pub_rec r USING(seq) "
		"WHERE ((x.base = ?1 AND x.quote = ?2) OR (x.base = ?2 AND x.quote = ?1)) AND r.date_hi <= ?3 "
		"ORDER BY r.date_hi DESC, x.base = ?1 DESC, " PRECEDENCE_SQL " LIMIT 1");
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	sqlite3_int64 seq = 0;
	if (store_row(s, st)) {
		seq = sqlite3_column_int64(st, 0);
		*units = sqlite3_column_int64(st, 1);
		*scale = sqlite3_column_int(st, 2);
		*inverse = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	return seq;
}

/* Describes the rate at `seq` once in c->rates; returns its short id. */
static json_t *note_rate(struct mconv *c, sqlite3_int64 seq)
{
	json_t *id = answer_record_id(c->s, seq);
	size_t i;
	json_t *r;
	json_array_foreach(c->rates, i, r)
		if (json_equal(json_object_get(r, "record"), id))
			return id;
	sqlite3_stmt *st = store_prep(c->s,
		"SELECT x.base, x.quote, x.rate, r.date_text FROM exchange_rate x JOIN pub_any_rec r "
		"USING(seq) WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	json_t *o = json_object();
	if (store_row(c->s, st)) {
		const char *cols[] = {"base", "quote", "rate", "date"};
		for (int k = 0; k < 4; k++)
			json_object_set_new(o, cols[k], json_string((const char *)sqlite3_column_text(st, k)));
	}
	sqlite3_reset(st);
	json_object_set_new(o, "record", json_incref(id));
	json_object_set_new(o, "sources", answer_cite_record(c->a, c->s, seq));
	json_array_append_new(c->rates, o);
	return id;
}

json_t *money_figure_or_err(struct mconv *c, long long minor, const char *currency, long long *out_minor,
			    struct err *e)
{
	char buf[32];
	json_t *o = json_object();
	if (!c->to || !strcmp(c->to, currency)) {
		json_object_set_new(o, "amount", json_string(money_format(minor, currency, buf)));
		json_object_set_new(o, "currency", json_string(currency));
		if (out_minor)
			*out_minor = minor;
		return o;
	}
	long long units, conv;
	int scale, inverse;
	sqlite3_int64 seq = find_rate(c->s, currency, c->to, c->day, &units, &scale, &inverse);
	if (!seq) {
		char d[11];
		json_decref(o);
		err_set(e, "--currency %s: no exchange rate between %s and %s on or before %s (add one with "
			"muster add exchange_rate --base %s --quote %s --rate R --date YYYY-MM-DD --sources REF, "
			"or leave out --currency to see each figure in its own currency)", c->to, currency, c->to,
			day_format(c->day, d), currency, c->to);
		return NULL;
	}
	if (money_convert(minor, currency, c->to, units, scale, inverse, &conv) < 0) {
		json_decref(o);
		err_set(e, "--currency %s: %s %s is too large to convert", c->to, money_format(minor, currency, buf),
			currency);
		return NULL;
	}
	json_object_set_new(o, "amount", json_string(money_format(conv, c->to, buf)));
	json_object_set_new(o, "currency", json_string(c->to));
	json_t *orig = json_object();
	json_object_set_new(orig, "amount", json_string(money_format(minor, currency, buf)));
	json_object_set_new(orig, "currency", json_string(currency));
	json_object_set_new(o, "original", orig);
	json_object_set_new(o, "rate", note_rate(c, seq));
	if (out_minor)
		*out_minor = conv;
	return o;
}
