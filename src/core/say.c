/* say.c: sentences as parts (say.h) — building the parts, and the English
 * sentence the answers keep beside them, its figures as the command line
 * writes them (figure.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "say.h"

json_t *say_date(const char *date)
{
	return json_pack("{s:s?}", "date", date);
}

json_t *say_words(const char *words)
{
	return json_pack("{s:s?}", "words", words);
}

json_t *say_name(const char *name)
{
	return json_pack("{s:s?}", "name", name);
}

json_t *say_dates(json_t *dates)
{
	return json_pack("{s:o}", "dates", dates ? dates : json_array());
}

json_t *say_count(long long n)
{
	return json_pack("{s:I}", "count", (json_int_t)n);
}

json_t *say_money(const char *amount, const char *currency, const char *qualifier)
{
	return json_pack("{s:s?, s:s?, s:s?}", "amount", amount, "currency", currency, "qualifier",
			 qualifier && strcmp(qualifier, "exact") ? qualifier : NULL);
}

json_t *say_sum(json_t *terms)
{
	return json_pack("{s:o}", "sum", terms ? terms : json_array());
}

json_t *say_nested(json_t *said)
{
	return json_pack("{s:o}", "said", said ? said : json_object());
}

json_t *say_new(const char *tmpl, ...)
{
	json_t *holes = json_array();
	va_list ap;
	va_start(ap, tmpl);
	for (json_t *h; (h = va_arg(ap, json_t *));)
		json_array_append_new(holes, h);
	va_end(ap);
	return json_pack("{s:s, s:o}", "template", tmpl, "holes", holes);
}

void say_walk(const char *tmpl, const json_t *holes, void (*lit)(void *ctx, const char *s, size_t n),
	      void (*hole)(void *ctx, const json_t *h), void *ctx)
{
	const char *s = tmpl ? tmpl : "";
	while (*s) {
		const char *p = s;
		while (*p && !(p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}'))
			p++;
		if (p > s)
			lit(ctx, s, (size_t)(p - s));
		if (!*p)
			break;
		hole(ctx, json_array_get(holes, (size_t)(p[1] - '1')));
		s = p + 3;
	}
}

/* Appends `s` to out within n bytes. */
static void put(char *out, size_t n, const char *s)
{
	size_t at = strlen(out);
	snprintf(out + at, n > at ? n - at : 0, "%s", s);
}

const char *say_hole_english(const json_t *h, char *out, size_t n)
{
	char fig[96];
	const json_t *v;
	out[0] = 0;
	if (!h)
		return out;
	if ((v = json_object_get(h, "count")) && json_is_integer(v)) {
		put(out, n, figure_int((long long)json_integer_value(v), &figure_style_cli, fig, sizeof fig));
	} else if ((v = json_object_get(h, "amount"))) {
		put(out, n, figure_money(json_string_value(v), json_string_value(json_object_get(h, "currency")),
					 json_string_value(json_object_get(h, "qualifier")), &figure_style_cli, NULL, NULL,
					 fig, sizeof fig));
	} else if ((v = json_object_get(h, "sum"))) {
		size_t i;
		json_t *t;
		json_array_foreach(v, i, t) {
			if (i)
				put(out, n, " + ");
			put(out, n, json_string_value(json_object_get(t, "name")) ?: "?");
			put(out, n, " ");
			put(out, n, figure_money(json_string_value(json_object_get(t, "amount")),
						 json_string_value(json_object_get(t, "currency")), NULL, &figure_style_cli,
						 NULL, NULL, fig, sizeof fig));
		}
	} else if ((v = json_object_get(h, "said"))) {
		char *t = say_english(v);
		put(out, n, t ? t : "");
		free(t);
	} else if ((v = json_object_get(h, "dates"))) {
		size_t i;
		json_t *d;
		json_array_foreach(v, i, d) {
			if (i)
				put(out, n, " and ");
			put(out, n, json_string_value(d) ?: "?");
		}
	} else {
		const char *keys[] = {"date", "words", "name"};
		for (int k = 0; k < 3; k++)
			if ((v = json_object_get(h, keys[k])) && json_is_string(v)) {
				put(out, n, json_string_value(v));
				break;
			}
	}
	return out;
}

struct english {
	char *s;
	size_t len, cap;
};

static void en_add(struct english *e, const char *s, size_t n)
{
	if (e->len + n + 1 > e->cap) {
		size_t cap = (e->len + n + 1) * 2;
		char *p = realloc(e->s, cap);
		if (!p)
			return;
		e->s = p;
		e->cap = cap;
	}
	memcpy(e->s + e->len, s, n);
	e->len += n;
	e->s[e->len] = 0;
}

static void en_lit(void *ctx, const char *s, size_t n)
{
	en_add(ctx, s, n);
}

static void en_hole(void *ctx, const json_t *h)
{
	char tmp[2048];
	say_hole_english(h, tmp, sizeof tmp);
	en_add(ctx, tmp, strlen(tmp));
}

char *say_english(const json_t *said)
{
	struct english e = {calloc(1, 64), 0, 64};
	if (!e.s)
		return NULL;
	say_walk(json_string_value(json_object_get(said, "template")), json_object_get(said, "holes"), en_lit,
		 en_hole, &e);
	return e.s;
}
