/* conflicts.c: the conflicts question. It walks the registry of checks
 * (src/core/checks.h), where each feature names how the disagreements of
 * each of its areas are found: either a function of its own that adds them
 * all, or its answer asked on every day its records change
 * (an answer changes only on those days, so together they show everything it
 * can ever show). A disagreement is known by its "about", which names what it
 * is about and that thing's date, never the date asked; the first seen is
 * kept. tests/cli/conflicts_all.sh proves that every answer's disagreements
 * are here. */
#include <stdlib.h>
#include <string.h>

#include "../core/checks.h"
#include "../core/date.h"
#include "../core/grow.h"
#include "../core/derive.h"
#include "../core/mission.h"
#include "../force/force.h" /* answer_conflicts_all: --mission all */
#include "conflicts.h"

/* Adds the disagreements of a finished answer document whose "about" is not
 * yet in `a`, citing the sources their claims name. */
static void merge_doc(struct answer *a, const json_t *doc)
{
	size_t i, j, k;
	json_t *d, *have, *c, *ref;
	json_array_foreach(json_object_get(doc, "disagreements"), i, d) {
		const char *about = json_string_value(json_object_get(d, "about"));
		int dup = 0;
		json_array_foreach(a->disagreements, j, have)
			if (!strcmp(json_string_value(json_object_get(have, "about")), about)) {
				dup = 1;
				break;
			}
		if (dup)
			continue;
		json_array_append(a->disagreements, d);
		json_array_foreach(json_object_get(d, "claims"), j, c)
			json_array_foreach(json_object_get(c, "sources"), k, ref)
				if (json_is_string(ref))
					json_object_set_new(a->cited, json_string_value(ref), json_true());
	}
}

/* Asks `ck->ask` on every day a record of its kinds begins or ends, and on
 * the last day, adding what each answer shows to `a`: the latest day first,
 * so that a disagreement is shown as it stands with the whole record. */
static int ask_each_day(struct store *s, struct answer *a, const struct conflict_check *ck, const char *mission,
			struct err *e)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT d FROM (SELECT r.date_lo AS d FROM pub_any_rec r WHERE r.mission = ?1 AND r.date_prec > 0\n"
		"  AND instr(' ' || ?2 || ' ', ' ' || r.kind || ' ') > 0\n"
		"  UNION SELECT r.date_hi FROM pub_any_rec r WHERE r.mission = ?1 AND r.date_prec > 0\n"
		"  AND instr(' ' || ?2 || ' ', ' ' || r.kind || ' ') > 0\n"
		"  UNION SELECT ?3) ORDER BY d DESC");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ck->kinds, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, DATE_MAX - 1);
	int *days = NULL;
	size_t n = 0;
	while (store_row(s, st)) {
		days = grow(days, n, sizeof *days);
		days[n++] = sqlite3_column_int(st, 0);
	}
	sqlite3_reset(st);
	if (s->failed.msg[0]) {
		free(days);
		return store_failed_or_err(s, e);
	}
	for (size_t i = 0; i < n; i++) {
		json_t *doc = ck->ask(s, mission, days[i], e);
		if (!doc && e->code == E_NOANSWER) {
			/* No answer that day (no budget yet): nothing it could show. */
			e->msg[0] = 0;
			e->code = E_BADINPUT;
			continue;
		}
		if (!doc) {
			free(days);
			return -1;
		}
		merge_doc(a, doc);
		json_decref(doc);
	}
	free(days);
	return 0;
}

/* The conflicts of one mission. The records of the mission "all" are the
 * publisher's totals across missions: only force's check reads them. */
static json_t *conflicts_one(struct store *s, const char *mission, struct err *e)
{
	struct answer a;
	answer_init(&a, "conflicts", 0, mission);
	json_t *by_area = json_object();
	int across = !strcmp(mission, MISSION_ALL);
	size_t n_features;
	const struct conflict_check *const *features = conflict_checks_by_feature(&n_features);
	for (size_t f = 0; f < n_features; f++)
		for (const struct conflict_check *ck = features[f]; ck->area; ck++) {
			if (across && !ck->across)
				continue;
			size_t before = json_array_size(a.disagreements);
			int rc;
			if (ck->all) {
				struct answer t;
				answer_init(&t, "conflicts", 0, mission);
				rc = ck->all(s, &t, mission, e);
				answer_merge(&a, &t);
			} else {
				rc = ask_each_day(s, &a, ck, mission, e);
			}
			if (rc < 0) {
				json_decref(by_area);
				json_decref(answer_finish(&a, s));
				return NULL;
			}
			size_t after = json_array_size(a.disagreements);
			for (size_t i = before; i < after; i++)
				json_object_set_new(json_array_get(a.disagreements, i), "area", json_string(ck->area));
			if (after > before)
				json_object_set_new(by_area, ck->area, json_integer((json_int_t)(after - before)));
		}
	size_t i;
	json_t *d;
	json_t *by_kind = json_object();
	json_array_foreach(a.disagreements, i, d) {
		const char *k = json_string_value(json_object_get(d, "kind"));
		json_t *n = json_object_get(by_kind, k);
		json_object_set_new(by_kind, k, json_integer(n ? json_integer_value(n) + 1 : 1));
		json_t *r = json_object();
		json_object_set_new(r, "about", json_incref(json_object_get(d, "about")));
		json_object_set_new(r, "area", json_incref(json_object_get(d, "area")));
		json_object_set_new(r, "kind", json_incref(json_object_get(d, "kind")));
		json_object_set_new(r, "claims", json_integer((json_int_t)json_array_size(json_object_get(d, "claims"))));
		json_object_set_new(r, "used", json_incref(json_object_get(d, "used")));
		json_array_append_new(a.rows, r);
	}
	json_object_set_new(a.answer, "disagreements", json_integer((json_int_t)json_array_size(a.disagreements)));
	json_object_set_new(a.answer, "by_kind", by_kind);
	json_object_set_new(a.answer, "by_area", by_area);
	json_object_set_new(a.answer, "rule", json_string(PRECEDENCE_TEXT));
	return answer_finish(&a, s);
}

json_t *answer_conflicts(struct store *s, const char *mission, struct err *e)
{
	/* The answers asked on every day may keep what they read until the
	 * end (force's snapshots: store.h). */
	store_memo_start(s);
	json_t *doc = !strcmp(mission, MISSION_ALL) ? answer_conflicts_all(s, conflicts_one, e)
		: conflicts_one(s, mission, e);
	store_memo_stop(s);
	return doc;
}
