/* map_places.c: the map on the places page — an inline SVG of Haiti's ten
 * departments (outlines simplified once, at the first request, from the
 * embedded CNIGS/OCHA areas: src/places/admin_map.c) named in the page's
 * language, and the answer's places that have a point as dots linking to
 * their record pages, labelled where a label fits. No tiles, no script, no
 * request elsewhere; it prints as it is. */
#include <pthread.h>
#include <string.h>

#include "../places/places.h"
#include "web.h"

/* The map is MAP_WIDTH units wide; borders stay within MAP_TOLERANCE units of
 * the surveyed ones (about 0.3 km at this scale). */
#define MAP_WIDTH 1000
#define MAP_TOLERANCE 0.9
#define DOT_R 7
#define DEPT_FONT 15
#define PLACE_FONT 13
#define MAX_BOXES 256

/* Built once and only read afterwards, by every thread. */
static struct dept_map shapes;
static int shapes_ok;
static pthread_once_t shapes_once = PTHREAD_ONCE_INIT;

static void shapes_build(void)
{
	shapes_ok = dept_map_build(&shapes, MAP_WIDTH, MAP_TOLERANCE) == 0;
}

const struct dept_map *map_shapes(void)
{
	pthread_once(&shapes_once, shapes_build);
	return shapes_ok ? &shapes : NULL;
}

struct box {
	int x0, y0, x1, y1;
};

static int overlap(const struct box *a, const struct box *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* The width of `s` in a sans-serif font of `size` units, roughly: 0.56 em a
 * character (UTF-8 continuation bytes are not characters). */
static int text_width(const char *s, int size, size_t max)
{
	int n = 0;
	for (size_t i = 0; s[i] && i < max; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n * size * 56 / 100;
}

static const char *dept_name(const struct buf *b, const struct dept_outline *d)
{
	const char *code = page_lang_code(b);
	if (!strcmp(code, "en") && d->name_en[0])
		return d->name_en;
	if (!strcmp(code, "ht") && d->name_ht[0])
		return d->name_ht;
	return d->name_fr;     /* French, and Spanish, use the official names */
}

/* A text box for a label anchored at (x, y) on its baseline. */
static struct box text_box(int x, int y, int w, int size, int anchor)
{
	struct box r;
	r.x0 = anchor == 0 ? x : anchor == 1 ? x - w / 2 : x - w;
	r.x1 = r.x0 + w;
	r.y0 = y - size * 85 / 100;
	r.y1 = y + size * 25 / 100;
	return r;
}

/* Where a place's label may go, tried in order: x and y offsets from the dot
 * and the anchor (0 start, 1 middle, 2 end). */
static const int spots[][3] = {
	{DOT_R + 4, 5, 0}, {-DOT_R - 4, 5, 2}, {0, -DOT_R - 5, 1}, {0, DOT_R + 14, 1},
	{DOT_R, -DOT_R - 2, 0}, {DOT_R, DOT_R + 12, 0}, {-DOT_R, -DOT_R - 2, 2}, {-DOT_R, DOT_R + 12, 2},
};

/* The longest label written, in bytes; the title has the whole name. */
#define LABEL_MAX 26

/* Where a place's row (with lat and lon as text) falls on the map: 0 when
 * it has no usable point. */
static int row_point(const struct dept_map *m, const json_t *r, int *x, int *y)
{
	long long lat, lon;
	struct err e;
	const char *la = json_string_value(json_object_get(r, "lat"));
	const char *lo = json_string_value(json_object_get(r, "lon"));
	if (!la || !lo || coord_parse_or_err("lat", la, &lat, &e) < 0 || coord_parse_or_err("lon", lo, &lon, &e) < 0)
		return 0;
	dept_map_point(m, lat, lon, x, y);
	return 1;
}

void svg_places_map(struct buf *b, const json_t *doc)
{
	const struct dept_map *m = map_shapes();
	const json_t *rows = json_object_get(doc, "rows");
	if (!m)
		return;
	struct box boxes[MAX_BOXES];
	int n_boxes = 0;
	struct frags f = FRAGS_INIT(b);
	buf_num(b, "<figure class=\"map\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"aria-labelledby=\"map-t\"><title id=\"map-t\">", m->width, m->height);
	buf_tf(b, "Haiti's departments and the places with a point, on {1}",
	       frag_html(&f, json_string_value(json_object_get(doc, "as_of"))), NULL);
	frags_free(&f);
	buf_lit(b, "</title><style>.map-d{fill:#eef1f4;stroke:#5f6b76;stroke-width:1.2px}"
		   ".map-dl{font:600 15px sans-serif;fill:#38434d;text-anchor:middle}"
		   ".map-p{font:13px sans-serif;fill:#1b1b1b;paint-order:stroke;stroke:#fff;stroke-width:3px}"
		   ".map circle{fill:#b3001b;stroke:#fff;stroke-width:2px}"
		   "@media print{.map-d{fill:#fff;stroke:#000}.map-dl{fill:#000}.map circle{fill:#000}}</style>");
	for (int d = 0; d < m->n; d++) {
		buf_lit(b, "<path class=\"map-d\" d=\"");
		buf_lit(b, m->dept[d].path);       /* digits, signs and M, l, z only */
		buf_lit(b, "\"><title>");
		buf_html(b, m->dept[d].name_fr);
		buf_lit(b, " (");
		buf_html(b, m->dept[d].pcode);
		buf_lit(b, ")</title></path>");
	}
	for (int d = 0; d < m->n; d++) {
		const char *name = dept_name(b, &m->dept[d]);
		int x = m->dept[d].label_x, y = m->dept[d].label_y + DEPT_FONT / 3;
		buf_num(b, "<text class=\"map-dl\" x=\"%d\" y=\"%d\">", x, y);
		buf_html(b, name);
		buf_lit(b, "</text>");
		if (n_boxes < MAX_BOXES)
			boxes[n_boxes++] = text_box(x, y, text_width(name, DEPT_FONT, 64), DEPT_FONT, 1);
	}
	/* The dots first, so that no label covers one. */
	size_t i;
	json_t *r;
	int dots = 0;
	json_array_foreach(rows, i, r) {
		int x, y;
		if (!row_point(m, r, &x, &y))
			continue;
		if (n_boxes < MAX_BOXES)
			boxes[n_boxes++] = (struct box){x - DOT_R, y - DOT_R, x + DOT_R, y + DOT_R};
	}
	struct box frame = {0, 0, m->width, m->height};
	json_array_foreach(rows, i, r) {
		int x, y;
		if (!row_point(m, r, &x, &y))
			continue;
		const char *name = json_string_value(json_object_get(r, "name"));
		const json_t *st = json_object_get(r, "status");
		buf_lit(b, "<a href=\"/record/");
		buf_url(b, json_string_value(json_object_get(r, "record")));
		buf_href_lang(b, 1);
		buf_num(b, "\"><circle cx=\"%d\" cy=\"%d\" r=\"%d\"/><title>", x, y, DOT_R);
		buf_html(b, name);
		buf_lit(b, " \xE2\x80\x94 ");
		if (json_is_object(st)) {
			buf_html(b, json_string_value(json_object_get(st, "status")));
			buf_lit(b, ", ");
			buf_html(b, json_string_value(json_object_get(st, "date")));
		} else {
			buf_t(b, "no status reported");
		}
		buf_lit(b, "</title>");
		/* The first spot that overlaps nothing drawn and stays on the map. */
		int w = text_width(name ? name : "", PLACE_FONT, LABEL_MAX);
		for (size_t s = 0; name && s < sizeof spots / sizeof *spots; s++) {
			int tx = x + spots[s][0], ty = y + spots[s][1];
			struct box t = text_box(tx, ty, w, PLACE_FONT, spots[s][2]);
			int free_spot = t.x0 >= frame.x0 && t.y0 >= frame.y0 && t.x1 <= frame.x1 && t.y1 <= frame.y1;
			for (int k = 0; free_spot && k < n_boxes; k++) {
				/* Its own dot is not in the way of a label beside it. */
				struct box own = {x - DOT_R, y - DOT_R, x + DOT_R, y + DOT_R};
				if (!memcmp(&boxes[k], &own, sizeof own))
					continue;
				free_spot = !overlap(&t, &boxes[k]);
			}
			if (!free_spot)
				continue;
			buf_num(b, "<text class=\"map-p\" x=\"%d\" y=\"%d\"", tx, ty);
			buf_lit(b, spots[s][2] == 0 ? ">" : spots[s][2] == 1 ? " text-anchor=\"middle\">" : " text-anchor=\"end\">");
			buf_html_cut(b, name, LABEL_MAX);
			buf_lit(b, "</text>");
			if (n_boxes < MAX_BOXES)
				boxes[n_boxes++] = t;
			break;
		}
		buf_lit(b, "</a>");
		dots++;
	}
	long long total = (long long)json_array_size(rows);
	buf_lit(b, "</svg><figcaption class=\"note\">");
	buf_tfn(b, "{1} of the {2} places has a sourced point and is drawn; the table lists them all.",
		"{1} of the {2} places have a sourced point and are drawn; the table lists them all.",
		(unsigned long long)dots, frag_int(&f, dots), frag_int(&f, total), NULL);
	frags_free(&f);
	buf_lit(b, " ");
	buf_t(b, "Boundaries: CNIGS / OCHA COD-AB (2018-11-29).");
	buf_lit(b, "</figcaption></figure>");
}
