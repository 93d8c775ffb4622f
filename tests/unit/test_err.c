/* test_err.c: unit tests for the table of error codes (each word once, the
 * statuses the command line and the web give) and for store_row: a step
 * that SQLite itself fails (an interrupt, from a progress handler) is kept as
 * an internal error, not taken for the end of the rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/err.h"
#include "core/store.h"

static void test_codes(void **state)
{
	(void)state;
	static const struct { enum err_code code; const char *word; int exit_status, http; } want[] = {
		{E_BADINPUT, "bad_input", 2, 400},  {E_NOTFOUND, "not_found", 2, 404},
		{E_NOANSWER, "no_answer", 1, 404},  {E_FORBIDDEN, "forbidden", 2, 403},
		{E_DOESNOTHOLD, "does_not_hold", 4, 500}, {E_BUSY, "busy", 5, 503},
		{E_INTERNAL, "internal", 3, 500},   {E_UNAVAILABLE, "unavailable", 3, 503},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		struct err e = {0};
		assert_int_equal(err_set_code(&e, want[i].code, "x %d", 1), -1);
		assert_string_equal(e.msg, "x 1");
		assert_string_equal(err_word(&e), want[i].word);
		assert_int_equal(err_exit_status(&e), want[i].exit_status);
		assert_int_equal(err_http_status(&e), want[i].http);
	}
	/* Every code has a word, once, and a description; none answers 2xx. */
	for (int i = 0; i < E_N_CODES; i++) {
		assert_non_null(err_codes[i].word);
		assert_non_null(err_codes[i].means);
		assert_true(err_codes[i].http_status >= 400 && err_codes[i].exit_status > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(err_codes[i].word, err_codes[j].word);
	}
	/* A zeroed error, and err_set's, are bad input about nothing in particular. */
	struct err z = {0};
	assert_string_equal(err_word(&z), "bad_input");
	assert_int_equal(err_usage(&z, "name one record"), -1);
	assert_int_equal(z.scope, ERR_COMMAND);
	assert_int_equal(err_set(&z, "plain"), -1);
	assert_int_equal(z.scope, ERR_PLAIN);
	assert_int_equal(z.code, E_BADINPUT);
}

static int stop_after(void *left)
{
	return --*(int *)left < 0;      /* nonzero: SQLite interrupts the statement */
}

static void test_store_row(void **state)
{
	(void)state;
	struct store s;
	struct err e = {0};
	assert_int_equal(store_open_or_err(&s, ":memory:", STORE_WRITE | STORE_CREATE | STORE_MEMORY, &e), 0);
	assert_int_equal(store_exec_or_err(&s, "CREATE TEMP TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
					   "SELECT i + 1 FROM n WHERE i < 500) INSERT INTO t SELECT i FROM n", &e), 0);
	sqlite3_stmt *st = store_prep(&s, "SELECT x FROM t");
	int rows = 0;
	while (store_row(&s, st))
		rows++;
	sqlite3_reset(st);
	assert_int_equal(rows, 500);
	assert_int_equal(store_failed_or_err(&s, &e), 0);
	/* Interrupted part way: fewer rows, and the failure kept. */
	int left = 600;
	sqlite3_progress_handler(s.db, 1, stop_after, &left);
	rows = 0;
	while (store_row(&s, st))
		rows++;
	sqlite3_reset(st);
	sqlite3_progress_handler(s.db, 0, NULL, NULL);
	assert_true(rows > 0 && rows < 500);
	assert_int_equal(store_failed_or_err(&s, &e), -1);
	assert_int_equal(e.code, E_INTERNAL);
	assert_string_equal(e.msg, ":memory:: a read failed (interrupted): no answer is given rather than an "
			    "incomplete one, and nothing was changed");
	/* Told once: the store reads on afresh. */
	assert_int_equal(store_failed_or_err(&s, &e), 0);
	store_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_store_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
