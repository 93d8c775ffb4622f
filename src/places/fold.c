/* fold.c: folding names for look-up, so that "Riviere", "RIVIÈRE" and
 * "rivière" are one name. Covers the accented letters of Latin-1 (U+00C0 to
 * U+00FF), which hold every French and Haitian Creole accent; other
 * characters are kept as they are. */
#include <stdlib.h>
#include <string.h>

#include "places.h"

/* The base letters of U+00C0 … U+00FF; "" keeps the character. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

char *fold_name(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(2 * n + 1), *o = out;
	int space = 1;          /* drop leading space */
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		const char *rep = NULL;
		char one[2] = {0, 0};
		size_t len = 1;
		if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			/* U+00C0 + (p[1] - 0x80) */
			rep = latin1[p[1] - 0x80];
			len = 2;
			if (!*rep) {
				memcpy(o, p, 2);
				o += 2;
				p += 2;
				space = 0;
				continue;
			}
		} else if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99 || p[2] == 0x93)) {
			rep = " ";      /* curly apostrophes and the en dash */
			len = 3;
		} else if (*p == '\'' || *p == '-' || *p == ' ' || *p == '\t' || *p == '.' || *p == ',') {
			rep = " ";
		} else {
			one[0] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			rep = one;
		}
		p += len;
		if (!strcmp(rep, " ")) {
			if (!space)
				*o++ = ' ';
			space = 1;
			continue;
		}
		size_t rl = strlen(rep);
		memcpy(o, rep, rl);
		o += rl;
		space = 0;
	}
	if (o > out && o[-1] == ' ')
		o--;
	*o = 0;
	return out;
}
