/* admin.c: Haiti's administrative areas as a reference table (admin_area:
 * pcode, level, parent, names, bounding box, rings) filled from the embedded
 * areas.txt, and point-in-polygon: a bounding-box filter in SQL, then even-odd
 * ray casting in exact integer arithmetic on the given vertices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "places.h"

extern const char places_areas_txt[];

/* Copies tab-separated field `i` of the line [p, end) into a new string. */
static char *field_dup(const char *p, const char *end, int i)
{
	for (; i > 0 && p < end; i--) {
		const char *t = memchr(p, '\t', (size_t)(end - p));
		p = t ? t + 1 : end;
	}
	const char *t = memchr(p, '\t', (size_t)(end - p));
	size_t n = (size_t)((t ? t : end) - p);
	char *r = malloc(n + 1);
	memcpy(r, p, n);
	r[n] = 0;
	return r;
}

int admin_fill_or_err(struct store *s, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "SELECT count(*) FROM admin_area");
	int have = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	if (have)
		return 0;
	st = store_prep(s, "INSERT INTO admin_area(pcode, level, parent, name_en, name_fr, name_ht, "
			"minx, miny, maxx, maxy, rings) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
	for (const char *p = places_areas_txt; *p;) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		if (*p != '#' && end > p) {
			char *f[8];
			for (int i = 0; i < 8; i++)
				f[i] = field_dup(p, end, i);
			long long bb[4] = {0, 0, 0, 0};
			sscanf(f[6], "%lld,%lld,%lld,%lld", &bb[0], &bb[1], &bb[2], &bb[3]);
			sqlite3_bind_text(st, 1, f[1], -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(st, 2, atoi(f[0]));
			for (int i = 2; i <= 5; i++)
				if (*f[i])
					sqlite3_bind_text(st, i + 1, f[i], -1, SQLITE_TRANSIENT);
				else
					sqlite3_bind_null(st, i + 1);
			for (int i = 0; i < 4; i++)
				sqlite3_bind_int64(st, 7 + i, bb[i]);
			sqlite3_bind_text(st, 11, f[7], -1, SQLITE_TRANSIENT);
			int rc = sqlite3_step(st);
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			for (int i = 0; i < 8; i++)
				free(f[i]);
			if (rc != SQLITE_DONE)
				return err_set_code(e, E_INTERNAL, "filling admin_area: %s", sqlite3_errmsg(s->db));
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

/* Decodes the next number of an encoded polyline (each byte 63 + 5 bits, the
 * last under 32; the sign in the lowest bit); NULL at the end of a ring
 * (any byte outside the alphabet) or of the text. admin_map.c reads the
 * same rings. */
const char *admin_next_int(const char *p, const char *end, long long *v)
{
	unsigned long long acc = 0;
	int shift = 0;
	for (;;) {
		if (p >= end || *p < 63 || *p > 126 || shift > 60)
			return NULL;
		unsigned b = (unsigned)(*p++ - 63);
		acc |= (unsigned long long)(b & 0x1f) << shift;
		shift += 5;
		if (b < 0x20)
			break;
	}
	*v = acc & 1 ? ~(long long)(acc >> 1) : (long long)(acc >> 1);
	return p;
}

/* Even-odd test of the point (x, y), in 1e-7 degree, against every ring of
 * `rings` (vertices in 1e-5 degree). A point on an edge counts as inside. */
static int rings_contain(const char *rings, long long x, long long y)
{
	int inside = 0;
	const char *p = rings, *end = rings + strlen(rings);
	while (*p) {
		long long cx = 0, cy = 0, dx, dy, ax = 0, ay = 0;
		int first = 1;
		const char *q;
		while ((q = admin_next_int(p, end, &dx)) && (q = admin_next_int(q, end, &dy))) {
			p = q;
			cx += dx;
			cy += dy;
			long long bx = cx * 100, by = cy * 100;
			if (!first && ((ay > y) != (by > y))) {
				/* The edge crosses the horizontal line through the point: is the
				 * crossing to the right of it? (x-ax)*(by-ay) vs (y-ay)*(bx-ax),
				 * the inequality flipped when the edge goes down. */
				long long lhs = (x - ax) * (by - ay), rhs = (y - ay) * (bx - ax);
				if (lhs == rhs)
					return 1;
				if (by > ay ? lhs < rhs : lhs > rhs)
					inside = !inside;
			}
			ax = bx;
			ay = by;
			first = 0;
		}
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return inside;
}

int admin_locate_or_err(struct store *s, long long lat_e7, long long lon_e7, struct areas *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (admin_fill_or_err(s, e) < 0)
		return -1;
	/* The bounding boxes are in 1e-5 degree: widen the point's to whole units. */
	long long x_lo = lon_e7 >= 0 ? lon_e7 / 100 : -((-lon_e7 + 99) / 100);
	long long y_lo = lat_e7 >= 0 ? lat_e7 / 100 : -((-lat_e7 + 99) / 100);
	sqlite3_stmt *st = store_prep(s, "SELECT pcode, coalesce(name_fr, name_en), rings FROM admin_area "
				      "WHERE level = ? AND minx <= ?2 + 1 AND maxx >= ?2 AND miny <= ?3 + 1 "
				      "AND maxy >= ?3 ORDER BY pcode");
	for (int lvl = 1; lvl <= 3; lvl++) {
		sqlite3_bind_int(st, 1, lvl);
		sqlite3_bind_int64(st, 2, x_lo);
		sqlite3_bind_int64(st, 3, y_lo);
		while (store_row(s, st)) {
			if (!rings_contain((const char *)sqlite3_column_text(st, 2), lon_e7, lat_e7))
				continue;
			snprintf(out->pcode[lvl - 1], sizeof out->pcode[0], "%s", (const char *)sqlite3_column_text(st, 0));
			snprintf(out->name[lvl - 1], sizeof out->name[0], "%s", (const char *)sqlite3_column_text(st, 1));
			break;
		}
		sqlite3_reset(st);
	}
	if (s->failed.msg[0])
		return store_failed_or_err(s, e);
	return 0;
}
