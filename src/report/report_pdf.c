/* report_pdf.c: the periodic report as a PDF written by muster itself — the
 * report's HTML (report_page.c) laid out on A4 with cairo and pango, its
 * charts drawn by librsvg, each part on a new page, a running header and
 * "page N / M". The libraries are loaded on first use (core/dynlib.c), so
 * that no other command needs them; only the few functions used are
 * declared here, with opaque pointers. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dynlib.h"
#include "report.h"

typedef struct { int width, height; double em, ex; } rsvg_dims;
typedef struct { double x, y, width, height; } rsvg_rect;
typedef int (*write_fn)(void *closure, const unsigned char *data, unsigned int length);

static struct {
	void *(*pdf_surface_create_for_stream)(write_fn, void *, double, double);
	void *(*create)(void *);
	void (*destroy)(void *);
	void (*surface_finish)(void *);
	void (*surface_destroy)(void *);
	int (*surface_status)(void *);
	void (*show_page)(void *);
	void (*move_to)(void *, double, double);
	void (*line_to)(void *, double, double);
	void (*stroke)(void *);
	void (*set_line_width)(void *, double);
	void (*set_source_rgb)(void *, double, double, double);
	void (*save)(void *);
	void (*restore)(void *);
	void (*translate)(void *, double, double);
	void (*scale)(void *, double, double);
	void *(*layout_create)(void *);
	void (*show_layout)(void *, void *);
	void (*layout_set_width)(void *, int);
	void (*layout_set_wrap)(void *, int);
	void (*layout_set_markup)(void *, const char *, int);
	void (*layout_set_font)(void *, const void *);
	void (*layout_get_pixel_size)(void *, int *, int *);
	void *(*font_from_string)(const char *);
	void (*font_free)(void *);
	void (*object_unref)(void *);
	void *(*svg_new_from_data)(const unsigned char *, size_t, void **);
	void (*svg_get_dimensions)(void *, rsvg_dims *);
	int (*svg_render_document)(void *, void *, const rsvg_rect *, void **);
	void (*error_free)(void *);
} pdf;

static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;
static int pdf_loaded;

static int pdf_load_or_err(struct err *e)
{
	const struct dynsym cairo[] = {
		{"cairo_pdf_surface_create_for_stream", (void **)&pdf.pdf_surface_create_for_stream},
		{"cairo_create", (void **)&pdf.create}, {"cairo_destroy", (void **)&pdf.destroy},
		{"cairo_surface_finish", (void **)&pdf.surface_finish},
		{"cairo_surface_destroy", (void **)&pdf.surface_destroy},
		{"cairo_surface_status", (void **)&pdf.surface_status}, {"cairo_show_page", (void **)&pdf.show_page},
		{"cairo_move_to", (void **)&pdf.move_to}, {"cairo_line_to", (void **)&pdf.line_to},
		{"cairo_stroke", (void **)&pdf.stroke}, {"cairo_set_line_width", (void **)&pdf.set_line_width},
		{"cairo_set_source_rgb", (void **)&pdf.set_source_rgb}, {"cairo_save", (void **)&pdf.save},
		{"cairo_restore", (void **)&pdf.restore}, {"cairo_translate", (void **)&pdf.translate},
		{"cairo_scale", (void **)&pdf.scale}, {NULL, NULL}};
	const struct dynsym pangocairo[] = {
		{"pango_cairo_create_layout", (void **)&pdf.layout_create},
		{"pango_cairo_show_layout", (void **)&pdf.show_layout}, {NULL, NULL}};
	const struct dynsym pango[] = {
		{"pango_layout_set_width", (void **)&pdf.layout_set_width},
		{"pango_layout_set_wrap", (void **)&pdf.layout_set_wrap},
		{"pango_layout_set_markup", (void **)&pdf.layout_set_markup},
		{"pango_layout_set_font_description", (void **)&pdf.layout_set_font},
		{"pango_layout_get_pixel_size", (void **)&pdf.layout_get_pixel_size},
		{"pango_font_description_from_string", (void **)&pdf.font_from_string},
		{"pango_font_description_free", (void **)&pdf.font_free}, {NULL, NULL}};
	const struct dynsym gobject[] = {{"g_object_unref", (void **)&pdf.object_unref}, {NULL, NULL}};
	const struct dynsym glib[] = {{"g_error_free", (void **)&pdf.error_free}, {NULL, NULL}};
	const struct dynsym rsvg[] = {
		{"rsvg_handle_new_from_data", (void **)&pdf.svg_new_from_data},
		{"rsvg_handle_get_dimensions", (void **)&pdf.svg_get_dimensions},
		{"rsvg_handle_render_document", (void **)&pdf.svg_render_document}, {NULL, NULL}};
	pthread_mutex_lock(&pdf_lock);
	int rc = pdf_loaded ? 0
		: dynlib_load_or_err("libcairo.so.2", "libcairo2", cairo, e) < 0 ||
		  dynlib_load_or_err("libpango-1.0.so.0", "libpango-1.0-0", pango, e) < 0 ||
		  dynlib_load_or_err("libpangocairo-1.0.so.0", "libpangocairo-1.0-0", pangocairo, e) < 0 ||
		  dynlib_load_or_err("libgobject-2.0.so.0", "libglib2.0-0", gobject, e) < 0 ||
		  dynlib_load_or_err("libglib-2.0.so.0", "libglib2.0-0", glib, e) < 0 ||
		  dynlib_load_or_err("librsvg-2.so.2", "librsvg2-2", rsvg, e) < 0 ? -1 : 0;
	if (rc == 0)
		pdf_loaded = 1;
	pthread_mutex_unlock(&pdf_lock);
	return rc;
}

/* A4 in points, its margins, the text's width. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 50.0
#define TOP 62.0
#define BOTTOM 52.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define PANGO_SCALE 1024
#define WRAP_WORD_CHAR 2

/* The writer's state: where the next block goes, the page, the header. */
struct pen {
	void *cr;
	double y;
	int page, pages;        /* pages: the count of the first pass, 0 during it */
	const char *header;
	FILE *out;
};

static int to_file(void *closure, const unsigned char *data, unsigned int n)
{
	struct pen *p = closure;
	return p->out && fwrite(data, 1, n, p->out) != n ? 1 /* CAIRO_STATUS_NO_MEMORY */ : 0;
}

/* A layout of `markup` in `font`, `width` points wide. */
static void *layout(struct pen *p, const char *markup, const char *font, double width)
{
	void *l = pdf.layout_create(p->cr);
	void *fd = pdf.font_from_string(font);
	pdf.layout_set_font(l, fd);
	pdf.font_free(fd);
	pdf.layout_set_width(l, (int)(width * PANGO_SCALE));
	pdf.layout_set_wrap(l, WRAP_WORD_CHAR);
	pdf.layout_set_markup(l, markup, -1);
	return l;
}

static void page_furniture(struct pen *p)
{
	pdf.set_source_rgb(p->cr, .3, .3, .3);
	void *l = layout(p, p->header, "DejaVu Sans 7", TEXT_W);
	pdf.move_to(p->cr, MARGIN, 28);
	pdf.show_layout(p->cr, l);
	pdf.object_unref(l);
	char n[64];
	if (p->pages)
		snprintf(n, sizeof n, "%d / %d", p->page, p->pages);
	else
		snprintf(n, sizeof n, "%d", p->page);
	l = layout(p, n, "DejaVu Sans 7", 60);
	pdf.move_to(p->cr, PAGE_W - MARGIN - 40, PAGE_H - 32);
	pdf.show_layout(p->cr, l);
	pdf.object_unref(l);
	pdf.set_source_rgb(p->cr, 0, 0, 0);
}

static void new_page(struct pen *p)
{
	if (p->page)
		pdf.show_page(p->cr);
	p->page++;
	p->y = TOP;
	page_furniture(p);
}

/* Room for `h` points more, else a new page. */
static void room(struct pen *p, double h)
{
	if (p->y + h > PAGE_H - BOTTOM && p->y > TOP)
		new_page(p);
}

enum style { S_P, S_H1, S_PART, S_H2, S_LI, S_SMALL };

/* A block of text in a style; `mark` is a list item's bullet or number. */
static void block(struct pen *p, const char *markup, enum style st, const char *mark)
{
	static const char *const fonts[] = {"DejaVu Sans 9", "DejaVu Sans Bold 15", "DejaVu Sans Bold 14",
					    "DejaVu Sans Bold 11", "DejaVu Sans 9", "DejaVu Sans 7.5"};
	const char *m = markup;
	while (*m == ' ' || *m == '\n')
		m++;
	if (!*m)
		return;
	if (st == S_PART)
		new_page(p);
	double indent = st == S_LI ? 22 : 0;
	void *l = layout(p, m, fonts[st], TEXT_W - indent);
	int w, h;
	pdf.layout_get_pixel_size(l, &w, &h);
	double before = st == S_H1 || st == S_PART ? 8 : st == S_H2 ? 10 : 3;
	/* A heading keeps 60 points of what follows on its page. */
	room(p, before + h + (st == S_H2 || st == S_H1 ? 60 : 0));
	p->y += before;
	if (st == S_LI) {
		void *dot = layout(p, mark && *mark ? mark : "\xE2\x80\xA2", fonts[st], 22);
		pdf.move_to(p->cr, MARGIN + 2, p->y);
		pdf.show_layout(p->cr, dot);
		pdf.object_unref(dot);
	}
	if (st == S_PART || st == S_H1)
		pdf.set_source_rgb(p->cr, .04, .24, .36);
	pdf.move_to(p->cr, MARGIN + indent, p->y);
	pdf.show_layout(p->cr, l);
	pdf.set_source_rgb(p->cr, 0, 0, 0);
	p->y += h;
	if (st == S_PART || st == S_H2) {
		pdf.set_line_width(p->cr, st == S_PART ? 1.2 : .4);
		pdf.move_to(p->cr, MARGIN, p->y + 2);
		pdf.line_to(p->cr, PAGE_W - MARGIN, p->y + 2);
		pdf.stroke(p->cr);
		p->y += 4;
	}
	pdf.object_unref(l);
}

/* A table row: its cells side by side, equal widths, the header row bold. */
static void row(struct pen *p, char **cells, int n, int head)
{
	if (!n)
		return;
	double cw = TEXT_W / n;
	void *ls[32];
	int hmax = 0;
	for (int i = 0; i < n; i++) {
		ls[i] = layout(p, cells[i], head ? "DejaVu Sans Bold 7" : "DejaVu Sans 7", cw - 4);
		int w, h;
		pdf.layout_get_pixel_size(ls[i], &w, &h);
		if (h > hmax)
			hmax = h;
	}
	room(p, hmax + 3);
	for (int i = 0; i < n; i++) {
		pdf.move_to(p->cr, MARGIN + i * cw, p->y + 1);
		pdf.show_layout(p->cr, ls[i]);
		pdf.object_unref(ls[i]);
	}
	p->y += hmax + 3;
	pdf.set_line_width(p->cr, .3);
	pdf.set_source_rgb(p->cr, .7, .7, .7);
	pdf.move_to(p->cr, MARGIN, p->y);
	pdf.line_to(p->cr, PAGE_W - MARGIN, p->y);
	pdf.stroke(p->cr);
	pdf.set_source_rgb(p->cr, 0, 0, 0);
}

static void chart(struct pen *p, const char *svg, size_t len)
{
	void *gerr = NULL;
	/* The pages' style sheet sets the charts' font; librsvg needs it inside. */
	struct buf b = {0};
	const char *open_end = memchr(svg, '>', len);
	if (!open_end)
		return;
	buf_add(&b, svg, (size_t)(open_end + 1 - svg));
	buf_lit(&b, "<style>text{font-family:'DejaVu Sans',sans-serif;font-size:12px}</style>");
	buf_add(&b, open_end + 1, len - (size_t)(open_end + 1 - svg));
	void *h = pdf.svg_new_from_data((const unsigned char *)b.p, b.len, &gerr);
	buf_free(&b);
	if (!h) {
		if (gerr)
			pdf.error_free(gerr);
		return;
	}
	rsvg_dims d = {0, 0, 0, 0};
	pdf.svg_get_dimensions(h, &d);
	if (d.width > 0 && d.height > 0) {
		double w = d.width * .75 > TEXT_W ? TEXT_W : d.width * .75;
		double ht = w * d.height / d.width;
		room(p, ht + 6);
		rsvg_rect vp = {MARGIN, p->y + 3, w, ht};
		if (!pdf.svg_render_document(h, p->cr, &vp, &gerr) && gerr)
			pdf.error_free(gerr);
		p->y += ht + 6;
	}
	pdf.object_unref(h);
}

/* The markup of inline HTML: <b>, <code> and text (entities as they are,
 * which pango's markup reads); other tags dropped. */
static void inline_tag(struct buf *m, const char *tag, size_t n)
{
	int close = tag[1] == '/';
	const char *name = tag + 1 + close;
	if (!strncmp(name, "b>", 2) || !strncmp(name, "b ", 2) || !strncmp(name, "strong", 6))
		buf_lit(m, close ? "</b>" : "<b>");
	else if (!strncmp(name, "code", 4))
		buf_lit(m, close ? "</tt>" : "<tt>");
	else if (!strncmp(name, "br", 2))
		buf_lit(m, "\n");
	(void)n;
}

static int is(const char *tag, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(tag, name, n) && (tag[n] == '>' || tag[n] == ' ');
}

/* Walks the report's HTML (our own, well formed) and lays out its blocks. */
static void walk(struct pen *p, const char *h)
{
	struct buf m = {0};
	enum style st = S_P;
	/* The lists met: 0 for a bulleted one, else the next number of an ordered one. */
	int lists[8], depth = 0;
	char mark[16] = "";
	char *cells[32];
	int ncell = 0, in_cell = 0, head = 0;
	const char *body = strstr(h, "<body>");
	for (const char *s = body ? body + 6 : h; *s;) {
		if (*s != '<') {
			const char *e = strchr(s, '<');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			if (n && (m.len || strspn(s, " \n") < n))
				buf_add(&m, s, n);
			s += n;
			continue;
		}
		const char *e = strchr(s, '>');
		if (!e)
			break;
		const char *t = s + 1;
		int close = *t == '/';
		if (close)
			t++;
		size_t tl = (size_t)(e - s) + 1;
		if (!close && (is(t, "svg"))) {
			const char *end = strstr(s, "</svg>");
			if (!end)
				break;
			chart(p, s, (size_t)(end + 6 - s));
			s = end + 6;
			continue;
		}
		if (!close && (is(t, "details") || is(t, "form") || is(t, "style"))) {
			const char *end = strstr(s, is(t, "details") ? "</details>" : is(t, "form") ? "</form>" : "</style>");
			s = end ? strchr(end, '>') + 1 : s + strlen(s);
			continue;
		}
		int blockish = is(t, "h1") || is(t, "h2") || is(t, "h3") || is(t, "p") || is(t, "li") || is(t, "dt") ||
			       is(t, "dd") || is(t, "div") || is(t, "figcaption") || is(t, "ul") || is(t, "ol") ||
			       is(t, "figure") || is(t, "dl") || is(t, "nav") || is(t, "table");
		if (is(t, "td") || is(t, "th")) {
			if (close && in_cell && ncell < 32) {
				cells[ncell++] = strdup(m.p ? m.p : "");
				buf_free(&m);
				in_cell = 0;
			} else if (!close) {
				buf_free(&m);
				in_cell = 1;
				head = is(t, "th");
			}
		} else if (is(t, "tr") && close) {
			row(p, cells, ncell, head);
			for (int i = 0; i < ncell; i++)
				free(cells[i]);
			ncell = 0;
		} else if (blockish) {
			if (!in_cell) {
				if (m.len)
					block(p, m.p, st, mark);
				buf_free(&m);
				st = S_P;
				mark[0] = 0;
				if ((is(t, "ol") || is(t, "ul")) && !close && depth < 8)
					lists[depth++] = is(t, "ol");
				else if ((is(t, "ol") || is(t, "ul")) && close && depth > 0)
					depth--;
				if (is(t, "li") && !close && depth > 0 && lists[depth - 1])
					snprintf(mark, sizeof mark, "%d.", lists[depth - 1]++);
				if (!close) {
					if (is(t, "h1"))
						st = strstr(t, "class=\"part\"") && strchr(t, '>') > strstr(t, "class=\"part\"") ? S_PART : S_H1;
					else if (is(t, "h2") || is(t, "h3"))
						st = S_H2;
					else if (is(t, "li") || is(t, "dd"))
						st = S_LI;
					else if (strncmp(t, "p class=\"src\"", 13) == 0 || strncmp(t, "p class=\"note\"", 14) == 0)
						st = S_SMALL;
				}
			}
		} else {
			inline_tag(&m, s, tl);
		}
		s = e + 1;
	}
	if (m.len)
		block(p, m.p, st, mark);
	for (int i = 0; i < ncell; i++)
		free(cells[i]);
	buf_free(&m);
}

static int discard(void *closure, const unsigned char *data, unsigned int n)
{
	(void)closure;
	(void)data;
	(void)n;
	return 0;
}

/* One pass: lays the document out on a PDF surface writing to p->out (NULL:
 * nowhere). Returns the page count, or -1 when cairo fails. */
static int pass(struct pen *p, const char *html)
{
	void *surface = pdf.pdf_surface_create_for_stream(p->out ? to_file : discard, p, PAGE_W, PAGE_H);
	p->cr = pdf.create(surface);
	p->page = 0;
	new_page(p);
	walk(p, html);
	pdf.show_page(p->cr);
	pdf.destroy(p->cr);
	pdf.surface_finish(surface);
	int bad = pdf.surface_status(surface);
	pdf.surface_destroy(surface);
	return bad ? -1 : p->page;
}

int report_pdf_or_err(const char *html, const char *header, FILE *out, struct err *e)
{
	if (pdf_load_or_err(e) < 0)
		return -1;
	/* The running header: `header`, else the document's title (escaped
	 * already, as pango's markup wants it). */
	struct buf h = {0};
	const char *t = strstr(html, "<title>"), *te = t ? strstr(t, "</title>") : NULL;
	if (header)
		buf_html(&h, header);
	else if (t && te)
		buf_add(&h, t + 7, (size_t)(te - t - 7));
	struct pen p = {.header = h.p, .out = NULL};
	int n = pass(&p, html);
	if (n > 0) {
		p.pages = n;
		p.out = out;
		n = pass(&p, html);
	}
	buf_free(&h);
	if (n < 0)
		return err_set_code(e, E_INTERNAL, "cairo could not write the PDF");
	return 0;
}
