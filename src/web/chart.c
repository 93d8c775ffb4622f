/* chart.c: the machinery of the charts drawn as SVG on the server — the
 * frame with its text alternatives (title and desc), a time scale with its
 * axis of years, a value scale with its gridlines, and the palette. The
 * features draw their charts with these (src/force/force_page.c,
 * src/money/money_page.c, src/mandate/mandate_page.c); no script, and the
 * drawing prints as it is. */
#include <string.h>

#include "../core/date.h"
#include "web.h"

/* Seven colours, told apart by most colour-blind readers (Okabe and Ito's
 * palette, darkened to hold 3:1 against white), then grey for "others". */
const char *const chart_palette[CHART_COLOURS] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00",
						  "#56b4e9", "#6b3fa0", "#8c8c8c"};

int chart_x(const struct chart *c, long dayno)
{
	long span = c->d1 - c->d0;
	if (span <= 0)
		return c->left;
	if (dayno < c->d0)
		dayno = c->d0;
	if (dayno > c->d1)
		dayno = c->d1;
	return c->left + (int)((dayno - c->d0) * (c->w - c->left - c->right) / span);
}

int chart_y(const struct chart *c, long long v)
{
	long long top = c->vmax > 0 ? c->vmax : 1;
	if (v < 0)
		v = 0;
	if (v > top)
		v = top;
	return c->h - c->bottom - (int)(v * (c->h - c->top - c->bottom) / top);
}

long long chart_nice_max(long long v)
{
	long long step = 1;
	while (step * 10 < v)
		step *= 10;
	for (long long m = 1; m <= 10; m++)
		if (step * m >= v)
			return step * m;
	return step * 10;
}

void chart_open(struct buf *b, const struct chart *c, const char *id, const char *title, const char *desc)
{
	buf_num(b, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"", c->w, c->h, c->w, c->h);
	buf_html(b, id);
	buf_lit(b, "-t ");
	buf_html(b, id);
	buf_lit(b, "-d\"><title id=\"");
	buf_html(b, id);
	buf_lit(b, "-t\">");
	buf_lit(b, title);
	buf_lit(b, "</title><desc id=\"");
	buf_html(b, id);
	buf_lit(b, "-d\">");
	buf_lit(b, desc);
	buf_lit(b, "</desc>");
}

void chart_close(struct buf *b, const char *caption)
{
	buf_lit(b, "</svg><figcaption class=\"note\">");
	buf_lit(b, caption);
	buf_lit(b, "</figcaption></figure>");
}

void chart_time_axis(struct buf *b, const struct chart *c)
{
	int y = c->h - c->bottom;
	buf_num(b, "<path d=\"M%d %dH%d\" stroke=\"#1b1b1b\"/>", c->left, y, c->w - c->right);
	int y0 = day_from_number(c->d0) / 10000, y1 = day_from_number(c->d1) / 10000;
	/* A tick at each 1 January inside the range, labelled with its year; a
	 * range within one year is labelled with it at its start. */
	int labelled = 0;
	for (int yr = y0; yr <= y1 + 1; yr++) {
		long d = day_number(yr * 10000 + 101);
		if (d < c->d0 || d > c->d1)
			continue;
		int x = chart_x(c, d);
		/* A year near the right edge is written before its tick. */
		int end = x + 32 > c->w;
		buf_num(b, "<path d=\"M%d %dv5\" stroke=\"#1b1b1b\"/><text x=\"%d\" y=\"%d\"%s>%d</text>", x, y,
			end ? x - 2 : x + 2, y + 15, end ? " text-anchor=\"end\"" : "", yr);
		labelled++;
	}
	if (!labelled)
		buf_num(b, "<text x=\"%d\" y=\"%d\">%d</text>", c->left, y + 15, y0);
}

void chart_value_axis(struct buf *b, const struct chart *c, long long unit)
{
	/* Four gridlines at quarters of the top, labelled in the page's
	 * grouping; `unit` divides the values (1, or 1,000,000 for millions). */
	for (int q = 1; q <= 4; q++) {
		long long v = c->vmax * q / 4;
		int y = chart_y(c, v);
		buf_num(b, "<path d=\"M%d %dH%d\" stroke=\"#d0d0d0\"/><text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			c->left, y, c->w - c->right, c->left - 4, y + 4);
		buf_int(b, v / (unit > 0 ? unit : 1));
		buf_lit(b, "</text>");
	}
}

void chart_key(struct buf *b, int x, int y, const char *colour, int dashed, const char *label)
{
	if (dashed)
		buf_num(b, "<path d=\"M%d %dh14\" stroke-width=\"2\" stroke-dasharray=\"4 2\" stroke=\"", x, y - 4);
	else
		buf_num(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"", x, y - 9);
	buf_lit(b, colour);
	buf_num(b, "\"/><text x=\"%d\" y=\"%d\">", x + 17, y);
	buf_lit(b, label);
	buf_lit(b, "</text>");
}

int chart_text_width(const char *s, int size)
{
	int n = 0;
	for (size_t i = 0; s && s[i]; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n * size * 56 / 100;
}

int chart_prev_month_end(int day)
{
	return day_from_number(day_number(day / 100 * 100 + 1) - 1);
}
