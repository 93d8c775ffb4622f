/* encoding.c: how a response travels (encoding.h): gzip when the client
 * takes it, and whether the client's If-None-Match names the current ETag. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "encoding.h"

/* The client takes gzip unless it says q=0. */
int web_wants_gzip(const char *ae)
{
	while (ae && *ae) {
		while (*ae == ' ' || *ae == ',')
			ae++;
		size_t n = strcspn(ae, ",");
		if (!strncasecmp(ae, "gzip", 4) && (ae[4] == ';' || ae[4] == ',' || ae[4] == ' ' || !ae[4] ||
						    (size_t)4 == n)) {
			const char *q = memchr(ae, ';', n);
			if (!q)
				return 1;
			q = strstr(q, "q=");
			return !(q && q < ae + n && strtod(q + 2, NULL) <= 0);
		}
		ae += n;
	}
	return 0;
}

/* Replaces b's content with its gzip form; returns -1 (b untouched) on failure. */
int web_gzip(struct buf *b)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	struct buf out = {0};
	size_t cap = deflateBound(&z, (uLong)b->len) + 32;
	out.p = malloc(cap);
	if (!out.p) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)b->p;
	z.avail_in = (uInt)b->len;
	z.next_out = (Bytef *)out.p;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	out.len = cap - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out.p);
		return -1;
	}
	buf_free(b);
	*b = out;
	return 0;
}

int web_etag_matches(const char *inm, const char *etag)
{
	if (!inm)
		return 0;
	if (!strcmp(inm, "*"))
		return 1;
	/* The list may hold weak forms (W/"…") of the same tag. */
	return strstr(inm, etag) != NULL;
}
