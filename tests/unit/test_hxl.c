/* test_hxl.c: HXL hashtag specs as libhxl-python's Column.parse reads them
 * (#tag, then +attributes; tokens start with a letter; spaces at the ends and
 * before '+'; any case, lowered), valid and invalid side by side, and the
 * display form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/hxl.h"

static void column_free(struct hxl_column *c)
{
	free(c->tag);
	for (size_t i = 0; i < c->n_attrs; i++)
		free(c->attrs[i]);
	free(c->attrs);
	memset(c, 0, sizeof *c);
}

static void spec_cases(void **state)
{
	(void)state;
	/* cell, display form ("" when not a hashtag) */
	static const char *const cases[][2] = {
		{"#org", "#org"},
		{"#sector+es", "#sector+es"},
		{"#affected+f+children", "#affected+f+children"},
		{"  #adm1  ", "#adm1"},
		{"#Affected +F +Children", "#affected+f+children"},
		{"#x_source", "#x_source"},
		{"#value+funding+usd", "#value+funding+usd"},
		{"#org+name+a1_b2", "#org+name+a1_b2"},
		{"#indicator+num+personnel", "#indicator+num+personnel"},
		{"#sector+list+list", "#sector+list+list"},
		{"org", ""},
		{"#", ""},
		{"#1abc", ""},
		{"#_x", ""},
		{"#org+", ""},
		{"#org+1", ""},
		{"#org + name", ""},
		{"#org+name extra", ""},
		{"# org", ""},
		{"#org,#adm1", ""},
		{"#org-name", ""},
		{"#país", ""},
		{"Remarks", ""},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct hxl_column c = {0};
		char buf[256];
		int ok = hxl_parse_spec(cases[i][0], &c);
		assert_int_equal(ok, cases[i][1][0] != 0);
		assert_string_equal(hxl_display_tag(&c, buf, sizeof buf), cases[i][1]);
		column_free(&c);
	}
}

static void attribute_order(void **state)
{
	(void)state;
	struct hxl_column c = {0};
	assert_int_equal(hxl_parse_spec("#targeted+m+Adults", &c), 1);
	assert_string_equal(c.tag, "#targeted");
	assert_int_equal(c.n_attrs, 2);
	assert_string_equal(c.attrs[0], "m");
	assert_string_equal(c.attrs[1], "adults");
	column_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec_cases),
		cmocka_unit_test(attribute_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
