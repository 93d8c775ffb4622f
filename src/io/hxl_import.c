/* hxl_import.c: an HXL table (hxl_read.c) into muster records. A column's
 * hashtag names a field: the tags muster's own HXL export writes
 * (export_hxl_tag, so that export then import gives the same records) plus a
 * few common ones (#status for a funding's stage, #org+funder, #description).
 * A column matches the entries whose attributes it has, the most specific
 * first; among those, a row uses the first field its kind has. The kind is a
 * #meta+kind column, else --kind, else funding when a #value+funding column is
 * there. Unknown tags are ignored with one warning listing them. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/iso.h"
#include "../core/grow.h"
#include "../core/record.h"
#include "export.h"
#include "hxl.h"
#include "import.h"
#include "progress.h"

/* Tags other tools use for muster's fields, beyond those the export writes. */
static const struct { const char *spec, *field; } aliases[] = {
	{"#status", "stage"},           /* FTS and others: the stage of a funding flow */
	{"#org+funder", "donor_org"},
	{"#description", "note"},
};

#define MAX_CANDS 4

struct entry {
	struct hxl_column c;    /* tag and attributes */
	const char *field;
};

/* What one column of the table gives. */
struct colmap {
	const char *cands[MAX_CANDS];   /* candidate fields, most specific first */
	size_t n_cands;
	char currency[4];               /* an ISO 4217 attribute of an amount column (+usd), or "" */
	char tag[256];                  /* the display tag, for messages */
	const char *used;               /* fixed-kind tables: the field chosen */
};

struct hi {
	struct store *s;
	const char *name;
	struct err *e;
	struct import_stats *st;
	const struct hxl_opts *o;
	struct hxl_reader r;
	struct entry *map;
	size_t n_map;
	struct colmap *cols;
	int kind_col;                   /* column of #meta+kind, or -1 */
	const struct kind *fixed;       /* the kind of every row when there is no kind column */
	const char *given[64];          /* fields given by the row being read, by column … */
	int given_col[64];              /* … and the column that gave each */
	size_t n_given;
};

static void map_add(struct hi *h, const char *spec, const char *field)
{
	for (size_t i = 0; i < h->n_map; i++)
		if (!strcmp(h->map[i].field, field)) {
			char a[256], b[256];
			struct hxl_column c = {0};
			hxl_parse_spec(spec, &c);
			int same = !strcmp(hxl_display_tag(&h->map[i].c, a, sizeof a), hxl_display_tag(&c, b, sizeof b));
			free(c.tag);
			for (size_t k = 0; k < c.n_attrs; k++)
				free(c.attrs[k]);
			free(c.attrs);
			if (same)
				return;
		}
	struct entry en = {0};
	if (!hxl_parse_spec(spec, &en.c))
		return;
	en.field = field;
	h->map = grow(h->map, h->n_map, sizeof *h->map);
	h->map[h->n_map++] = en;
}

/* Every field's export tag, then the aliases. */
static void map_build(struct hi *h)
{
	for (const struct field *f = record_common_fields(); f->name; f++)
		map_add(h, export_hxl_tag(f->name), f->name);
	size_t nk;
	const struct kind *const *all = kind_all(&nk);
	for (size_t k = 0; k < nk; k++)
		for (const struct field *f = all[k]->fields; f->name; f++)
			map_add(h, export_hxl_tag(f->name), f->name);
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		map_add(h, aliases[i].spec, aliases[i].field);
}

static int has_attr(const struct hxl_column *c, const char *a)
{
	for (size_t i = 0; i < c->n_attrs; i++)
		if (!strcmp(c->attrs[i], a))
			return 1;
	return 0;
}

/* The entries a column matches with the most attributes, in map order. */
static void match_column(struct hi *h, const struct hxl_column *c, struct colmap *m)
{
	size_t best = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < h->n_map; i++) {
			const struct hxl_column *t = &h->map[i].c;
			if (strcmp(t->tag, c->tag))
				continue;
			size_t k = 0;
			while (k < t->n_attrs && has_attr(c, t->attrs[k]))
				k++;
			if (k < t->n_attrs)
				continue;
			if (pass == 0 && t->n_attrs > best)
				best = t->n_attrs;
			else if (pass == 1 && t->n_attrs == best && m->n_cands < MAX_CANDS)
				m->cands[m->n_cands++] = h->map[i].field;
		}
	if (m->n_cands && !strcmp(m->cands[0], "amount"))
		for (size_t i = 0; i < c->n_attrs; i++) {
			char up[4] = "";
			if (strlen(c->attrs[i]) != 3)
				continue;
			for (int k = 0; k < 3; k++)
				up[k] = (char)toupper((unsigned char)c->attrs[i][k]);
			if (iso_currency_minor(up) >= 0)
				memcpy(m->currency, up, 4);
		}
}

static int kind_has(const struct kind *k, const char *field)
{
	for (const struct field *f = record_common_fields(); f->name; f++)
		if (!strcmp(f->name, field))
			return 1;
	for (const struct field *f = k->fields; f->name; f++)
		if (!strcmp(f->name, field))
			return 1;
	return 0;
}

static const char *pick(const struct colmap *m, const struct kind *k)
{
	for (size_t i = 0; i < m->n_cands; i++)
		if (kind_has(k, m->cands[i]))
			return m->cands[i];
	return NULL;
}

static void list_add(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void list_add(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	if (len + 8 >= size)
		return;
	if (len)
		len += (size_t)snprintf(buf + len, size - len, ", ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
	if (strlen(buf) + 5 >= size)
		snprintf(buf + size - 5, 5, "…");
}

static void warn_add(struct import_stats *st, const char *text)
{
	size_t have = st->warnings ? strlen(st->warnings) : 0, len = strlen(text);
	st->warnings = realloc(st->warnings, have + len + 2);
	memcpy(st->warnings + have, text, len);
	st->warnings[have + len] = '\n';
	st->warnings[have + len + 1] = 0;
}

/* Maps the columns; decides the kind of a table without a kind column; one
 * warning for the columns muster does not read. */
static int columns_or_err(struct hi *h)
{
	const struct hxl_reader *r = &h->r;
	h->cols = calloc(r->n_cols + 1, sizeof *h->cols);
	h->kind_col = -1;
	int funding_value = 0;
	for (size_t i = 0; i < r->n_cols; i++) {
		const struct hxl_column *c = &r->cols[i];
		if (!c->tag)
			continue;
		hxl_display_tag(c, h->cols[i].tag, sizeof h->cols[i].tag);
		match_column(h, c, &h->cols[i]);
		if (h->cols[i].n_cands && !strcmp(h->cols[i].cands[0], "kind")) {
			if (h->kind_col >= 0)
				return err_set(h->e, "%s:%ld: columns %d and %zu are both #meta+kind; keep one", h->name,
					       r->tags.line, h->kind_col + 1, i + 1);
			h->kind_col = (int)i;
		}
		funding_value |= !strcmp(c->tag, "#value") && has_attr(c, "funding");
	}
	if (h->o && h->o->kind) {
		h->fixed = kind_find(h->o->kind);
		if (!h->fixed) {
			size_t nk;
			const struct kind *const *all = kind_all(&nk);
			const char *names[64];
			for (size_t i = 0; i < nk && i < 64; i++)
				names[i] = all[i]->name;
			const char *near = err_nearest(h->o->kind, names, nk < 64 ? nk : 64);
			return err_set(h->e, "--kind %s: not a kind of record%s%s%s", h->o->kind, near ? " (did you mean "
				       : " (muster add --help lists them)", near ? near : "", near ? "?)" : "");
		}
	}
	if (h->kind_col < 0 && !h->fixed) {
		if (!funding_value)
			return err_set(h->e, "%s:%ld: cannot tell which kind of record the rows are: add a #meta+kind "
				       "column, or pass --kind KIND (e.g. --kind pledge)", h->name, r->tags.line);
		h->fixed = kind_find("funding");
	}
	char unknown[1024] = "", unfit[1024] = "";
	for (size_t i = 0; i < r->n_cols; i++) {
		struct colmap *m = &h->cols[i];
		if (!r->cols[i].tag)
			continue;
		if (!m->n_cands) {
			list_add(unknown, sizeof unknown, "%s (column %zu)", m->tag, i + 1);
		} else if (h->kind_col < 0 && !(m->used = pick(m, h->fixed))) {
			list_add(unfit, sizeof unfit, "%s (column %zu)", m->tag, i + 1);
			m->n_cands = 0;
		}
	}
	char bad[1024] = "";
	for (size_t i = 0; i < r->n_malformed; i++)
		list_add(bad, sizeof bad, "\"%.60s\" (column %d)", r->malformed[i], r->malformed_col[i]);
	if (*unknown || *unfit || *bad) {
		char w[4096];
		int n = snprintf(w, sizeof w, "muster: warning: %s:%ld: columns ignored: ", h->name, r->tags.line);
		const char *sep = "";
		if (*unknown) {
			n += snprintf(w + n, sizeof w - (size_t)n, "hashtags muster does not read: %s", unknown);
			sep = "; ";
		}
		if (*unfit) {
			n += snprintf(w + n, sizeof w - (size_t)n, "%snot fields of a %s: %s", sep, h->fixed->name, unfit);
			sep = "; ";
		}
		if (*bad)
			snprintf(w + n, sizeof w - (size_t)n, "%snot hashtags: %s", sep, bad);
		warn_add(h->st, w);
	}
	return 0;
}

/* Puts "FILE:LINE: " (and the column, when the message names a field a
 * column gave) in front of a record's error. */
static void place_error(struct hi *h, long line)
{
	char field[64];
	if (sscanf(h->e->msg, "field \"%63[^\"]\"", field) == 1)
		for (size_t i = 0; i < h->n_given; i++)
			if (!strcmp(h->given[i], field)) {
				err_prefix(h->e, "%s:%ld: column %d (%s)", h->name, line, h->given_col[i] + 1,
					   h->cols[h->given_col[i]].tag);
				return;
			}
	err_prefix(h->e, "%s:%ld", h->name, line);
}

static int given_or_err(struct hi *h, json_t *rec, const char *field, int col, const char *v, long line)
{
	for (size_t i = 0; i < h->n_given; i++)
		if (!strcmp(h->given[i], field))
			return err_set(h->e, "%s:%ld: columns %d (%s) and %d (%s) both give %s; leave one empty", h->name,
				       line, h->given_col[i] + 1, h->cols[h->given_col[i]].tag, col + 1, h->cols[col].tag,
				       field);
	if (h->n_given < 64) {
		h->given[h->n_given] = field;
		h->given_col[h->n_given++] = col;
	}
	json_object_set_new(rec, field, json_string_nocheck(v));
	return 0;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int row_or_err(struct hi *h, const struct hxl_row *row)
{
	long line = row->line;
	int any = 0;
	for (size_t i = 0; i < row->n && !any; i++)
		any = !blank(row->v[i]);
	if (!any)
		return 0;       /* a blank row */
	/* A row may stop before trailing untagged columns, not before a tagged one. */
	for (size_t i = row->n; i < h->r.n_cols; i++)
		if (h->cols[i].n_cands || (int)i == h->kind_col)
			return err_set(h->e, "%s:%ld: %zu fields, but the hashtag row has %zu (a row cut short: is the file "
				       "truncated?)", h->name, line, row->n, h->r.n_cols);
	const struct kind *k = h->fixed;
	if (h->kind_col >= 0) {
		const char *v = row->v[h->kind_col];
		while (isspace((unsigned char)*v))
			v++;
		if (*v) {
			char kname[64];
			snprintf(kname, sizeof kname, "%s", v);
			for (size_t n = strlen(kname); n && isspace((unsigned char)kname[n - 1]); n--)
				kname[n - 1] = 0;
			if (!(k = kind_find(kname))) {
				json_t *probe = json_pack("{s:s}", "kind", kname), *out;
				record_normalize_or_err(probe, &out, h->e);
				json_decref(probe);
				err_prefix(h->e, "%s:%ld: column %d (%s)", h->name, line, h->kind_col + 1,
					   h->cols[h->kind_col].tag);
				return -1;
			}
		} else if (!k) {
			return err_set(h->e, "%s:%ld: column %d (%s) is empty: give the kind of record, or pass --kind "
				       "KIND for the rows without one", h->name, line, h->kind_col + 1,
				       h->cols[h->kind_col].tag);
		}
	}
	json_t *rec = json_object();
	json_object_set_new(rec, "kind", json_string(k->name));
	h->n_given = 0;
	const char *implied = NULL;
	int implied_col = -1;
	for (size_t i = 0; i < h->r.n_cols; i++) {
		const struct colmap *m = &h->cols[i];
		if (!m->n_cands || (int)i == h->kind_col || i >= row->n || blank(row->v[i]))
			continue;
		const char *field = h->kind_col < 0 ? m->used : pick(m, k);
		if (!field) {
			json_decref(rec);
			return err_set(h->e, "%s:%ld: column %zu (%s): %s %s has no field %s (leave the cell empty for "
				       "this kind)", h->name, line, i + 1, m->tag, strchr("aeiou", k->name[0]) ? "an" : "a",
				       k->name, m->cands[0]);
		}
		if (given_or_err(h, rec, field, (int)i, row->v[i], line) < 0) {
			json_decref(rec);
			return -1;
		}
		if (*m->currency) {
			implied = m->currency;
			implied_col = (int)i;
		}
	}
	if (implied) {
		const char *cur = json_string_value(json_object_get(rec, "currency"));
		char up[8] = "";
		for (size_t i = 0; cur && cur[i] && i < 7; i++)
			up[i] = (char)toupper((unsigned char)cur[i]);
		if (!cur) {
			json_object_set_new(rec, "currency", json_string(implied));
		} else if (strcmp(up, implied)) {
			err_set(h->e, "%s:%ld: column %d (%s) is in %s but the currency given is \"%s\"; correct one of "
				"them", h->name, line, implied_col + 1, h->cols[implied_col].tag, implied, cur);
			json_decref(rec);
			return -1;
		}
	}
	if (k->needs_sources && !json_object_get(rec, "sources") && h->o && h->o->sources)
		json_object_set_new(rec, "sources", json_string(h->o->sources));
	json_t *norm;
	char id[HASH_HEX];
	int rc = record_normalize_or_err(rec, &norm, h->e);
	json_decref(rec);
	if (rc < 0) {
		static const char missing[] = "field \"sources\": missing";
		if (!strncmp(h->e->msg, missing, sizeof missing - 1))
			snprintf(h->e->msg + strlen(h->e->msg), sizeof h->e->msg - strlen(h->e->msg),
				 "; or name the source of every row with --sources REF");
		place_error(h, line);
		return -1;
	}
	rc = store_append_or_err(h->s, norm, id, h->e);
	json_decref(norm);
	if (rc < 0) {
		place_error(h, line);
		return -1;
	}
	h->st->records++;
	h->st->rows++;
	return 0;
}

int hxl_import_or_err(struct store *s, FILE *f, const char *name, struct import_stats *st, struct err *e)
{
	struct hi h = {.s = s, .name = name, .e = e, .st = st, .o = st->hxl};
	int rc = hxl_open_or_err(&h.r, f, name, h.o ? h.o->latin1 : 0, e);
	if (rc == 0) {
		map_build(&h);
		rc = columns_or_err(&h);
	}
	if (rc == 0) {
		struct stat sb;
		struct progress pr;
		char what[300];
		snprintf(what, sizeof what, "importing %s", name);
		progress_start(&pr, what, "records", fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : -1);
		struct hxl_row *row;
		int got;
		while ((got = hxl_next_or_err(&h.r, &row)) > 0) {
			if (row_or_err(&h, row) < 0) {
				got = -1;
				break;
			}
			progress_update(&pr, st->records, h.r.bytes);
		}
		progress_end(&pr);
		rc = got < 0 ? -1 : 0;
	}
	hxl_close(&h.r);
	for (size_t i = 0; i < h.n_map; i++) {
		free(h.map[i].c.tag);
		for (size_t k = 0; k < h.map[i].c.n_attrs; k++)
			free(h.map[i].c.attrs[k]);
		free(h.map[i].c.attrs);
	}
	free(h.map);
	free(h.cols);
	return rc;
}
