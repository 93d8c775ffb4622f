/* iso.c: loading the iso-codes lists and checking codes against them. */
#include "iso.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct code {
	char code[4];
	char alpha2[3];         /* countries only */
	char *name;
	char *other_names[2];   /* countries: the list's name and official name beside name */
	int minor;              /* currencies only */
};

static struct code *countries, *currencies;
static size_t n_countries, n_currencies;
/* Each list is parsed on its first use (a question about strength needs no
 * currencies); a failure is kept and reported by every use. */
static int country_failed, currency_failed;
static char country_msg[512], currency_msg[512];
static pthread_once_t country_once = PTHREAD_ONCE_INIT, currency_once = PTHREAD_ONCE_INIT;

static int cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct code *)a)->code, ((const struct code *)b)->code);
}

static const char *iso_dir(void)
{
	const char *d = getenv("MUSTER_ISO_CODES");
	return d && *d ? d : "/usr/share/iso-codes/json";
}

/* Minor units are not in iso-codes; these currencies differ from the usual 2.
 * (ISO 4217 amendment list; the rest of the world uses 2.) */
static int minor_units(const char *c)
{
	static const char *const zero[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF",
		"KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
	static const char *const three[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
	static const char *const none[] = {"XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR",
		"XPD", "XPT", "XSU", "XTS", "XUA", "XXX"};
	for (size_t i = 0; i < sizeof zero / sizeof *zero; i++)
		if (!strcmp(c, zero[i])) return 0;
	for (size_t i = 0; i < sizeof three / sizeof *three; i++)
		if (!strcmp(c, three[i])) return 3;
	for (size_t i = 0; i < sizeof none / sizeof *none; i++)
		if (!strcmp(c, none[i])) return 0;
	if (!strcmp(c, "CLF") || !strcmp(c, "UYW")) return 4;
	return 2;
}

static int load_list(const char *file, const char *key, int currency,
		     struct code **out, size_t *n_out, char *load_msg, size_t msg_size)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", iso_dir(), file);
	/* Read at once: json_load_file reads a character at a time, which costs
	 * more than the parse on every command's start. */
	json_error_t je;
	json_t *root = NULL;
	FILE *f = fopen(path, "rb");
	if (f) {
		char *buf = NULL;
		size_t len = 0, cap = 0, got;
		do {
			if (len == cap) {
				cap = cap ? cap * 2 : 65536;
				buf = realloc(buf, cap);
			}
			got = fread(buf + len, 1, cap - len, f);
			len += got;
		} while (got > 0);
		fclose(f);
		root = json_loadb(buf, len, 0, &je);
		free(buf);
	} else {
		root = json_load_file(path, 0, &je);    /* for its message */
	}
	if (!root) {
		snprintf(load_msg, msg_size, "%s: cannot read the ISO code list (%s); "
			 "install Debian's iso-codes package: apt-get install iso-codes", path, je.text);
		return -1;
	}
	json_t *arr = json_object_get(root, key);
	size_t n = json_array_size(arr);
	struct code *v = calloc(n ? n : 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(arr, i);
		const char *a3 = json_string_value(json_object_get(it, "alpha_3"));
		const char *nm = json_string_value(json_object_get(it, "common_name"));
		if (!nm)
			nm = json_string_value(json_object_get(it, "name"));
		if (!a3 || strlen(a3) != 3 || !nm)
			continue;
		memcpy(v[k].code, a3, 4);
		const char *a2 = json_string_value(json_object_get(it, "alpha_2"));
		snprintf(v[k].alpha2, sizeof v[k].alpha2, "%s", a2 && strlen(a2) == 2 ? a2 : "");
		v[k].name = strdup(nm);
		const char *alt[2] = {json_string_value(json_object_get(it, "name")),
				      json_string_value(json_object_get(it, "official_name"))};
		for (int j = 0; j < 2; j++)
			v[k].other_names[j] = !currency && alt[j] && strcmp(alt[j], nm) ? strdup(alt[j]) : NULL;
		v[k].minor = currency ? minor_units(a3) : 0;
		k++;
	}
	json_decref(root);
	qsort(v, k, sizeof *v, cmp_code);
	*out = v;
	*n_out = k;
	return 0;
}

static void load_countries(void)
{
	country_failed = load_list("iso_3166-1.json", "3166-1", 0, &countries, &n_countries, country_msg,
				   sizeof country_msg) < 0;
}

static void load_currencies(void)
{
	currency_failed = load_list("iso_4217.json", "4217", 1, &currencies, &n_currencies, currency_msg,
				    sizeof currency_msg) < 0;
}

static int countries_or_err(struct err *e)
{
	pthread_once(&country_once, load_countries);
	return country_failed ? err_set_code(e, EXIT_INTERNAL, "%s", country_msg) : 0;
}

static int currencies_or_err(struct err *e)
{
	pthread_once(&currency_once, load_currencies);
	return currency_failed ? err_set_code(e, EXIT_INTERNAL, "%s", currency_msg) : 0;
}

int iso_load_or_err(struct err *e)
{
	/* Parsing waits for the first use; a missing list is reported now. */
	char path[1024];
	snprintf(path, sizeof path, "%s/iso_3166-1.json", iso_dir());
	if (access(path, R_OK) != 0 && countries_or_err(e) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/iso_4217.json", iso_dir());
	if (access(path, R_OK) != 0 && currencies_or_err(e) < 0)
		return -1;
	return 0;
}

static const struct code *find(const struct code *v, size_t n, const char *c)
{
	struct code key;
	if (!c || strlen(c) != 3)
		return NULL;
	memcpy(key.code, c, 4);
	return bsearch(&key, v, n, sizeof *v, cmp_code);
}

const char *iso_country_name(const char *a3)
{
	struct err ignored;
	if (countries_or_err(&ignored) < 0)
		return NULL;
	const struct code *c = find(countries, n_countries, a3);
	return c ? c->name : NULL;
}

/* Is `abbr` (case-insensitive) a subsequence of `name` that starts at the
 * name's first letter? "KNY" fits "Kenya": how people abbreviate by ear. */
static int abbreviates(const char *abbr, const char *name)
{
	if (strncasecmp(abbr, name, 1))
		return 0;
	for (; *name && *abbr; name++)
		if ((*name | 32) == (*abbr | 32))
			abbr++;
	return !*abbr;
}

static int check(const struct code *v, size_t n, const char *c, const char *what,
		 struct err *e)
{
	if (find(v, n, c))
		return 0;
	const char *hint = NULL;
	if (c && strlen(c) == 2)
		for (size_t i = 0; i < n; i++)
			if (v[i].alpha2[0] && !strcasecmp(v[i].alpha2, c))
				return err_set(e, "\"%s\" is not an %s code: codes have three letters (did you mean %s?)",
					       c, what, v[i].code);
	if (c && strlen(c) == 3) {
		for (size_t i = 0; i < n && !hint; i++)
			if (abbreviates(c, v[i].name))
				hint = v[i].code;
		if (!hint) {
			const char **codes = malloc(n * sizeof *codes);
			for (size_t i = 0; i < n; i++)
				codes[i] = v[i].code;
			hint = err_nearest(c, codes, n);
			free(codes);
		}
	}
	if (hint)
		return err_set(e, "\"%s\" is not an %s code (did you mean %s?)", c ? c : "", what, hint);
	return err_set(e, "\"%s\" is not an %s code (see /usr/share/iso-codes/json)", c ? c : "", what);
}

const char *iso_country_by_name(const char *name)
{
	struct err ignored;
	if (countries_or_err(&ignored) < 0)
		return NULL;
	for (size_t i = 0; name && i < n_countries; i++) {
		const struct code *c = &countries[i];
		if (!strcasecmp(c->name, name) || (c->other_names[0] && !strcasecmp(c->other_names[0], name)) ||
		    (c->other_names[1] && !strcasecmp(c->other_names[1], name)))
			return c->code;
	}
	return NULL;
}

const char *iso_country_alpha2(const char *a3)
{
	struct err ignored;
	if (countries_or_err(&ignored) < 0)
		return NULL;
	const struct code *c = find(countries, n_countries, a3);
	return c && c->alpha2[0] ? c->alpha2 : NULL;
}

int iso_country_check_or_err(const char *a3, struct err *e)
{
	if (countries_or_err(e) < 0)
		return -1;
	return check(countries, n_countries, a3, "ISO 3166-1 alpha-3", e);
}

int iso_currency_minor(const char *a3)
{
	struct err ignored;
	if (currencies_or_err(&ignored) < 0)
		return -1;
	const struct code *c = find(currencies, n_currencies, a3);
	return c ? c->minor : -1;
}

const char *iso_currency_name(const char *a3)
{
	struct err ignored;
	if (currencies_or_err(&ignored) < 0)
		return NULL;
	const struct code *c = find(currencies, n_currencies, a3);
	return c ? c->name : NULL;
}

int iso_currency_check_or_err(const char *a3, struct err *e)
{
	if (currencies_or_err(e) < 0)
		return -1;
	return check(currencies, n_currencies, a3, "ISO 4217 currency", e);
}
