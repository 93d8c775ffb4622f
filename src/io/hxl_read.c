/* hxl_read.c: reading an HXL table as libhxl-python reads it. The delimiter
 * is the first of , TAB ; : | that splits a line of the first 16 KB holding
 * '#' into a hashtag row, else the most frequent of them; the hashtag row is
 * the first of the first 25 raw rows in which at least half of the non-empty
 * cells parse as #tag+attribute…; each column's header is the cell above it.
 * Cells are kept as written (no trimming); line ends are read as Python's
 * universal newlines read them (CR LF as LF). */
#include "hxl.h"
#include "../core/grow.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

#define SAMPLE_BYTES 16384      /* libhxl peeks this much to guess the delimiter */
#define TAG_ROWS 25             /* and looks for hashtags in this many rows */

static const char delims[] = ",\t;:|";

static int no_space(unsigned char c)
{
	(void)c;
	return 0;       /* keep leading and trailing spaces: Python's csv does */
}

static int is_token_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_token_char(int c)
{
	return is_token_start(c) || (c >= '0' && c <= '9') || c == '_';
}

/* A cell that is empty or only white space counts as empty. */
static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

int hxl_parse_spec(const char *cell, struct hxl_column *c)
{
	const char *p = cell;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '#' || !is_token_start((unsigned char)p[1]))
		return 0;
	const char *t = ++p;
	while (is_token_char((unsigned char)*p))
		p++;
	size_t tlen = (size_t)(p - t);
	const char *a[64];
	size_t alen[64], n = 0;
	for (;;) {
		const char *q = p;
		while (isspace((unsigned char)*q))
			q++;
		if (*q != '+')
			break;
		q++;
		if (!is_token_start((unsigned char)*q))
			return 0;
		const char *s = q;
		while (is_token_char((unsigned char)*q))
			q++;
		if (n == 64)
			return 0;
		a[n] = s;
		alen[n++] = (size_t)(q - s);
		p = q;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return 0;
	c->tag = malloc(tlen + 2);
	c->tag[0] = '#';
	for (size_t i = 0; i < tlen; i++)
		c->tag[i + 1] = (char)tolower((unsigned char)t[i]);
	c->tag[tlen + 1] = 0;
	c->attrs = calloc(n + 1, sizeof *c->attrs);
	c->n_attrs = n;
	for (size_t i = 0; i < n; i++) {
		c->attrs[i] = strndup(a[i], alen[i]);
		for (char *x = c->attrs[i]; *x; x++)
			*x = (char)tolower((unsigned char)*x);
	}
	return 1;
}

const char *hxl_display_tag(const struct hxl_column *c, char *buf, size_t size)
{
	buf[0] = 0;
	if (!c->tag)
		return buf;
	size_t k = (size_t)snprintf(buf, size, "%s", c->tag);
	for (size_t i = 0; i < c->n_attrs && k < size; i++)
		k += (size_t)snprintf(buf + k, size - k, "+%s", c->attrs[i]);
	return buf;
}

static void column_free(struct hxl_column *c)
{
	free(c->header);
	free(c->tag);
	for (size_t i = 0; i < c->n_attrs; i++)
		free(c->attrs[i]);
	free(c->attrs);
	free(c->spec);
	memset(c, 0, sizeof *c);
}

/* libhxl's Column.parse_list: the columns when at least half of the
 * non-empty cells of `row` are hashtags, else NULL. */
static struct hxl_column *parse_tag_row(const struct hxl_row *row, const struct hxl_row *above, size_t *n_tags)
{
	size_t non_empty = 0, tags = 0;
	struct hxl_column *cols = calloc(row->n + 1, sizeof *cols);
	for (size_t i = 0; i < row->n; i++) {
		if (above && above->n && i < above->n)
			cols[i].header = strdup(above->v[i]);
		if (blank(row->v[i]))
			continue;
		non_empty++;
		cols[i].spec = strdup(row->v[i]);
		tags += (size_t)hxl_parse_spec(row->v[i], &cols[i]);
	}
	if (non_empty && 2 * tags >= non_empty) {
		*n_tags = tags;
		return cols;
	}
	for (size_t i = 0; i < row->n; i++)
		column_free(&cols[i]);
	free(cols);
	return NULL;
}

static int utf8_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned c = *p;
		int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 1 : (c & 0xF0) == 0xE0 ? 2
			: (c & 0xF8) == 0xF0 && c <= 0xF4 ? 3 : -1;
		if (n < 0 || (size_t)(end - p) <= (size_t)n)
			return 0;
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += n + 1;
	}
	return 1;
}

/* Reads one physical line (from malloc, NUL-terminated, CR LF as LF), or
 * NULL at the end. Checks its encoding. */
static char *read_line_or_err(struct hxl_reader *r, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n = getline(&buf, &cap, r->f);
	if (n <= 0) {
		free(buf);
		if (ferror(r->f)) {
			r->failed = 1;
			err_set(r->e, "%s: read error: %s", r->name, strerror(errno));
		}
		return NULL;
	}
	r->bytes += n;
	r->line++;
	if (r->line == 1 && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		memmove(buf, buf + 3, (size_t)n - 2);
		n -= 3;
	}
	if (n >= 2 && buf[n - 2] == '\r' && buf[n - 1] == '\n') {
		buf[n - 2] = '\n';
		buf[--n] = 0;
	}
	if (r->latin1) {
		/* Each byte is the code point of the same number. */
		char *u = malloc(2 * (size_t)n + 1);
		size_t k = 0;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];
			if (c < 0x80) {
				u[k++] = (char)c;
			} else {
				u[k++] = (char)(0xC0 | (c >> 6));
				u[k++] = (char)(0x80 | (c & 0x3F));
			}
		}
		u[k] = 0;
		free(buf);
		buf = u;
		n = (ssize_t)k;
	} else if (!utf8_ok(buf, (size_t)n)) {
		free(buf);
		r->failed = 1;
		err_set(r->e, "%s:%ld: not UTF-8 text (save the file as UTF-8, or pass --encoding latin1 for a "
			"Latin-1 file)", r->name, r->line);
		return NULL;
	}
	*len = (size_t)n;
	return buf;
}

static void on_cell(void *data, size_t len, void *ud)
{
	struct hxl_reader *r = ud;
	if (r->n_cur == r->cap_cur) {
		r->cap_cur = r->cap_cur ? 2 * r->cap_cur : 16;
		r->cur = realloc(r->cur, r->cap_cur * sizeof *r->cur);
	}
	/* A text cell export guarded against spreadsheets (export.h) comes back as it was. */
	size_t skip = data ? export_cell_unguard(data, len) : 0;
	r->cur[r->n_cur++] = strndup(data ? (const char *)data + skip : "", len - skip);
}

static void on_row(int term, void *ud)
{
	(void)term;
	struct hxl_reader *r = ud;
	if (r->q_head + r->q_len == r->q_cap) {
		if (r->q_head) {
			memmove(r->q, r->q + r->q_head, r->q_len * sizeof *r->q);
			r->q_head = 0;
		} else {
			r->q_cap = r->q_cap ? 2 * r->q_cap : 8;
			r->q = realloc(r->q, r->q_cap * sizeof *r->q);
		}
	}
	struct hxl_row *row = &r->q[r->q_head + r->q_len++];
	row->v = r->cur;
	row->n = r->n_cur;
	row->line = r->row_line;
	row->index = r->rows++;
	r->cur = NULL;
	r->n_cur = r->cap_cur = 0;
	r->row_line = r->line + 1;
}

/* Feeds lines until a row is parsed or the file ends. */
static int fill_or_err(struct hxl_reader *r)
{
	while (!r->q_len && !r->eof && !r->failed) {
		char *line;
		size_t len;
		if (r->i_sample < r->n_sample) {
			line = r->sample[r->i_sample];
			r->sample[r->i_sample++] = NULL;
			len = strlen(line);
			r->line++;
		} else if (!(line = read_line_or_err(r, &len))) {
			if (r->failed)
				return -1;
			r->eof = 1;
			/* Python's csv accepts a"b; a quote left open at the end is a cut file. */
			csv_set_opts(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL);
			if (csv_fini(&r->p, on_cell, on_row, r) != 0) {
				r->failed = 1;
				return err_set(r->e, "%s:%ld: the file ends inside a quoted field (is the file truncated? "
					       "close the quote)", r->name, r->row_line);
			}
			break;
		}
		csv_parse(&r->p, line, len, on_cell, on_row, r);
		free(line);
	}
	return r->failed ? -1 : 0;
}

static void row_free(struct hxl_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		free(row->v[i]);
	free(row->v);
	memset(row, 0, sizeof *row);
}

/* The next raw row, moved into *out (which the caller frees with row_free).
 * Returns 1, 0 at the end, -1 on error. */
static int next_raw_or_err(struct hxl_reader *r, struct hxl_row *out)
{
	if (fill_or_err(r) < 0)
		return -1;
	if (!r->q_len)
		return 0;
	*out = r->q[r->q_head++];
	if (!--r->q_len)
		r->q_head = 0;
	return 1;
}

/* Splits one line with delimiter `d` as Python's csv.reader([line]) would. */
static void split_line(const char *line, char d, struct hxl_row *row)
{
	struct hxl_reader tmp;
	memset(&tmp, 0, sizeof tmp);
	csv_init(&tmp.p, CSV_APPEND_NULL);
	csv_set_space_func(&tmp.p, no_space);
	csv_set_delim(&tmp.p, (unsigned char)d);
	size_t len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	csv_parse(&tmp.p, line, len, on_cell, on_row, &tmp);
	csv_fini(&tmp.p, on_cell, on_row, &tmp);
	csv_free(&tmp.p);
	if (tmp.q_len)
		*row = tmp.q[0];
	else
		memset(row, 0, sizeof *row);
	for (size_t i = 1; i < tmp.q_len; i++)
		row_free(&tmp.q[i]);
	free(tmp.q);
	for (size_t i = 0; i < tmp.n_cur; i++)
		free(tmp.cur[i]);
	free(tmp.cur);
}

/* libhxl's CSVInput._detect_delimiter over the lines read ahead. */
static char guess_delim(struct hxl_reader *r)
{
	size_t seen = 0;
	for (size_t i = 0; i < r->n_sample && seen < SAMPLE_BYTES - 1; i++) {
		const char *line = r->sample[i];
		size_t len = strlen(line);
		char *part = strndup(line, len < SAMPLE_BYTES - 1 - seen ? len : SAMPLE_BYTES - 1 - seen);
		seen += len;
		if (strchr(part, '#'))
			for (const char *d = delims; *d; d++) {
				struct hxl_row row;
				size_t n_tags;
				split_line(part, *d, &row);
				struct hxl_column *cols = parse_tag_row(&row, NULL, &n_tags);
				if (cols) {
					for (size_t k = 0; k < row.n; k++)
						column_free(&cols[k]);
					free(cols);
					row_free(&row);
					free(part);
					return *d;
				}
				row_free(&row);
			}
		free(part);
	}
	long best = -1;
	char pick = ',';
	for (const char *d = delims; *d; d++) {
		long count = 0;
		seen = 0;
		for (size_t i = 0; i < r->n_sample && seen < SAMPLE_BYTES - 1; i++) {
			const char *line = r->sample[i];
			for (size_t k = 0; line[k] && seen < SAMPLE_BYTES - 1; k++, seen++)
				count += line[k] == *d;
		}
		if (count > best) {
			best = count;
			pick = *d;
		}
	}
	return pick;
}

int hxl_open_or_err(struct hxl_reader *r, FILE *f, const char *name, int latin1, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->name = name;
	r->latin1 = latin1;
	r->e = e;
	r->row_line = 1;
	/* Read ahead about 16 KB, as whole lines, to guess the delimiter. */
	size_t got = 0, cap = 0;
	while (got < SAMPLE_BYTES) {
		size_t len;
		char *line = read_line_or_err(r, &len);
		if (!line)
			break;
		if (r->n_sample == cap) {
			cap = cap ? 2 * cap : 64;
			r->sample = realloc(r->sample, cap * sizeof *r->sample);
		}
		r->sample[r->n_sample++] = line;
		got += len;
	}
	if (r->failed)
		return -1;
	r->line = 0;    /* fill_or_err counts the read-ahead lines again as it feeds them */
	if (!r->n_sample)
		return err_set(e, "%s: the file is empty (an HXL table has a row of hashtags such as #country+code "
			       "over its data)", name);
	r->delim = guess_delim(r);
	if (csv_init(&r->p, CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0)
		return err_set_code(e, E_INTERNAL, "out of memory");
	csv_set_space_func(&r->p, no_space);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	struct hxl_row row = {0};
	for (int i = 0; i < TAG_ROWS; i++) {
		int rc = next_raw_or_err(r, &row);
		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		size_t n_tags;
		struct hxl_column *cols = parse_tag_row(&row, &r->above, &n_tags);
		if (cols) {
			r->cols = cols;
			r->n_cols = row.n;
			r->tags = row;
			for (size_t k = 0; k < row.n; k++)
				if (cols[k].spec && !cols[k].tag) {
					r->malformed = grow(r->malformed, r->n_malformed, sizeof *r->malformed);
					r->malformed_col = grow(r->malformed_col, r->n_malformed, sizeof *r->malformed_col);
					r->malformed[r->n_malformed] = cols[k].spec;
					r->malformed_col[r->n_malformed++] = (int)k + 1;
				}
			return 0;
		}
		row_free(&r->above);
		r->above = row;
		memset(&row, 0, sizeof row);
	}
	char where[48];
	if (r->rows < TAG_ROWS)
		snprintf(where, sizeof where, "in its %d row%s", r->rows, r->rows == 1 ? "" : "s");
	else
		snprintf(where, sizeof where, "in the first %d rows", TAG_ROWS);
	return err_set(e, "%s: no HXL hashtag row %s (HXL puts a row of hashtags such as #country+code or "
		       "#date under the headers; tag the columns, or import the file as --format csv)", name, where);
}

int hxl_next_or_err(struct hxl_reader *r, struct hxl_row **row)
{
	row_free(&r->out);
	int rc = next_raw_or_err(r, &r->out);
	*row = rc > 0 ? &r->out : NULL;
	return rc;
}

void hxl_close(struct hxl_reader *r)
{
	for (size_t i = 0; i < r->n_sample; i++)
		free(r->sample[i]);
	free(r->sample);
	for (size_t i = 0; i < r->n_cur; i++)
		free(r->cur[i]);
	free(r->cur);
	for (size_t i = 0; i < r->q_len; i++)
		row_free(&r->q[r->q_head + i]);
	free(r->q);
	row_free(&r->out);
	row_free(&r->tags);
	row_free(&r->above);
	for (size_t i = 0; i < r->n_cols; i++)
		column_free(&r->cols[i]);
	free(r->cols);
	free(r->malformed);     /* the strings are the columns' specs */
	free(r->malformed_col);
	if (r->delim)
		csv_free(&r->p);
	memset(r, 0, sizeof *r);
}
