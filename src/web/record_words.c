/* record_words.c: the answers' own English texts said in the page's language
 * — the rule of an answer and of each disagreement, the "as" of a claim (what
 * a figure is) and what a disagreement is about. The answers (and the JSON
 * API) keep them in English; a page looks each up in its catalogue when it
 * renders it. A rule is looked up sentence by sentence (rules share their
 * sentences: the precedence of claims, the latest report); "about" texts,
 * built with snprintf from names, codes and dates, are matched against their
 * templates and said with the same holes. A text with no translation is
 * shown as it is, marked lang="en". The tables below are what xgettext
 * reads: a text an answer gives that none of them holds stays English, and
 * tests/cli/web_i18n_whole.sh fails on it. */
#include <stdlib.h>
#include <string.h>

#include "web.h"

/* The sentences of the rules, each without its final full stop. */
const char *const record_sentences[] = {
	N_("The budget is the latest budget record on or before the date; pledged and raised are the latest "
	   "reported trust-fund totals (scope=total) of those stages on or before the date; the gap is the "
	   "budget less what was raised"),
	N_("Figures in another currency are converted at the latest rate on or before the date"),
	N_("A report dated only to a month or a year does not displace a more precise one whose date falls "
	   "within it or after its start: where the order of two reports cannot be known, the more precise is "
	   "used and both are listed"),
	N_("A correction replaces what it corrects; among claims about the same thing the one with the "
	   "better-graded source is used, then the one with more sources, then the more precise date, then "
	   "the later publication"),
	N_("A complaint counts from the day it was received; its status on the date is that of its latest "
	   "version (the original or a correction) whose status date is on or before the date, else received"),
	N_("A retracted complaint does not count"),
	N_("a reported snapshot is used over the sum of movements up to its date"),
	N_("the mission total is the sum of the countries (the reported figure is not exact, or movements are "
	   "newer); the reported figure is shown beside it"),
	N_("the reported total is shown as reported; the parts are each donor's latest figure dated within "
	   "the total's date, and the difference is shown, not hidden"),
	N_("Each donor's figure for a stage is its latest record of that stage on or before the date (reports "
	   "are cumulative; figures are never summed over time)"),
	N_("Stages are never added together"),
	N_("Channel totals sum the donors' latest whole figures of that channel; reported totals and totals "
	   "that include bilateral support are shown beside them and never added to trust-fund figures"),
	N_("Flows (FTS flows, IATI transactions) add up: a donor's figure is the sum of its flows on or "
	   "before the date; where it also has a report, the one dated later is used"),
	N_("Each event counts once, with the figures of its used report: reports of the same event share an "
	   "event key; the used one is chosen by source grade, then number of sources, then date precision, "
	   "then the later publication"),
	N_("Fatalities are summed over events that give them"),
	N_("A mission is one that a live public record other than a source belongs to, and the default mission"),
	N_("Its first and last dated facts are the records whose dates can begin earliest and latest (a month "
	   "or a year begins on its first day; undated records are counted but never first or last)"),
	N_("It is authorised on a day when an authorisation known by that day runs from its start to its end, "
	   "both included; a mission with no authorisation has no resolution in the record"),
	N_("Its predecessor is the mission its authorisation names as the one it succeeds (successor_of), and "
	   "its successor the mission whose authorisation names it"),
	N_("A requirement is met when a fulfilment record dated on or before the day says so; otherwise it is "
	   "overdue when its due date has passed, pending when the due date is still ahead, and unknown when "
	   "the text gives no date"),
	N_("Nothing is assumed met without a record"),
	N_("A place's status on a day is its latest status reported on or before that day (a status dated "
	   "only by month or year counts from the last day it covers); among statuses of the same day the one "
	   "from the better-graded source is used, then the one with more sources, then the later publication"),
	N_("Areas are found by point-in-polygon on the CNIGS/OCHA COD-AB boundaries (2018-11-29); a place "
	   "without a sourced point has none"),
	N_("A country's pledge is its latest pledge of a whole number on or before the date, plus the "
	   "additional pledges made after it; its status is formal once any of its pledges is formal, and "
	   "withdrawn when its latest whole pledge is; a pledge of unknown date is used only when no dated "
	   "one exists, and whole pledges whose dates overlap with other numbers are listed as disagreements"),
	N_("A pledge with an unknown or imprecise date that may fall after the date is counted and flagged"),
	N_("Deployed is the strength on the date (see strength)"),
	N_("A personnel promise is judged on its deadline (the last day of a month or year) or on the day "
	   "asked about if that is earlier: kept when muster strength's figure for the country (or the "
	   "mission) reached the target by then, missed when the deadline passed without it, pending when the "
	   "deadline is still ahead"),
	N_("A promise with no stated deadline is judged on the last day of the mission's authorisation"),
	N_("An 'additional' promise adds its number to the figure on the day it was made"),
	N_("A money promise is kept when one figure the donor reported at the committed stage or later "
	   "(committed, deposited, disbursed, spent, frozen), in the promise's currency and not an 'up to' "
	   "ceiling, reaches the amount by the deadline; figures are compared one by one, never added, since "
	   "one donor's reports overlap"),
	N_("Pledges restate the promise and do not keep it"),
	N_("A judgement other than kept is stale when it rests on a report older than MUSTER_STALE_DAYS "
	   "(default 90) on the day judged (for personnel, the oldest of the reports behind the figure; for "
	   "money, the donor's latest figure): the record may lack what happened since, and the reason says so"),
	N_("A country's figure is its latest reported snapshot on or before the date (exact or approximate "
	   "figures; bounds such as 'over 500' are only checked), plus arrivals and minus departures dated "
	   "after that snapshot; a country with no snapshot counts its arrivals and departures"),
	N_("A complete table (a snapshot of the whole mission marked complete) lists everyone there on its "
	   "date: a country it leaves out counts 0 from that date, plus its later movements"),
	N_("A movement counts once it surely happened by the date (a month-dated one from the month's last "
	   "day); one with an uncertain date is listed as possible"),
	N_("The mission total is the publisher's reported total when nothing in the detail is newer than it, "
	   "else the sum of the countries; the countries give the breakdown, and a total that differs from "
	   "their sum is listed as a disagreement"),
	N_("A deployed contingent is a country with personnel on the date, as muster strength counts them; it "
	   "is covered when any vetting record of that country (of a unit or a person, under any scheme, with "
	   "any result) is dated on or before the date"),
	/* The rules of the strength across missions and of the disagreements the bundled record has none of. */
	N_("Across missions: each mission's figure is computed exactly as when it is asked alone, then the "
	   "missions' figures are added; a country in several missions counts in each"),
	N_("A publisher's total over every mission is shown beside the sum; it is the total when it is the "
	   "only one, covers every mission that has personnel and no figure behind them is newer than it"),
	N_("a bound is checked, not used: the figure stays the one its snapshots and movements give"),
	N_("the publisher's total is used for the total; the detail gives the breakdown"),
	N_("the reported total is used; the parts give no breakdown"),
	N_("the publisher's total is used for the total; the countries give the breakdown"),
	N_("the total is the sum of the countries: the detail has figures newer than the reported total"),
	N_("a donor's reported figure and the sum of its flows: the one dated later is used (the report when "
	   "both end on the same day)"),
	N_("FTS's figure is kept as FTS's: FTS counts a parent flow beside its parts, and muster believes "
	   "that counts the parent's money twice; the figure without the parents is shown beside it, and "
	   "muster's own funding totals count each amount once (a parent is left out while a part counts)"),
	N_("FTS's published figure is kept as FTS's; the flows of the whole search, counted by the rule that "
	   "adds up to FTS's totals on its real pages, do not give it: check the flows against FTS"),
	/* Notes that answers give beside their figures. */
	N_("A official primary document; B major wire or international outlet; C national or regional outlet; D "
	   "encyclopedia or secondary relay; E unverified or automated summary"),
	N_("a count under 5 is shown as \"fewer than 5\"; sign in as oversight for the records"),
	N_("a count under 5 is shown as \"fewer than 5\"; sign in as oversight for the complaints"),
	NULL,
};

/* What a claim's figure is ("as"). */
const char *const record_as[] = {
	N_("reported snapshot"),
	N_("reported total"),
	N_("sum of the countries (muster strength)"),
	N_("sum of arrivals less departures"),
	N_("sum of the countries"),
	N_("published total"),
	N_("reported mission total"),
	N_("sum of parts"),
	N_("sum of the detail over the missions (muster strength)"),
	N_("the donor's latest report"),
	N_("the figure used (muster strength)"),
	N_("the figure used"),
	N_("the sum of the donor's flows"),
	N_("total"),
	/* A small count as the oversight answers give it (src/oversight/oversight.h SMALL_TEXT). */
	N_("fewer than 5"),
	NULL,
};

/* The sentences answers give as parts (core/say.h, said by page_said):
 * here for the catalogue, since the answers' files are not the pages'. Some
 * are also about_templates, for the texts that come without their parts. */
const char *const record_said[] = {
	N_("{1} on {2}: the donors' parts against the reported total"),
	N_("{1} on {2}"),
	N_("{1}: reports of {2}, whose order cannot be known"),
	N_("sum of the donors' parts: {1}"),
	N_("committed {1} = spent {2} + frozen {3}"),
	/* TRANSLATORS: a mission's code, then what one of its disagreements is about. */
	N_("{1}: {2}"),
	/* TRANSLATORS: {1} is planned, pledged…; {2} a country or "the mission". */
	N_("{1} strength of {2} on {3}"),
	N_("{1} in all missions on {2}: published total {3} against the sum of the detail"),
	N_("all missions on {1}: published total {2} against the sum of the detail"),
	N_("FTS incoming {1} of the search in {2}: parent flows counted beside their parts"),
	N_("FTS {1} of the search in {2}: FTS's published figure and its flows"),
	N_("each amount once: without the parent flow {1} ({2}), whose parts are counted"),
	N_("each amount once: without the parent flows {1} ({2}), whose parts are counted"),
	/* TRANSLATORS: {1} is a ref, a record's short name (e.g. un-s-2024-123). */
	N_("ref {1}: records that claim it"),
	/* TRANSLATORS: {1} is a record's short id (16 hex digits). */
	N_("record {1}: corrected in two copies of the record"),
	NULL,
};

static int templated(struct buf *b, const char *text, const char *const *templates);

/* What a claim's figure is, built from parts. */
static const char *const as_templates[] = {
	N_("sum of the donors' parts: {1}"),
	NULL,
};

void page_record_as(struct buf *b, const char *text)
{
	const char *t = text ? _(b, text) : NULL;
	if (!text || t != text || !strcmp(page_lang_code(b), "en")) {
		buf_html(b, t);
		return;
	}
	if (templated(b, text, as_templates))
		return;
	page_en_open(b, "span");
	buf_html(b, text);
	page_en_close(b, "span");
}

/* What a disagreement is about: the answers' snprintf formats as templates,
 * the more specific first ("reported about {2}" before "reported {2}"). */
static const char *const about_templates[] = {
	N_("{1} on {2}: reported strength against arrivals and departures"),
	N_("mission strength on {1}: reported about {2} against the sum of the countries"),
	N_("mission strength on {1}: reported at most {2} against the sum of the countries"),
	N_("mission strength on {1}: reported at least {2} against the sum of the countries"),
	N_("mission strength on {1}: reported {2} against the sum of the countries"),
	N_("mission strength on {1}"),
	N_("{1}: reports of {2}, whose order cannot be known"),
	N_("arrival of {1} on {2}"),
	N_("departure of {1} on {2}"),
	N_("strength of {1} on {2}"),
	N_("pledge of {1} ({2})"),
	N_("status of {1} ({2}) on {3}"),
	N_("incident {1}: {2}"),
	N_("{1} on {2}: the donors' parts against the reported total"),
	N_("{1}: a report and the sum of flows"),
	N_("{1} on {2}: reported at least {3} against the figure used"),
	N_("{1} on {2}: reported at most {3} against the figure used"),
	N_("{1} on {2}: parts do not add up to the total"),
	NULL,
};

/* Writes `s` (its first `n` bytes) HTML-escaped. */
static void html_n(struct buf *b, const char *s, size_t n)
{
	char *t = strndup(s, n);
	if (!t)
		return;
	buf_html(b, t);
	free(t);
}

/* The translation of the sentence [s, s + n) (without its full stop), or NULL. */
static const char *sentence_tr(struct buf *b, const char *s, size_t n)
{
	char tmp[1024];
	if (n >= sizeof tmp)
		return NULL;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	const char *t = _(b, tmp);
	return t == tmp ? NULL : t;
}

/* The end of the sentence starting at `s`: after its ". " before a capital, or
 * the end of the text. *stop is set when the sentence ends with a full stop. */
static const char *sentence_end(const char *s, int *stop)
{
	for (const char *p = s; *p; p++)
		if (p[0] == '.' && p[1] == ' ' && p[2] >= 'A' && p[2] <= 'Z') {
			*stop = 1;
			return p;
		}
	size_t n = strlen(s);
	*stop = n && s[n - 1] == '.';
	return s + n - (size_t)*stop;
}

void page_record_text(struct buf *b, const char *text)
{
	if (!text)
		return;
	int english = !strcmp(page_lang_code(b), "en"), whole = !english;
	for (const char *s = text; *s && whole;) {
		int stop;
		const char *e = sentence_end(s, &stop);
		whole = sentence_tr(b, s, (size_t)(e - s)) != NULL;
		s = e + stop + (*(e + stop) == ' ');
	}
	if (!whole) {
		page_en_open(b, "span");
		buf_html(b, text);
		page_en_close(b, "span");
		return;
	}
	for (const char *s = text; *s;) {
		int stop;
		const char *e = sentence_end(s, &stop);
		const char *t = sentence_tr(b, s, (size_t)(e - s));
		if (s != text)
			buf_lit(b, " ");
		buf_html(b, t);
		if (stop)
			buf_lit(b, ".");
		s = e + stop + (*(e + stop) == ' ');
	}
}

int record_as_known(const char *text)
{
	for (size_t i = 0; text && record_as[i]; i++)
		if (!strcmp(record_as[i], text))
			return 1;
	return 0;
}

int record_text_key(const char *key)
{
	static const char *const keys[] = {"aliases", "component", "context", "name", "note", "publisher", "purpose",
					   "set_by", "statement", "text", "title", "unit", "verbatim", "what", "who",
					   "why", NULL};
	for (size_t i = 0; key && keys[i]; i++)
		if (!strcmp(keys[i], key))
			return 1;
	return 0;
}

/* Writes the hole [s, s + n) of an "about" text: its words that are codes
 * of a channel, a stage or a personnel type ("trust_fund deposited") in the
 * page's language, the rest (names, dates, codes) as it is. */
static void about_hole(struct buf *b, const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		const char *w = s;
		while (w < end && *w != ' ')
			w++;
		char tmp[64];
		const char *l = NULL;
		if ((size_t)(w - s) < sizeof tmp) {
			memcpy(tmp, s, (size_t)(w - s));
			tmp[w - s] = 0;
			l = label_of_value("stage", tmp);
		}
		if (l)
			buf_t(b, l);
		else
			html_n(b, s, (size_t)(w - s));
		if (w < end)
			buf_lit(b, " ");
		s = w < end ? w + 1 : w;
	}
}


/* Matches `text` against the template `t` ({1}…{9} stand for one or more
 * characters, the shortest first); on a match sets hole[k] and len[k] for
 * each hole {k+1} and returns 1. */
static int match(const char *t, const char *text, const char **hole, size_t *len)
{
	if (!*t)
		return !*text;
	if (t[0] == '{' && t[1] >= '1' && t[1] <= '9' && t[2] == '}') {
		int k = t[1] - '1';
		for (size_t n = 1; n <= strlen(text); n++) {
			hole[k] = text;
			len[k] = n;
			if (match(t + 3, text + n, hole, len))
				return 1;
		}
		return 0;
	}
	return *t == *text && match(t + 1, text + 1, hole, len);
}

/* Writes `text` said by the first of `templates` it matches, when that one
 * has a translation; 0 when none does (nothing written). */
static int templated(struct buf *b, const char *text, const char *const *templates)
{
	for (size_t i = 0; templates[i]; i++) {
		const char *hole[9] = {0};
		size_t len[9] = {0};
		if (!match(templates[i], text, hole, len) || _(b, templates[i]) == templates[i])
			continue;
		struct frags f = FRAGS_INIT(b);
		const char *fr[9] = {0};
		for (int k = 0; k < 4 && hole[k]; k++) {
			struct buf *o = frag_buf(&f);
			about_hole(o, hole[k], len[k]);
			fr[k] = o->p;
		}
		buf_tf(b, templates[i], fr[0], fr[1], fr[2], fr[3], NULL);
		frags_free(&f);
		return 1;
	}
	return 0;
}

void page_record_about(struct buf *b, const char *text)
{
	if (!text)
		return;
	if (strcmp(page_lang_code(b), "en") && templated(b, text, about_templates))
		return;
	page_en_open(b, "span");
	buf_html(b, text);
	page_en_close(b, "span");
}

/* Writes one hole of a sentence given as parts (core/say.h) in the page's
 * language and figures. */
static void said_hole(struct buf *b, const json_t *h)
{
	const json_t *v;
	if (!h)
		return;
	if ((v = json_object_get(h, "count")) && json_is_integer(v)) {
		buf_int(b, (long long)json_integer_value(v));
	} else if (json_object_get(h, "amount")) {
		page_money(b, h);
	} else if ((v = json_object_get(h, "sum"))) {
		size_t i;
		json_t *t;
		json_array_foreach(v, i, t) {
			if (i)
				buf_lit(b, " + ");
			buf_html(b, json_string_value(json_object_get(t, "name")));
			buf_lit(b, " ");
			page_money(b, t);
		}
	} else if ((v = json_object_get(h, "said"))) {
		page_said(b, v);
	} else if ((v = json_object_get(h, "dates"))) {
		/* "d0 and d1 and d2", said one pair at a time. */
		struct buf acc = {.pl = b->pl};
		buf_html(&acc, json_string_value(json_array_get(v, 0)));
		for (size_t i = 1; i < json_array_size(v); i++) {
			struct frags f = FRAGS_INIT(b);
			struct buf next = {.pl = b->pl};
			buf_tf(&next, "{1} and {2}", acc.p, frag_html(&f, json_string_value(json_array_get(v, i))), NULL);
			frags_free(&f);
			buf_free(&acc);
			acc = next;
		}
		if (acc.p)
			buf_add(b, acc.p, acc.len);
		buf_free(&acc);
	} else if ((v = json_object_get(h, "words")) && json_is_string(v)) {
		/* In English the codes as the answer's text gives them. */
		if (!strcmp(page_lang_code(b), "en"))
			buf_html(b, json_string_value(v));
		else
			about_hole(b, json_string_value(v), strlen(json_string_value(v)));
	} else if ((v = json_object_get(h, "date")) || (v = json_object_get(h, "name"))) {
		buf_html(b, json_string_value(v));
	}
}

void page_said(struct buf *b, const json_t *said)
{
	const char *tmpl = json_string_value(json_object_get(said, "template"));
	const json_t *holes = json_object_get(said, "holes");
	if (!tmpl)
		return;
	/* A template without a translation is said in English, marked so, its
	 * figures still in the page's style. */
	int en = strcmp(page_lang_code(b), "en") && _(b, tmpl) == tmpl;
	struct frags f = FRAGS_INIT(b);
	const char *fr[4] = {0};
	for (size_t k = 0; k < 4 && k < json_array_size(holes); k++) {
		struct buf *o = frag_buf(&f);
		said_hole(o, json_array_get(holes, k));
		fr[k] = o->p;
	}
	if (en)
		page_en_open(b, "span");
	buf_tf(b, tmpl, fr[0], fr[1], fr[2], fr[3], NULL);
	if (en)
		page_en_close(b, "span");
	frags_free(&f);
}
