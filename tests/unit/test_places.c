/* test_places.c: the pieces of the places feature — name folding, exact
 * coordinate parsing and checks, and point-in-polygon on the embedded
 * COD-AB areas (both sides of a boundary). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/store.h"
#include "places/places.h"

static void fold_cases(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"Rivière", "riviere"}, {"RIVIÈRE", "riviere"}, {"Petite  Rivière de l'Artibonite", "petite riviere de l artibonite"},
		{"Pont-Sondé", "pont sonde"}, {"Carrefour l’aéroport", "carrefour l aeroport"}, {"Pòtoprens", "potoprens"},
		{"Gonaïves", "gonaives"}, {"  Çà  ", "ca"}, {"Œuvre", "Œuvre"}, {"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *f = fold_name(cases[i][0]);
		assert_string_equal(f, cases[i][1]);
		free(f);
	}
}

static void coord_cases(void **state)
{
	(void)state;
	struct err e;
	long long v;
	assert_int_equal(coord_parse_or_err("lat", "18.58", &v, &e), 0);
	assert_int_equal(v, 185800000);
	assert_int_equal(coord_parse_or_err("lon", "-72.2925", &v, &e), 0);
	assert_int_equal(v, -722925000);
	assert_int_equal(coord_parse_or_err("lat", "18.1234567", &v, &e), 0);
	assert_int_equal(v, 181234567);
	static const char *const bad[] = {"18.12345678", "18,5", "18.", ".5", "1e2", "N18.5", "", "12345"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(coord_parse_or_err("lat", bad[i], &v, &e), -1);
	assert_int_equal(coord_check_pair_or_err("18.5435", "-72.3388", 1, &e), 0);
	assert_int_equal(coord_check_pair_or_err(NULL, NULL, 1, &e), 0);
	assert_int_equal(coord_check_pair_or_err("-72.3", "18.5", 1, &e), -1);
	assert_non_null(strstr(e.msg, "latitude and longitude look swapped"));
	assert_int_equal(coord_check_pair_or_err("40.7", "-74.0", 1, &e), -1);
	assert_int_equal(coord_check_pair_or_err("40.7", "-74.0", 0, &e), 0);
	assert_int_equal(coord_check_pair_or_err("18.5", NULL, 1, &e), -1);
	/* The bounding box's edges are inside. */
	assert_int_equal(coord_check_pair_or_err("18.0", "-74.5", 1, &e), 0);
	assert_int_equal(coord_check_pair_or_err("20.1", "-71.6", 1, &e), 0);
	assert_int_equal(coord_check_pair_or_err("17.9999999", "-72.0", 1, &e), -1);
}

static void pip_cases(void **state)
{
	(void)state;
	struct store s;
	struct err e;
	struct areas a;
	assert_int_equal(store_open_or_err(&s, ":memory:", STORE_WRITE | STORE_CREATE | STORE_MEMORY, &e), 0);
	assert_int_equal(admin_locate_or_err(&s, 185800000, -722925000, &a, &e), 0);
	assert_string_equal(a.pcode[0], "HT01");
	assert_string_equal(a.pcode[1], "HT0118");
	assert_string_equal(a.pcode[2], "HT0118-03");
	assert_int_equal(admin_locate_or_err(&s, 185435000, -723388000, &a, &e), 0);
	assert_string_equal(a.pcode[1], "HT0111");
	/* At sea, west of the Gonâve island: nothing. */
	assert_int_equal(admin_locate_or_err(&s, 189000000, -735000000, &a, &e), 0);
	assert_string_equal(a.pcode[0], "");
	store_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_cases),
		cmocka_unit_test(coord_cases),
		cmocka_unit_test(pip_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
