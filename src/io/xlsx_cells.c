/* xlsx_cells.c: typed cells and page setup for the XLSX workbook
 * (xlsx_write.h): text cut at Excel's limit and wrapped when long, numbers
 * and money in their currency's decimals, days, values as words, the
 * widths the cells need and how each sheet prints. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/iso.h"
#include "xlsx_write.h"

#define MAX_TEXT 32767          /* Excel's longest cell text */

void xw_note(struct xw *x, lxw_error rc)
{
	if (rc != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
		x->err = rc;
}

/* Characters of UTF-8 text (continuation bytes not counted). */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void grow(struct xw_widths *wd, lxw_col_t c, double w)
{
	if (!wd || c >= XW_MAX_COLS)
		return;
	double cap = wd->cap > 0 ? wd->cap : XW_WIDTH_MAX;
	if (w > cap)
		w = cap;
	if (w > wd->w[c])
		wd->w[c] = w;
	if (c + 1 > wd->n)
		wd->n = c + 1;
}

void xw_text(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt,
	     struct xw_widths *wd)
{
	size_t n = chars(s);
	if (!n)
		return;         /* an empty text is an empty cell */
	size_t cap = wd && wd->cap > 0 ? (size_t)wd->cap : XW_WIDTH_MAX;
	if (!fmt && n <= cap)
		fmt = x->top;
	if (!fmt) {
		fmt = x->wrap;
		/* About 58 characters of prose a line in a column 50 wide (as
		 * LibreOffice sets them; a narrower column in proportion, less a
		 * word's worth lost at each line's end), 13.5 points a line;
		 * Excel's tallest row is 409 points. */
		size_t per_line = cap * 58 / XW_WIDTH_MAX - (cap < XW_WIDTH_MAX ? 3 : 0);
		double h = 13.5 * (double)((n + per_line - 1) / per_line);
		if (h > 409)
			h = 409;
		if (wd && (wd->row != r || wd->height < h)) {
			wd->row = r;
			wd->height = h;
			xw_note(x, worksheet_set_row(ws, r, h, NULL));
		}
	}
	grow(wd, c, (double)n + 1);
	if (strlen(s) <= MAX_TEXT) {
		xw_note(x, worksheet_write_string(ws, r, c, s, fmt));
		return;
	}
	/* Cut on a character boundary and say so: a cell holds no more. */
	size_t k = MAX_TEXT - 8;
	while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	char *t = malloc(k + 8);
	memcpy(t, s, k);
	memcpy(t + k, " [\xE2\x80\xA6]", 6);
	t[k + 6] = 0;
	xw_note(x, worksheet_write_string(ws, r, c, t, fmt));
	free(t);
}

void xw_number(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *fmt, double w,
	       struct xw_widths *wd)
{
	grow(wd, c, w);
	xw_note(x, worksheet_write_number(ws, r, c, v, fmt ? fmt : x->top));
}

void xw_date(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_datetime *dt, lxw_format *fmt, double w,
	     struct xw_widths *wd)
{
	grow(wd, c, w);
	xw_note(x, worksheet_write_datetime(ws, r, c, dt, fmt));
}

int xw_parse_day(const char *s, int stamp, lxw_datetime *dt)
{
	int y, mo, d, h = 0, mi = 0, se = 0, len = 0;
	memset(dt, 0, sizeof *dt);
	if (stamp ? sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &se, &len) != 6
	    : sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &len) != 3)
		return 0;
	if (s[len] || (size_t)len != (stamp ? 20u : 10u) || y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	dt->year = y;
	dt->month = mo;
	dt->day = d;
	dt->hour = h;
	dt->min = mi;
	dt->sec = se;
	return 1;
}

int xw_plain_decimal(const char *s, double *v)
{
	const char *p = s;
	int digits = 0, lead = 1;
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	for (int dot = 0; *p; p++) {
		if (*p == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return 0;
		if (*p != '0')
			lead = 0;
		if (!lead)
			digits++;
	}
	if (p[-1] == '.' || digits > 15)
		return 0;
	*v = strtod(s, NULL);
	return 1;
}

lxw_format *xw_money_format(struct xw *x, const char *currency, const char *text)
{
	int minor = currency ? iso_currency_minor(currency) : -1;
	if (minor < 0 && text) {
		const char *dot = strchr(text, '.');
		minor = dot ? (int)strlen(dot + 1) : 0;
	}
	return minor >= 0 && minor < 4 ? x->money[minor] : NULL;
}

/* Appends to a growing string. */
static void cat(char **s, size_t *len, size_t *cap, const char *t)
{
	size_t n = strlen(t);
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*s = realloc(*s, *cap);
	}
	memcpy(*s + *len, t, n + 1);
	*len += n;
}

static void words(const json_t *v, char **s, size_t *len, size_t *cap, int depth)
{
	char num[64];
	if (json_is_string(v)) {
		cat(s, len, cap, json_string_value(v));
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		cat(s, len, cap, num);
	} else if (json_is_real(v)) {
		snprintf(num, sizeof num, "%g", json_real_value(v));
		cat(s, len, cap, num);
	} else if (json_is_boolean(v)) {
		cat(s, len, cap, json_is_true(v) ? "yes" : "no");
	} else if (json_is_array(v)) {
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (i)
				cat(s, len, cap, "; ");
			words(it, s, len, cap, depth + 1);
		}
	} else if (json_is_object(v)) {
		const char *k;
		json_t *it;
		int first = 1;
		json_object_foreach((json_t *)v, k, it) {
			if (json_is_null(it))
				continue;
			cat(s, len, cap, first ? "" : depth ? ", " : "; ");
			first = 0;
			cat(s, len, cap, k);
			cat(s, len, cap, " ");
			if (json_is_array(it) || json_is_object(it))
				cat(s, len, cap, "(");
			words(it, s, len, cap, depth + 1);
			if (json_is_array(it) || json_is_object(it))
				cat(s, len, cap, ")");
		}
	}
}

char *xw_words(const json_t *v)
{
	size_t len = 0, cap = 64;
	char *s = malloc(cap);
	s[0] = 0;
	words(v, &s, &len, &cap, 0);
	return s;
}

void xw_page_setup(struct xw *x, lxw_worksheet *ws, lxw_row_t last_row, const struct xw_widths *wd)
{
	double total = 0;
	lxw_col_t n = wd->n ? wd->n : 1;
	for (lxw_col_t c = 0; c < n; c++) {
		double w = wd->w[c] < 8 ? 8 : wd->w[c];
		total += w;
		xw_note(x, worksheet_set_column(ws, c, c, w, NULL));
	}
	xw_note(x, worksheet_print_area(ws, 0, 0, last_row, n - 1));
	xw_note(x, worksheet_repeat_rows(ws, 0, 0));
	worksheet_set_paper(ws, 9);     /* A4 */
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	/* A portrait A4 page holds about 95 characters of columns at full
	 * size, a landscape one about 140; scaled to about 60 % (the least
	 * that reads well) a landscape page holds about 230. */
	int landscape = total > 95;
	if (landscape)
		worksheet_set_landscape(ws);
	uint16_t wide = (uint16_t)(total > 230 && !wd->one_wide ? (total + 229) / 230 : 1);
	worksheet_fit_to_pages(ws, wide, 0);
	/* Pages side by side each start with the first column, which names the row. */
	if (wide > 1)
		xw_note(x, worksheet_repeat_columns(ws, 0, 0));
	xw_note(x, worksheet_set_footer(ws, "&L&A&RPage &P of &N"));
}
