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

/* The fields of one entry that Muster keeps: pointers into the text being
 * read and their lengths; a missing field is NULL. */
enum { F_ALPHA3, F_ALPHA2, F_NAME, F_COMMON, F_OFFICIAL, N_FIELDS };
static const char *const field_names[N_FIELDS] = {"alpha_3", "alpha_2", "name", "common_name", "official_name"};

struct fields {
	const char *v[N_FIELDS];
	size_t n[N_FIELDS];
};

static int same(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && !memcmp(a, b, na);
}

/* Appends the entry `f` to v[*k] (room for it is the caller's) when it has a
 * three-letter alpha_3 and a name: its common name if it has one. */
static void add_code(struct code *v, size_t *k, const struct fields *f, int currency)
{
	int nm = f->v[F_COMMON] ? F_COMMON : F_NAME;
	if (!f->v[F_ALPHA3] || f->n[F_ALPHA3] != 3 || !f->v[nm])
		return;
	struct code *c = &v[*k];
	memcpy(c->code, f->v[F_ALPHA3], 3);
	c->code[3] = 0;
	int has_alpha2 = f->v[F_ALPHA2] && f->n[F_ALPHA2] == 2;
	if (has_alpha2)
		memcpy(c->alpha2, f->v[F_ALPHA2], 2);
	c->alpha2[has_alpha2 ? 2 : 0] = 0;
	c->name = strndup(f->v[nm], f->n[nm]);
	static const int alt[2] = {F_NAME, F_OFFICIAL};
	for (int j = 0; j < 2; j++) {
		int a = alt[j];
		c->other_names[j] = !currency && f->v[a] && !same(f->v[a], f->n[a], f->v[nm], f->n[nm])
			? strndup(f->v[a], f->n[a]) : NULL;
	}
	c->minor = currency ? minor_units(c->code) : 0;
	(*k)++;
}

/* Is t[0..n) well-formed UTF-8 (no overlong forms, surrogates or code
 * points past U+10FFFF), as jansson requires of every string? */
static int utf8_ok(const unsigned char *t, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = t[i];
		size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
			: c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		if (!len || i + len > n)
			return 0;
		unsigned cp = len == 1 ? c : c & (0x7F >> len);
		for (size_t j = 1; j < len; j++) {
			if ((t[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (t[i + j] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += len;
	}
	return 1;
}

struct scan {
	const char *p, *end;
};

/* Skips white space; says whether the text has ended. */
static int scan_space(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\t' || *s->p == '\r'))
		s->p++;
	return s->p == s->end;
}

/* Skips white space, then takes `ch` if it comes next. */
static int scan_char(struct scan *s, char ch)
{
	if (!scan_space(s) && *s->p == ch) {
		s->p++;
		return 1;
	}
	return 0;
}

/* A string with no escapes: *text and *len get its bytes in the buffer. */
static int scan_string(struct scan *s, const char **text, size_t *len)
{
	if (!scan_char(s, '"'))
		return 0;
	const char *b = s->p;
	unsigned high = 0;      /* any byte past ASCII, to be checked as UTF-8 */
	while (s->p < s->end && *s->p != '"') {
		unsigned char c = (unsigned char)*s->p++;
		if (c == '\\' || c < 0x20)
			return 0;
		high |= c & 0x80;
	}
	if (s->p == s->end || (high && !utf8_ok((const unsigned char *)b, (size_t)(s->p - b))))
		return 0;
	*text = b;
	*len = (size_t)(s->p++ - b);
	return 1;
}

/* Reads the list the fast way: iso-codes writes it as {"KEY": [{"field":
 * "text", ...}, ...]}, which is scanned directly instead of being built into
 * jansson's tree (a tenth of the time, which every command that names a
 * country pays). Returns -1, having kept nothing, on anything else (an
 * escape, a number, another key): the caller then reads it with jansson. */
static int scan_list(const char *text, size_t len, const char *key, int currency,
		     struct code **out, size_t *n_out)
{
	struct scan s = {text, text + len};
	const char *t;
	size_t tl, k = 0, cap = 0;
	struct code *v = NULL;
	if (!scan_char(&s, '{') || !scan_string(&s, &t, &tl) || !same(t, tl, key, strlen(key)) ||
	    !scan_char(&s, ':') || !scan_char(&s, '['))
		return -1;
	int ok = scan_char(&s, ']');
	for (int more = !ok; more;) {
		struct fields f;
		memset(&f, 0, sizeof f);
		if (!scan_char(&s, '{'))
			break;
		int fields_ok = scan_char(&s, '}');
		while (!fields_ok) {
			const char *val;
			size_t vl;
			if (!scan_string(&s, &t, &tl) || !scan_char(&s, ':') || !scan_string(&s, &val, &vl))
				break;
			for (int i = 0; i < N_FIELDS; i++)
				if (same(t, tl, field_names[i], strlen(field_names[i]))) {
					f.v[i] = val;   /* a repeated field: the last one counts, as in jansson */
					f.n[i] = vl;
				}
			if (scan_char(&s, '}'))
				fields_ok = 1;
			else if (!scan_char(&s, ','))
				break;
		}
		if (!fields_ok)
			break;
		if (k == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(v, cap * sizeof *v);
		}
		add_code(v, &k, &f, currency);
		if (scan_char(&s, ']'))
			ok = 1, more = 0;
		else if (!scan_char(&s, ','))
			more = 0;
	}
	ok = ok && scan_char(&s, '}') && scan_space(&s);
	if (!ok) {
		for (size_t i = 0; i < k; i++) {
			free(v[i].name);
			free(v[i].other_names[0]);
			free(v[i].other_names[1]);
		}
		free(v);
		return -1;
	}
	*out = v ? v : calloc(1, sizeof *v);
	*n_out = k;
	return 0;
}

/* The same list through jansson, which reads any JSON and says what is wrong. */
static int parse_list(const char *text, size_t len, const char *path, const char *key, int currency,
		      struct code **out, size_t *n_out, char *load_msg, size_t msg_size)
{
	json_error_t je;
	json_t *root = text ? json_loadb(text, len, 0, &je) : json_load_file(path, 0, &je); /* for its message */
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
		struct fields f;
		for (int j = 0; j < N_FIELDS; j++) {
			f.v[j] = json_string_value(json_object_get(it, field_names[j]));
			f.n[j] = f.v[j] ? strlen(f.v[j]) : 0;
		}
		add_code(v, &k, &f, currency);
	}
	json_decref(root);
	*out = v;
	*n_out = k;
	return 0;
}

static int load_list(const char *file, const char *key, int currency,
		     struct code **out, size_t *n_out, char *load_msg, size_t msg_size)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", iso_dir(), file);
	/* Read at once: json_load_file reads a character at a time, which costs
	 * more than the parse on every command's start. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "rb");
	if (f) {
		size_t cap = 0, got;
		do {
			if (len == cap) {
				cap = cap ? cap * 2 : 65536;
				buf = realloc(buf, cap);
			}
			got = fread(buf + len, 1, cap - len, f);
			len += got;
		} while (got > 0);
		fclose(f);
	}
	int rc = 0;
	if (!buf || scan_list(buf, len, key, currency, out, n_out) < 0)
		rc = parse_list(buf, len, path, key, currency, out, n_out, load_msg, msg_size);
	free(buf);
	/* iso-codes already lists them in code order: sort only if not. */
	for (size_t i = 1; rc == 0 && i < *n_out; i++)
		if (cmp_code(&(*out)[i - 1], &(*out)[i]) > 0) {
			qsort(*out, *n_out, sizeof **out, cmp_code);
			break;
		}
	return rc;
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
	return country_failed ? err_set_code(e, E_INTERNAL, "%s", country_msg) : 0;
}

static int currencies_or_err(struct err *e)
{
	pthread_once(&currency_once, load_currencies);
	return currency_failed ? err_set_code(e, E_INTERNAL, "%s", currency_msg) : 0;
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

int iso_country_at(size_t i, const char **code, const char *names[3])
{
	struct err ignored;
	if (countries_or_err(&ignored) < 0 || i >= n_countries)
		return 0;
	*code = countries[i].code;
	names[0] = countries[i].name;
	names[1] = countries[i].other_names[0];
	names[2] = countries[i].other_names[1];
	return 1;
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
