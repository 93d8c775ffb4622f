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

/* FTS's check: |amountUSD - originalAmount / exchangeRate| > 1 USD, exactly,
 * on both sides of the boundary (the rate is units of the original currency
 * per dollar, as FTS gives it). */
static void test_fts_rate(void **state)
{
	(void)state;
	static const struct { long long usd, orig; const char *cur, *rate; int off; long long expected; } t[] = {
		{434883700, 374000000, "EUR", "0.86", 0, 434883721}, /* FTS flow 162816: 3740000 EUR / 0.86 */
		{112500, 90000, "EUR", "0.8", 0, 112500},            /* 900 EUR / 0.8 = 1125 USD exactly */
		{112400, 90000, "EUR", "0.8", 0, 112500},            /* 1 USD off is not more than 1 */
		{112399, 90000, "EUR", "0.8", 1, 112500},            /* 1.01 USD off */
		{112601, 90000, "EUR", "0.8", 1, 112500},            /* the other side */
		{100000, 100000, "USD", "1", 0, 100000},
		{880, 1000, "JPY", "113.6", 0, 880},                 /* 1000 yen (no minor units) / 113.6 = 8.80 USD */
		{1000, 1000, "JPY", "113.6", 1, 880},                /* 10.00 USD is 1.20 off */
		{332, 1000, "KWD", "0.301", 0, 332},                 /* 1.000 KWD (3 decimals) / 0.301 = 3.32 USD */
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		long long units, expected = -1;
		int scale;
		char norm[40];
		struct err e = {0};
		assert_int_equal(rate_parse_or_err("rate", t[i].rate, &units, &scale, norm, &e), 0);
		assert_int_equal(fts_rate_mismatch(t[i].usd, t[i].orig, t[i].cur, units, scale, &expected), t[i].off);
		assert_int_equal(expected, t[i].expected);
	}
}

/* Countries by the names FTS and IATI give them. */
static void test_country_names(void **state)
{
	(void)state;
	assert_string_equal(iso_country_by_name("Korea, Republic of"), "KOR");
	assert_string_equal(iso_country_by_name("South Korea"), "KOR");
	assert_string_equal(iso_country_by_name("united kingdom"), "GBR");
	assert_string_equal(iso_country_by_name("United Kingdom of Great Britain and Northern Ireland"), "GBR");
	assert_string_equal(iso_country_by_name("Haiti"), "HTI");
	assert_null(iso_country_by_name("Central Emergency Response Fund"));
	assert_null(iso_country_by_name("Germany, Government of"));
	assert_string_equal(iso_country_alpha2("HTI"), "HT");
	assert_null(iso_country_alpha2("XXX"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_convert),
		cmocka_unit_test(test_fts_rate),
		cmocka_unit_test(test_country_names),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
