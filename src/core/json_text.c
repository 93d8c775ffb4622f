/* json_text.c: JSON text byte for byte as jansson's json_dumps writes it
 * (json_text.h), in one pass into one buffer: no callback per piece, no loop
 * check, no copy at the end. Two shapes: a record's canonical text (compact,
 * the keys of every object in byte order: the bytes a record's id is the
 * SHA-256 of) and the indented answers (keys in the order they were set).
 * Strings are checked as UTF-8 as jansson checks them; a real number, whose
 * digits jansson alone decides, sends the whole value to json_dumps, so the
 * text never depends on which of the two wrote it. */
#include "json_text.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"

struct out {
	char *p;
	size_t n, cap;
	int indent;             /* 0: canonical */
	int other;              /* 1: something only jansson writes */
	int bad;                /* 1: a string that is not UTF-8 */
};

static void grow(struct out *o, size_t more)
{
	if (o->n + more <= o->cap)
		return;
	while (o->n + more > o->cap)
		o->cap = o->cap ? o->cap * 2 : 1024;
	o->p = realloc(o->p, o->cap);
}

static void put(struct out *o, const char *s, size_t n)
{
	grow(o, n);
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

/* The length of the UTF-8 sequence at s (at most n bytes) that jansson
 * accepts, or 0: no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0], need, v;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, v = c & 0x07;
	else
		return 0;
	if (need >= n)
		return 0;
	for (unsigned i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((need == 2 && v < 0x800) || (need == 3 && v < 0x10000) || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return need + 1;
}

static void put_string(struct out *o, const char *str, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)str;
	grow(o, n + 2);
	o->p[o->n++] = '"';
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c >= 0x80) {
			size_t len = utf8_len(s + i, n - i);
			if (!len) {
				o->bad = 1;
				return;
			}
			memcpy(o->p + o->n, s + i, len);
			o->n += len;
			i += len;
			continue;
		}
		i++;
		if (c >= 0x20 && c != '"' && c != '\\') {
			o->p[o->n++] = (char)c;
			continue;
		}
		/* The escapes jansson writes: two characters for these, \u00XX
		 * (capital hex) for the other control characters. */
		grow(o, 6 + (n - i) + 1);
		const char *two = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\f' ? "\\f"
			: c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
		if (two) {
			memcpy(o->p + o->n, two, 2);
			o->n += 2;
		} else {
			memcpy(o->p + o->n, "\\u00", 4);
			o->p[o->n + 4] = hex[c >> 4];
			o->p[o->n + 5] = hex[c & 15];
			o->n += 6;
		}
	}
	o->p[o->n++] = '"';
}

static void put_integer(struct out *o, json_int_t v)
{
	char buf[24], *e = buf + sizeof buf, *b = e;
	/* Digits of the magnitude, as unsigned so the most negative value works. */
	unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--b = (char)('0' + m % 10);
		m /= 10;
	} while (m);
	if (v < 0)
		*--b = '-';
	put(o, b, (size_t)(e - b));
}

/* A line break and the indentation of `depth`, when indenting. */
static void newline(struct out *o, int depth)
{
	if (!o->indent)
		return;
	size_t n = (size_t)depth * (size_t)o->indent;
	grow(o, n + 1);
	o->p[o->n++] = '\n';
	memset(o->p + o->n, ' ', n);
	o->n += n;
}

struct key {
	const char *s;
	size_t n;
	json_t *v;
};

/* Byte order, a key before any longer key it begins (jansson's order). */
static int key_before(const struct key *a, const struct key *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->s, b->s, n);
	return c ? c < 0 : a->n < b->n;
}

static void put_value(struct out *o, const json_t *v, int depth);

static void put_object(struct out *o, const json_t *obj, int depth)
{
	size_t n = json_object_size(obj), i = 0;
	if (!n) {
		put(o, "{}", 2);
		return;
	}
	struct key small[32], *k = n <= 32 ? small : malloc(n * sizeof *k);
	for (void *it = json_object_iter((json_t *)obj); it; it = json_object_iter_next((json_t *)obj, it)) {
		struct key x = {json_object_iter_key(it), json_object_iter_key_len(it), json_object_iter_value(it)};
		size_t j = i++;
		/* Canonical: insertion sort (a record has a few dozen keys at most). */
		for (; !o->indent && j > 0 && key_before(&x, &k[j - 1]); j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
	put(o, "{", 1);
	newline(o, depth + 1);
	for (i = 0; i < n && !o->other && !o->bad; i++) {
		if (i) {
			put(o, ",", 1);
			newline(o, depth + 1);
		}
		put_string(o, k[i].s, k[i].n);
		put(o, o->indent ? ": " : ":", o->indent ? 2 : 1);
		put_value(o, k[i].v, depth + 1);
	}
	newline(o, depth);
	put(o, "}", 1);
	if (k != small)
		free(k);
}

static void put_value(struct out *o, const json_t *v, int depth)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		put_object(o, v, depth);
		break;
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		if (!n) {
			put(o, "[]", 2);
			break;
		}
		put(o, "[", 1);
		newline(o, depth + 1);
		for (size_t i = 0; i < n && !o->other && !o->bad; i++) {
			if (i) {
				put(o, ",", 1);
				newline(o, depth + 1);
			}
			put_value(o, json_array_get(v, i), depth + 1);
		}
		newline(o, depth);
		put(o, "]", 1);
		break;
	}
	case JSON_STRING:
		put_string(o, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		put_integer(o, json_integer_value(v));
		break;
	case JSON_TRUE:
		put(o, "true", 4);
		break;
	case JSON_FALSE:
		put(o, "false", 5);
		break;
	case JSON_NULL:
		put(o, "null", 4);
		break;
	default:
		o->other = 1;
	}
}

char *json_text(const json_t *v, int indent)
{
	size_t flags = indent > 0 ? JSON_INDENT(indent) : JSON_COMPACT | JSON_SORT_KEYS;
	/* jansson writes only an object or an array at the top (NULL else). */
	if (!json_is_object(v) && !json_is_array(v))
		return json_dumps(v, flags);
	struct out o = {.indent = indent > 0 ? indent : 0};
	put_value(&o, v, 0);
	if (o.other || o.bad) {
		free(o.p);
		return o.bad ? NULL : json_dumps(v, flags);
	}
	put(&o, "", 1);
	return o.p;
}

char *record_canonical(const json_t *rec)
{
	return json_text(rec, 0);
}
