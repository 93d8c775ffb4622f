/* complete.c: a complete strength table (a whole-mission snapshot marked
 * complete=yes: the snapshots of its date that share its source list everyone
 * in the mission) must not contradict itself: one figure per country and part.
 * Checked as each record is derived, so an append names the row at fault. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "force.h"

#define LIVE_OF(t) t ".replaced_by IS NULL AND " t ".retracted_by IS NULL"

/* A live complete marker of (mission, day) citing `source`. */
static const char marker_sql[] =
	"SELECT 1 FROM strength m JOIN rec rm ON rm.seq = m.seq WHERE m.mission = ?1 AND m.day = ?2\n"
	"  AND m.country = '' AND m.complete = 1 AND " LIVE_OF("rm") "\n"
	"  AND EXISTS(SELECT 1 FROM cite WHERE source = ?3 AND seq = m.seq) LIMIT 1";

/* Two live exact figures for the same country and part on (mission, day),
 * both citing `source`: the first `a` of the table, or the record ?4. */
#define PAIR_SQL(A_IS)                                                                                  \
	"SELECT a.seq, a.country, a.unit, a.personnel_type, a.gender, a.personnel, b.seq, b.personnel\n"  \
	"FROM strength a JOIN rec ra ON ra.seq = a.seq\n"                                                  \
	"JOIN strength b ON b.mission = a.mission AND b.day = a.day AND b.country = a.country\n"           \
	"  AND b.unit = a.unit AND b.personnel_type = a.personnel_type AND b.gender = a.gender\n"          \
	"  AND b.seq <> a.seq AND b.personnel <> a.personnel AND b.qualifier = 'exact'\n"                  \
	"JOIN rec rb ON rb.seq = b.seq\n"                                                                  \
	"WHERE " A_IS " AND a.qualifier = 'exact'\n"                                                        \
	"  AND " LIVE_OF("ra") " AND " LIVE_OF("rb") "\n"                                                  \
	"  AND EXISTS(SELECT 1 FROM cite WHERE source = ?3 AND seq = a.seq)\n"                             \
	"  AND EXISTS(SELECT 1 FROM cite WHERE source = ?3 AND seq = b.seq)\n"                             \
	"ORDER BY a.seq, b.seq LIMIT 1"

static const char pair_of_table_sql[] = PAIR_SQL("a.mission = ?1 AND a.day = ?2 AND a.country <> '' AND ?4 = 0");
static const char pair_of_record_sql[] = PAIR_SQL("a.seq = ?4 AND a.mission = ?1 AND a.day = ?2");

static void id_of(struct store *s, sqlite3_int64 seq, char id[17])
{
	sqlite3_stmt *st = store_prep(s, "SELECT id FROM log WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	snprintf(id, 17, "%s", sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "?");
	sqlite3_reset(st);
}

int complete_table_check_or_err(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	const char *country = rec_str(rec, "country"), *complete = rec_str(rec, "complete");
	int marker = !country && complete && !strcmp(complete, "yes");
	if (!country && !marker)
		return 0;               /* a reported mission total: no table to contradict */
	const char *mission = rec_str(rec, "mission");
	struct mdate d;
	if (date_parse_or_err(rec_str(rec, "date"), &d, e) < 0)
		return -1;
	size_t i;
	json_t *src;
	json_array_foreach(json_object_get(rec, "sources"), i, src) {
		/* Most snapshots belong to no complete table: one look-up tells. */
		sqlite3_stmt *st = store_prep(s, marker_sql);
		sqlite3_bind_text(st, 1, mission ? mission : DEFAULT_MISSION, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, d.hi);
		sqlite3_bind_text(st, 3, json_string_value(src), -1, SQLITE_STATIC);
		int in_table = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (!in_table)
			continue;
		st = store_prep(s, marker ? pair_of_table_sql : pair_of_record_sql);
		sqlite3_bind_text(st, 1, mission ? mission : DEFAULT_MISSION, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, d.hi);
		sqlite3_bind_text(st, 3, json_string_value(src), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, marker ? 0 : seq);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			continue;
		}
		char what[200], a_id[17], b_id[17];
		const char *unit = (const char *)sqlite3_column_text(st, 2), *pt = (const char *)sqlite3_column_text(st, 3),
			   *g = (const char *)sqlite3_column_text(st, 4);
		snprintf(what, sizeof what, "%s%s%s%s%s%s%s", (const char *)sqlite3_column_text(st, 1), *unit ? " " : "",
			 unit, *pt ? " " : "", pt, *g ? " " : "", g);
		long long an = sqlite3_column_int64(st, 5), bn = sqlite3_column_int64(st, 7);
		sqlite3_int64 a_seq = sqlite3_column_int64(st, 0), b_seq = sqlite3_column_int64(st, 6);
		sqlite3_reset(st);
		id_of(s, a_seq, a_id);
		id_of(s, b_seq, b_id);
		if (marker)
			return err_set(e, "field \"complete\": the complete table of %s on %s (source \"%s\") gives %s "
				       "twice, %lld (record %s) and %lld (record %s); a complete table gives each one "
				       "figure: correct one of them, or leave \"complete\" empty",
				       mission ? mission : DEFAULT_MISSION, d.text, json_string_value(src), what, an, a_id,
				       bn, b_id);
		return err_set(e, "field \"personnel\": %s in %s on %s is %lld here but %lld in record %s of the same "
			       "complete table (source \"%s\"); a complete table gives each one figure: remove one, or "
			       "correct the other", what, mission ? mission : DEFAULT_MISSION, d.text, an, bn, b_id,
			       json_string_value(src));
	}
	return 0;
}
