/* test_trust.c: unit tests for small-count suppression (both sides of 5, the
 * second cell hidden beside a lone small one), roles and what each may
 * write, user names and password rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oversight/oversight.h"
#include "trust/users.h"

/* The counts as text: "4" for a number, "-" for "fewer than 5". */
static void shown(const json_t *o, const char *const *keys, size_t k, char *out)
{
	out[0] = 0;
	for (size_t i = 0; i < k; i++) {
		json_t *v = json_object_get(o, keys[i]);
		char one[32];
		if (json_is_integer(v))
			snprintf(one, sizeof one, "%lld", (long long)json_integer_value(v));
		else
			snprintf(one, sizeof one, "%s", !strcmp(json_string_value(v), SMALL_TEXT) ? "-" : "?");
		strcat(out, i ? " " : "");
		strcat(out, one);
	}
}

static void test_count_json(void **state)
{
	(void)state;
	static const struct { long long n; int exact; const char *want; } cases[] = {
		{0, 0, SMALL_TEXT}, {1, 0, SMALL_TEXT}, {4, 0, SMALL_TEXT}, {5, 0, NULL}, {6, 0, NULL},
		{0, 1, NULL}, {4, 1, NULL}, {5, 1, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *v = count_json(cases[i].n, cases[i].exact);
		if (cases[i].want)
			assert_string_equal(json_string_value(v), cases[i].want);
		else
			assert_int_equal(json_integer_value(v), cases[i].n);
		json_decref(v);
	}
}

static void test_counts_set(void **state)
{
	(void)state;
	static const char *const keys[] = {"a", "b", "c", "d"};
	static const struct { long long n[4]; int exact; const char *want; } cases[] = {
		{{9, 7, 5, 6}, 0, "9 7 5 6"},           /* none small */
		{{9, 7, 4, 6}, 0, "9 7 - -"},           /* one small: the smallest other (6) hidden too */
		{{9, 7, 0, 6}, 0, "9 7 - -"},
		{{9, 7, 4, 3}, 0, "9 7 - -"},           /* two small: nothing more to hide */
		{{1, 2, 3, 4}, 0, "- - - -"},
		{{9, 7, 4, 6}, 1, "9 7 4 6"},           /* oversight: exact */
		{{5, 5, 5, 5}, 0, "5 5 5 5"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *o = json_object();
		char out[64];
		counts_set(o, keys, cases[i].n, 4, cases[i].exact);
		shown(o, keys, 4, out);
		assert_string_equal(out, cases[i].want);
		json_decref(o);
	}
}

static void test_roles(void **state)
{
	(void)state;
	struct err e;
	enum role r;
	assert_int_equal(role_parse_or_err("oversight", &r, &e), 0);
	assert_int_equal(r, ROLE_OVERSIGHT);
	assert_int_equal(role_parse_or_err("public", &r, &e), -1);
	assert_int_equal(role_parse_or_err("admn", &r, &e), -1);
	assert_string_equal(e.msg, "--role: \"admn\" is not a role (did you mean admin?)");
	static const struct { enum role r; const char *kind; int may; } cases[] = {
		{ROLE_PUBLIC, "pledge", 0}, {ROLE_PUBLIC, "source", 0},
		{ROLE_EDITOR, "pledge", 1}, {ROLE_EDITOR, "source", 1}, {ROLE_EDITOR, "vetting", 0},
		{ROLE_EDITOR, "complaint", 0},
		{ROLE_OVERSIGHT, "vetting", 1}, {ROLE_OVERSIGHT, "complaint", 1}, {ROLE_OVERSIGHT, "source", 1},
		{ROLE_OVERSIGHT, "pledge", 0},
		{ROLE_ADMIN, "pledge", 1}, {ROLE_ADMIN, "complaint", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_int_equal(role_may_write_kind(cases[i].r, cases[i].kind), cases[i].may);
	assert_false(role_sees_restricted(ROLE_PUBLIC));
	assert_false(role_sees_restricted(ROLE_EDITOR));
	assert_true(role_sees_restricted(ROLE_OVERSIGHT));
	assert_true(role_sees_restricted(ROLE_ADMIN));
}

static void test_names_and_passwords(void **state)
{
	(void)state;
	struct err e;
	static const struct { const char *name; int ok; } names[] = {
		{"olive", 1}, {"a", 1}, {"j.doe@mss", 1}, {"x_1-2", 1}, {"", 0}, {"-x", 0}, {"a b", 0},
		{"a'b", 0}, {"a;b", 0},
		{"a234567890123456789012345678901234567890123456789012345678901234", 1},   /* 64 */
		{"a2345678901234567890123456789012345678901234567890123456789012345", 0},  /* 65 */
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		assert_int_equal(user_name_check_or_err(names[i].name, &e), names[i].ok ? 0 : -1);
	assert_int_equal(password_check_or_err("123456789", &e), -1);      /* 9 */
	assert_int_equal(password_check_or_err("1234567890", &e), 0);      /* 10 */
	assert_int_equal(password_check_or_err("12345\t67890", &e), -1);
	char long_pw[PASSWORD_MAX + 2];
	memset(long_pw, 'x', sizeof long_pw - 1);
	long_pw[PASSWORD_MAX + 1] = 0;
	assert_int_equal(password_check_or_err(long_pw, &e), -1);
	long_pw[PASSWORD_MAX] = 0;
	assert_int_equal(password_check_or_err(long_pw, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_json),
		cmocka_unit_test(test_counts_set),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_names_and_passwords),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
