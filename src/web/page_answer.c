/* page_answer.c: any answer document as HTML — its figures, the rule, the
 * table of rows and the disagreements (the sources: page_sources.c) — and the page of each
 * question built from them. Record ids link to /record/ID, source refs to
 * /source/REF; every text goes through buf_html. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

/* Long texts (a resolution's paragraph) are cut in tables; JSON has them whole. */
#define CELL_MAX 160
#define ROWS_MAX 150

/* A field's label in the page's language; a key without one (a status or a
 * grade used as a key) is shown as it is, "_" read as a space. */
static void label(struct buf *b, const char *key)
{
	const char *known = label_of(key);
	if (known) {
		buf_t(b, known);
		return;
	}
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%s", key);
	for (char *p = tmp; *p; p++)
		if (*p == '_')
			*p = ' ';
	if (tmp[0] >= 'a' && tmp[0] <= 'z')
		tmp[0] = (char)(tmp[0] - 'a' + 'A');
	buf_html(b, tmp);
}

static int scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

static void value(struct buf *b, const char *key, const json_t *v, int depth);

/* Keys whose text values are amounts of money ("600000000.00"): grouped and
 * with the page's decimal mark. */
static int money_key(const char *key)
{
	static const char *const keys[] = {"amount", "budget", "committed", "deposited", "disbursed", "frozen",
					   "gap", "original_amount", "pledged", "raised", "spent"};
	for (size_t i = 0; key && i < sizeof keys / sizeof *keys; i++)
		if (!strcmp(key, keys[i]))
			return 1;
	return 0;
}

/* Keys whose text values are shares in percent ("23.6"): with the page's
 * decimal mark, as every other figure of the page. */
static int pct_key(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	return n > 4 && !strcmp(key + n - 4, "_pct");
}

/* "-12.50", "2025": digits, an optional sign and one decimal point. */
static int decimal_text(const char *s)
{
	if (!s)
		return 0;
	s += *s == '-';
	size_t whole = strspn(s, "0123456789");
	return whole && (!s[whole] || (s[whole] == '.' && s[whole + 1] && !s[whole + 1 + strspn(s + whole + 1,
		"0123456789")]));
}

/* A figure: an object of a number of people or an amount of money with its
 * date, record and sources, and nothing else (a promise's target, a funding
 * row's stage). Shown as "about 120,000,000.00 USD (2024-07) sources", the
 * date linking the record; the list of records is left to the JSON. */
static int figure_shown(struct buf *b, const json_t *v)
{
	static const char *const keys[] = {"amount", "currency", "on", "date", "personnel", "qualifier", "record",
					   "records", "sources"};
	const char *k;
	json_t *x;
	json_object_foreach((json_t *)v, k, x) {
		size_t i = 0;
		while (i < sizeof keys / sizeof *keys && strcmp(k, keys[i]))
			i++;
		if (i == sizeof keys / sizeof *keys)
			return 0;
	}
	json_t *n = json_object_get(v, "personnel");
	if (json_is_integer(n))
		buf_int(b, json_integer_value(n));
	else if (json_is_string(json_object_get(v, "currency")) && decimal_text(json_string_value(json_object_get(v, "amount"))))
		page_money(b, v);
	else
		return 0;
	const char *date = json_string_value(json_object_get(v, "on"));
	if (!date)
		date = json_string_value(json_object_get(v, "date"));
	const char *rec = json_string_value(json_object_get(v, "record"));
	if (date) {
		buf_lit(b, " (");
		if (rec) {
			buf_lit(b, "<a href=\"/record/");
			buf_url(b, rec);
			buf_href_lang(b, 1);
			buf_lit(b, "\">");
		}
		buf_html(b, date);
		buf_lit(b, rec ? "</a>)" : ")");
	}
	json_t *srcs = json_object_get(v, "sources");
	if (json_array_size(srcs)) {
		buf_lit(b, " <span class=\"src\">");
		page_sources_inline(b, srcs);
		buf_lit(b, "</span>");
	}
	return 1;
}

static void scalar_value(struct buf *b, const char *key, const json_t *v)
{
	if (json_is_integer(v)) {
		long long n = json_integer_value(v);
		/* Years, resolution numbers and paragraphs read better without commas. */
		if (key && (!strcmp(key, "resolution") || !strcmp(key, "paragraph") || !strcmp(key, "seq")))
			buf_num(b, "%lld", n);
		else
			buf_int(b, n);
	} else if (json_is_real(v)) {
		buf_num(b, "%g", json_real_value(v));
	} else if (json_is_true(v)) {
		buf_t(b, "yes");
	} else if (json_is_false(v)) {
		buf_t(b, "no");
	} else if (json_is_null(v)) {
		buf_lit(b, "\xE2\x80\x94");
	} else if (key && !strcmp(key, "record")) {
		page_record_link(b, json_string_value(v));
	} else if (money_key(key) && decimal_text(json_string_value(v))) {
		buf_amount(b, json_string_value(v));
	} else if (pct_key(key) && decimal_text(json_string_value(v))) {
		buf_decimal(b, json_string_value(v));
	} else if (label_of_value(key, json_string_value(v))) {
		buf_t(b, label_of_value(key, json_string_value(v)));
	} else if (record_as_known(json_string_value(v))) {
		page_record_as(b, json_string_value(v));
	} else if (record_text_key(key)) {
		page_en_open(b, "span");
		buf_html_cut(b, json_string_value(v), CELL_MAX);
		page_en_close(b, "span");
	} else {
		buf_html_cut(b, json_string_value(v), CELL_MAX);
	}
}

static void value(struct buf *b, const char *key, const json_t *v, int depth)
{
	if (scalar(v)) {
		scalar_value(b, key, v);
		return;
	}
	if (json_is_array(v)) {
		if (key && !strcmp(key, "sources")) {
			page_sources_inline(b, v);
			return;
		}
		size_t i;
		json_t *it;
		if (!json_array_size(v))
			buf_lit(b, "\xE2\x80\x94");
		/* A list of objects reads as a list, one per line. */
		if (json_is_object(json_array_get(v, 0)) && depth < 2) {
			buf_lit(b, "<ul>");
			json_array_foreach(v, i, it) {
				buf_lit(b, "<li>");
				value(b, NULL, it, depth + 1);
				buf_lit(b, "</li>");
			}
			buf_lit(b, "</ul>");
			return;
		}
		json_array_foreach(v, i, it) {
			if (i)
				buf_lit(b, ", ");
			if (key && (!strcmp(key, "records") || !strcmp(key, "deployed_records")))
				page_record_link(b, json_string_value(it));
			else if (depth < 2)
				/* A list of words or numbers reads as its key's values. */
				value(b, scalar(it) ? key : NULL, it, depth + 1);
			else
				buf_lit(b, "\xE2\x80\xA6");
			if (i >= 24) {
				struct frags f = FRAGS_INIT(b);
				size_t more = json_array_size(v) - i - 1;
				buf_lit(b, " ");
				buf_tfn(b, "and {1} more", "and {1} more", more, frag_int(&f, (long long)more), NULL);
				frags_free(&f);
				break;
			}
		}
		return;
	}
	if (figure_shown(b, v))
		return;
	/* An object inline: "key value; key value". Its money, when it has
	 * some, first and as one figure ("at least 835 million USD"). */
	const char *k;
	json_t *x;
	int first = 1;
	int money = json_is_string(json_object_get(v, "currency")) &&
		decimal_text(json_string_value(json_object_get(v, "amount")));
	if (money) {
		page_money(b, v);
		first = 0;
	}
	json_object_foreach((json_t *)v, k, x) {
		if (json_is_null(x) || !strcmp(k, "rule") ||
		    (money && (!strcmp(k, "amount") || !strcmp(k, "currency") || !strcmp(k, "qualifier"))))
			continue;
		if (!first)
			buf_lit(b, "; ");
		first = 0;
		if (depth >= 3) {
			buf_lit(b, "\xE2\x80\xA6");
			break;
		}
		buf_lit(b, "<i>");
		label(b, k);
		buf_lit(b, "</i> ");
		value(b, k, x, depth + 1);
	}
	if (first)
		buf_lit(b, "\xE2\x80\x94");
}

void page_value(struct buf *b, const char *key, const json_t *v)
{
	value(b, key, v, 1);
}

void page_label(struct buf *b, const char *key)
{
	label(b, key);
}

void page_figures(struct buf *b, const json_t *answer)
{
	buf_lit(b, "<dl class=\"f\">");
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)answer, k, v) {
		if (!strcmp(k, "rule"))
			continue;
		buf_lit(b, "<dt>");
		label(b, k);
		buf_lit(b, "</dt><dd>");
		value(b, k, v, 0);
		buf_lit(b, "</dd>");
	}
	buf_lit(b, "</dl>");
	const char *rule = json_string_value(json_object_get(answer, "rule"));
	if (rule) {
		buf_lit(b, "<p class=\"note\"><b>");
		buf_t(b, "Rule:");
		buf_lit(b, "</b> ");
		page_record_text(b, rule);
		buf_lit(b, "</p>");
	}
}

/* `key` is in the NULL-terminated list `keys`. */
static int listed(const char *const *keys, const char *key)
{
	for (; *keys; keys++)
		if (!strcmp(*keys, key))
			return 1;
	return 0;
}

void page_rows(struct buf *b, const json_t *rows, size_t max_rows, const char *const *chosen)
{
	if (!json_array_size(rows)) {
		buf_lit(b, "<p>");
		buf_t(b, "No rows.");
		buf_lit(b, "</p>");
		return;
	}
	/* The columns: every key, in the order first met; or the chosen ones
	 * that some row has, in the chosen order, the others named under the table. */
	json_t *keys = json_array(), *cols = json_array(), *left = json_array();
	size_t i, j;
	json_t *r, *c;
	json_array_foreach(rows, i, r) {
		const char *k;
		json_t *v;
		json_object_foreach(r, k, v) {
			int seen = 0;
			json_array_foreach(keys, j, c)
				seen |= !strcmp(json_string_value(c), k);
			if (!seen)
				json_array_append_new(keys, json_string(k));
		}
	}
	if (!chosen) {
		json_array_extend(cols, keys);
	} else {
		for (const char *const *k = chosen; *k; k++)
			json_array_foreach(keys, j, c)
				if (!strcmp(json_string_value(c), *k))
					json_array_append(cols, c);
		json_array_foreach(keys, j, c)
			/* A row's parts are what its "what" is made of, shown there. */
			if (!listed(chosen, json_string_value(c)) && strcmp(json_string_value(c), "record") &&
			    strcmp(json_string_value(c), "parts"))
				json_array_append(left, c);
	}
	/* A row's record not chosen as a column is linked from its first cell. */
	int link_first = chosen && !listed(chosen, "record");
	/* Each cell repeats its column's label, which narrow screens show
	 * before the value when the header row is hidden. */
	size_t n_cols = json_array_size(cols);
	struct buf *labels = calloc(n_cols ? n_cols : 1, sizeof *labels);
	if (!labels)
		abort();
	buf_lit(b, "<table><thead><tr>");
	json_array_foreach(cols, j, c) {
		json_t *first = json_object_get(json_array_get(rows, 0), json_string_value(c));
		labels[j].pl = b->pl;
		label(&labels[j], json_string_value(c));
		buf_lit(b, json_is_integer(first) ? "<th class=\"n\" scope=\"col\">" : "<th scope=\"col\">");
		buf_lit(b, labels[j].p ? labels[j].p : "");
		buf_lit(b, "</th>");
	}
	buf_lit(b, "</tr></thead><tbody>");
	json_array_foreach(rows, i, r) {
		if (i >= max_rows)
			break;
		buf_lit(b, "<tr>");
		json_array_foreach(cols, j, c) {
			const char *k = json_string_value(c);
			json_t *v = json_object_get(r, k);
			/* The first cell heads its row's block on a narrow screen and
			 * needs no label; an empty one is left out there. */
			if (!v || json_is_null(v) || (json_is_array(v) && !json_array_size(v))) {
				buf_lit(b, j ? "<td class=\"e\">" : "<td>");
			} else {
				buf_lit(b, json_is_integer(v) ? "<td class=\"n\"" : "<td");
				if (j) {
					buf_lit(b, " data-label=\"");
					buf_lit(b, labels[j].p ? labels[j].p : "");
					buf_lit(b, "\"");
				}
				buf_lit(b, ">");
			}
			const char *rec = json_string_value(json_object_get(r, "record"));
			if (!j && link_first && rec && scalar(v) && !json_is_null(v)) {
				buf_lit(b, "<a href=\"/record/");
				buf_url(b, rec);
				buf_href_lang(b, 1);
				buf_lit(b, "\">");
				value(b, k, v, 1);
				buf_lit(b, "</a>");
			} else if (v && !(!strcmp(k, "what") && page_event_what(b, r))) {
				value(b, k, v, 1);
			}
			buf_lit(b, "</td>");
		}
		buf_lit(b, "</tr>");
	}
	buf_lit(b, "</tbody></table>");
	for (j = 0; j < n_cols; j++)
		buf_free(&labels[j]);
	free(labels);
	struct frags f = FRAGS_INIT(b);
	if (json_array_size(left)) {
		struct buf names = {.pl = b->pl};
		json_array_foreach(left, j, c) {
			if (j)
				buf_lit(&names, ", ");
			label(&names, json_string_value(c));
		}
		buf_lit(b, "<p class=\"note\">");
		buf_tf(b, "Also in the JSON, for each row: {1}.", names.p, NULL);
		buf_lit(b, "</p>");
		buf_free(&names);
	}
	if (json_array_size(rows) > max_rows) {
		size_t more = json_array_size(rows) - max_rows;
		buf_lit(b, "<p class=\"note\">");
		buf_tfn(b, "{1} more row in the JSON.", "{1} more rows in the JSON.", more,
			frag_int(&f, (long long)more), NULL);
		buf_lit(b, "</p>");
	}
	frags_free(&f);
	json_decref(keys);
	json_decref(cols);
	json_decref(left);
}

/* A claim's value `v` (or the value used): an amount of money, in the claim's
 * currency or the disagreement's, as page_money says it; else as a value. */
static void claim_value(struct buf *b, const json_t *cl, const json_t *v, const json_t *d)
{
	const char *cur = json_string_value(json_object_get(cl, "currency"));
	if (!cur)
		cur = json_string_value(json_object_get(d, "currency"));
	if (cur && json_is_string(v) && decimal_text(json_string_value(v))) {
		json_t *fig = json_pack("{s:O, s:s}", "amount", v, "currency", cur);
		page_money(b, fig);
		json_decref(fig);
		return;
	}
	value(b, "value", v, 2);
}

void page_disagreements(struct buf *b, const json_t *ds, size_t max)
{
	if (!json_array_size(ds))
		return;
	struct frags f = FRAGS_INIT(b);
	buf_lit(b, "<h2 id=\"disagreements\">");
	buf_tf(b, "Disagreements ({1})", frag_int(&f, (long long)json_array_size(ds)), NULL);
	buf_lit(b, "</h2><ol>");
	frags_free(&f);
	size_t i, j;
	json_t *d, *cl;
	json_array_foreach(ds, i, d) {
		if (i >= max)
			break;
		buf_lit(b, "<li>");
		buf_lit(b, "<b>");
		/* Said from its parts where the answer gives them. */
		if (json_object_get(d, "said"))
			page_said(b, json_object_get(d, "said"));
		else
			page_record_about(b, json_string_value(json_object_get(d, "about")));
		buf_lit(b, "</b>");
		buf_lit(b, "<ul>");
		json_array_foreach(json_object_get(d, "claims"), j, cl) {
			buf_lit(b, "<li>");
			claim_value(b, cl, json_object_get(cl, "value"), d);
			const char *as = json_string_value(json_object_get(cl, "as"));
			if (json_object_get(cl, "as_said")) {
				buf_lit(b, " (");
				page_said(b, json_object_get(cl, "as_said"));
				buf_lit(b, ")");
			} else if (as) {
				const char *ql = label_of_value("qualifier", as);
				buf_lit(b, " (");
				if (ql)
					buf_t(b, ql);
				else
					page_record_as(b, as);
				buf_lit(b, ")");
			}
			json_t *srcs = json_object_get(cl, "sources");
			if (json_array_size(srcs)) {
				buf_lit(b, " <span class=\"src\">");
				page_sources_inline(b, srcs);
				buf_lit(b, "</span>");
			}
			buf_lit(b, "</li>");
		}
		buf_lit(b, "</ul>");
		json_t *used = json_object_get(d, "used");
		if (used && !json_is_null(used)) {
			buf_t(b, "Used:");
			buf_lit(b, " ");
			claim_value(b, json_array_get(json_object_get(d, "claims"), 0), used, d);
			buf_lit(b, ". ");
		}
		const char *rule = json_string_value(json_object_get(d, "rule"));
		if (rule) {
			buf_lit(b, "<span class=\"note\">");
			page_record_text(b, rule);
			buf_lit(b, "</span>");
		}
		buf_lit(b, "</li>");
	}
	buf_lit(b, "</ol>");
	if (json_array_size(ds) > max) {
		size_t more = json_array_size(ds) - max;
		buf_lit(b, "<p class=\"note\">");
		buf_tfn(b, "{1} more in the JSON.", "{1} more in the JSON.", more, frag_int(&f, (long long)more), NULL);
		buf_lit(b, "</p>");
		frags_free(&f);
	}
}

int page_question(struct req *r)
{
	const struct question *q = r->q;
	json_t *doc = question_ask(q, r->s, r->args, &r->e);
	if (!doc) {
		web_error(r, 0, &r->e);
		return -1;
	}
	struct buf *b = &r->out;
	const char *as_of = json_string_value(json_object_get(doc, "as_of"));
	page_begin(b, _(b, q->title), q->name);
	buf_lit(b, "<p class=\"note\">");
	buf_t(b, q->blurb);
	if (as_of) {
		struct frags f = FRAGS_INIT(b);
		buf_lit(b, " ");
		buf_tf(b, "As of {1}.", frag_wrap(&f, "<b>", as_of, "</b>"), NULL);
		frags_free(&f);
	}
	buf_lit(b, "</p>");
	char action[64];
	snprintf(action, sizeof action, "/%s", q->name);
	if (q->params & P_ASOF)
		page_asof_form(b, action, r->args, as_of);
	const json_t *answer = json_object_get(doc, "answer");
	if (q->page) {
		q->page(b, r->s, doc, r->args);
	} else {
		if (!strcmp(q->name, "strength"))
			page_strength_headline(b, doc);
		else if (!strcmp(q->name, "places"))
			svg_places_map(b, doc);
		buf_lit(b, "<h2>");
		buf_t(b, "Answer");
		buf_lit(b, "</h2>");
		page_figures(b, answer);
		buf_lit(b, "<h2>");
		buf_t(b, "Table");
		buf_lit(b, "</h2>");
		page_rows(b, json_object_get(doc, "rows"), ROWS_MAX, q->columns);
	}
	/* The conflicts answer is its disagreements: show them all. */
	page_disagreements(b, json_object_get(doc, "disagreements"), !strcmp(q->name, "conflicts") ? 200 : 40);
	page_sources(b, json_object_get(doc, "sources"));
	char api[80];
	snprintf(api, sizeof api, "/api/v1/%s", q->name);
	page_end(b, api, r->query, r->head);
	json_decref(doc);
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	return 0;
}
