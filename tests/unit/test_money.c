/* test_money.c: exact decimal amounts — parsing against the currency's
 * minor units (both sides of each boundary), formatting, rates and exact
 * conversion with rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/iso.h"
#include "money/money.h"

static int setup(void **state)
{
	(void)state;
	struct err e;
	return iso_load_or_err(&e);
}

static void test_parse_ok(void **state)
{
	(void)state;
	static const struct { const char *text, *cur; long long minor; const char *out; } t[] = {
		{"10800000", "USD", 1080000000LL, "10800000.00"},
		{"10800000.00", "USD", 1080000000LL, "10800000.00"},
		{"10800000.5", "USD", 1080000050LL, "10800000.50"},
		{"0", "USD", 0, "0.00"},
		{"007", "USD", 700, "7.00"},
		{"100", "JPY", 100, "100"},
		{"1.234", "KWD", 1234, "1.234"},
		{"2000000000", "KES", 200000000000LL, "2000000000.00"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct err e = {0};
		long long m = -1;
		char buf[32];
		assert_int_equal(money_parse_or_err("amount", t[i].text, t[i].cur, &m, &e), 0);
		assert_int_equal(m, t[i].minor);
		assert_string_equal(money_format(m, t[i].cur, buf), t[i].out);
	}
}

static void test_parse_bad(void **state)
{
	(void)state;
	static const struct { const char *text, *cur, *want; } t[] = {
		{"1,5 million", "USD", "no separators"},
		{"1,500,000", "USD", "no separators"},
		{"-5", "USD", "is negative"},
		{"10.123", "USD", "has 3 decimals but USD has 2"},
		{"100.5", "JPY", "JPY has no minor units"},
		{"8.7e6", "USD", "no words, signs or exponents"},
		{"", "USD", "not a plain amount"},
		{".5", "USD", "not a plain amount"},
		{"5.", "USD", "not a plain amount"},
		{"+5", "USD", "not a plain amount"},
		{"10000000000000000", "USD", "too large"},
		{"5", "XYZ", "currency \"XYZ\" is unknown"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct err e = {0};
		long long m;
		assert_int_equal(money_parse_or_err("amount", t[i].text, t[i].cur, &m, &e), -1);
		assert_non_null(strstr(e.msg, t[i].want));
		assert_non_null(strstr(e.msg, "field \"amount\""));
	}
}

static void test_rate(void **state)
{
	(void)state;
	struct err e = {0};
	long long u;
	int sc;
	char norm[40];
	assert_int_equal(rate_parse_or_err("rate", "0.7400", &u, &sc, norm, &e), 0);
	assert_int_equal(u, 74);
	assert_int_equal(sc, 2);
	assert_string_equal(norm, "0.74");
	assert_int_equal(rate_parse_or_err("rate", "0", &u, &sc, norm, &e), -1);
	assert_int_equal(rate_parse_or_err("rate", "0.000", &u, &sc, norm, &e), -1);
	assert_int_equal(rate_parse_or_err("rate", "1e3", &u, &sc, norm, &e), -1);
	assert_int_equal(rate_parse_or_err("rate", "0.0000000000001", &u, &sc, norm, &e), -1);
}

static void test_convert(void **state)
{
	(void)state;
	long long out;
	/* 80,500,000.00 CAD at 0.74 USD per CAD */
	assert_int_equal(money_convert(8050000000LL, "CAD", "USD", 74, 2, 0, &out), 0);
	assert_int_equal(out, 5957000000LL);
	/* 3,200,000.00 USD into CAD at the same rate inverted: 4,324,324.324… -> .32 */
	assert_int_equal(money_convert(320000000LL, "USD", "CAD", 74, 2, 1, &out), 0);
	assert_int_equal(out, 432432432LL);
	/* half a cent rounds up: 0.01 USD at 0.5 -> 0.005 -> 0.01 */
	assert_int_equal(money_convert(1, "USD", "EUR", 5, 1, 0, &out), 0);
	assert_int_equal(out, 1);
	/* into a currency without minor units: 100.00 USD at 150.25 JPY -> 15025 */
	assert_int_equal(money_convert(10000, "USD", "JPY", 15025, 2, 0, &out), 0);
	assert_int_equal(out, 15025);
	assert_int_equal(money_convert(-1, "USD", "JPY", 1, 0, 0, &out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_convert),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
