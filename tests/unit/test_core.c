/* test_core.c: unit tests for dates, canonical records, hashing, percentages
 * and field normalisation. Table-driven; both sides of each boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/answer.h"
#include "core/date.h"
#include "core/hash.h"
#include "core/iso.h"
#include "core/json_text.h"
#include "core/record.h"

static void test_dates(void **state)
{
	(void)state;
	static const struct { const char *in; int ok; int prec, lo, hi; } cases[] = {
		{"2024-06-25", 1, DATE_DAY, 20240625, 20240625},
		{"2025-01", 1, DATE_MONTH, 20250101, 20250131},
		{"2024-02", 1, DATE_MONTH, 20240201, 20240229},
		{"2023-02", 1, DATE_MONTH, 20230201, 20230228},
		{"2025", 1, DATE_YEAR, 20250101, 20251231},
		{"", 1, DATE_UNKNOWN, DATE_MIN, DATE_MAX},
		{"2024-02-29", 1, DATE_DAY, 20240229, 20240229},
		{"2023-02-29", 0, 0, 0, 0},
		{"2024-02-30", 0, 0, 0, 0},
		{"2024-04-31", 0, 0, 0, 0},
		{"2024-13-01", 0, 0, 0, 0},
		{"2024-00-10", 0, 0, 0, 0},
		{"2024-01-00", 0, 0, 0, 0},
		{"03/01/2025", 0, 0, 0, 0},
		{"2025-1-4", 0, 0, 0, 0},
		{"20250104", 0, 0, 0, 0},
		{"2025-01-04T00:00", 0, 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct mdate d;
		struct err e = {0};
		int rc = date_parse_or_err(cases[i].in, &d, &e);
		if (cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(d.prec, cases[i].prec);
			assert_int_equal(d.lo, cases[i].lo);
			assert_int_equal(d.hi, cases[i].hi);
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(e.msg, cases[i].in));
		}
	}
	struct err e = {0};
	struct mdate d;
	date_parse_or_err("2024-02-30", &d, &e);
	assert_string_equal(e.msg, "\"2024-02-30\" is not a date: 2024-02 has 29 days (write a real day, "
			    "or the month 2024-02 if the day is not known)");
}

static void test_day_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(day_number(19700101), 0);
	assert_int_equal(day_number(20251002) - day_number(20250901), 31);
	assert_int_equal(day_number(20250101) - day_number(20241231), 1);
	assert_int_equal(day_from_number(day_number(20240229)), 20240229);
	for (int ymd = 20231201, i = 0; i < 500; i++) {
		long n = day_number(ymd);
		assert_int_equal(day_number(day_from_number(n + 1)), n + 1);
		ymd = day_from_number(n + 1);
	}
	char buf[11];
	assert_string_equal(day_format(20250104, buf), "2025-01-04");
	struct err e = {0};
	int day;
	assert_int_equal(day_parse_or_err("2025-01", &day, &e), -1);
	assert_string_equal(e.msg, "\"2025-01\" is not a day (write YYYY-MM-DD, e.g. 2025-01-04)");
}

static void test_canonical_and_hash(void **state)
{
	(void)state;
	json_t *a = json_pack("{s:s, s:i, s:[s,s], s:s}", "kind", "arrival", "personnel", 400, "sources", "b", "a",
			      "note", "Pétion-Ville / \"quoted\"");
	json_t *b = json_pack("{s:s, s:[s,s], s:i, s:s}", "note", "Pétion-Ville / \"quoted\"", "sources", "b", "a",
			      "personnel", 400, "kind", "arrival");
	char *ta = record_canonical(a), *tb = record_canonical(b);
	assert_string_equal(ta, tb);
	assert_string_equal(ta, "{\"kind\":\"arrival\",\"note\":\"Pétion-Ville / \\\"quoted\\\"\","
			    "\"personnel\":400,\"sources\":[\"b\",\"a\"]}");
	assert_int_equal(hash_init(), 0);
	char h[HASH_HEX], c[HASH_HEX];
	hash_sha256_hex("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hash_chain("0000000000000000000000000000000000000000000000000000000000000000", h, c);
	assert_int_equal(strlen(c), 64);
	assert_string_not_equal(c, h);
	free(ta);
	free(tb);
	json_decref(a);
	json_decref(b);
}

/* A value for the canonical-text test: strings of every ASCII byte (the
 * escapes), some past ASCII (left to jansson), integers at the extremes,
 * nested arrays and objects, keys that begin one another. */
static json_t *random_value(unsigned *seed, int depth)
{
	static const char *const keys[] = {"a", "ab", "a\x01", "A", "b", "", "kind", "sources", "\"q\"", "a b",
					   "entered_at", "z\\", "\x7f", "\t"};
	static const json_int_t ints[] = {0, 1, -1, 9, 10, -10, 400, 2147483647, -2147483648LL,
					  9223372036854775807LL, -9223372036854775807LL - 1};
	unsigned r = (unsigned)rand_r(seed);
	switch (depth > 2 ? r % 6 : r % 8) {
	case 0: {
		char s[24];
		size_t n = (size_t)rand_r(seed) % sizeof s;
		for (size_t i = 0; i < n; i++)
			s[i] = (char)(rand_r(seed) % 128);
		return json_stringn(s, n);
	}
	case 5: {
		/* Pieces of UTF-8, good and bad: overlong forms, surrogates, past
		 * U+10FFFF, cut sequences, stray continuation bytes. */
		static const char *const bits[] = {"é", "Ç", "€", "𝄞", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
						   "\xf4\x90\x80\x80", "\xf5", "\xc3", "\x80", "\xef\xbf\xbf", "a",
						   "\xf0\x9f\x98", "\xe2\x82"};
		char s[64] = "";
		int bad = rand_r(seed) % 4 == 0;
		for (int i = rand_r(seed) % 5; i > 0; i--) {
			size_t b = (unsigned)rand_r(seed) % (sizeof bits / sizeof *bits);
			if (!bad && b >= 4 && b <= 10)
				b = 0;
			if (!bad && b >= 13)
				b = 12;
			strcat(s, bits[b]);
		}
		return json_stringn_nocheck(s, strlen(s));
	}
	case 1:
		return json_integer(ints[(unsigned)rand_r(seed) % (sizeof ints / sizeof *ints)]);
	case 2:
		return rand_r(seed) % 2 ? json_true() : json_false();
	case 3:
		return rand_r(seed) % 2 ? json_null() : json_string("Pétion-Ville");
	case 4:
		return json_integer((json_int_t)rand_r(seed) - RAND_MAX / 2);
	case 6: {
		json_t *a = json_array();
		for (int i = rand_r(seed) % 4; i > 0; i--)
			json_array_append_new(a, random_value(seed, depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		for (int i = rand_r(seed) % 8; i > 0; i--)
			json_object_set_new(o, keys[(unsigned)rand_r(seed) % (sizeof keys / sizeof *keys)],
					    random_value(seed, depth + 1));
		return o;
	}
	}
}

/* record_canonical writes exactly the bytes jansson's json_dumps writes
 * with JSON_COMPACT | JSON_SORT_KEYS (the ids of every record depend on it),
 * json_text those of JSON_INDENT(n), and both fail where jansson fails. */
static void test_canonical_is_jansson(void **state)
{
	(void)state;
	unsigned seed = 20261123;
	for (int i = 0; i < 20000; i++) {
		json_t *rec = json_object();
		for (int k = rand_r(&seed) % 12; k > 0; k--) {
			char key[16];
			snprintf(key, sizeof key, "%c%d", 'a' + rand_r(&seed) % 26, rand_r(&seed) % 3);
			json_object_set_new(rec, key, random_value(&seed, 0));
		}
		if (i % 100 == 0)
			json_object_set_new(rec, "lat", json_real(18.5392));
		char *want = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);
		char *got = record_canonical(rec);
		if (want) {
			assert_non_null(got);
			assert_string_equal(got, want);
		} else {
			assert_null(got);       /* a string that is not UTF-8 */
		}
		free(want);
		free(got);
		/* The indented answers, keys in the order they were set. */
		int indent = 1 + i % 4;
		want = json_dumps(rec, JSON_INDENT(indent));
		got = json_text(rec, indent);
		if (want) {
			assert_non_null(got);
			assert_string_equal(got, want);
		} else {
			assert_null(got);
		}
		free(want);
		free(got);
		json_decref(rec);
	}
}

/* Reading a canonical body without parsing it (CSV export): members in
 * order with their raw values, and string escapes undone. */
static void test_members_and_unescape(void **state)
{
	(void)state;
	const char *body = "{\"a\":\"x,\\\"y\",\"b\":[\"s\",{\"c\":[1,2]}],\"d\":-5,\"e\":null,\"f\":{}}";
	const char *p = body, *k, *v;
	size_t kl, vl;
	static const char *const want[][2] = {{"a", "\"x,\\\"y\""}, {"b", "[\"s\",{\"c\":[1,2]}]"}, {"d", "-5"},
					      {"e", "null"}, {"f", "{}"}};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(record_member_next(&p, &k, &kl, &v, &vl), 1);
		assert_int_equal(kl, strlen(want[i][0]));
		assert_memory_equal(k, want[i][0], kl);
		assert_int_equal(vl, strlen(want[i][1]));
		assert_memory_equal(v, want[i][1], vl);
	}
	assert_int_equal(record_member_next(&p, &k, &kl, &v, &vl), 0);
	p = "{}";
	assert_int_equal(record_member_next(&p, &k, &kl, &v, &vl), 0);
	p = "{5:1}";
	assert_int_equal(record_member_next(&p, &k, &kl, &v, &vl), -1);
	char out[64];
	const char *esc = "q\\\"b\\\\s\\/t\\tn\\n\\u00e9\\ud834\\udd1e\\u0041";
	size_t n = record_unescape(esc, strlen(esc), out);
	assert_string_equal(out, "q\"b\\s/t\tn\n\xc3\xa9\xf0\x9d\x84\x9e" "A");
	assert_int_equal(n, strlen(out));
}

/* The statement cut from the canonical text equals the one jansson writes
 * from the record without entered_by and entered_at, for every place those
 * fields can take and for text that looks like them. */
static void test_statement_from_canonical(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"{\"kind\":\"arrival\",\"country\":\"KEN\",\"personnel\":400,\"sources\":[\"a\",\"b\"],"
		"\"entered_by\":\"tester\",\"entered_at\":\"2026-11-23T12:00:00Z\"}",
		"{\"kind\":\"retraction\",\"retracts\":\"abc\",\"reason\":\"x\",\"entered_at\":\"t\",\"entered_by\":\"u\"}",
		"{\"kind\":\"source\",\"ref\":\"s\",\"entered_by\":\"only by\"}",
		"{\"kind\":\"source\",\"ref\":\"s\",\"entered_at\":\"only at\"}",
		"{\"kind\":\"source\",\"ref\":\"s\"}",
		"{\"entered_at\":\"t\",\"entered_by\":\"u\"}",
		"{}",
		"{\"note\":\"a \\\"quoted\\\" \\\\ \\\",\\\"entered_at\\\":\\\"x\",\"entered_at\":\"t\",\"entered_by\":\"u\","
		"\"kind\":\"arrival\"}",
		"{\"note\":\"ends in a backslash \\\\\",\"entered_at\":\"t\\\\\",\"entered_by\":\"\\\"u\\\"\",\"z\":[\"]\",\"}\"]}",
		"{\"cite\":\"entered_at\",\"entered_atx\":\"keep\",\"entered_b\":\"keep\",\"entered_by\":\"u\",\"n\":-5}",
		"{\"verbatim\":\"\\u001f tab\\t line\\n \\u00e9 é\",\"entered_by\":\"u\",\"x\":{\"entered_at\":\"nested\"}}",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_error_t je;
		json_t *rec = json_loads(cases[i], 0, &je);
		assert_non_null(rec);
		char *canon = record_canonical(rec);
		char *want = record_statement(rec);
		char *got = record_statement_canonical(canon);
		assert_string_equal(got, want);
		free(canon);
		free(want);
		free(got);
		json_decref(rec);
	}
}

static void test_percent(void **state)
{
	(void)state;
	char buf[16];
	answer_percent(590, 2500, buf);
	assert_string_equal(buf, "23.6");
	answer_percent(115, 600, buf);
	assert_string_equal(buf, "19.2");
	answer_percent(1, 3, buf);
	assert_string_equal(buf, "33.3");
	answer_percent(2, 3, buf);
	assert_string_equal(buf, "66.7");
	answer_percent(0, 0, buf);
	assert_string_equal(buf, "n/a");
}

static void test_normalize(void **state)
{
	(void)state;
	struct err e = {0};
	assert_int_equal(iso_load_or_err(&e), 0);
	static const struct { const char *json; const char *msg; } bad[] = {
		{"{\"kind\":\"pledge\",\"country\":\"KNY\",\"status\":\"formal\",\"sources\":\"s\"}",
		 "field \"country\": \"KNY\" is not an ISO 3166-1 alpha-3 code (did you mean KEN?)"},
		{"{\"kind\":\"arrival\",\"country\":\"KEN\",\"personnel\":\"-5\",\"sources\":\"s\"}",
		 "field \"personnel\": \"-5\" is negative (a count of people is 0 or more)"},
		{"{\"kind\":\"arrival\",\"country\":\"KEN\",\"personnel\":\"400\"}",
		 "field \"sources\": missing (every arrival cites at least one source ref; add the source first "
		 "with muster add source)"},
		{"{\"kind\":\"arival\"}", "field \"kind\": \"arival\" is not a kind of record (did you mean arrival?)"},
		{"{\"kind\":\"arrival\",\"country\":\"KEN\",\"personel\":\"4\",\"sources\":\"s\"}",
		 "field \"personel\": an arrival has no such field (did you mean personnel?)"},
		{"{\"kind\":\"pledge\",\"country\":\"KEN\",\"status\":\"formel\",\"sources\":\"s\"}",
		 "field \"status\": \"formel\" is not one of announced, formal, withdrawn (did you mean formal?)"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *in = json_loads(bad[i].json, 0, NULL), *out = NULL;
		assert_non_null(in);
		assert_int_equal(record_normalize_or_err(in, &out, &e), -1);
		assert_string_equal(e.msg, bad[i].msg);
		assert_null(out);
		json_decref(in);
	}
	json_t *in = json_loads("{\"kind\":\"arrival\",\"country\":\"ken\",\"personnel\":\" 400 \",\"unit\":\"\","
				"\"sources\":\"a; b\",\"date\":\"2024-06-25\"}", 0, NULL), *out;
	assert_int_equal(record_normalize_or_err(in, &out, &e), 0);
	char *t = record_canonical(out);
	assert_string_equal(t, "{\"country\":\"KEN\",\"date\":\"2024-06-25\",\"kind\":\"arrival\",\"personnel\":400,"
			    "\"sources\":[\"a\",\"b\"]}");
	free(t);
	json_decref(in);
	json_decref(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_day_arithmetic),
		cmocka_unit_test(test_canonical_and_hash),
		cmocka_unit_test(test_canonical_is_jansson),
		cmocka_unit_test(test_members_and_unescape),
		cmocka_unit_test(test_statement_from_canonical),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_normalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
