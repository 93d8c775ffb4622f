/* record.c: normalising input into canonical records, field by field. */
#include "record.h"
#include "mission.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "iso.h"

static const char *const visibility_choices[] = {"public", "restricted", NULL};

static const struct field common_fields[] = {
	{"kind", FT_KEY, FF_REQUIRED, NULL, "the kind of record"},
	{"ref", FT_KEY, 0, NULL, "a short unique key other records can name (sources must have one)"},
	{"mission", FT_KEY, 0, NULL, "the mission the record belongs to (default MSS-HTI)"},
	{"date", FT_DATE, 0, NULL, "when: YYYY-MM-DD, YYYY-MM, YYYY, or empty if unknown"},
	{"sources", FT_SOURCES, 0, NULL, "refs of the sources that report it, separated by ';'"},
	{"cite", FT_TEXT, 0, NULL, "where in the source (page, paragraph, table)"},
	{"verbatim", FT_TEXT, 0, NULL, "the source's own words"},
	{"note", FT_TEXT, 0, NULL, "a remark by whoever entered it"},
	{"visibility", FT_ENUM, 0, visibility_choices, "public (default) or restricted"},
	{"entered_by", FT_TEXT, 0, NULL, "who entered it (set by muster)"},
	{"entered_at", FT_TEXT, 0, NULL, "when it was entered (set by muster)"},
	{"corrects", FT_RECORD, 0, NULL, "the record this one corrects"},
	{NULL, 0, 0, NULL, NULL},
};

const struct field *record_common_fields(void)
{
	return common_fields;
}

/* "a" or "an" before a kind's name. */
static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

static const struct field *field_find(const struct field *fs, const char *name)
{
	for (; fs->name; fs++)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

/* The length of the UTF-8 sequence at p, or 0 when it is not one. */
static int utf8_seq(const unsigned char *p)
{
	int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
	if (n < 0 || (n == 1 && *p < 0xC2))
		return 0;
	for (int i = 1; i <= n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n + 1;
}

int utf8_valid(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = utf8_seq(p);
		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

/* Valid UTF-8 with no control characters other than tab and newline, in
 * one pass. */
static int text_ok(const char *s, const char **why)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = utf8_seq(p);
		if (!n) {
			*why = "is not valid UTF-8 (save the file as UTF-8)";
			return 0;
		}
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			*why = "contains a control character";
			return 0;
		}
		p += n;
	}
	return 1;
}

static int key_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.:", *s))
			return 0;
	return 1;
}

static char *trim_dup(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *r = malloc(n + 1);
	memcpy(r, s, n);
	r[n] = 0;
	return r;
}

static int norm_sources(const json_t *v, json_t **out, struct err *e)
{
	json_t *arr = json_array();
	if (json_is_array(v)) {
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (!json_is_string(it) || !key_ok(json_string_value(it))) {
				json_decref(arr);
				return err_set(e, "field \"sources\": each source must be a source ref "
					       "(letters, digits, '-', '_', '.')");
			}
			json_array_append_new(arr, json_string(json_string_value(it)));
		}
	} else {
		char *buf = strdup(json_string_value(v)), *save = NULL;
		for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
			char *t = trim_dup(tok);
			if (!*t) {
				free(t);
				continue;
			}
			if (!key_ok(t)) {
				err_set(e, "field \"sources\": \"%s\" is not a source ref (refs are letters, "
					"digits, '-', '_', '.'; separate several with ';')", t);
				free(t);
				free(buf);
				json_decref(arr);
				return -1;
			}
			json_array_append_new(arr, json_string(t));
			free(t);
		}
		free(buf);
	}
	if (json_array_size(arr) == 0) {
		json_decref(arr);
		*out = NULL;
		return 0;
	}
	*out = arr;
	return 0;
}

/* Types one field value. *out is NULL when the value is empty. */
static int norm_field(const struct field *f, const json_t *v, json_t **out, struct err *e)
{
	*out = NULL;
	if (json_is_null(v))
		return 0;
	if (f->type == FT_SOURCES && (json_is_array(v) || json_is_string(v)))
		return norm_sources(v, out, e);
	if (f->type == FT_INT && json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return err_set(e, "field \"%s\": %lld is negative (a count of people is 0 or more)",
				       f->name, (long long)json_integer_value(v));
		*out = json_integer(json_integer_value(v));
		return 0;
	}
	if (f->type == FT_INT && json_is_number(v)) {
		char *t = json_dumps(v, JSON_ENCODE_ANY);
		err_set(e, "field \"%s\": %s is not a whole number (write digits only, e.g. 400)", f->name, t);
		free(t);
		return -1;
	}
	if (!json_is_string(v))
		return err_set(e, "field \"%s\": expected text%s", f->name,
			       f->type == FT_INT ? " or a whole number" : "");
	const char *why = NULL;
	if (!text_ok(json_string_value(v), &why))
		return err_set(e, "field \"%s\": the value %s", f->name, why);
	char *s = trim_dup(json_string_value(v));
	int rc = 0;
	if (!*s) {
		free(s);
		return 0;
	}
	switch (f->type) {
	case FT_TEXT:
		*out = json_string(s);
		break;
	case FT_INT: {
		char *end;
		const char *p = s;
		if (*p == '-' || *p == '+' || !isdigit((unsigned char)*p)) {
			if (*p == '-' && isdigit((unsigned char)p[1]))
				rc = err_set(e, "field \"%s\": \"%s\" is negative (a count of people is 0 or more)",
					     f->name, s);
			else
				rc = err_set(e, "field \"%s\": \"%s\" is not a whole number (write digits only, "
					     "e.g. 400; leave it empty if the source gives no number)", f->name, s);
			break;
		}
		long long n = strtoll(p, &end, 10);
		if (*end)
			rc = err_set(e, "field \"%s\": \"%s\" is not a whole number (write digits only, "
				     "e.g. 400, without separators)", f->name, s);
		else if (n > 100000000 || strlen(p) > 9)
			rc = err_set(e, "field \"%s\": \"%s\" is too large (at most 100000000)", f->name, s);
		else
			*out = json_integer(n);
		break;
	}
	case FT_DATE: {
		struct mdate d;
		if (date_parse_or_err(s, &d, e) < 0) {
			err_prefix(e, "field \"%s\"", f->name);
			rc = -1;
		} else {
			*out = json_string(d.text);
		}
		break;
	}
	case FT_COUNTRY:
		for (char *c = s; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		if (iso_country_check_or_err(s, e) < 0) {
			err_prefix(e, "field \"%s\"", f->name);
			rc = -1;
		} else {
			*out = json_string(s);
		}
		break;
	case FT_ENUM: {
		size_t n = 0;
		int found = 0;
		for (const char *const *c = f->choices; *c; c++, n++)
			if (!strcmp(*c, s))
				found = 1;
		if (found) {
			*out = json_string(s);
			break;
		}
		char list[512] = "";
		for (const char *const *c = f->choices; *c; c++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				 c == f->choices ? "" : ", ", *c);
		const char *near = strlen(f->choices[0]) > 1 ? err_nearest(s, f->choices, n) : NULL;
		if (!near && f->help)
			rc = err_set(e, "field \"%s\": \"%s\" is not one of %s (%s)", f->name, s, list, f->help);
		else if (near)
			rc = err_set(e, "field \"%s\": \"%s\" is not one of %s (did you mean %s?)",
				     f->name, s, list, near);
		else
			rc = err_set(e, "field \"%s\": \"%s\" is not one of %s", f->name, s, list);
		break;
	}
	case FT_RECORD:
	case FT_KEY:
		if (!key_ok(s))
			rc = err_set(e, "field \"%s\": \"%s\" is not a key (use letters, digits, '-', '_', "
				     "'.', at most 64)", f->name, s);
		else
			*out = json_string(s);
		break;
	case FT_URL:
		if (strncmp(s, "http://", 7) && strncmp(s, "https://", 8))
			rc = err_set(e, "field \"%s\": \"%s\" is not an http(s) URL", f->name, s);
		else
			*out = json_string(s);
		break;
	case FT_SOURCES:
		break;
	}
	free(s);
	return rc;
}

int record_normalize_or_err(const json_t *in, json_t **out, struct err *e)
{
	*out = NULL;
	if (!json_is_object(in))
		return err_set(e, "a record must be an object of fields");
	const char *kname = json_string_value(json_object_get(in, "kind"));
	if (!kname || !*kname)
		return err_set(e, "field \"kind\": missing (every record names its kind, e.g. pledge)");
	const struct kind *k = kind_find(kname);
	if (!k) {
		size_t n;
		const struct kind *const *all = kind_all(&n);
		const char *names[64];
		char list[512] = "";
		for (size_t i = 0; i < n && i < 64; i++) {
			names[i] = all[i]->name;
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
				 all[i]->name);
		}
		const char *near = err_nearest(kname, names, n < 64 ? n : 64);
		if (near)
			return err_set(e, "field \"kind\": \"%s\" is not a kind of record (did you mean %s?)",
				       kname, near);
		return err_set(e, "field \"kind\": \"%s\" is not a kind of record (kinds: %s)", kname, list);
	}
	json_t *rec = json_object();
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)in, key, v) {
		const struct field *f = field_find(common_fields, key);
		if (!f)
			f = field_find(k->fields, key);
		if (!f) {
			const char *names[64];
			size_t n = 0;
			for (const struct field *c = common_fields; c->name && n < 64; c++)
				names[n++] = c->name;
			for (const struct field *c = k->fields; c->name && n < 64; c++)
				names[n++] = c->name;
			const char *near = err_nearest(key, names, n);
			json_decref(rec);
			if (near)
				return err_set(e, "field \"%s\": %s %s has no such field (did you mean %s?)",
					       key, article(k->name), k->name, near);
			return err_set(e, "field \"%s\": %s %s has no such field (see muster add %s --help)",
				       key, article(k->name), k->name, k->name);
		}
		json_t *nv;
		if (norm_field(f, v, &nv, e) < 0) {
			json_decref(rec);
			return -1;
		}
		if (nv)
			json_object_set_new(rec, key, nv);
	}
	for (const struct field *f = k->fields; f->name; f++)
		if ((f->flags & FF_REQUIRED) && !json_object_get(rec, f->name)) {
			json_decref(rec);
			return err_set(e, "field \"%s\": missing (%s %s needs %s: %s)", f->name,
				       article(k->name), k->name, f->name, f->help);
		}
	if (k->needs_sources && !json_object_get(rec, "sources")) {
		json_decref(rec);
		return err_set(e, "field \"sources\": missing (every %s cites at least one source ref; "
			       "add the source first with muster add source)", k->name);
	}
	/* "all" is reserved: --mission all asks across missions. Only a strength
	 * figure may belong to it: a publisher's total over every mission (the
	 * UN's monthly totals), which conflicts --mission all checks. */
	const char *mission = json_string_value(json_object_get(rec, "mission"));
	if (mission && !strcmp(mission, MISSION_ALL) && strcmp(k->name, "strength")) {
		json_decref(rec);
		return err_set(e, "field \"mission\": \"%s\" is reserved (--mission %s asks across missions; only a "
			       "strength figure may be a total over all missions); name the mission by its code, e.g. "
			       "MSS-HTI", MISSION_ALL, MISSION_ALL);
	}
	if (k->check && k->check(rec, e) < 0) {
		json_decref(rec);
		return -1;
	}
	*out = rec;
	return 0;
}

char *record_statement(const json_t *rec)
{
	json_t *c = json_copy((json_t *)rec);
	json_object_del(c, "entered_by");
	json_object_del(c, "entered_at");
	char *t = record_canonical(c);
	json_decref(c);
	return t;
}

const char *record_value_end(const char *p)
{
	int depth = 0, in_str = 0;
	for (; *p; p++) {
		if (in_str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_str = 0;
			else
				continue;
			if (!in_str && depth == 0)
				return p + 1;
			continue;
		}
		if (*p == '"')
			in_str = 1;
		else if (*p == '[' || *p == '{')
			depth++;
		else if (*p == ']' || *p == '}') {
			if (depth == 0)
				return p;       /* the end of the enclosing object */
			if (--depth == 0)
				return p + 1;
		} else if (*p == ',' && depth == 0)
			return p;
	}
	return p;
}

int record_member_next(const char **p, const char **key, size_t *klen, const char **val, size_t *vlen)
{
	const char *s = *p;
	if (*s != '{' && *s != ',')
		return 0;       /* '}': the end */
	s++;
	if (*s == '}')
		return 0;       /* an empty object */
	if (*s != '"')
		return -1;
	const char *colon = record_value_end(s);
	if (*colon != ':')
		return -1;
	const char *end = record_value_end(colon + 1);
	if (end == colon + 1)
		return -1;
	*key = s + 1;
	*klen = (size_t)(colon - s - 2);
	*val = colon + 1;
	*vlen = (size_t)(end - colon - 1);
	*p = end;
	return 1;
}

static int hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			: c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (d == 16)
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

static char *put_utf8(char *o, unsigned c)
{
	if (c < 0x80) {
		*o++ = (char)c;
	} else if (c < 0x800) {
		*o++ = (char)(0xC0 | c >> 6);
		*o++ = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*o++ = (char)(0xE0 | c >> 12);
		*o++ = (char)(0x80 | (c >> 6 & 0x3F));
		*o++ = (char)(0x80 | (c & 0x3F));
	} else {
		*o++ = (char)(0xF0 | c >> 18);
		*o++ = (char)(0x80 | (c >> 12 & 0x3F));
		*o++ = (char)(0x80 | (c >> 6 & 0x3F));
		*o++ = (char)(0x80 | (c & 0x3F));
	}
	return o;
}

size_t record_unescape(const char *s, size_t n, char *out)
{
	char *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			*o++ = s[i];
			continue;
		}
		char c = s[++i];
		unsigned u, lo;
		switch (c) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (i + 4 >= n || hex4(s + i + 1, &u) < 0) {
				*o++ = c;
				break;
			}
			i += 4;
			/* A surrogate pair names one character past U+FFFF. */
			if (u >= 0xD800 && u <= 0xDBFF && i + 6 < n && s[i + 1] == '\\' && s[i + 2] == 'u' &&
			    hex4(s + i + 3, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
			o = put_utf8(o, u);
			break;
		default: *o++ = c;      /* \" \\ \/ */
		}
	}
	*o = 0;
	return (size_t)(o - out);
}

/* FNV-1a, 64 bits, continued over n more bytes. */
#define FNV_START 1469598103934665603ULL
static unsigned long long fnv(unsigned long long h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Passes the statement's text cut from a canonical text to `put` piece by
 * piece: with out set, copies it there; else continues the hash *h. */
static void put(char **out, unsigned long long *h, const char *p, size_t n)
{
	if (*out) {
		memcpy(*out, p, n);
		*out += n;
	} else {
		*h = fnv(*h, p, n);
	}
}

static void statement_walk(const char *canonical, char **out, unsigned long long *h)
{
	/* Members of the top-level object follow '{' or ','; keys are sorted, so
	 * entered_at and entered_by are cut wherever they are, with one comma. */
	const char *p = canonical;
	if (*p != '{') {
		put(out, h, p, strlen(p));
		return;
	}
	put(out, h, p++, 1);
	int first = 1;
	while (*p && *p != '}') {
		if (*p == ',')
			p++;
		const char *key = p;
		const char *colon = record_value_end(key);     /* the key is a string */
		const char *end = record_value_end(colon + 1);
		int cut = (colon - key == 12 && (!strncmp(key, "\"entered_at\"", 12) ||
						 !strncmp(key, "\"entered_by\"", 12)));
		if (!cut) {
			if (!first)
				put(out, h, ",", 1);
			put(out, h, key, (size_t)(end - key));
			first = 0;
		}
		if (end == p)
			break;  /* not an object as json_dumps writes one: stop */
		p = end;
	}
	put(out, h, p, strlen(p));
}

char *record_statement_canonical(const char *canonical)
{
	char *text = malloc(strlen(canonical) + 1), *o = text;
	statement_walk(canonical, &o, NULL);
	*o = 0;
	return text;
}

long long record_statement_key(const char *statement)
{
	/* A key for an index, confirmed by comparing texts. */
	return (long long)fnv(FNV_START, statement, strlen(statement));
}

long long record_statement_key_of(const char *canonical)
{
	unsigned long long h = FNV_START;
	char *none = NULL;
	statement_walk(canonical, &none, &h);
	return (long long)h;
}

const char *rec_str(const json_t *rec, const char *field)
{
	return json_string_value(json_object_get(rec, field));
}

long long rec_int(const json_t *rec, const char *field, long long dflt)
{
	json_t *v = json_object_get(rec, field);
	return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}
