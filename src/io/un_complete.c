/* un_complete.c: the UN's monthly table lists every contributor to every
 * mission, so its import marks each (mission, date) complete: whole-mission
 * strength markers that make strength count 0 for whoever a month leaves out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "un_contrib.h"

static int cmp_day_iso(const void *x, const void *y)
{
	const struct seen *a = x, *b = y;
	return a->day != b->day ? (a->day > b->day) - (a->day < b->day) : strcmp(a->iso, b->iso);
}

/* The rows of the detail (not the published totals), sorted by day and
 * contributor; *n gets how many. From malloc; the caller frees. */
struct seen *uc_detail_rows(const struct uc *u, size_t *n)
{
	struct seen *v = malloc((u->n_rows + 1) * sizeof *v);
	*n = 0;
	for (size_t i = 0; i < u->n_rows; i++)
		if (!u->rows[i].is_total)
			v[(*n)++] = u->rows[i];
	qsort(v, *n, sizeof *v, cmp_day_iso);
	return v;
}

/* The missions that earlier imports of the UN's tables marked complete: a
 * mission absent from this table had nobody there on its dates. Returns an
 * array of n strings from malloc (each too); the caller frees. */
char **uc_known_missions(struct store *s, size_t *n)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT DISTINCT m.mission FROM strength m CROSS JOIN rec r USING(seq) WHERE m.country = '' "
		"AND m.complete = 1 AND r.replaced_by IS NULL AND r.retracted_by IS NULL AND EXISTS(SELECT 1 FROM "
		"cite c WHERE c.seq = m.seq AND c.source LIKE 'un-contrib-%') ORDER BY 1");
	char **v = NULL;
	*n = 0;
	while (store_row(s, st)) {
		v = grow(v, *n, sizeof *v);
		v[(*n)++] = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	return v;
}

static int has_name(char **v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return 1;
	return 0;
}

/* The UN's monthly table lists every contributor to every mission: each
 * (mission, day) of the table, for the missions in it and those of earlier
 * imports (`known`), gets a whole-mission complete marker, so that a
 * contributor or a mission absent from a month counts 0 that month. */
int uc_complete_markers_or_err(struct uc *u, char **known, size_t n_known)
{
	size_t n;
	struct seen *v = uc_detail_rows(u, &n);
	char **missions = known;
	size_t nm = n_known;
	for (size_t i = 0; i < n; i++)
		if (!has_name(missions, nm, v[i].mission)) {
			missions = grow(missions, nm, sizeof *missions);
			missions[nm++] = strdup(v[i].mission);
		}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (i && v[i].day == v[i - 1].day)
			continue;
		char date[11], cite[64];
		day_format(v[i].day, date);
		snprintf(cite, sizeof cite, "the table of %s lists every contributor", date);
		for (size_t m = 0; rc == 0 && m < nm; m++) {
			json_t *o = json_object();
			json_object_set_new(o, "kind", json_string("strength"));
			json_object_set_new(o, "mission", json_string(missions[m]));
			json_object_set_new(o, "date", json_string(date));
			json_object_set_new(o, "complete", json_string("yes"));
			json_object_set_new(o, "sources", json_pack("[s]", u->ref));
			json_object_set_new(o, "cite", json_string(cite));
			rc = uc_append_or_err(u, o);
			if (rc < 0)
				err_prefix(u->e, "%s: the complete table of %s on %s", u->name, missions[m], date);
		}
	}
	for (size_t m = 0; m < nm; m++)
		free(missions[m]);
	free(missions);
	free(v);
	return rc;
}

