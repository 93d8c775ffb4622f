/* page_lang.c: writing a page in its language — translated text through the
 * escaping helper, templates with {1}…{9} holes for the figures (word order
 * differs between languages), links that keep a language chosen by ?lang=,
 * the language switch, English data marked as English, and amounts of
 * money in the page's words (core/figure.c's rules). The language
 * rides on the output buffer (struct buf's pl, set by serve.c). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

const char *page_lang_code(const struct buf *b)
{
	return b->pl && b->pl->lang ? b->pl->lang->code : LANG_DEFAULT->code;
}

void buf_t(struct buf *b, const char *msgid)
{
	buf_html(b, _(b, msgid));
}

/* Writes `tmpl` escaped with {k} replaced by args[k-1]; an unknown or
 * missing hole is written as it stands (tests/cli/web_i18n.sh checks that
 * every translation has exactly the holes of its msgid). */
static void fill(struct buf *b, const char *tmpl, const char *const *args, int n_args)
{
	const char *p = tmpl, *h;
	while ((h = strchr(p, '{')) != NULL) {
		if (h[1] >= '1' && h[1] <= '9' && h[2] == '}' && h[1] - '0' <= n_args) {
			buf_html_n(b, p, (size_t)(h - p));
			buf_lit(b, args[h[1] - '1']);
			p = h + 3;
		} else {
			buf_html_n(b, p, (size_t)(h + 1 - p));
			p = h + 1;
		}
	}
	buf_html(b, p);
}

void text_fill(struct buf *out, const char *tmpl, const char *arg)
{
	const char *h = strstr(tmpl, "{1}");
	if (!h) {
		buf_lit(out, tmpl);
		return;
	}
	buf_add(out, tmpl, (size_t)(h - tmpl));
	buf_lit(out, arg);
	buf_lit(out, h + 3);
}

static int collect(va_list ap, const char *args[9])
{
	int n = 0;
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL)
		if (n < 9)
			args[n++] = a;
	return n;
}

void buf_tf(struct buf *b, const char *msgid, ...)
{
	const char *args[9];
	va_list ap;
	va_start(ap, msgid);
	int n = collect(ap, args);
	va_end(ap);
	fill(b, _(b, msgid), args, n);
}

void buf_tfn(struct buf *b, const char *singular, const char *plural, unsigned long long count, ...)
{
	const char *args[9];
	va_list ap;
	va_start(ap, count);
	int n = collect(ap, args);
	va_end(ap);
	fill(b, _n(b, singular, plural, count), args, n);
}

static struct buf *frag_new(struct frags *f)
{
	if (f->n >= (int)(sizeof f->f / sizeof *f->f))
		abort();        /* a caller with more holes than a template can take: a bug */
	struct buf *o = &f->f[f->n++];
	memset(o, 0, sizeof *o);
	o->pl = f->pl;
	buf_lit(o, "");
	return o;
}

struct buf *frag_buf(struct frags *f)
{
	return frag_new(f);
}

const char *frag_int(struct frags *f, long long n)
{
	struct buf *o = frag_new(f);
	buf_int(o, n);
	return o->p;
}

const char *frag_html(struct frags *f, const char *s)
{
	struct buf *o = frag_new(f);
	buf_html(o, s);
	return o->p;
}

const char *frag_en(struct frags *f, const char *s)
{
	struct buf *o = frag_new(f);
	page_en_open(o, "span");
	buf_html(o, s);
	page_en_close(o, "span");
	return o->p;
}

const char *frag_wrap(struct frags *f, const char *open, const char *s, const char *close)
{
	struct buf *o = frag_new(f);
	buf_lit(o, open);
	buf_html(o, s);
	buf_lit(o, close);
	return o->p;
}

const char *frag_int_wrap(struct frags *f, const char *open, long long n, const char *close)
{
	struct buf *o = frag_new(f);
	buf_lit(o, open);
	buf_int(o, n);
	buf_lit(o, close);
	return o->p;
}

void frags_free(struct frags *f)
{
	for (int i = 0; i < f->n; i++)
		buf_free(&f->f[i]);
	f->n = 0;
}

void buf_href_lang(struct buf *b, int first)
{
	if (!b->pl || !b->pl->in_links || !b->pl->lang)
		return;
	buf_lit(b, first ? "?lang=" : "&amp;lang=");
	buf_lit(b, b->pl->lang->code);
}

/* CLDR's plural rules for a count with decimals ("1.5 million"): French
 * (and Creole, which has one form) take the form of the whole part, i = 0,1
 * being "one"; Spanish and English take "other" for any decimal. */
static unsigned long long plural_count(const struct lang *l, unsigned long long n, int fraction)
{
	if (!fraction || (l && (!strcmp(l->code, "fr") || !strcmp(l->code, "ht"))))
		return n;
	return 2;
}

/* The words of a figure in the page's language (core/figure.h's figure_tr). */
static const char *figure_word(void *ctx, const char *s, const char *pl, unsigned long long n, int fraction)
{
	struct buf *b = ctx;
	(void)pl;
	/* Listed here so that xgettext finds them. */
	if (!strcmp(s, "million"))
		return _n(b, "million", "million", plural_count(b->pl ? b->pl->lang : NULL, n, fraction));
	if (!strcmp(s, "billion"))
		return _n(b, "billion", "billion", plural_count(b->pl ? b->pl->lang : NULL, n, fraction));
	return _(b, s);         /* "about", "at least", "at most" */
}

void page_money(struct buf *b, const json_t *fig)
{
	char out[160];
	struct figure_style st = page_figure_style(b);
	figure_money(json_string_value(json_object_get(fig, "amount")), json_string_value(json_object_get(fig, "currency")),
		     json_string_value(json_object_get(fig, "qualifier")), &st, figure_word, b, out, sizeof out);
	if (!strcmp(out, "-"))          /* not an amount */
		buf_lit(b, "\xE2\x80\x94");
	else
		buf_html(b, out);
}

void buf_decimal(struct buf *b, const char *s)
{
	buf_amount(b, s);
}

void page_en_open(struct buf *b, const char *tag)
{
	buf_lit(b, "<");
	buf_lit(b, tag);
	if (strcmp(page_lang_code(b), "en"))
		buf_lit(b, " lang=\"en\"");
	buf_lit(b, ">");
}

void page_en_close(struct buf *b, const char *tag)
{
	buf_lit(b, "</");
	buf_lit(b, tag);
	buf_lit(b, ">");
}

/* A path in an href: each byte percent-encoded but the slashes. */
static void href_path(struct buf *b, const char *path)
{
	for (const char *p = path; *p; p++) {
		char one[2] = {*p, 0};
		if (*p == '/')
			buf_lit(b, "/");
		else
			buf_url(b, one);
	}
}

void page_lang_switch(struct buf *b)
{
	const struct page_lang *pl = b->pl;
	if (!pl || !pl->path)
		return;
	buf_lit(b, "<nav class=\"lang\" aria-label=\"");
	buf_t(b, "Language");
	buf_lit(b, "\">");
	for (size_t i = 0; i < lang_n; i++) {
		const struct lang *l = &lang_all[i];
		buf_lit(b, "<a href=\"");
		href_path(b, pl->path);
		buf_lit(b, "?");
		if (pl->query && *pl->query) {
			buf_html(b, pl->query);  /* URL-encoded by the server */
			buf_lit(b, "&amp;");
		}
		buf_lit(b, "lang=");
		buf_lit(b, l->code);
		buf_lit(b, "\" hreflang=\"");
		buf_lit(b, l->code);
		buf_lit(b, "\" lang=\"");
		buf_lit(b, l->code);
		buf_lit(b, "\"");
		if (l == pl->lang)
			buf_lit(b, " aria-current=\"true\"");
		buf_lit(b, ">");
		buf_html(b, l->name);
		buf_lit(b, "</a>");
	}
	buf_lit(b, "</nav>");
}
