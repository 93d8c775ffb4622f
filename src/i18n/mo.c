/* mo.c: reading a GNU .mo message catalogue in memory — the format msgfmt
 * writes (GNU gettext manual, "The Format of GNU MO Files"): a header, a
 * table of original strings sorted by bytes, a table of translations, and an
 * optional hash table of the originals. Every offset read is checked. */
#include <stdint.h>
#include <string.h>

#include "i18n.h"

#define MO_MAGIC 0x950412deu
#define MO_HEADER 28

struct mo {
	const unsigned char *p;
	size_t size;
	int swap;                       /* written in the other byte order */
	uint32_t n, orig, trans, hash_size, hash_off;
};

static uint32_t rd32(const struct mo *m, size_t off)
{
	uint32_t v;
	memcpy(&v, m->p + off, 4);
	return m->swap ? __builtin_bswap32(v) : v;
}

/* 0 when the header and the three tables lie inside the data. */
static int mo_open(struct mo *m, const void *data, size_t size)
{
	memset(m, 0, sizeof *m);
	m->p = data;
	m->size = size;
	if (!data || size < MO_HEADER)
		return -1;
	uint32_t magic;
	memcpy(&magic, m->p, 4);
	if (magic == __builtin_bswap32(MO_MAGIC))
		m->swap = 1;
	else if (magic != MO_MAGIC)
		return -1;
	if (rd32(m, 4) >> 16 > 1)       /* major revisions 0 and 1 only */
		return -1;
	m->n = rd32(m, 8);
	m->orig = rd32(m, 12);
	m->trans = rd32(m, 16);
	m->hash_size = rd32(m, 20);
	m->hash_off = rd32(m, 24);
	uint64_t tab = (uint64_t)m->n * 8;
	if (m->orig + tab > size || m->trans + tab > size || m->orig % 4 || m->trans % 4)
		return -1;
	if (m->hash_size && ((uint64_t)m->hash_off + (uint64_t)m->hash_size * 4 > size || m->hash_size < 3))
		m->hash_size = 0;       /* unusable: fall back to the binary search */
	return 0;
}

/* String `i` of the table at `tab`: NULL unless it is NUL-terminated in bounds. */
static const char *mo_str(const struct mo *m, uint32_t tab, uint32_t i, uint32_t *len)
{
	uint32_t l = rd32(m, tab + (size_t)i * 8), off = rd32(m, tab + (size_t)i * 8 + 4);
	if ((uint64_t)off + l >= m->size || m->p[off + l] != 0)
		return NULL;
	if (len)
		*len = l;
	return (const char *)m->p + off;
}

/* gettext's hash_string (hashpjw). */
static uint32_t mo_hash(const char *s)
{
	uint32_t h = 0;
	for (; *s; s++) {
		h = (h << 4) + (unsigned char)*s;
		uint32_t g = h & 0xf0000000u;
		if (g)
			h ^= (g >> 24) ^ g;
	}
	return h;
}

/* The index of `msgid` among the originals, or -1. */
static long mo_index(const struct mo *m, const char *msgid)
{
	if (m->hash_size) {
		uint32_t h = mo_hash(msgid), idx = h % m->hash_size, incr = 1 + h % (m->hash_size - 2);
		for (uint32_t tries = 0; tries < m->hash_size; tries++) {
			uint32_t k = rd32(m, m->hash_off + (size_t)idx * 4);
			if (k == 0)
				return -1;
			const char *o = k - 1 < m->n ? mo_str(m, m->orig, k - 1, NULL) : NULL;
			if (o && !strcmp(o, msgid))
				return (long)(k - 1);
			idx = idx >= m->hash_size - incr ? idx - (m->hash_size - incr) : idx + incr;
		}
		return -1;
	}
	/* The originals are sorted by bytes; a plural entry's original is
	 * "singular\0plural", which compares as its singular. */
	uint32_t lo = 0, hi = m->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = mo_str(m, m->orig, mid, NULL);
		if (!o)
			return -1;
		int c = strcmp(o, msgid);
		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const char *mo_plural_form(const void *data, size_t size, const char *msgid, unsigned n)
{
	struct mo m;
	if (!msgid || mo_open(&m, data, size) < 0)
		return NULL;
	long i = mo_index(&m, msgid);
	uint32_t len;
	const char *t = i < 0 ? NULL : mo_str(&m, m.trans, (uint32_t)i, &len);
	if (!t || !*t)
		return NULL;
	/* The forms are NUL-separated inside the length given. */
	const char *end = t + len;
	for (; n > 0; n--) {
		t += strlen(t) + 1;
		if (t >= end)
			return NULL;
	}
	return t;
}

const char *mo_find(const void *data, size_t size, const char *msgid)
{
	return mo_plural_form(data, size, msgid, 0);
}
