/* buf.c: the growable output buffer of a response, and the only two escaping
 * helpers of the web server: buf_html for HTML text and attribute values,
 * buf_url for URL parts. Everything that reaches a page goes through one of
 * them or is a literal (buf_lit) or a number (buf_num, buf_int). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			abort();
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = 0;
}

void buf_lit(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_num(struct buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void html_n(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + start, i - start);
		buf_lit(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}

void buf_html_n(struct buf *b, const char *s, size_t n)
{
	html_n(b, s, n);
}

void buf_html(struct buf *b, const char *s)
{
	if (s)
		html_n(b, s, strlen(s));
}

void buf_html_cut(struct buf *b, const char *s, size_t max)
{
	if (!s)
		return;
	size_t n = strlen(s);
	if (n <= max) {
		html_n(b, s, n);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	html_n(b, s, max);
	buf_lit(b, "\xE2\x80\xA6");
}

void buf_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_add(b, p, 1);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_add(b, e, 3);
		}
	}
}

struct figure_style page_figure_style(const struct buf *b)
{
	const struct lang *l = b->pl && b->pl->lang ? b->pl->lang : LANG_DEFAULT;
	return (struct figure_style){l->group, l->group_min, l->decimal, "\xC2\xA0"};
}

void buf_int(struct buf *b, long long n)
{
	char tmp[64];
	struct figure_style st = page_figure_style(b);
	buf_html(b, figure_int(n, &st, tmp, sizeof tmp));
}

void buf_amount(struct buf *b, const char *s)
{
	if (!s)
		return;
	char tmp[128];
	struct figure_style st = page_figure_style(b);
	buf_html(b, figure_decimal(s, &st, tmp, sizeof tmp));
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

