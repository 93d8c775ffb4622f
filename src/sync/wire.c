/* wire.c: a sync message on the wire: its JSON text (compact, as jansson
 * writes it) deflated with zlib, so that the hex names and the records'
 * repeated keys cost what their information costs. */
#include "sync.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

unsigned char *sync_pack(const json_t *doc, size_t *len)
{
	char *text = json_dumps(doc, JSON_COMPACT);
	if (!text)
		return NULL;
	uLong n = (uLong)strlen(text);
	uLongf cap = compressBound(n);
	unsigned char *out = malloc(cap ? cap : 1);
	if (out && compress2(out, &cap, (const Bytef *)text, n, 6) != Z_OK) {
		free(out);
		out = NULL;
	}
	free(text);
	*len = out ? (size_t)cap : 0;
	return out;
}

json_t *sync_unpack_or_err(const unsigned char *data, size_t len, struct err *e)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK) {
		err_set_code(e, E_INTERNAL, "zlib cannot start");
		return NULL;
	}
	size_t cap = len * 4 + 4096, used = 0;
	char *text = malloc(cap);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	int rc = Z_OK;
	while (text && rc == Z_OK) {
		if (cap - used < 4096) {
			if (cap >= SYNC_TEXT_MAX)
				break;
			char *more = realloc(text, cap * 2);
			if (!more)
				break;
			text = more;
			cap *= 2;
		}
		z.next_out = (Bytef *)text + used;
		z.avail_out = (uInt)(cap - used - 1);
		rc = inflate(&z, Z_NO_FLUSH);
		used = cap - 1 - z.avail_out;
	}
	inflateEnd(&z);
	if (!text) {
		err_set_code(e, E_INTERNAL, "out of memory reading a message");
		return NULL;
	}
	if (rc != Z_STREAM_END) {
		free(text);
		err_set(e, "malformed message: %s", rc == Z_OK ? "larger than 256 MiB once inflated"
			: "not a zlib stream (send the JSON deflated, as Content-Type " SYNC_CTYPE ")");
		return NULL;
	}
	text[used] = 0;
	json_error_t je;
	json_t *doc = json_loadb(text, used, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (!doc || !json_is_object(doc)) {
		err_set(e, "malformed message: %s", doc ? "not a JSON object" : je.text);
		json_decref(doc);
		return NULL;
	}
	return doc;
}
