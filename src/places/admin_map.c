/* admin_map.c: Haiti's ten departments as outlines for a map, from the
 * embedded areas.txt (CNIGS/OCHA COD-AB). The rings are cut into arcs where
 * the set of departments sharing a vertex changes, and each arc is simplified
 * with Douglas-Peucker in exact integer arithmetic, breaking ties by
 * coordinates, so that two neighbours simplify their common border to the
 * same line. Projection: equirectangular, longitudes scaled by the cosine of
 * the middle latitude. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "places.h"

extern const char places_areas_txt[];

/* Projected vertices carry FINE sub-units per map unit, so that the
 * simplification works on a finer grid than the one the path is written on. */
#define FINE 16

struct pt {
	long long x, y;         /* 1e-5 degree: longitude, latitude */
	long long px, py;       /* projected, in fine units */
	unsigned mask;          /* departments that have this vertex */
	int keep;
};

struct ring {
	struct pt *p;
	size_t n;
	int dept;
};

struct rings {
	struct ring *r;
	size_t n, cap;
};

/* Tab-separated field `i` of [p, end): its start, and its length in *len. */
static const char *field(const char *p, const char *end, int i, size_t *len)
{
	for (; i > 0 && p < end; i--) {
		const char *t = memchr(p, '\t', (size_t)(end - p));
		p = t ? t + 1 : end;
	}
	const char *t = memchr(p, '\t', (size_t)(end - p));
	*len = (size_t)((t ? t : end) - p);
	return p;
}

static void copy_field(char *dst, size_t cap, const char *p, const char *end, int i)
{
	size_t n;
	const char *f = field(p, end, i, &n);
	snprintf(dst, cap, "%.*s", (int)n, f);
}

/* Appends the rings encoded in [p, end) for department `dept`. */
static void decode_rings(struct rings *rs, const char *p, const char *end, int dept)
{
	while (p < end) {
		struct ring r = {NULL, 0, dept};
		size_t cap = 0;
		long long x = 0, y = 0, dx, dy;
		const char *q;
		while ((q = admin_next_int(p, end, &dx)) && (q = admin_next_int(q, end, &dy))) {
			p = q;
			x += dx;
			y += dy;
			if (r.n && r.p[r.n - 1].x == x && r.p[r.n - 1].y == y)
				continue;
			if (r.n == cap) {
				cap = cap ? cap * 2 : 256;
				r.p = realloc(r.p, cap * sizeof *r.p);
				if (!r.p)
					abort();
			}
			memset(&r.p[r.n], 0, sizeof *r.p);
			r.p[r.n].x = x;
			r.p[r.n].y = y;
			r.n++;
		}
		/* A closed ring repeats its first vertex: drop the copy. */
		if (r.n > 1 && r.p[0].x == r.p[r.n - 1].x && r.p[0].y == r.p[r.n - 1].y)
			r.n--;
		if (r.n >= 3) {
			if (rs->n == rs->cap) {
				rs->cap = rs->cap ? rs->cap * 2 : 64;
				rs->r = realloc(rs->r, rs->cap * sizeof *rs->r);
				if (!rs->r)
					abort();
			}
			rs->r[rs->n++] = r;
		} else {
			free(r.p);
		}
		while (p < end && *p != ' ')
			p++;
		while (p < end && *p == ' ')
			p++;
	}
}

/* An open-addressing table from a vertex to the departments that have it. */
struct vtab {
	struct { long long x, y; unsigned mask; int used; } *slot;
	size_t cap;
};

static size_t vtab_find(const struct vtab *t, long long x, long long y)
{
	uint64_t h = (uint64_t)x * 0x9E3779B97F4A7C15ull ^ (uint64_t)y * 0xC2B2AE3D27D4EB4Full;
	size_t i = (size_t)(h >> 20) & (t->cap - 1);
	while (t->slot[i].used && (t->slot[i].x != x || t->slot[i].y != y))
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* cos(x) for the small angles of Haiti's latitudes (|x| < 0.4 rad): the
 * series to x^8 is exact to better than 1e-8, and spares libm. */
static double cos_small(double x)
{
	double x2 = x * x;
	return 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30 * (1 - x2 / 56)));
}

/* Twice the area of the triangle (a, b, c), exactly, as a magnitude. */
static unsigned long long tri2(const struct pt *a, const struct pt *b, const struct pt *c)
{
	__int128 v = (__int128)(b->px - a->px) * (c->py - a->py) - (__int128)(b->py - a->py) * (c->px - a->px);
	if (v < 0)
		v = -v;
	return v > (__int128)UINT64_MAX ? UINT64_MAX : (unsigned long long)v;
}

static int pt_before(const struct pt *a, const struct pt *b)
{
	return a->px < b->px || (a->px == b->px && a->py < b->py);
}

/* Douglas-Peucker on the ring's vertices from i to j (indices modulo n,
 * i != j): marks those to keep. The distance test compares twice the triangle
 * area with tol * |ab|, both exact up to the final double comparison, so an
 * arc and its reverse give the same answer; ties go to the smaller point. */
static void simplify(struct pt *p, size_t n, size_t i, size_t j, double tol)
{
	size_t len = (j + n - i) % n;
	if (len < 2)
		return;
	const struct pt *a = &p[i], *b = &p[j];
	double dx = (double)(b->px - a->px), dy = (double)(b->py - a->py);
	double base2 = dx * dx + dy * dy;
	size_t best = n;
	unsigned long long best_d = 0;
	for (size_t k = 1; k < len; k++) {
		size_t m = (i + k) % n;
		unsigned long long d;
		if (base2 == 0) {
			/* A closed arc: the distance to the point itself. */
			double ex = (double)(p[m].px - a->px), ey = (double)(p[m].py - a->py);
			d = (unsigned long long)(ex * ex + ey * ey);
		} else {
			d = tri2(a, b, &p[m]);
		}
		if (best == n || d > best_d || (d == best_d && pt_before(&p[m], &p[best]))) {
			best = m;
			best_d = d;
		}
	}
	double limit = base2 == 0 ? tol * tol : tol * tol * base2;
	double got = base2 == 0 ? (double)best_d : (double)best_d * (double)best_d;
	if (got <= limit)
		return;
	p[best].keep = 1;
	simplify(p, n, i, best, tol);
	simplify(p, n, best, j, tol);
}

/* Appends `v` to the path, with a space only where a sign does not separate it. */
static void put_num(char **d, size_t *len, size_t *cap, long long v, int first)
{
	char tmp[32];
	int k = snprintf(tmp, sizeof tmp, "%s%lld", first || v < 0 ? "" : " ", v);
	if (*len + (size_t)k + 1 > *cap) {
		*cap = (*cap + (size_t)k + 1) * 2;
		*d = realloc(*d, *cap);
		if (!*d)
			abort();
	}
	memcpy(*d + *len, tmp, (size_t)k + 1);
	*len += (size_t)k;
}

static void put_str(char **d, size_t *len, size_t *cap, const char *s)
{
	size_t k = strlen(s);
	if (*len + k + 1 > *cap) {
		*cap = (*cap + k + 1) * 2;
		*d = realloc(*d, *cap);
		if (!*d)
			abort();
	}
	memcpy(*d + *len, s, k + 1);
	*len += k;
}

/* A label point inside the ring: the middle of the widest inside span of
 * the horizontal line through the ring's centroid. */
static void label_point(const long long *x, const long long *y, size_t n, int *lx, int *ly)
{
	double a = 0, cy = 0;
	long long minx = x[0], maxx = x[0], miny = y[0], maxy = y[0];
	for (size_t i = 0; i < n; i++) {
		size_t j = (i + 1) % n;
		double c = (double)x[i] * (double)y[j] - (double)x[j] * (double)y[i];
		a += c;
		cy += (double)(y[i] + y[j]) * c;
		minx = x[i] < minx ? x[i] : minx;
		maxx = x[i] > maxx ? x[i] : maxx;
		miny = y[i] < miny ? y[i] : miny;
		maxy = y[i] > maxy ? y[i] : maxy;
	}
	double yc = a != 0 ? cy / (3 * a) : (double)(miny + maxy) / 2;
	*lx = (int)((minx + maxx) / 2);
	*ly = (int)(yc + 0.5);
	yc += 0.25;             /* off the integer vertices */
	double xs[512];
	size_t k = 0;
	for (size_t i = 0; i < n && k < 512; i++) {
		size_t j = (i + 1) % n;
		if ((y[i] > yc) != (y[j] > yc))
			xs[k++] = (double)x[i] + (yc - (double)y[i]) * (double)(x[j] - x[i]) / (double)(y[j] - y[i]);
	}
	for (size_t i = 1; i < k; i++)
		for (size_t m = i; m > 0 && xs[m - 1] > xs[m]; m--) {
			double t = xs[m];
			xs[m] = xs[m - 1];
			xs[m - 1] = t;
		}
	double wide = -1;
	for (size_t i = 0; i + 1 < k; i += 2)
		if (xs[i + 1] - xs[i] > wide) {
			wide = xs[i + 1] - xs[i];
			*lx = (int)((xs[i] + xs[i + 1]) / 2 + 0.5);
		}
}

int dept_map_build(struct dept_map *m, int width, double tolerance)
{
	memset(m, 0, sizeof *m);
	struct rings rs = {NULL, 0, 0};
	for (const char *p = places_areas_txt; *p;) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		if (*p == '1' && p[1] == '\t' && m->n < ADMIN_N_DEPTS) {
			struct dept_outline *d = &m->dept[m->n];
			copy_field(d->pcode, sizeof d->pcode, p, end, 1);
			copy_field(d->name_en, sizeof d->name_en, p, end, 3);
			copy_field(d->name_fr, sizeof d->name_fr, p, end, 4);
			copy_field(d->name_ht, sizeof d->name_ht, p, end, 5);
			size_t len;
			const char *enc = field(p, end, 7, &len);
			decode_rings(&rs, enc, enc + len, m->n);
			m->n++;
		}
		p = *end ? end + 1 : end;
	}
	if (!rs.n)
		return -1;
	/* The projection: the bounding box, x scaled by the middle latitude's cosine. */
	long long minx = rs.r[0].p[0].x, maxx = minx, miny = rs.r[0].p[0].y, maxy = miny;
	size_t total = 0;
	for (size_t i = 0; i < rs.n; i++)
		for (size_t k = 0; k < rs.r[i].n; k++) {
			const struct pt *q = &rs.r[i].p[k];
			minx = q->x < minx ? q->x : minx;
			maxx = q->x > maxx ? q->x : maxx;
			miny = q->y < miny ? q->y : miny;
			maxy = q->y > maxy ? q->y : maxy;
			total++;
		}
	const double pi = 3.14159265358979323846;
	m->coslat = cos_small((double)(miny + maxy) / 2 * 1e-5 * pi / 180);
	m->margin = 8;
	m->k = (double)(width - 2 * m->margin) / ((double)(maxx - minx) * m->coslat);
	m->lon0 = minx;
	m->lat1 = maxy;
	m->width = width;
	m->height = (int)((double)(maxy - miny) * m->k + 0.5) + 2 * m->margin;
	m->vertices_in = total;

	/* Which departments have each vertex. */
	struct vtab t;
	t.cap = 1;
	while (t.cap < total * 2)
		t.cap *= 2;
	t.slot = calloc(t.cap, sizeof *t.slot);
	if (!t.slot)
		abort();
	for (size_t i = 0; i < rs.n; i++)
		for (size_t k = 0; k < rs.r[i].n; k++) {
			struct pt *q = &rs.r[i].p[k];
			size_t s = vtab_find(&t, q->x, q->y);
			t.slot[s].used = 1;
			t.slot[s].x = q->x;
			t.slot[s].y = q->y;
			t.slot[s].mask |= 1u << rs.r[i].dept;
			q->px = (long long)(((double)(q->x - minx) * m->coslat * m->k + m->margin) * FINE + 0.5);
			q->py = (long long)(((double)(maxy - q->y) * m->k + m->margin) * FINE + 0.5);
		}
	for (size_t i = 0; i < rs.n; i++)
		for (size_t k = 0; k < rs.r[i].n; k++)
			rs.r[i].p[k].mask = t.slot[vtab_find(&t, rs.r[i].p[k].x, rs.r[i].p[k].y)].mask;
	free(t.slot);

	/* Nodes where the sharing changes; arcs between them simplified. */
	double biggest_a[ADMIN_N_DEPTS];
	long long *ox = NULL, *oy = NULL;
	size_t ocap = 0;
	char *paths[ADMIN_N_DEPTS] = {NULL};
	size_t plen[ADMIN_N_DEPTS] = {0}, pcap[ADMIN_N_DEPTS] = {0};
	for (int d = 0; d < ADMIN_N_DEPTS; d++)
		biggest_a[d] = 0;
	for (size_t i = 0; i < rs.n; i++) {
		struct ring *r = &rs.r[i];
		struct pt *p = r->p;
		size_t n = r->n, first = n, nodes = 0;
		for (size_t k = 0; k < n; k++) {
			unsigned prev = p[(k + n - 1) % n].mask, next = p[(k + 1) % n].mask;
			p[k].keep = p[k].mask != prev || p[k].mask != next;
			if (p[k].keep && first == n)
				first = k;
			nodes += (size_t)p[k].keep;
		}
		if (nodes < 2) {
			/* An island of one department (or a ring touching another at one
			 * vertex): from that vertex, or the smallest, to the vertex
			 * farthest from it, and back. */
			size_t lo = first < n ? first : 0, far = 0;
			for (size_t k = 1; first == n && k < n; k++)
				if (pt_before(&p[k], &p[lo]))
					lo = k;
			double fd = -1;
			for (size_t k = 0; k < n; k++) {
				double ex = (double)(p[k].px - p[lo].px), ey = (double)(p[k].py - p[lo].py);
				if (ex * ex + ey * ey > fd) {
					fd = ex * ex + ey * ey;
					far = k;
				}
			}
			p[lo].keep = p[far].keep = 1;
			first = lo;
		}
		double tol = tolerance * FINE;
		size_t a = first;
		do {
			size_t b = (a + 1) % n;
			while (!p[b].keep)
				b = (b + 1) % n;
			simplify(p, n, a, b, tol);
			a = b;
		} while (a != first);
		/* The kept vertices, on the map grid, without repeats. */
		size_t m_n = 0;
		if (ocap < n) {
			ocap = n;
			ox = realloc(ox, ocap * sizeof *ox);
			oy = realloc(oy, ocap * sizeof *oy);
			if (!ox || !oy)
				abort();
		}
		for (size_t k = 0; k < n; k++) {
			if (!p[k].keep)
				continue;
			long long x = (p[k].px + FINE / 2) / FINE, y = (p[k].py + FINE / 2) / FINE;
			if (m_n && ox[m_n - 1] == x && oy[m_n - 1] == y)
				continue;
			ox[m_n] = x;
			oy[m_n] = y;
			m_n++;
		}
		while (m_n > 1 && ox[m_n - 1] == ox[0] && oy[m_n - 1] == oy[0])
			m_n--;
		if (m_n < 3)
			continue;       /* an islet smaller than the grid */
		double area = 0;
		for (size_t k = 0; k < m_n; k++) {
			size_t j = (k + 1) % m_n;
			area += (double)ox[k] * (double)oy[j] - (double)ox[j] * (double)oy[k];
		}
		area = area < 0 ? -area / 2 : area / 2;
		if (area < 1)
			continue;       /* a sliver with no area at this scale */
		int d = r->dept;
		if (area > biggest_a[d]) {
			biggest_a[d] = area;
			label_point(ox, oy, m_n, &m->dept[d].label_x, &m->dept[d].label_y);
		}
		put_str(&paths[d], &plen[d], &pcap[d], "M");
		put_num(&paths[d], &plen[d], &pcap[d], ox[0], 1);
		put_num(&paths[d], &plen[d], &pcap[d], oy[0], 0);
		put_str(&paths[d], &plen[d], &pcap[d], "l");
		for (size_t k = 1; k < m_n; k++) {
			put_num(&paths[d], &plen[d], &pcap[d], ox[k] - ox[k - 1], k == 1);
			put_num(&paths[d], &plen[d], &pcap[d], oy[k] - oy[k - 1], 0);
		}
		put_str(&paths[d], &plen[d], &pcap[d], "z");
		m->vertices_out += m_n;
	}
	free(ox);
	free(oy);
	for (size_t i = 0; i < rs.n; i++)
		free(rs.r[i].p);
	free(rs.r);
	for (int d = 0; d < m->n; d++)
		m->dept[d].path = paths[d] ? paths[d] : calloc(1, 1);
	return 0;
}

void dept_map_free(struct dept_map *m)
{
	for (int d = 0; d < m->n; d++)
		free(m->dept[d].path);
	memset(m, 0, sizeof *m);
}

void dept_map_point(const struct dept_map *m, long long lat_e7, long long lon_e7, int *x, int *y)
{
	double lon5 = (double)lon_e7 / 100, lat5 = (double)lat_e7 / 100;
	*x = (int)((lon5 - (double)m->lon0) * m->coslat * m->k + m->margin + 0.5);
	*y = (int)(((double)m->lat1 - lat5) * m->k + m->margin + 0.5);
}
