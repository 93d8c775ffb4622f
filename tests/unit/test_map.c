/* test_map.c: the department outlines drawn for the places map — ten of
 * them, small, each name's point inside its department, known towns inside
 * theirs, and neighbours that share one border (no vertex of one lies inside
 * another beyond rounding). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "places/places.h"

struct poly {
	double *x, *y;
	size_t *start;          /* ring k is [start[k], start[k + 1]) */
	size_t n, n_rings;
};

/* Reads "Mx yl dx dy …z" paths (what admin_map.c writes) into rings. */
static void poly_read(struct poly *p, const char *d)
{
	size_t cap = strlen(d) + 2;
	p->x = malloc(cap * sizeof *p->x);
	p->y = malloc(cap * sizeof *p->y);
	p->start = malloc(cap * sizeof *p->start);
	p->n = p->n_rings = 0;
	double cx = 0, cy = 0;
	char *end;
	while (*d) {
		char cmd = *d++;
		if (cmd == 'M') {
			cx = strtod(d, &end);
			cy = strtod(end, &end);
			d = end;
			p->start[p->n_rings++] = p->n;
			p->x[p->n] = cx;
			p->y[p->n++] = cy;
		} else if (cmd == 'l') {
			for (;;) {
				double dx = strtod(d, &end);
				if (end == d)
					break;
				double dy = strtod(end, &end);
				d = end;
				cx += dx;
				cy += dy;
				p->x[p->n] = cx;
				p->y[p->n++] = cy;
			}
		} else {
			assert_int_equal(cmd, 'z');
		}
	}
	p->start[p->n_rings] = p->n;
}

static void poly_free(struct poly *p)
{
	free(p->x);
	free(p->y);
	free(p->start);
}

static int inside(const struct poly *p, double x, double y)
{
	int in = 0;
	for (size_t r = 0; r < p->n_rings; r++)
		for (size_t i = p->start[r], j = p->start[r + 1] - 1; i < p->start[r + 1]; j = i++)
			if ((p->y[i] > y) != (p->y[j] > y) &&
			    x < (p->x[j] - p->x[i]) * (y - p->y[i]) / (p->y[j] - p->y[i]) + p->x[i])
				in = !in;
	return in;
}

/* The square of the distance from (x, y) to the nearest edge of p. */
static double edge_distance2(const struct poly *p, double x, double y)
{
	double best = 1e18;
	for (size_t r = 0; r < p->n_rings; r++)
		for (size_t i = p->start[r], j = p->start[r + 1] - 1; i < p->start[r + 1]; j = i++) {
			double ex = p->x[i] - p->x[j], ey = p->y[i] - p->y[j], len2 = ex * ex + ey * ey;
			double t = len2 > 0 ? ((x - p->x[j]) * ex + (y - p->y[j]) * ey) / len2 : 0;
			t = t < 0 ? 0 : t > 1 ? 1 : t;
			double dx = p->x[j] + t * ex - x, dy = p->y[j] + t * ey - y, d2 = dx * dx + dy * dy;
			if (d2 < best)
				best = d2;
		}
	return best;
}

static struct dept_map m;
static struct poly polys[ADMIN_N_DEPTS];

static int setup(void **state)
{
	(void)state;
	if (dept_map_build(&m, 1000, 0.9) < 0)
		return -1;
	for (int d = 0; d < m.n; d++)
		poly_read(&polys[d], m.dept[d].path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int d = 0; d < m.n; d++)
		poly_free(&polys[d]);
	dept_map_free(&m);
	return 0;
}

static void ten_small_departments(void **state)
{
	(void)state;
	assert_int_equal(m.n, 10);
	assert_int_equal(m.width, 1000);
	assert_true(m.height > 700 && m.height < 800);
	size_t bytes = 0;
	for (int d = 0; d < m.n; d++) {
		assert_true(m.dept[d].path[0] == 'M');
		assert_true(polys[d].n_rings >= 1);
		bytes += strlen(m.dept[d].path);
	}
	/* 22,146 surveyed vertices drawn with about a tenth of them, in under 12 KB. */
	assert_int_equal(m.vertices_in, 22146);
	assert_true(m.vertices_out < m.vertices_in / 5);
	assert_true(bytes < 12000);
	assert_string_equal(m.dept[0].pcode, "HT01");
	assert_string_equal(m.dept[0].name_fr, "Ouest");
	assert_string_equal(m.dept[0].name_ht, "Lw\xC3\xA8s");
	assert_string_equal(m.dept[7].name_en, "Grande'Anse");
}

static void labels_and_towns_inside(void **state)
{
	(void)state;
	for (int d = 0; d < m.n; d++)
		if (!inside(&polys[d], m.dept[d].label_x, m.dept[d].label_y))
			fail_msg("the name of %s is outside it", m.dept[d].name_fr);
	static const struct { long long lat, lon; const char *pcode; } towns[] = {
		{185434900, -723388100, "HT01"},    /* Port-au-Prince */
		{191217330, -724770460, "HT05"},    /* Petite Rivière de l'Artibonite */
		{197580000, -722000000, "HT03"},    /* Cap-Haïtien */
		{182340000, -725350000, "HT02"},    /* Jacmel */
		{181930000, -737500000, "HT07"},    /* Les Cayes */
		{186440000, -741170000, "HT08"},    /* Jérémie */
		{191400000, -720170000, "HT06"},    /* Hinche */
	};
	for (size_t i = 0; i < sizeof towns / sizeof *towns; i++) {
		int x, y;
		dept_map_point(&m, towns[i].lat, towns[i].lon, &x, &y);
		for (int d = 0; d < m.n; d++)
			if (inside(&polys[d], x, y) != !strcmp(m.dept[d].pcode, towns[i].pcode))
				fail_msg("town %zu at (%d, %d): inside %s is %d", i, x, y, m.dept[d].pcode,
					 inside(&polys[d], x, y));
	}
}

/* Simplified separately, two neighbours would cross each other's border all
 * along it; simplified as shared arcs, a vertex of one is never deeper than
 * rounding inside another. */
static void one_border_between_neighbours(void **state)
{
	(void)state;
	for (int a = 0; a < m.n; a++)
		for (int b = 0; b < m.n; b++) {
			if (a == b)
				continue;
			for (size_t i = 0; i < polys[a].n; i++)
				if (inside(&polys[b], polys[a].x[i], polys[a].y[i]) &&
				    edge_distance2(&polys[b], polys[a].x[i], polys[a].y[i]) > 1.0)
					fail_msg("a vertex of %s at (%g, %g) lies inside %s", m.dept[a].name_fr, polys[a].x[i],
						 polys[a].y[i], m.dept[b].name_fr);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ten_small_departments), cmocka_unit_test(labels_and_towns_inside),
		cmocka_unit_test(one_border_between_neighbours),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
