/* hxl_cli.c: the hidden test-hxl command, which prints an HXL table as
 * muster reads it — delimiter, hashtag row, headers, tags, attributes and the
 * raw rows — as JSON shaped like libhxl-python's own properties (headers,
 * tags, display_tags, values, source_row_number), so that tests compare it
 * with what libhxl's tests expect. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "hxl.h"

/* --encoding utf-8 (default) or latin1, as test-hxl and import take it. */
int hxl_encoding_or_err(const char *name, int *latin1, struct err *e)
{
	*latin1 = 0;
	if (!name || !strcmp(name, "utf-8") || !strcmp(name, "utf8") || !strcmp(name, "UTF-8"))
		return 0;
	if (!strcmp(name, "latin1") || !strcmp(name, "latin-1") || !strcmp(name, "iso-8859-1") ||
	    !strcmp(name, "ISO-8859-1")) {
		*latin1 = 1;
		return 0;
	}
	return err_set(e, "--encoding %s: muster reads utf-8 or latin1 (convert other encodings with iconv)", name);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *row_json(const struct hxl_row *row)
{
	json_t *a = json_array();
	for (size_t i = 0; i < row->n; i++)
		json_array_append_new(a, json_string(row->v[i]));
	return a;
}

static int run_test_hxl(struct cli *c)
{
	if (c->n_args != 1)
		return err_usage(&c->e, "name one file");
	const char *key;
	json_t *v;
	json_object_foreach(c->fields, key, v)
		if (strcmp(key, "encoding"))
			return err_usage(&c->e, "unknown option --%s (it takes --encoding)", key);
	int latin1;
	if (hxl_encoding_or_err(json_string_value(json_object_get(c->fields, "encoding")), &latin1, &c->e) < 0)
		return -1;
	const char *path = c->args[0];
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(&c->e, "%s: cannot open: %s", path, strerror(errno));
	struct hxl_reader r;
	int rc = hxl_open_or_err(&r, f, path, latin1, &c->e);
	json_t *doc = NULL;
	if (rc == 0) {
		char d[2] = {r.delim, 0}, tag[512];
		json_t *headers = json_array(), *tags = json_array(), *attrs = json_array(), *display = json_array();
		json_t *malformed = json_array();
		for (size_t i = 0; i < r.n_cols; i++) {
			const struct hxl_column *col = &r.cols[i];
			json_array_append_new(headers, str_or_null(col->header));
			json_array_append_new(tags, str_or_null(col->tag));
			json_t *a = json_array();
			for (size_t k = 0; k < col->n_attrs; k++)
				json_array_append_new(a, json_string(col->attrs[k]));
			json_array_append_new(attrs, a);
			json_array_append_new(display, json_string(hxl_display_tag(col, tag, sizeof tag)));
		}
		for (size_t i = 0; i < r.n_malformed; i++)
			json_array_append_new(malformed, json_string(r.malformed[i]));
		json_t *rows = json_array(), *numbers = json_array(), *lines = json_array();
		struct hxl_row *row;
		while ((rc = hxl_next_or_err(&r, &row)) > 0) {
			json_array_append_new(rows, row_json(row));
			json_array_append_new(numbers, json_integer(row->index));
			json_array_append_new(lines, json_integer(row->line));
		}
		doc = json_pack("{s:s, s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "file", path,
				"delimiter", d, "hashtag_row", r.tags.index, "hashtag_line", (int)r.tags.line,
				"headers", headers, "tags", tags, "attributes", attrs, "display_tags", display,
				"malformed", malformed, "values", rows, "source_row_numbers", numbers, "lines", lines);
		rc = rc < 0 ? -1 : 0;
	}
	hxl_close(&r);
	fclose(f);
	if (rc == 0) {
		char *s = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
		fprintf(c->out, "%s\n", s);
		free(s);
	}
	json_decref(doc);
	return rc;
}

const struct command command_test_hxl = {
	.name = "test-hxl",
	.run = run_test_hxl,
	.summary = "print an HXL table as muster reads it",
	.usage = "muster test-hxl FILE [--encoding utf-8|latin1]",
	.help = "Prints the delimiter, the hashtag row, each column's header, tag and attributes, the\n"
		"cells that are not hashtags, and every raw row below the hashtag row, as JSON.\n",
	.opts = O_FIELDS,
	.hidden = 1,
};
