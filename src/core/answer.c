/* answer.c: building the answer frame. */
#include "answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"

#include "date.h"
#include "derive.h"

void answer_init(struct answer *a, const char *question, int as_of, const char *mission)
{
	char buf[21];
	a->doc = json_object();
	json_object_set_new(a->doc, "question", json_string(question));
	if (as_of)
		json_object_set_new(a->doc, "as_of", json_string(day_format(as_of, buf)));
	else
		json_object_set_new(a->doc, "as_of", json_null());
	if (mission)
		json_object_set_new(a->doc, "mission", json_string(mission));
	now_iso(buf);
	json_object_set_new(a->doc, "generated", json_string(buf));
	a->answer = json_object();
	a->rows = json_array();
	a->disagreements = json_array();
	a->cited = json_object();
}

void answer_cite_refs(struct answer *a, const json_t *refs)
{
	size_t i;
	json_t *it;
	json_array_foreach(refs, i, it)
		json_object_set_new(a->cited, json_string_value(it), json_true());
}

json_t *answer_cite_record(struct answer *a, struct store *s, sqlite3_int64 seq)
{
	json_t *refs = json_array();
	sqlite3_stmt *st = store_prep(s, "SELECT source FROM cite WHERE seq = ? ORDER BY source");
	sqlite3_bind_int64(st, 1, seq);
	while (store_row(s, st))
		json_array_append_new(refs, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	answer_cite_refs(a, refs);
	return refs;
}

json_t *answer_record_id(struct store *s, sqlite3_int64 seq)
{
	sqlite3_stmt *st = store_prep(s, "SELECT substr(id, 1, 16) FROM log WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	json_t *r = store_row(s, st)
		? json_string((const char *)sqlite3_column_text(st, 0)) : json_null();
	sqlite3_reset(st);
	return r;
}

void answer_disagree(struct answer *a, const char *about, const char *kind, json_t *claims,
		     json_t *used, const char *rule)
{
	json_t *d = json_object();
	json_object_set_new(d, "about", json_string(about));
	json_object_set_new(d, "kind", json_string(kind));
	json_object_set_new(d, "claims", claims);
	json_object_set_new(d, "used", used ? used : json_null());
	json_object_set_new(d, "rule", json_string(rule));
	json_array_append_new(a->disagreements, d);
}

void answer_disagree_said(struct answer *a, json_t *said, const char *date, const char *kind, json_t *claims,
			  json_t *used, const char *rule)
{
	char *about = say_english(said);
	answer_disagree(a, about ? about : "", kind, claims, used, rule);
	free(about);
	json_t *d = json_array_get(a->disagreements, json_array_size(a->disagreements) - 1);
	json_object_set_new(d, "date", date ? json_string(date) : json_null());
	json_object_set_new(d, "said", said);
}

/* Whether claim `c` says something else than `used` on another date. */
static int order_differs(const json_t *c, const json_t *used)
{
	const char *d = json_string_value(json_object_get(c, "date"));
	const char *d0 = json_string_value(json_object_get(used, "date"));
	if (!d || !d0 || !strcmp(d, d0))
		return 0;
	return !json_equal(json_object_get(c, "value"), json_object_get(used, "value")) ||
	       !json_equal(json_object_get(c, "currency"), json_object_get(used, "currency"));
}

int answer_order_unknown(struct answer *a, struct store *s, const char *what, json_t *claims)
{
	json_t *used = json_array_get(claims, 0);
	json_t *listed = json_array();
	json_t *dates = json_array();
	size_t i;
	json_t *c;
	if (!a || !used) {
		json_decref(dates);
		json_decref(listed);
		json_decref(claims);
		return 0;
	}
	json_array_append(dates, json_object_get(used, "date"));
	json_array_append(listed, used);
	json_array_foreach(claims, i, c) {
		if (!i || !order_differs(c, used))
			continue;
		const char *d = json_string_value(json_object_get(c, "date"));
		int named = 0;
		size_t k;
		json_t *p;
		json_array_foreach(listed, k, p)
			named |= k > 0 && !strcmp(json_string_value(json_object_get(p, "date")), d);
		if (!named)
			json_array_append_new(dates, json_string(d));
		json_array_append(listed, c);
	}
	json_t *value = json_incref(json_object_get(used, "value"));
	json_decref(claims);
	if (json_array_size(listed) < 2) {
		json_decref(dates);
		json_decref(listed);
		json_decref(value);
		return 0;
	}
	json_array_foreach(listed, i, c) {
		json_t *seq = json_object_get(c, "seq");
		if (!seq)
			continue;
		sqlite3_int64 n = json_integer_value(seq);
		json_object_del(c, "seq");
		json_object_set_new(c, "record", answer_record_id(s, n));
		json_object_set_new(c, "sources", answer_cite_record(a, s, n));
	}
	const char *date = json_string_value(json_array_get(dates, 0));
	json_t *said = say_new("{1}: reports of {2}, whose order cannot be known", say_words(what), say_dates(dates), NULL);
	answer_disagree_said(a, said, date, "order_unknown", listed, value, LATEST_TEXT);
	return 1;
}

json_t *answer_finish(struct answer *a, struct store *s)
{
	json_t *sources = json_array();
	const char *ref;
	json_t *v;
	json_object_foreach(a->cited, ref, v) {
		/* A public connection reads public sources only; a reader of
		 * restricted records may cite restricted ones. */
		sqlite3_stmt *st = s->public_only ? store_prep(s,
			"SELECT substr(l.id,1,16), s.publisher, s.title, r.date_text, s.url, s.grade "
			"FROM pub_any_rec r JOIN pub_source s USING(seq) JOIN log l USING(seq) WHERE r.ref = ? "
			"AND r.kind = 'source' AND r.replaced_by IS NULL") : store_prep(s,
			"SELECT substr(l.id,1,16), s.publisher, s.title, r.date_text, s.url, s.grade "
			"FROM rec r JOIN source s USING(seq) JOIN log l USING(seq) WHERE r.ref = ? AND r.kind "
			"= 'source' "
			"AND r.replaced_by IS NULL");
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(ref));
		if (store_row(s, st)) {
			const char *cols[] = {"record", "publisher", "title", "date", "url", "grade"};
			for (int i = 0; i < 6; i++) {
				const unsigned char *t = sqlite3_column_text(st, i);
				json_object_set_new(o, cols[i], t && *t ? json_string((const char *)t) : json_null());
			}
		}
		sqlite3_reset(st);
		json_array_append_new(sources, o);
	}
	json_decref(a->cited);
	/* jansson keeps object keys in insertion order; sort sources by id. */
	size_t n = json_array_size(sources);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			json_t *x = json_array_get(sources, j - 1), *y = json_array_get(sources, j);
			if (strcmp(json_string_value(json_object_get(x, "id")),
				   json_string_value(json_object_get(y, "id"))) <= 0)
				break;
			json_incref(x);
			json_array_set(sources, j - 1, y);
			json_array_set_new(sources, j, x);
		}
	json_object_set_new(a->doc, "answer", a->answer);
	json_object_set_new(a->doc, "rows", a->rows);
	json_object_set_new(a->doc, "sources", sources);
	json_object_set_new(a->doc, "disagreements", a->disagreements);
	json_t *doc = a->doc;
	memset(a, 0, sizeof *a);
	return doc;
}

void answer_percent(long long n, long long d, char buf[16])
{
	if (d == 0) {
		snprintf(buf, 16, "n/a");
		return;
	}
	long long t = (n * 2000 + d) / (2 * d); /* tenths, rounded half up */
	snprintf(buf, 16, "%lld.%lld", t / 10, t % 10);
}

void answer_merge(struct answer *to, struct answer *from)
{
	size_t i, j;
	json_t *d, *have;
	json_array_foreach(from->disagreements, i, d) {
		int dup = 0;
		json_array_foreach(to->disagreements, j, have)
			dup |= json_equal(json_object_get(have, "about"), json_object_get(d, "about"));
		if (!dup)
			json_array_append(to->disagreements, d);
	}
	const char *ref;
	json_t *v;
	json_object_foreach(from->cited, ref, v)
		json_object_set_new(to->cited, ref, json_true());
	json_decref(from->doc);
	json_decref(from->answer);
	json_decref(from->rows);
	json_decref(from->disagreements);
	json_decref(from->cited);
	memset(from, 0, sizeof *from);
}

void answer_mark_age(json_t *fig, int as_of, int stale_days)
{
	struct mdate d;
	struct err e = {0};
	const char *text = json_string_value(json_object_get(fig, "date"));
	if (!json_is_object(fig) || !text || date_parse_or_err(text, &d, &e) < 0 || d.prec == DATE_UNKNOWN ||
	    d.hi > as_of)
		return;
	long age = day_number(as_of) - day_number(d.hi);
	json_object_set_new(fig, "age_days", json_integer(age));
	json_object_set_new(fig, "stale", json_boolean(age > stale_days));
}
