/* succession.c: the mission of record on a day. A mission whose
 * authorisations have all ended is followed by the successor that names it
 * (successor_of) once that successor's authorisation has begun, as far as the
 * record goes; the dashboard and `muster summary` show that mission's figures
 * as today's and the ended ones' as dated history. */
#include <string.h>

#include "../core/date.h"
#include "mandate.h"

/* The last day of `mission`'s authorisations in the mandate answer `md` when
 * every one of them has ended by its day; 0 when one is in force or has not
 * begun, or none is known. */
static int ended_on(const json_t *md, const char *mission)
{
	size_t i;
	json_t *row;
	int last = 0;
	json_array_foreach(json_object_get(md, "rows"), i, row) {
		if (strcmp(json_string_value(json_object_get(row, "mission")), mission))
			continue;
		struct err e = {0};
		int end;
		if (strcmp(json_string_value(json_object_get(row, "status")), "ended") ||
		    day_parse_or_err(json_string_value(json_object_get(row, "end")), &end, &e) < 0)
			return 0;
		if (end > last)
			last = end;
	}
	return last;
}

/* The successor of `mission` whose authorisation has begun, or NULL. */
static const char *successor(const json_t *md, const char *mission)
{
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(md, "rows"), i, row) {
		const char *pred = json_string_value(json_object_get(row, "successor_of"));
		if (pred && !strcmp(pred, mission) && strcmp(json_string_value(json_object_get(row, "status")), "not yet"))
			return json_string_value(json_object_get(row, "mission"));
	}
	return NULL;
}

int mandate_succession_or_err(struct store *s, int day, const char *mission, struct succession *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	json_t *md = answer_mandate(s, day, e);
	if (!md)
		return -1;
	snprintf(out->mission[0], sizeof out->mission[0], "%s", mission);
	out->end[0] = ended_on(md, mission);
	out->n = 1;
	const char *next;
	while (out->n < SUCCESSION_MAX && out->end[out->n - 1] && (next = successor(md, out->mission[out->n - 1]))) {
		snprintf(out->mission[out->n], sizeof out->mission[0], "%s", next);
		out->end[out->n] = ended_on(md, next);
		out->n++;
	}
	json_decref(md);
	return 0;
}
