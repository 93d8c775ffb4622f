/* query.c: the words a reader types, turned into an FTS5 expression. Every
 * word and phrase is passed to FTS5 as a quoted string (so no word of the
 * query is ever read as FTS5 syntax); the alternatives a word stands for (its
 * letters written together, the value or the country it names in one of the
 * four languages) are ORed beside it; all the words must match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/record.h"
#include "../places/places.h"
#include "search.h"

enum item_kind { I_WORD, I_PHRASE, I_FIELD };

struct item {
	enum item_kind kind;
	char text[SEARCH_MAX_BYTES + 1];
	char field[16];         /* I_FIELD: source, country, kind, mission */
	int prefix;             /* ended with * */
	int quoted;             /* typed between quotes */
};

static const char *const fields[] = {"source", "country", "kind", "mission"};
#define N_FIELDS (sizeof fields / sizeof *fields)

/* Words too common to require, in the four languages: dropped from what
 * is typed without quotes, unless nothing else is left. */
static const char *const stop[] = {"a", "ak", "an", "and", "de", "del", "des", "du", "el", "en", "et", "in",
				   "la", "las", "le", "les", "los", "nan", "of", "on", "the", "to", "un", "une",
				   "y"};

static int is_stop(const char *w)
{
	for (size_t i = 0; i < sizeof stop / sizeof *stop; i++)
		if (!strcasecmp(w, stop[i]))
			return 1;
	return 0;
}

static int has_word(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z'))
			return 1;
	return 0;
}

/* A growing string (from malloc). */
struct out {
	char *p;
	size_t n, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->n + n + 1 > o->cap) {
		o->cap = (o->n + n + 1) * 2;
		o->p = realloc(o->p, o->cap);
		if (!o->p)
			abort();
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
	o->p[o->n] = 0;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* `col : "text"*`, with the text's quotes doubled (FTS5's only escape). */
static void put_string(struct out *o, const char *col, const char *text, int prefix)
{
	if (col) {
		puts_(o, col);
		puts_(o, " : ");
	}
	put(o, "\"", 1);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			put(o, "\"\"", 2);
		else
			put(o, p, 1);
	}
	put(o, "\"", 1);
	if (prefix)
		put(o, "*", 1);
}

/* The text without its hyphens and apostrophes, or "" when it has none
 * between two letters (so the compact column can match). */
static void compact_of(const char *s, char *out, size_t size)
{
	size_t n = 0;
	int joined = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && n + 4 < size; p++) {
		if (*p == '-' || *p == '\'') {
			joined = 1;
			continue;
		}
		if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
			joined = 1;
			p += 2;
			continue;
		}
		out[n++] = (char)*p;
	}
	out[joined ? n : 0] = 0;
}

/* 1 when a folded text is one word as the index splits them. */
static int one_word(const char *folded)
{
	for (const unsigned char *p = (const unsigned char *)folded; *p; p++)
		if (*p < 0x80 && !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')))
			return 0;
	return *folded != 0;
}

/* A word or phrase with the alternatives it stands for. */
static void put_item(struct out *o, const struct item *it, search_expand_fn expand, void *ctx)
{
	struct out alt = {0};
	int n = 0;
	char *pre = it->prefix && expand ? fold_name(it->text) : NULL;
	char words[SEARCH_EXPAND_MAX + 1][64];
	int nw = pre && one_word(pre) ? expand(ctx, pre, words, SEARCH_EXPAND_MAX + 1) : -1;
	free(pre);
	if (nw >= 1 && nw <= SEARCH_EXPAND_MAX) {
		for (int i = 0; i < nw; i++) {
			if (i)
				puts_(&alt, " OR ");
			put_string(&alt, NULL, words[i], 0);
		}
		n += nw;
	} else {
		put_string(&alt, NULL, it->text, it->prefix);
		n++;
	}
	char compact[SEARCH_MAX_BYTES + 1];
	compact_of(it->text, compact, sizeof compact);
	if (*compact && !strchr(compact, ' ')) {
		puts_(&alt, " OR ");
		put_string(&alt, NULL, compact, it->prefix);
		n++;
	}
	char *folded = fold_name(it->text);
	const char *value = it->prefix ? NULL : search_value_named(folded);
	char v[64] = "";
	if (value) {
		snprintf(v, sizeof v, "%s", value);
		for (char *p = v; *p; p++)
			if (*p == '_')
				*p = ' ';
	}
	if (value && strcmp(v, folded)) {
		puts_(&alt, " OR ");
		put_string(&alt, NULL, v, 0);
		n++;
	}
	const char *codes[8];
	int nc = !it->prefix || strlen(folded) >= 3 ? search_countries_named(folded, it->prefix, codes, 8) : 0;
	for (int i = 0; i < nc; i++) {
		puts_(&alt, " OR ");
		put_string(&alt, "country", codes[i], 0);
		n++;
	}
	free(folded);
	if (n > 1)
		put(o, "(", 1);
	puts_(o, alt.p);
	if (n > 1)
		put(o, ")", 1);
	free(alt.p);
}

/* Reads the next item at *pp into `it`; 0 at the end, 1 for an item, -1 on
 * bad input. */
static int next_item(const char **pp, const char *start, struct item *it, struct err *e)
{
	const char *p = *pp;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (!*p)
		return 0;
	memset(it, 0, sizeof *it);
	it->kind = I_WORD;
	const char *w = p;
	/* A field: letters, then a colon. */
	const char *c = p;
	while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_')
		c++;
	if (*c == ':' && c > p) {
		size_t fl = (size_t)(c - p);
		int known = -1;
		for (size_t i = 0; i < N_FIELDS; i++)
			if (strlen(fields[i]) == fl && !strncasecmp(fields[i], p, fl))
				known = (int)i;
		if (known < 0) {
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(fl < 40 ? fl : 40), p);
			const char *near = err_nearest(name, fields, N_FIELDS);
			if (near)
				return err_set(e, "search: unknown field \"%s:\" (did you mean %s:?)", name, near);
			return err_set(e, "search: unknown field \"%s:\" (the fields are source:, country:, kind: and "
				       "mission:; put a word with a colon between quotes)", name);
		}
		it->kind = I_FIELD;
		snprintf(it->field, sizeof it->field, "%s", fields[known]);
		p = c + 1;
		w = p;
	}
	if (*p == '"') {
		const char *q = strchr(p + 1, '"');
		if (!q)
			return err_set(e, "search: unbalanced quote at character %zu (close the phrase with \" or "
				       "remove the quote)", (size_t)(p - start) + 1);
		snprintf(it->text, sizeof it->text, "%.*s", (int)(q - p - 1), p + 1);
		it->quoted = 1;
		if (it->kind == I_WORD)
			it->kind = I_PHRASE;
		p = q + 1;
		if (*p == '*') {
			it->prefix = 1;
			while (*p == '*')
				p++;
		}
	} else {
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '"')
			p++;
		snprintf(it->text, sizeof it->text, "%.*s", (int)(p - w), w);
		size_t n = strlen(it->text);
		while (n && it->text[n - 1] == '*') {
			it->text[--n] = 0;
			it->prefix = 1;
		}
	}
	*pp = p;
	if (it->kind == I_FIELD && !has_word(it->text))
		return err_set(e, "search: %s: has no value (write e.g. %s)", it->field,
			       !strcmp(it->field, "source") ? "source:reuters" : !strcmp(it->field, "country") ? "country:GTM"
			       : !strcmp(it->field, "kind") ? "kind:incident" : "mission:MSS-HTI");
	if (it->prefix) {
		char *f = fold_name(it->text);
		size_t len = strlen(f);
		free(f);
		if (len < 2)
			return err_set(e, "search: the prefix \"%s*\" is too short (give at least two letters before *)",
				       it->text);
	}
	return 1;
}

void search_query_free(struct search_query *q)
{
	free(q->fts);
	q->fts = NULL;
}

/* A field filter: kind: and mission: go to the SQL; source: and country:
 * into the expression. */
static int put_field(struct out *o, const struct item *it, struct search_query *q, struct err *e)
{
	if (!strcmp(it->field, "kind")) {
		if (!kind_find(it->text))
			return err_set(e, "search: kind:%s is not a kind of record (muster add --help lists them)", it->text);
		if (*q->kind && strcmp(q->kind, it->text))
			return err_set(e, "search: two kinds, %s and %s (give one)", q->kind, it->text);
		snprintf(q->kind, sizeof q->kind, "%s", it->text);
		return 0;
	}
	if (!strcmp(it->field, "mission")) {
		snprintf(q->mission, sizeof q->mission, "%s", it->text);
		return 0;
	}
	if (o->n)
		puts_(o, " AND ");
	if (!strcmp(it->field, "source")) {
		put_string(o, "source", it->text, it->prefix);
		return 0;
	}
	/* country: a code as it is, else the countries its name names. */
	char *folded = fold_name(it->text);
	const char *codes[8];
	int nc = search_countries_named(folded, it->prefix, codes, 8);
	free(folded);
	if (strlen(it->text) == 3 && !it->prefix && !nc) {
		put_string(o, "country", it->text, 0);
		return 0;
	}
	if (!nc)
		return err_set(e, "search: country:%s%s names no country (write an ISO 3166-1 code, e.g. country:GTM, "
			       "or a name in English, French, Creole or Spanish)", it->text, it->prefix ? "*" : "");
	if (nc > 1)
		puts_(o, "(");
	for (int i = 0; i < nc; i++) {
		if (i)
			puts_(o, " OR ");
		put_string(o, "country", codes[i], 0);
	}
	if (nc > 1)
		puts_(o, ")");
	return 0;
}

int search_query_parse_or_err(const char *text, search_expand_fn expand, void *ctx, struct search_query *q,
			      struct err *e)
{
	memset(q, 0, sizeof *q);
	size_t bytes = strlen(text);
	if (bytes > SEARCH_MAX_BYTES)
		return err_set(e, "search: the query is %zu bytes long (at most %d: search for fewer words)", bytes,
			       SEARCH_MAX_BYTES);
	if (!utf8_valid(text))
		return err_set(e, "search: the query is not UTF-8 text");
	struct item *items = calloc(SEARCH_MAX_WORDS, sizeof *items);
	struct item it;
	int n = 0, rc;
	const char *p = text;
	while ((rc = next_item(&p, text, &it, e)) > 0) {
		if (n == SEARCH_MAX_WORDS) {
			int more = 1;
			while ((rc = next_item(&p, text, &it, e)) > 0)
				more++;
			free(items);
			return rc < 0 ? -1 : err_set(e, "search: the query has %d words (at most %d: search for fewer words)",
						    n + more, SEARCH_MAX_WORDS);
		}
		if (it.kind == I_FIELD || has_word(it.text))
			items[n++] = it;
	}
	if (rc < 0) {
		free(items);
		return -1;
	}
	/* Names of several words typed without quotes (El Salvador, sous
	 * contrôle des gangs): the longest run of plain words that names a
	 * country or a value becomes one phrase. */
	for (int i = 0; i < n; i++) {
		for (int len = 4; len >= 2; len--) {
			if (i + len > n)
				continue;
			char joined[SEARCH_MAX_BYTES + 1] = "";
			int plain = 1;
			for (int j = i; j < i + len; j++) {
				plain &= items[j].kind == I_WORD && !items[j].prefix;
				snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", j > i ? " " : "",
					 items[j].text);
			}
			if (!plain)
				continue;
			char *folded = fold_name(joined);
			const char *codes[1];
			int named = search_value_named(folded) || search_countries_named(folded, 0, codes, 1);
			free(folded);
			if (!named)
				continue;
			snprintf(items[i].text, sizeof items[i].text, "%s", joined);
			items[i].kind = I_PHRASE;
			memmove(&items[i + 1], &items[i + len], (size_t)(n - i - len) * sizeof *items);
			n -= len - 1;
			break;
		}
	}
	int words = 0;
	for (int i = 0; i < n; i++)
		words += items[i].kind != I_FIELD && !(items[i].kind == I_WORD && !items[i].prefix && is_stop(items[i].text));
	struct out o = {0};
	int any = 0;
	for (int i = 0; i < n; i++) {
		if (items[i].kind == I_FIELD) {
			if (put_field(&o, &items[i], q, e) < 0) {
				free(o.p);
				free(items);
				return -1;
			}
			any |= strcmp(items[i].field, "kind") && strcmp(items[i].field, "mission");
			continue;
		}
		if (words && items[i].kind == I_WORD && !items[i].prefix && is_stop(items[i].text))
			continue;
		if (o.n)
			puts_(&o, " AND ");
		put_item(&o, &items[i], expand, ctx);
		any = 1;
	}
	free(items);
	if (!any) {
		free(o.p);
		return err_set(e, "search: no words to search for (e.g. muster search \"Pont-Sondé\")");
	}
	q->fts = o.p;
	return 0;
}
