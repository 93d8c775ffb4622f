/* kinds.c (force): pledge, arrival, departure, strength and target records,
 * their derived tables, and the running totals of movements (mv_key, mv_span) that
 * make strength on any date a handful of index look-ups. */
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "force.h"

static const char *const category_choices[] = {"police", "military", "civilian", "mixed", NULL};
static const char *const pledge_status_choices[] = {"announced", "formal", "withdrawn", NULL};
static const char *const basis_choices[] = {"total", "additional", NULL};
static const char *const qualifier_choices[] = {"exact", "about", "at_least", "at_most", NULL};
static const char *const target_kind_choices[] = {"planned", "ceiling", NULL};
/* The UN's kinds of uniformed personnel, and gender, as its monthly tables give them. */
static const char *const personnel_type_choices[] = {"individual_police", "formed_police_units",
	"experts_on_mission", "troops", NULL};
static const char *const gender_choices[] = {"male", "female", NULL};
static const char *const complete_choices[] = {"yes", NULL};

static const struct field pledge_fields[] = {
	{"country", FT_COUNTRY, FF_REQUIRED, NULL, "ISO 3166-1 alpha-3 code of the contributing country"},
	{"personnel", FT_INT, 0, NULL, "how many people (empty when the pledge gives no number)"},
	{"category", FT_ENUM, 0, category_choices, "police, military, civilian or mixed"},
	{"unit", FT_TEXT, 0, NULL, "the unit or service, if known"},
	{"status", FT_ENUM, FF_REQUIRED, pledge_status_choices, "announced, formal or withdrawn"},
	{"basis", FT_ENUM, 0, basis_choices, "total (the whole pledge, default) or additional (on top)"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field movement_fields[] = {
	{"country", FT_COUNTRY, FF_REQUIRED, NULL, "ISO 3166-1 alpha-3 code of the contributing country"},
	{"personnel", FT_INT, FF_REQUIRED, NULL, "how many people"},
	{"category", FT_ENUM, 0, category_choices, "police, military, civilian or mixed"},
	{"unit", FT_TEXT, 0, NULL, "the unit or service, if known"},
	{"event", FT_TEXT, 0, NULL, "tells apart two movements of one unit on one date"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field strength_fields[] = {
	{"country", FT_COUNTRY, 0, NULL, "the country (empty: the whole mission)"},
	{"unit", FT_TEXT, 0, NULL, "the unit (a part of the country's figure)"},
	{"category", FT_ENUM, 0, category_choices, "police, military, civilian or mixed"},
	{"personnel", FT_INT, 0, NULL, "how many people were present (required but on a whole-mission complete marker)"},
	{"qualifier", FT_ENUM, 0, qualifier_choices, "exact (default), about, at_least or at_most"},
	{"complete", FT_ENUM, 0, complete_choices,
	 "yes: the snapshots of this date list everyone in the scope (the mission, or the country): "
	 "whoever they leave out has 0 from this date"},
	{"personnel_type", FT_ENUM, 0, personnel_type_choices,
	 "individual_police, formed_police_units, experts_on_mission or troops (a part of the country's figure)"},
	{"gender", FT_ENUM, 0, gender_choices, "male or female (a part of the country's figure)"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field target_fields[] = {
	{"country", FT_COUNTRY, 0, NULL, "the country (empty: the whole mission)"},
	{"category", FT_ENUM, 0, category_choices, "police, military, civilian or mixed"},
	{"personnel", FT_INT, FF_REQUIRED, NULL, "the planned or authorised number"},
	{"target_kind", FT_ENUM, FF_REQUIRED, target_kind_choices, "planned or ceiling"},
	{"set_by", FT_TEXT, FF_REQUIRED, NULL, "who set it (a resolution, a plan, a government)"},
	{NULL, 0, 0, NULL, NULL},
};

static int derive_pledge(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO pledge VALUES(?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, rec_str(rec, "country"), -1, SQLITE_STATIC);
	derive_bind_opt_int(st, 3, rec, "personnel");
	sqlite3_bind_text(st, 4, rec_str(rec, "category"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, rec_str(rec, "unit"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, rec_str(rec, "status"), -1, SQLITE_STATIC);
	const char *basis = rec_str(rec, "basis");
	sqlite3_bind_text(st, 7, basis ? basis : "total", -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "pledge", e);
}

static int derive_movement(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	struct mdate d;
	if (date_parse_or_err(rec_str(rec, "date"), &d, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO movement VALUES(?,?,?,?,?,?,?,?,?,?,?)");
	const char *mission = rec_str(rec, "mission");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, mission ? mission : DEFAULT_MISSION, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, strcmp(rec_str(rec, "kind"), "departure") ? 1 : -1);
	sqlite3_bind_text(st, 4, rec_str(rec, "country"), -1, SQLITE_STATIC);
	const char *unit = rec_str(rec, "unit"), *cat = rec_str(rec, "category"), *ev = rec_str(rec, "event");
	sqlite3_bind_text(st, 5, unit ? unit : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, cat ? cat : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, rec_int(rec, "personnel", 0));
	sqlite3_bind_text(st, 8, ev ? ev : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, d.lo);
	sqlite3_bind_int(st, 10, d.hi);
	sqlite3_bind_int(st, 11, d.prec);
	/* Its (mission, country) is refreshed at commit: running.c finds the
	 * movements appended in the transaction by their seq. */
	return derive_step_or_err(s, st, "movement", e);
}

static int derive_strength(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	struct mdate d;
	if (date_parse_or_err(rec_str(rec, "date"), &d, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO strength VALUES(?,?,?,?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	const char *c = rec_str(rec, "country"), *u = rec_str(rec, "unit"), *cat = rec_str(rec, "category");
	const char *q = rec_str(rec, "qualifier"), *pt = rec_str(rec, "personnel_type"), *g = rec_str(rec, "gender");
	const char *mission = rec_str(rec, "mission"), *complete = rec_str(rec, "complete");
	sqlite3_bind_text(st, 2, c ? c : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u ? u : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, cat ? cat : "", -1, SQLITE_STATIC);
	derive_bind_opt_int(st, 5, rec, "personnel");
	sqlite3_bind_text(st, 6, q ? q : "exact", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, pt ? pt : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, g ? g : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, mission ? mission : DEFAULT_MISSION, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, d.hi);
	sqlite3_bind_int(st, 11, complete && !strcmp(complete, "yes"));
	if (derive_step_or_err(s, st, "strength", e) < 0)
		return -1;
	return complete_table_check_or_err(s, seq, rec, e);
}

static int derive_target(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO target VALUES(?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	const char *c = rec_str(rec, "country"), *cat = rec_str(rec, "category");
	sqlite3_bind_text(st, 2, c ? c : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, cat ? cat : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, rec_int(rec, "personnel", 0));
	sqlite3_bind_text(st, 5, rec_str(rec, "target_kind"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, rec_str(rec, "set_by"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "target", e);
}

static int check_strength(const json_t *rec, struct err *e)
{
	if (!json_object_get(rec, "personnel") && (rec_str(rec, "country") || !rec_str(rec, "complete")))
		return err_set(e, "field \"personnel\": missing (only a whole-mission complete marker, with an empty "
			       "country and complete=yes, may leave it empty)");
	if (rec_str(rec, "unit") && !rec_str(rec, "country"))
		return err_set(e, "field \"country\": missing (a unit's strength belongs to a country; "
			       "leave the unit empty for the whole mission)");
	if ((rec_str(rec, "personnel_type") || rec_str(rec, "gender")) && !rec_str(rec, "country"))
		return err_set(e, "field \"country\": missing (a figure by personnel type or gender is a part "
			       "of a country's figure)");
	return 0;
}

/* Movements: the used claim of each movement (one per mission, country,
 * unit, direction, event and date; the others are disagreeing claims about
 * the same movement) summed per day, with running totals of people (cum) and
 * of records (cum_n). Only the (mission, country) pairs that this
 * transaction touched are recomputed (running.c). */
static int refresh_movements(struct store *s, struct err *e)
{
	return movement_refresh_or_err(s, e);
}

/* A corrected or retracted movement: its (mission, country) is redone. */
static int invalidate_movement(struct store *s, sqlite3_int64 seq, struct err *e)
{
	(void)e;
	sqlite3_stmt *st = store_prep(s, "INSERT OR IGNORE INTO temp.mv_dirty SELECT mission, country "
				      "FROM movement WHERE seq = ?");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_step(st);
	return 0;
}

static const char movement_temp_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS mv_dirty(mission TEXT, country TEXT,\n"
	"  PRIMARY KEY(mission, country)) WITHOUT ROWID;\n";

const struct kind kind_pledge = {
	.name = "pledge",
	.summary = "a country's promise of personnel",
	.fields = pledge_fields,
	.needs_sources = 1,
	.derive = derive_pledge,
	.table_sql = "CREATE TABLE IF NOT EXISTS pledge(seq INTEGER PRIMARY KEY, country TEXT NOT NULL,\n"
		     "  personnel INT, category TEXT, unit TEXT, status TEXT NOT NULL, basis TEXT NOT NULL);",
	.table = "pledge",
};

static const char movement_sql[] =
	"CREATE TABLE IF NOT EXISTS movement(seq INTEGER PRIMARY KEY, mission TEXT NOT NULL,\n"
	"  dir INT NOT NULL, country TEXT NOT NULL, unit TEXT NOT NULL, category TEXT NOT NULL,\n"
	"  personnel INT NOT NULL, event TEXT NOT NULL, day_lo INT NOT NULL, day_hi INT NOT NULL,\n"
	"  prec INT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS mv_key(mission TEXT, country TEXT, unit TEXT, category TEXT,\n"
	"  first_day INT NOT NULL, last_day INT NOT NULL, cum INT NOT NULL, cum_n INT NOT NULL,\n"
	"  PRIMARY KEY(mission, country, unit, category)) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS mv_span(mission TEXT, start INT, country TEXT, unit TEXT, category TEXT,\n"
	"  day INT, cum INT NOT NULL, cum_n INT NOT NULL,\n"
	"  PRIMARY KEY(mission, start, country, unit, category, day)) WITHOUT ROWID;\n";

/* Read by answers and the refresh only: a bulk import builds them at its end. */
static const char movement_index_sql[] =
	"CREATE INDEX IF NOT EXISTS movement_day ON movement(mission, country, day_hi);\n"
	"CREATE INDEX IF NOT EXISTS movement_uncertain ON movement(mission, day_lo) WHERE prec < 3;\n";

const struct kind kind_arrival = {
	.name = "arrival",
	.summary = "personnel arriving in the mission area",
	.fields = movement_fields,
	.needs_sources = 1,
	.derive = derive_movement,
	.table_sql = movement_sql,
	.table = "movement mv_key mv_span",
	.deferrable_sql = movement_index_sql,
	.deferrable = "movement_day movement_uncertain",
	.refresh = refresh_movements,
	.temp_sql = movement_temp_sql,
	.invalidate = invalidate_movement,
};

const struct kind kind_departure = {
	.name = "departure",
	.summary = "personnel leaving the mission area",
	.fields = movement_fields,
	.needs_sources = 1,
	.derive = derive_movement,
	.refresh = refresh_movements,
	.invalidate = invalidate_movement,
};

const struct kind kind_strength = {
	.name = "strength",
	.summary = "a reported snapshot of personnel present on a date",
	.fields = strength_fields,
	.needs_sources = 1,
	.check = check_strength,
	.derive = derive_strength,
	/* personnel is NULL on a whole-mission complete marker; strength_day
	 * finds a (mission, day)'s table, which the complete check reads while
	 * appending (so it is not deferred). */
	.table_sql = "CREATE TABLE IF NOT EXISTS strength(seq INTEGER PRIMARY KEY, country TEXT NOT NULL,\n"
		     "  unit TEXT NOT NULL, category TEXT NOT NULL, personnel INT, qualifier TEXT NOT NULL,\n"
		     "  personnel_type TEXT NOT NULL, gender TEXT NOT NULL, mission TEXT NOT NULL, day INT NOT NULL,\n"
		     "  complete INT NOT NULL);\n"
		     "CREATE INDEX IF NOT EXISTS strength_day ON strength(mission, day, country);\n"
		     "CREATE INDEX IF NOT EXISTS strength_complete ON strength(mission, day) WHERE complete = 1 AND country = '';",
	.table = "strength",
};

const struct kind kind_target = {
	.name = "target",
	.summary = "a planned strength or an authorised ceiling",
	.fields = target_fields,
	.needs_sources = 1,
	.derive = derive_target,
	.table_sql = "CREATE TABLE IF NOT EXISTS target(seq INTEGER PRIMARY KEY, country TEXT NOT NULL,\n"
		     "  category TEXT NOT NULL, personnel INT NOT NULL, target_kind TEXT NOT NULL, set_by TEXT);",
	.table = "target",
};
