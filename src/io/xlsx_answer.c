/* xlsx_answer.c: the sheet of one answer document in the XLSX workbook.
 * Its rows come first, one column per field and per field of a nested
 * figure ("figure.amount", "figure.currency"); then the document's frame and
 * its answer's fields, one per line; then each list of objects among them
 * or in the rows as a table of its own (a row's items with its row number). Every figure is a typed cell: counts and amounts are
 * numbers (amounts in their currency's decimals), days are dates, yes/no
 * are booleans; no cell holds JSON. */
#include <stdlib.h>
#include <string.h>

#include "xlsx_write.h"

#define MAX_DEPTH 3             /* objects nested deeper are written as words */

struct cols {
	char *name[XW_MAX_COLS];
	size_t n;
};

/* Adds the columns of `o` under `prefix`: a nested object's fields as
 * "prefix.key", each name once, in the order first met. Null fields make
 * no column. */
static void add_cols(struct cols *c, const json_t *o, const char *prefix, int depth)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		char name[256];
		snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", k);
		if (json_is_null(v))
			continue;
		if (json_is_object(v) && json_object_size(v) && depth < MAX_DEPTH) {
			add_cols(c, v, name, depth + 1);
			continue;
		}
		size_t i = 0;
		while (i < c->n && strcmp(c->name[i], name))
			i++;
		if (i == c->n && c->n < XW_MAX_COLS)
			c->name[c->n++] = strdup(name);
	}
}

static void free_cols(struct cols *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->name[i]);
	c->n = 0;
}

/* The value at the dotted `path` in `o`, and the object that holds it. */
static const json_t *at_path(const json_t *o, const char *path, const json_t **parent)
{
	char seg[256];
	*parent = o;
	while (o && *path) {
		size_t n = strcspn(path, ".");
		snprintf(seg, sizeof seg, "%.*s", (int)n, path);
		*parent = o;
		o = json_object_get(o, seg);
		path += n + (path[n] == '.');
	}
	return o;
}

/* Fields whose text is an amount of money ("600000000.00"). */
static int money_key(const char *leaf)
{
	static const char *const keys[] = {"amount", "budget", "commitments", "committed", "deposited", "disbursed",
					   "frozen", "funding", "gap", "original_amount", "paid", "pledged", "pledges",
					   "raised", "spent"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (!strcmp(leaf, keys[i]))
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n >= m && !strcmp(s + n - m, end);
}

/* One value, typed. `name` is its column's or line's name (its last part
 * says what it is), `parent` the object holding it (its currency). */
static void put_value(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *name,
		      const json_t *v, const json_t *parent, struct xw_widths *wd)
{
	const char *leaf = strrchr(name, '.') ? strrchr(name, '.') + 1 : name;
	lxw_datetime dt;
	double d;
	if (!v || json_is_null(v))
		return;
	if (json_is_integer(v) || json_is_real(v)) {
		char t[40];
		snprintf(t, sizeof t, "%g", json_number_value(v));
		xw_number(x, ws, r, c, json_number_value(v), NULL, (double)strlen(t) * 1.3 + 1, wd);
	} else if (json_is_boolean(v)) {
		xw_note(x, worksheet_write_boolean(ws, r, c, json_is_true(v), NULL));  /* shown TRUE or FALSE */
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (xw_parse_day(s, 0, &dt)) {
			xw_date(x, ws, r, c, &dt, x->day, 11, wd);
		} else if (xw_parse_day(s, 1, &dt)) {
			xw_date(x, ws, r, c, &dt, x->stamp, 20, wd);
		} else if (money_key(leaf) && xw_plain_decimal(s, &d)) {
			xw_number(x, ws, r, c, d, xw_money_format(x, json_string_value(json_object_get(parent, "currency")), s),
				  (double)strlen(s) * 1.3 + 1, wd);
		} else if (ends_with(leaf, "_pct") && xw_plain_decimal(s, &d)) {
			xw_number(x, ws, r, c, d, x->pct, 8, wd);
		} else if ((!strcmp(leaf, "rate") || !strcmp(leaf, "lat") || !strcmp(leaf, "lon")) &&
			   xw_plain_decimal(s, &d)) {
			xw_number(x, ws, r, c, d, NULL, (double)strlen(s) + 1, wd);
		} else if (strchr(s, '.') && xw_plain_decimal(s, &d)) {
			/* Any other decimal written as text (a disagreement's value
			 * that is an amount) is a number with its decimals; digits
			 * without a point (years, codes) stay text. */
			xw_number(x, ws, r, c, d, xw_money_format(x, NULL, s), (double)strlen(s) * 1.3 + 1, wd);
		} else {
			xw_text(x, ws, r, c, s, NULL, wd);
		}
	} else {
		char *t = xw_words(v);
		xw_text(x, ws, r, c, t, NULL, wd);
		free(t);
	}
}

static int objects(const json_t *v)
{
	return json_is_array(v) && json_is_object(json_array_get(v, 0));
}

/* Moves the list of objects `v` of sheet row `row` (1-based, as the sheet
 * numbers it) into the table `name` of `lists` ([name, [objects]] pairs),
 * each object with a first field "row" saying whose it is. */
static void list_below(json_t *lists, const char *name, const json_t *v, lxw_row_t row)
{
	size_t i;
	json_t *l, *all = NULL, *it;
	json_array_foreach(lists, i, l)
		if (!strcmp(json_string_value(json_array_get(l, 0)), name))
			all = json_array_get(l, 1);
	if (!all) {
		all = json_array();
		json_array_append_new(lists, json_pack("[s, o]", name, all));
	}
	json_array_foreach(v, i, it) {
		json_t *o = json_pack("{s:I}", "row", (json_int_t)row);
		if (json_is_object(it))
			json_object_update(o, it);
		json_array_append_new(all, o);
	}
}

/* A table: a header of the flattened columns of the objects in `items`
 * (from row *r), then one row per object. A list of objects in a field goes
 * to a table of its own under the sheet (`lists`; NULL: written as words),
 * its cell saying how many and where. Returns how many columns. */
static size_t table(struct xw *x, lxw_worksheet *ws, lxw_row_t *r, const json_t *items, json_t *lists,
		    struct xw_widths *wd)
{
	struct cols c = {0};
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
		if (json_is_object(it))
			add_cols(&c, it, "", 0);
	if (!c.n)
		c.name[c.n++] = strdup("(no rows)");
	for (size_t k = 0; k < c.n; k++)
		xw_text(x, ws, *r, (lxw_col_t)k, c.name[k], x->bold, wd);
	(*r)++;
	json_array_foreach(items, i, it) {
		for (size_t k = 0; k < c.n; k++) {
			const json_t *parent;
			const json_t *v = at_path(it, c.name[k], &parent);
			if (lists && objects(v)) {
				char t[300];
				snprintf(t, sizeof t, "%zu, in the table %s below", json_array_size(v), c.name[k]);
				xw_text(x, ws, *r, (lxw_col_t)k, t, NULL, wd);
				list_below(lists, c.name[k], v, *r + 1);
			} else {
				put_value(x, ws, *r, (lxw_col_t)k, c.name[k], v, parent, wd);
			}
		}
		(*r)++;
	}
	size_t n = c.n;
	free_cols(&c);
	return n;
}

/* The fields of `o` one per line from row *r: the name in bold, the value
 * beside it; a nested object's fields as "prefix.key"; lists of objects are
 * added to `lists` (with their names) for tables after the lines. */
static void lines(struct xw *x, lxw_worksheet *ws, lxw_row_t *r, const json_t *o, const char *prefix, int depth,
		  json_t *lists, struct xw_widths *wd)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		char name[256];
		snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", k);
		if (json_is_object(v) && json_object_size(v) && depth < MAX_DEPTH) {
			lines(x, ws, r, v, name, depth + 1, lists, wd);
		} else if (objects(v)) {
			json_array_append_new(lists, json_pack("[s, O]", name, v));
		} else {
			xw_text(x, ws, *r, 0, name, x->bold, wd);
			if (json_is_array(v) && !json_array_size(v))
				xw_text(x, ws, *r, 1, "(none)", NULL, wd);
			else
				put_value(x, ws, *r, 1, name, v, o, wd);
			(*r)++;
		}
	}
}

void xlsx_answer_sheet(struct xw *x, const json_t *doc)
{
	const char *q = json_string_value(json_object_get(doc, "question"));
	char name[LXW_SHEETNAME_MAX + 1];
	snprintf(name, sizeof name, "%.22s (answer)", q ? q : "answer");
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws) {
		xw_note(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
		return;
	}
	struct xw_widths wd = {0};
	lxw_row_t r = 0;
	/* No filter: in constant-memory mode a filter must be set while its
	 * last row is the row being written. */
	json_t *frame = json_object(), *lists = json_array();
	table(x, ws, &r, json_object_get(doc, "rows"), lists, &wd);
	worksheet_freeze_panes(ws, 1, 0);
	r++;
	static const char *const keys[] = {"question", "as_of", "mission", "generated"};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		if (json_object_get(doc, keys[k]))
			json_object_set(frame, keys[k], json_object_get(doc, keys[k]));
	lines(x, ws, &r, frame, "", 0, lists, &wd);
	lines(x, ws, &r, json_object_get(doc, "answer"), "", 0, lists, &wd);
	xw_text(x, ws, r, 0, "disagreements", x->bold, &wd);
	xw_number(x, ws, r++, 1, (double)json_array_size(json_object_get(doc, "disagreements")), NULL, 4, &wd);
	size_t i;
	json_t *l;
	json_array_foreach(lists, i, l) {
		r++;
		xw_text(x, ws, r++, 0, json_string_value(json_array_get(l, 0)), x->bold, &wd);
		table(x, ws, &r, json_array_get(l, 1), NULL, &wd);
	}
	json_decref(frame);
	json_decref(lists);
	xw_page_setup(x, ws, r - 1, &wd);
}
