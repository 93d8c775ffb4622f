/* mission.c: the missions of a file and the check of a --mission value. */
#include "mission.h"
#include "grow.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"

json_t *mission_list(struct store *s)
{
	json_t *arr = json_array();
	int have_default = 0;
	sqlite3_stmt *st = store_prep(s,
		"SELECT DISTINCT mission FROM pub_rec WHERE kind <> 'source' ORDER BY 1");
	while (store_row(s, st)) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		if (!strcmp(m, MISSION_ALL))
			continue;       /* a publisher's totals over every mission, not a mission */
		have_default |= !strcmp(m, DEFAULT_MISSION);
		json_array_append_new(arr, json_string(m));
	}
	sqlite3_reset(st);
	if (!have_default) {
		size_t i = 0;
		while (i < json_array_size(arr) && strcmp(json_string_value(json_array_get(arr, i)), DEFAULT_MISSION) < 0)
			i++;
		json_array_insert_new(arr, i, json_string(DEFAULT_MISSION));
	}
	return arr;
}

/* The message for a mission the file does not hold: the nearest public
 * ones, or all of them when they are few. */
static int unknown_or_err(struct store *s, const char *mission, struct err *e)
{
	const char **names = NULL;
	size_t n = 0;
	sqlite3_stmt *st = store_prep(s, "SELECT DISTINCT mission FROM pub_any_rec ORDER BY 1");
	while (store_row(s, st)) {
		names = grow(names, n, sizeof *names);
		names[n++] = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	int have_default = 0;
	for (size_t i = 0; i < n; i++)
		have_default |= !strcmp(names[i], DEFAULT_MISSION);
	if (!have_default) {
		names = grow(names, n, sizeof *names);
		names[n++] = strdup(DEFAULT_MISSION);
	}
	const char *near[3];
	size_t k = err_nearest_n(mission, names, n, near, 3);
	char list[512] = "";
	const char *const *shown = k ? near : names;
	size_t m = k ? k : n <= 6 ? n : 0;
	for (size_t i = 0; i < m; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? (i + 1 == m ? " or " : ", ") : "",
			 shown[i]);
	char quoted[80];
	snprintf(quoted, sizeof quoted, "%.64s%s", mission, strlen(mission) > 64 ? "..." : "");
	for (char *p = quoted; !utf8_valid(quoted) && *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	if (k)
		err_set(e, "--mission \"%s\" is not a mission in this file (did you mean %s?); `muster missions` "
			"lists them", quoted, list);
	else if (m)
		err_set(e, "--mission \"%s\" is not a mission in this file (it holds %s); `muster missions` lists "
			"them", quoted, list);
	else
		err_set(e, "--mission \"%s\" is not a mission in this file; `muster missions` lists them", quoted);
	for (size_t i = 0; i < n; i++)
		free((char *)names[i]);
	free(names);
	return -1;
}

int mission_check_or_err(struct store *s, const char *mission, const char *question, int allow_all,
			 struct err *e)
{
	if (!strcmp(mission, DEFAULT_MISSION))
		return 0;
	if (!strcmp(mission, MISSION_ALL)) {
		if (allow_all)
			return 0;
		return err_set(e, "--mission all: %s answers for one mission at a time; name one (`muster missions` "
			       "lists them)", question);
	}
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM pub_any_rec WHERE mission = ?1 LIMIT 1");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "reading the missions: %s", sqlite3_errmsg(s->db));
	return unknown_or_err(s, mission, e);
}
