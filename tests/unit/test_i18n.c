/* test_i18n.c: the page languages — look-ups in the embedded .mo catalogues
 * (hash table, binary search, the other byte order, truncated data), plural
 * forms against each catalogue's Plural-Forms header, and the choice of a
 * language from ?lang= and Accept-Language (table-driven). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n/i18n.h"

static const struct lang *lang(const char *code)
{
	const struct lang *l = lang_by_tag(code);
	assert_non_null(l);
	return l;
}

static size_t mo_size(const struct lang *l)
{
	return (size_t)(l->mo_end - l->mo);
}

static void translations(void **state)
{
	(void)state;
	assert_string_equal(lang_tr(lang("fr"), "Strength"), "Effectifs");
	assert_string_equal(lang_tr(lang("ht"), "Strength"), "Efektif");
	assert_string_equal(lang_tr(lang("es"), "Strength"), "Efectivos");
	assert_string_equal(lang_tr(lang("en"), "Strength"), "Strength");
	assert_string_equal(lang_tr(NULL, "Strength"), "Strength");
	assert_string_equal(lang_tr(lang("fr"), "Back to the dashboard"), "Retour au tableau de bord");
	assert_string_equal(lang_tr(lang("es"), "Places"), "Lugares");
	/* Not in the catalogue: the msgid itself. */
	assert_string_equal(lang_tr(lang("fr"), "No such message in any catalogue"), "No such message in any catalogue");
	assert_null(mo_find(lang("fr")->mo, mo_size(lang("fr")), "No such message in any catalogue"));
	/* A plural entry's original is "singular\0plural": found by its singular only. */
	assert_null(mo_find(lang("fr")->mo, mo_size(lang("fr")), "{1} days left"));
	assert_string_equal(mo_find(lang("fr")->mo, mo_size(lang("fr")), "{1} day left"), "{1} jour restant");
}

static void plurals(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		unsigned long long n;
		const char *want;
	} cases[] = {
		{"en", 0, "{1} days left"}, {"en", 1, "{1} day left"}, {"en", 2, "{1} days left"},
		{"fr", 0, "{1} jour restant"}, {"fr", 1, "{1} jour restant"}, {"fr", 2, "{1} jours restants"},
		{"es", 0, "quedan {1} días"}, {"es", 1, "queda {1} día"}, {"es", 2, "quedan {1} días"},
		{"ht", 0, "{1} jou ki rete"}, {"ht", 1, "{1} jou ki rete"}, {"ht", 271, "{1} jou ki rete"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_string_equal(lang_trn(lang(cases[i].code), "{1} day left", "{1} days left", cases[i].n), cases[i].want);
	/* Each catalogue's header names the rule the code applies. */
	for (size_t i = 1; i < lang_n; i++) {
		const struct lang *l = &lang_all[i];
		const char *header = mo_find(l->mo, mo_size(l), "");
		assert_non_null(header);
		char want[128];
		snprintf(want, sizeof want, "Plural-Forms: %s\n", l->plural_forms);
		assert_non_null(strstr(header, want));
		char code[32];
		snprintf(code, sizeof code, "Language: %s\n", l->code);
		assert_non_null(strstr(header, code));
	}
}

static uint32_t rd(const unsigned char *p, size_t off)
{
	uint32_t v;
	memcpy(&v, p + off, 4);
	return v;
}

static void wr(unsigned char *p, size_t off, uint32_t v)
{
	memcpy(p + off, &v, 4);
}

/* Without its hash table (binary search) and in the other byte order, the
 * catalogue answers the same for every message of the French one. */
static void other_layouts(void **state)
{
	(void)state;
	const struct lang *fr = lang("fr");
	size_t size = mo_size(fr);
	unsigned char *nohash = malloc(size), *swapped = malloc(size);
	memcpy(nohash, fr->mo, size);
	wr(nohash, 20, 0);
	memcpy(swapped, fr->mo, size);
	uint32_t n = rd(fr->mo, 8), orig = rd(fr->mo, 12), trans = rd(fr->mo, 16);
	uint32_t hsize = rd(fr->mo, 20), hoff = rd(fr->mo, 24);
	for (size_t off = 0; off < 28; off += 4)
		wr(swapped, off, __builtin_bswap32(rd(fr->mo, off)));
	for (uint32_t i = 0; i < 2 * n; i++) {
		wr(swapped, orig + 4 * i, __builtin_bswap32(rd(fr->mo, orig + 4 * i)));
		wr(swapped, trans + 4 * i, __builtin_bswap32(rd(fr->mo, trans + 4 * i)));
	}
	for (uint32_t i = 0; i < hsize; i++)
		wr(swapped, hoff + 4 * i, __builtin_bswap32(rd(fr->mo, hoff + 4 * i)));
	assert_true(hsize > 0 && n > 200);
	for (uint32_t i = 0; i < n; i++) {
		const char *id = (const char *)fr->mo + rd(fr->mo, orig + 8 * i + 4);
		const char *want = mo_find(fr->mo, size, id);
		assert_non_null(want);
		assert_string_equal(mo_find(nohash, size, id), want);
		assert_string_equal(mo_find(swapped, size, id), want);
	}
	free(nohash);
	free(swapped);
}

/* Cut anywhere, or with a wild offset, a catalogue gives NULL, never a read
 * outside it (the sanitizer run checks the reads). */
static void damaged(void **state)
{
	(void)state;
	const struct lang *es = lang("es");
	size_t size = mo_size(es);
	for (size_t cut = 0; cut < size; cut += cut < 64 ? 1 : 97) {
		unsigned char *p = malloc(cut ? cut : 1);
		memcpy(p, es->mo, cut);
		const char *t = mo_find(p, cut, "Strength");
		assert_true(t == NULL || (t >= (const char *)p && t < (const char *)p + cut));
		free(p);
	}
	unsigned char *p = malloc(size);
	memcpy(p, es->mo, size);
	wr(p, 12, 0xfffffff0u);         /* the originals' table far outside */
	assert_null(mo_find(p, size, "Strength"));
	memcpy(p, es->mo, size);
	wr(p, 0, 0x12345678u);          /* not a catalogue */
	assert_null(mo_find(p, size, "Strength"));
	assert_null(mo_find(NULL, 0, "Strength"));
	free(p);
}

static void accept_language(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"ht, fr;q=0.8", "ht"},
		{"fr-CA,fr;q=0.9,en;q=0.8", "fr"},
		{"de-DE, es;q=0.5", "es"},
		{"de", NULL},
		{"", NULL},
		{"*", "en"},
		{"fr;q=0, *;q=0.5", "en"},
		{"en;q=0.1, es;q=0.9", "es"},
		{"ES", "es"},
		{"es-419", "es"},
		{"fr;q=1.5, es;q=0.2", "es"},          /* q above 1: the entry is skipped */
		{"fr;q=abc, ht", "ht"},
		{"fr;q=0.800, es;q=0.8", "fr"},        /* a tie: the earlier */
		{"es;q=0.8, fr;q=0.800", "es"},
		{"  ht-HT  ;  q=0.7 , fr ; q=0.6", "ht"},
		{"en;q=0, fr;q=0, ht;q=0, es;q=0", NULL},
		{"fil, fi", NULL},
		{"frr, f", NULL},
		{"fr;level=1, es;q=0.4", "es"},         /* only q may follow a range */
		{"fr;q=0.0001, es;q=0.001", "es"},     /* four decimals: skipped */
		{",,, ;q=1, es", "es"},
		{"fr-CA;q=0.3, fr;q=0.9, ht;q=0.5", "fr"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct lang *l = lang_from_accept(cases[i][0]);
		if (!cases[i][1]) {
			if (l)
				fail_msg("\"%s\" gave %s, want none", cases[i][0], l->code);
			continue;
		}
		if (!l || strcmp(l->code, cases[i][1]))
			fail_msg("\"%s\" gave %s, want %s", cases[i][0], l ? l->code : "none", cases[i][1]);
	}
	assert_null(lang_from_accept(NULL));
}

static void choose(void **state)
{
	(void)state;
	assert_string_equal(lang_choose("fr", "es")->code, "fr");
	assert_string_equal(lang_choose("xx", "es")->code, "es");
	assert_string_equal(lang_choose("xx", NULL)->code, "en");
	assert_string_equal(lang_choose(NULL, NULL)->code, "en");
	assert_string_equal(lang_choose("", "ht")->code, "ht");
	assert_string_equal(lang_by_tag("fr_FR")->code, "fr");
	assert_null(lang_by_tag("f"));
	assert_null(lang_by_tag(""));
	assert_null(lang_by_tag(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(translations), cmocka_unit_test(plurals), cmocka_unit_test(other_layouts),
		cmocka_unit_test(damaged), cmocka_unit_test(accept_language), cmocka_unit_test(choose),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
