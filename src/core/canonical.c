/* canonical.c: a record's canonical text, the bytes its id is the SHA-256
 * of: compact JSON with the keys of every object in byte order, exactly as
 * jansson's json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS) writes it. The
 * same bytes are written here directly, several times faster (no callback
 * per piece, no loop check, no copy at the end), for records of strings,
 * integers, true, false, null, arrays and objects whose strings are ASCII.
 * Anything else (a real number, a byte past ASCII, whose UTF-8 jansson
 * checks) is left to jansson, so the text never depends on which wrote it. */
#include "record.h"

#include <stdlib.h>
#include <string.h>

struct out {
	char *p;
	size_t n, cap;
	int other;              /* 1: something only jansson writes */
};

static void grow(struct out *o, size_t more)
{
	if (o->n + more <= o->cap)
		return;
	while (o->n + more > o->cap)
		o->cap = o->cap ? o->cap * 2 : 512;
	o->p = realloc(o->p, o->cap);
}

static void put(struct out *o, const char *s, size_t n)
{
	grow(o, n);
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

static void put_string(struct out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	grow(o, n + 2);
	o->p[o->n++] = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			o->other = 1;
			return;
		}
		if (c >= 0x20 && c != '"' && c != '\\') {
			o->p[o->n++] = (char)c;
			continue;
		}
		/* The escapes jansson writes: two characters for these, \u00XX
		 * (capital hex) for other control characters. */
		grow(o, 6 + (n - i));
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

static void put_value(struct out *o, const json_t *v);

static void put_object(struct out *o, const json_t *obj)
{
	size_t n = json_object_size(obj), i = 0;
	struct key small[32], *k = n <= 32 ? small : malloc(n * sizeof *k);
	for (void *it = json_object_iter((json_t *)obj); it; it = json_object_iter_next((json_t *)obj, it)) {
		struct key x = {json_object_iter_key(it), json_object_iter_key_len(it), json_object_iter_value(it)};
		/* Insertion sort: a record has a few dozen keys at most. */
		size_t j = i++;
		for (; j > 0 && key_before(&x, &k[j - 1]); j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
	put(o, "{", 1);
	for (i = 0; i < n && !o->other; i++) {
		if (i)
			put(o, ",", 1);
		put_string(o, k[i].s, k[i].n);
		put(o, ":", 1);
		put_value(o, k[i].v);
	}
	put(o, "}", 1);
	if (k != small)
		free(k);
}

static void put_value(struct out *o, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		put_object(o, v);
		break;
	case JSON_ARRAY:
		put(o, "[", 1);
		for (size_t i = 0; i < json_array_size(v) && !o->other; i++) {
			if (i)
				put(o, ",", 1);
			put_value(o, json_array_get(v, i));
		}
		put(o, "]", 1);
		break;
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

char *record_canonical(const json_t *rec)
{
	if (!json_is_object(rec) && !json_is_array(rec))
		return json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);  /* NULL, as jansson says */
	struct out o = {0};
	put_value(&o, rec);
	if (o.other) {
		free(o.p);
		return json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);
	}
	put(&o, "", 1);
	return o.p;
}
