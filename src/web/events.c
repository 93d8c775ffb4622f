/* events.c: a timeline event's "what" in the page's language, made from the
 * parts the answer gives beside its English text (src/mandate/timeline.c).
 * Codes stay codes (KEN, MSS-HTI); the words around them, a stage or a
 * channel, numbers and amounts follow the page's language; the texts that
 * come from records (a promise, a requirement) are shown as recorded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

static const char *str(const json_t *parts, const char *key)
{
	return json_string_value(json_object_get(parts, key));
}

/* An integer part as plain digits (a resolution or paragraph number). */
static const char *digits(struct frags *f, const json_t *parts, const char *key)
{
	json_t *v = json_object_get(parts, key);
	if (!json_is_integer(v))
		return NULL;
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)json_integer_value(v));
	return frag_html(f, n);
}

/* A word of a field that takes a few (a stage, a channel), translated. */
static const char *word(struct frags *f, const char *key, const char *value)
{
	const char *w = label_of_value(key, value);
	if (!w)
		return frag_html(f, value ? value : "");
	struct buf *o = frag_buf(f);
	buf_t(o, w);
	return o->p;
}

/* A meeting as the record gives it ("9430th"): in English as it is, in
 * another language its number with that language's ordinal mark. */
static const char *meeting(struct frags *f, const char *m)
{
	char *end;
	long n = strtol(m, &end, 10);
	int ordinal = end != m && n > 0 && (!strcmp(end, "st") || !strcmp(end, "nd") || !strcmp(end, "rd") ||
					    !strcmp(end, "th"));
	struct buf *o = frag_buf(f);
	if (!ordinal || !strcmp(page_lang_code(o), "en")) {
		buf_html(o, m);
		return o->p;
	}
	char num[24];
	snprintf(num, sizeof num, "%ld", n);
	/* TRANSLATORS: a meeting's ordinal, {1} its number ("9430th"; French "9430e"). */
	buf_tf(o, "{1}th", num, NULL);
	return o->p;
}

static void funding(struct buf *b, struct frags *f, const json_t *p)
{
	const char *donor = str(p, "donor"), *channel = str(p, "channel");
	const char *stage = word(f, "stage", str(p, "stage"));
	struct buf *money_buf = frag_buf(f);
	page_money(money_buf, p);      /* the parts' "amount" and "currency" */
	const char *money = money_buf->p;
	if (donor && channel)
		/* TRANSLATORS: a timeline line: donor, stage ("pledged"), channel, amount. */
		buf_tf(b, "{1} {2} ({3}) {4}", frag_html(f, donor), stage, word(f, "channel", channel), money, NULL);
	else if (donor)
		buf_tf(b, "{1} {2} {3}", frag_html(f, donor), stage, money, NULL);
	else if (channel)
		/* TRANSLATORS: a timeline line with no donor named: stage, channel, amount. */
		buf_tf(b, "{1} ({2}) {3}", stage, word(f, "channel", channel), money, NULL);
	else
		buf_tf(b, "{1} {2}", stage, money, NULL);
}

static void movement(struct buf *b, struct frags *f, const json_t *p, int arrival)
{
	json_t *n = json_object_get(p, "personnel");
	if (!json_is_integer(n))
		return;
	long long k = json_integer_value(n);
	const char *who = frag_int(f, k), *country = frag_html(f, str(p, "country")), *unit = str(p, "unit");
	if (arrival && unit)
		buf_tfn(b, "{1} arrived from {2} ({3})", "{1} arrived from {2} ({3})", (unsigned long long)k, who,
			country, frag_en(f, unit), NULL);
	else if (arrival)
		buf_tfn(b, "{1} arrived from {2}", "{1} arrived from {2}", (unsigned long long)k, who, country, NULL);
	else if (unit)
		buf_tfn(b, "{1} left from {2} ({3})", "{1} left from {2} ({3})", (unsigned long long)k, who, country,
			frag_en(f, unit), NULL);
	else
		buf_tfn(b, "{1} left from {2}", "{1} left from {2}", (unsigned long long)k, who, country, NULL);
	json_t *used = json_object_get(p, "used");
	if (json_is_integer(used))
		/* TRANSLATORS: after a movement that another report of the same
		 * movement outranks; {1} is the other report's figure. */
		buf_tf(b, ": a claim that lost to another, {1} is used", frag_int(f, json_integer_value(used)), NULL);
}

static void promise(struct buf *b, struct frags *f, const json_t *p)
{
	const char *person = str(p, "person"), *country = str(p, "country"), *text = str(p, "text");
	const char *what = frag_en(f, text ? text : "");
	if (person && country)
		/* TRANSLATORS: {1} a person, {2} a country code, {3} the promise as recorded. */
		buf_tf(b, "{1} ({2}) promised: {3}", frag_html(f, person), frag_html(f, country), what, NULL);
	else if (person || country)
		buf_tf(b, "{1} promised: {2}", frag_html(f, person ? person : country), what, NULL);
	else
		buf_tf(b, "promised: {1}", what, NULL);
}

int page_event_what(struct buf *b, const json_t *row)
{
	const json_t *p = json_object_get(row, "parts");
	const char *kind = json_string_value(json_object_get(row, "kind"));
	if (!json_is_object(p) || !kind)
		return 0;
	struct frags f = FRAGS_INIT(b);
	size_t before = b->len;
	const char *mission = str(p, "mission"), *res = digits(&f, p, "resolution");
	if (!strcmp(kind, "resolution") && str(p, "symbol")) {
		const char *sym = frag_html(&f, str(p, "symbol"));
		if (str(p, "meeting"))
			/* TRANSLATORS: {1} a resolution's symbol, {2} the meeting's ordinal ("9430th"). */
			buf_tf(b, "{1} adopted at the {2} meeting", sym, meeting(&f, str(p, "meeting")), NULL);
		else
			buf_tf(b, "{1} adopted", sym, NULL);
	} else if (!strcmp(kind, "authorization") && mission && res) {
		json_t *ceiling = json_object_get(p, "ceiling");
		if (json_is_integer(ceiling))
			buf_tf(b, "{1} authorised from this day (resolution {2}), ceiling {3}", frag_html(&f, mission), res,
			       frag_int(&f, json_integer_value(ceiling)), NULL);
		else
			buf_tf(b, "{1} authorised from this day (resolution {2})", frag_html(&f, mission), res, NULL);
	} else if (!strcmp(kind, "review") && mission && res) {
		buf_tf(b, "review of the {1} authorisation (resolution {2})", frag_html(&f, mission), res, NULL);
	} else if (!strcmp(kind, "authorization_end") && mission && res) {
		buf_tf(b, "last day of the {1} authorisation (resolution {2})", frag_html(&f, mission), res, NULL);
	} else if (!strcmp(kind, "arrival") || !strcmp(kind, "departure")) {
		movement(b, &f, p, !strcmp(kind, "arrival"));
	} else if (!strcmp(kind, "promise")) {
		promise(b, &f, p);
	} else if (!strcmp(kind, "promise_deadline") && str(p, "text")) {
		buf_tf(b, "deadline of a promise: {1}", frag_en(&f, str(p, "text")), NULL);
	} else if (!strcmp(kind, "requirement_due") && res && json_is_integer(json_object_get(p, "paragraph"))) {
		const char *who = str(p, "who"), *text = str(p, "text");
		/* TRANSLATORS: {1} resolution number, {2} paragraph, {3} who must act, {4} what (as recorded). */
		buf_tf(b, "due (resolution {1} para {2}): {3}: {4}", res, digits(&f, p, "paragraph"),
		       frag_en(&f, who ? who : ""), frag_en(&f, text ? text : ""), NULL);
	} else if (!strcmp(kind, "funding") && str(p, "stage") && str(p, "amount") && str(p, "currency")) {
		funding(b, &f, p);
	}
	frags_free(&f);
	return b->len > before;
}
