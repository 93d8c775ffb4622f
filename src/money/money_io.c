/* money_io.c: what the FTS and IATI readers share — appending a record built
 * from a file, the source record that stands for the file, reading a whole
 * file, and the lines they print once the import is committed. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/record.h"
#include "../io/import.h"
#include "money.h"

int money_append_or_err(struct store *s, json_t *in, struct import_stats *st, struct err *e)
{
	json_t *rec;
	char id[HASH_HEX];
	int rc = record_normalize_or_err(in, &rec, e);
	json_decref(in);
	if (rc == 0) {
		rc = store_append_or_err(s, rec, id, e);
		json_decref(rec);
	}
	if (rc == 0)
		st->records++;
	return rc;
}

void money_lines_add(char **lines, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = NULL;
	int n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t have = *lines ? strlen(*lines) : 0;
	*lines = realloc(*lines, have + (size_t)n + 2);
	memcpy(*lines + have, line, (size_t)n);
	(*lines)[have + (size_t)n] = '\n';
	(*lines)[have + (size_t)n + 1] = 0;
	free(line);
}

int money_file_source_or_err(struct store *s, const char *name, const char *prefix, json_t *fields, char ref[65],
			     struct import_stats *st, struct err *e)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	char stem[256];
	snprintf(stem, sizeof stem, "%s", base);
	char *dot = strrchr(stem, '.');
	if (dot && dot != stem)
		*dot = 0;
	size_t k = (size_t)snprintf(ref, 65, "%s-", prefix);
	for (const char *p = stem; *p && k < 64; p++)
		ref[k++] = isalnum((unsigned char)*p) || strchr("-_.", *p) ? *p : '-';
	ref[k] = 0;
	sqlite3_int64 seq;
	struct err ignore = {0};
	if (store_resolve_or_err(s, ref, &seq, &ignore) == 0) {
		json_decref(fields);
		if (seq > s->tx_start)
			return err_set(e, "%s: named twice in this import (or two files of the same name); give each file "
				       "once", name);
		return err_set(e, "%s: the source \"%s\" is already in %s: this file was imported before (importing "
			       "it again would repeat every record)", name, ref, s->path);
	}
	json_object_set_new(fields, "kind", json_string("source"));
	json_object_set_new(fields, "ref", json_string(ref));
	if (money_append_or_err(s, fields, st, e) < 0) {
		err_prefix(e, "%s: the source made from the file name", name);
		return -1;
	}
	return 0;
}

char *money_read_all_or_err(FILE *f, const char *name, size_t *len, struct err *e)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	if (ferror(f)) {
		free(buf);
		err_set(e, "%s: read error: %s", name, strerror(errno));
		return NULL;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}
