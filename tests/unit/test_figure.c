/* test_figure.c: the rules by which figures read to people (core/figure.c):
 * grouping in each style, exact amounts with their decimals, estimates in
 * three significant digits of millions or billions (both sides of each
 * scale's boundary), bounds said in millions only when no digit is lost;
 * sentences written from their parts (core/say.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/figure.h"
#include "core/say.h"

static const struct figure_style fr = {"\xE2\x80\xAF", 4, ",", "\xC2\xA0"};
static const struct figure_style es = {"\xE2\x80\xAF", 5, ".", "\xC2\xA0"};

static void test_decimal(void **state)
{
	(void)state;
	static const struct { const char *in; const struct figure_style *st; const char *out; } t[] = {
		{"600000000.00", &figure_style_cli, "600,000,000.00"},
		{"1234", &figure_style_cli, "1,234"},
		{"123", &figure_style_cli, "123"},
		{"-1234567.5", &figure_style_cli, "-1,234,567.5"},
		{"23.6", &fr, "23,6"},
		{"1234.5", &fr, "1\xE2\x80\xAF" "234,5"},
		{"1234.5", &es, "1234.5"},
		{"12345.5", &es, "12\xE2\x80\xAF" "345.5"},
		{"2025-01", &figure_style_cli, "2025-01"},
		{"1.", &figure_style_cli, "1."},
		{"", &figure_style_cli, ""},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		char buf[64];
		assert_string_equal(figure_decimal(t[i].in, t[i].st, buf, sizeof buf), t[i].out);
	}
	assert_string_equal(figure_number_format(2), "#,##0.00");
	assert_string_equal(figure_number_format(0), "#,##0");
	assert_string_equal(figure_number_format(4), "General");
	assert_string_equal(figure_number_format(-1), "General");
	char buf[32];
	assert_string_equal(figure_int(-1000, &figure_style_cli, buf, sizeof buf), "-1,000");
	assert_string_equal(figure_int(999, &figure_style_cli, buf, sizeof buf), "999");
}

static void test_money(void **state)
{
	(void)state;
	static const struct { const char *amount, *cur, *q, *out; } t[] = {
		/* exact: every digit, decimals as given */
		{"15000000.00", "USD", NULL, "15,000,000.00 USD"},
		{"15000000.00", "USD", "exact", "15,000,000.00 USD"},
		{"200000000", "USD", NULL, "200,000,000 USD"},
		{"0.00", "USD", NULL, "0.00 USD"},
		{"1.234", "KWD", NULL, "1.234 KWD"},
		/* estimates: three significant digits */
		{"600000000.00", "USD", "about", "about 600 million USD"},
		{"120000000.00", "USD", "about", "about 120 million USD"},
		{"75833135.00", "CAD", "about", "about 75.8 million CAD"},
		{"1250000.00", "USD", "about", "about 1.25 million USD"},
		{"1000000.00", "USD", "about", "about 1 million USD"},
		{"999999.00", "USD", "about", "about 1 million USD"},
		{"999499.99", "USD", "about", "about 999,000 USD"},
		{"12345.00", "USD", "about", "about 12,300 USD"},
		{"87.50", "USD", "about", "about 88 USD"},
		{"0.50", "USD", "about", "about 0.50 USD"},
		{"999600000.00", "USD", "about", "about 1 billion USD"},
		{"999400000.00", "USD", "about", "about 999 million USD"},
		{"2000000000.00", "KES", "about", "about 2 billion KES"},
		{"1234567890.00", "USD", "about", "about 1.23 billion USD"},
		{"1234567890123.00", "USD", "about", "about 1,230 billion USD"},
		/* bounds: millions only when no digit is lost */
		{"835000000.00", "USD", "at_least", "at least 835 million USD"},
		{"80000000.00", "USD", "at_least", "at least 80 million USD"},
		{"200000000.00", "USD", "at_most", "at most 200 million USD"},
		{"1500000.00", "USD", "at_most", "at most 1.5 million USD"},
		{"835400000.00", "USD", "at_least", "at least 835.4 million USD"},
		{"835412345.00", "USD", "at_least", "at least 835,412,345.00 USD"},
		{"999999.00", "USD", "at_least", "at least 999,999.00 USD"},
		{"3000000000.00", "USD", "at_least", "at least 3 billion USD"},
		/* no figure */
		{NULL, "USD", NULL, "-"},
		{"n/a", "USD", "about", "-"},
		{"600000000.00", NULL, "about", "about 600 million"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		char buf[96];
		assert_string_equal(figure_money(t[i].amount, t[i].cur, t[i].q, &figure_style_cli, NULL, NULL, buf,
						 sizeof buf), t[i].out);
	}
}

/* A translation that marks what it was asked. */
static const char *tr(void *ctx, const char *s, const char *pl, unsigned long long n, int fraction)
{
	static char out[4][64];
	int *i = ctx;
	snprintf(out[*i & 3], sizeof out[0], "%s<%s/%s:%llu%s>", "T", s, pl, n, fraction ? "+" : "");
	return out[(*i)++ & 3];
}

static void test_money_translated(void **state)
{
	(void)state;
	char buf[128];
	int i = 0;
	assert_string_equal(figure_money("1250000.00", "USD", "about", &fr, tr, &i, buf, sizeof buf),
			    "T<about/about:1> 1,25\xC2\xA0T<million/million:1+>\xC2\xA0USD");
	assert_string_equal(figure_money("15000000.00", "USD", NULL, &fr, tr, &i, buf, sizeof buf),
			    "15\xE2\x80\xAF" "000\xE2\x80\xAF" "000,00\xC2\xA0USD");
	/* A cut buffer stays a terminated string. */
	assert_string_equal(figure_money("15000000.00", "USD", NULL, &figure_style_cli, NULL, NULL, buf, 6), "15,00");
}

/* A sentence from its parts: each kind of hole in English with the command
 * line's figures; a hole the template names but lacks is left empty. */
static void test_say(void **state)
{
	(void)state;
	json_t *terms = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "name", "CAN", "amount", "8700000.00",
				  "currency", "USD", "name", "FRA", "amount", "3200000.00", "currency", "USD");
	json_t *said = say_new("{1} on {2}: {3} and {4} vs {5} ({6}); {7}{8}", say_words("trust_fund deposited"),
			       say_date("2024-04"), say_count(1000), say_money("600000000.00", "USD", "about"),
			       say_sum(terms), say_dates(json_pack("[s, s, s]", "2024-03-11", "2024-03", "2024")),
			       say_nested(say_new("{1}: {2}", say_name("MSS-HTI"), say_money("15.00", "USD", "exact"), NULL)),
			       NULL);
	char *t = say_english(said);
	assert_string_equal(t, "trust_fund deposited on 2024-04: 1,000 and about 600 million USD vs CAN 8,700,000.00 USD "
			       "+ FRA 3,200,000.00 USD (2024-03-11 and 2024-03 and 2024); MSS-HTI: 15.00 USD");
	free(t);
	/* "exact" is no qualifier: the JSON says null. */
	json_t *inner = json_object_get(json_array_get(json_object_get(said, "holes"), 6), "said");
	json_t *money = json_array_get(json_object_get(inner, "holes"), 1);
	assert_true(json_is_null(json_object_get(money, "qualifier")));
	json_decref(said);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_money_translated),
		cmocka_unit_test(test_say),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
