/* json_text.h: JSON text written exactly as jansson's json_dumps writes it,
 * faster: a record's canonical text (record_canonical, record.h) and the
 * indented answers the CLI and the API print. */
#ifndef MUSTER_JSON_TEXT_H
#define MUSTER_JSON_TEXT_H

#include <jansson.h>

/* json_dumps(v, JSON_INDENT(indent)) when indent > 0, else
 * json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS): the same bytes, from malloc,
 * or NULL where jansson gives NULL (a string that is not UTF-8). */
char *json_text(const json_t *v, int indent);

#endif
