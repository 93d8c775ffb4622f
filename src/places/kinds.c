/* kinds.c (places): place, place_status, operation and incident records,
 * their checks and derived tables. A place's department, commune and section
 * are derived by point-in-polygon when it has coordinates; every name and
 * alias is kept folded for look-up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/derive.h"
#include "places.h"

const char *const place_status_choices[] = {"under_gang_control", "contested", "operations_under_way",
					    "secured", "reopened", "closed", NULL};
static const char *const precision_choices[] = {"exact", "town", "commune", "department", "unknown", NULL};
static const char *const yes_no[] = {"yes", "no", NULL};

static const struct field place_fields[] = {
	{"name", FT_TEXT, FF_REQUIRED, NULL, "its usual name"},
	{"aliases", FT_TEXT, 0, NULL, "other names (English, French, Haitian Creole, codes), separated by ';'"},
	{"place_type", FT_TEXT, 0, NULL, "airport, neighbourhood, town, junction, port, …"},
	{"country", FT_COUNTRY, 0, NULL, "ISO 3166-1 alpha-3 code (default HTI: checked against Haiti's bounds)"},
	{"lat", FT_TEXT, 0, NULL, "latitude in decimal degrees as the source gives it (e.g. 18.58), empty if unknown"},
	{"lon", FT_TEXT, 0, NULL, "longitude in decimal degrees (e.g. -72.2925; west is negative)"},
	{"precision", FT_ENUM, 0, precision_choices,
	 "what the point stands for: exact, town, commune, department or unknown"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field status_fields[] = {
	{"place", FT_KEY, FF_REQUIRED, NULL, "the ref of the place"},
	{"status", FT_ENUM, FF_REQUIRED, place_status_choices,
	 "the state the source reports as of the record's date"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field operation_fields[] = {
	{"places", FT_TEXT, FF_REQUIRED, NULL, "the refs of the places, separated by ';'"},
	{"operation_kind", FT_TEXT, FF_REQUIRED, NULL, "what was done (security operation, patrol, escort, …)"},
	{"joint_with_hnp", FT_ENUM, 0, yes_no, "yes if conducted with the Haitian National Police, no if not"},
	{"end_date", FT_DATE, 0, NULL, "when it ended (the record's date is when it began)"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field incident_fields[] = {
	{"place", FT_KEY, FF_REQUIRED, NULL, "the ref of the place where it happened, as this source says"},
	{"incident_kind", FT_TEXT, FF_REQUIRED, NULL, "ambush, attack, blockade, killing in operation, …"},
	{"event", FT_KEY, 0, NULL, "a key shared by every report of the same event (reports that differ disagree)"},
	{"fatalities_low", FT_INT, 0, NULL, "fewest deaths reported"},
	{"fatalities_best", FT_INT, 0, NULL, "the best estimate of deaths"},
	{"fatalities_high", FT_INT, 0, NULL, "most deaths reported"},
	{"injuries_low", FT_INT, 0, NULL, "fewest injured reported"},
	{"injuries_best", FT_INT, 0, NULL, "the best estimate of injured"},
	{"injuries_high", FT_INT, 0, NULL, "most injured reported"},
	{"persons", FT_TEXT, 0, NULL, "names of the dead or injured as the source gives them (public reports only)"},
	{"actors", FT_TEXT, 0, NULL, "who was involved, separated by ';'"},
	{NULL, 0, 0, NULL, NULL},
};

static int is_haitian(const json_t *rec)
{
	const char *c = rec_str(rec, "country");
	return !c || !strcmp(c, "HTI");
}

static int check_place(const json_t *rec, struct err *e)
{
	if (!rec_str(rec, "ref"))
		return err_set(e, "field \"ref\": missing (a place needs a ref that statuses and incidents "
			       "name, e.g. HT-PAP-AIRPORT)");
	const char *lat = rec_str(rec, "lat"), *lon = rec_str(rec, "lon"), *prec = rec_str(rec, "precision");
	if (coord_check_pair_or_err(lat, lon, is_haitian(rec), e) < 0)
		return -1;
	if (lat && (!prec || !strcmp(prec, "unknown")))
		return err_set(e, "field \"precision\": %s (say what the point stands for: exact, town, "
			       "commune or department)", prec ? "\"unknown\" with coordinates" : "missing");
	if (!lat && prec && strcmp(prec, "unknown"))
		return err_set(e, "field \"precision\": \"%s\" without coordinates (leave it empty or unknown; "
			       "a place without a sourced point is listed as such)", prec);
	return 0;
}

/* Adds one folded name of place `seq` to place_name. */
static int add_name(struct store *s, sqlite3_int64 seq, const char *name, struct err *e)
{
	char *f = fold_name(name);
	int rc = 0;
	if (*f) {
		sqlite3_stmt *st = store_prep(s, "INSERT OR IGNORE INTO place_name(folded, seq, name) VALUES(?,?,?)");
		sqlite3_bind_text(st, 1, f, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seq);
		sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
		rc = derive_step_or_err(s, st, "place name", e);
	}
	free(f);
	return rc;
}

static int derive_place(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	struct areas a;
	memset(&a, 0, sizeof a);
	const char *lat = rec_str(rec, "lat"), *lon = rec_str(rec, "lon");
	if (lat && lon && is_haitian(rec)) {
		long long y, x;
		if (coord_parse_or_err("lat", lat, &y, e) < 0 || coord_parse_or_err("lon", lon, &x, e) < 0 ||
		    admin_locate_or_err(s, y, x, &a, e) < 0)
			return -1;
	}
	sqlite3_stmt *st = store_prep(s, "INSERT INTO place(seq, ref, name, aliases, place_type, country, lat, "
				      "lon, precision, adm1, adm2, adm3) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
	const char *country = rec_str(rec, "country"), *prec = rec_str(rec, "precision");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, rec_str(rec, "ref"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rec_str(rec, "name"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "aliases"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, rec_str(rec, "place_type"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, country ? country : "HTI", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, lat, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, lon, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, prec ? prec : "unknown", -1, SQLITE_STATIC);
	for (int i = 0; i < 3; i++)
		sqlite3_bind_text(st, 10 + i, *a.pcode[i] ? a.pcode[i] : NULL, -1, SQLITE_STATIC);
	if (derive_step_or_err(s, st, "place", e) < 0)
		return -1;
	if (add_name(s, seq, rec_str(rec, "ref"), e) < 0 || add_name(s, seq, rec_str(rec, "name"), e) < 0)
		return -1;
	const char *aliases = rec_str(rec, "aliases");
	if (aliases) {
		char *buf = strdup(aliases), *save = NULL;
		int rc = 0;
		for (char *t = strtok_r(buf, ";", &save); t && rc == 0; t = strtok_r(NULL, ";", &save)) {
			while (*t == ' ')
				t++;
			size_t n = strlen(t);
			while (n && t[n - 1] == ' ')
				t[--n] = 0;
			rc = add_name(s, seq, t, e);
		}
		free(buf);
		return rc;
	}
	return 0;
}

static int check_dated(const json_t *rec, const char *what, struct err *e)
{
	if (!rec_str(rec, "date"))
		return err_set(e, "field \"date\": missing (%s is as of a date: YYYY-MM-DD, YYYY-MM or YYYY)", what);
	return 0;
}

static int check_status(const json_t *rec, struct err *e)
{
	return check_dated(rec, "a place's status", e);
}

static int derive_status(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	if (place_ref_check_or_err(s, "place", rec_str(rec, "place"), e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO place_status(seq, place, status) VALUES(?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, rec_str(rec, "place"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rec_str(rec, "status"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "place_status", e);
}

static int check_operation(const json_t *rec, struct err *e)
{
	return check_dated(rec, "an operation (the day it began)", e);
}

static int derive_operation(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	char *buf = strdup(rec_str(rec, "places")), *save = NULL;
	int rc = 0;
	for (char *t = strtok_r(buf, ";", &save); t && rc == 0; t = strtok_r(NULL, ";", &save)) {
		while (*t == ' ')
			t++;
		size_t n = strlen(t);
		while (n && t[n - 1] == ' ')
			t[--n] = 0;
		if (!*t)
			continue;
		if (place_ref_check_or_err(s, "places", t, e) < 0) {
			rc = -1;
			break;
		}
		sqlite3_stmt *st = store_prep(s, "INSERT OR IGNORE INTO operation_place(seq, place) VALUES(?,?)");
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_text(st, 2, t, -1, SQLITE_TRANSIENT);
		rc = derive_step_or_err(s, st, "operation_place", e);
	}
	free(buf);
	if (rc < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO operation(seq, operation_kind, joint_with_hnp, end_date) "
				      "VALUES(?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, rec_str(rec, "operation_kind"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rec_str(rec, "joint_with_hnp"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "end_date"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "operation", e);
}

static int check_incident(const json_t *rec, struct err *e)
{
	if (check_dated(rec, "an incident", e) < 0)
		return -1;
	const char *what[] = {"fatalities", "injuries"};
	for (int i = 0; i < 2; i++) {
		char f[3][32];
		long long v[3];
		const char *part[] = {"low", "best", "high"};
		for (int k = 0; k < 3; k++) {
			snprintf(f[k], sizeof f[k], "%s_%s", what[i], part[k]);
			v[k] = rec_int(rec, f[k], -1);
		}
		for (int a = 0; a < 3; a++)
			for (int b = a + 1; b < 3; b++)
				if (v[a] >= 0 && v[b] >= 0 && v[a] > v[b])
					return err_set(e, "field \"%s\": %lld is more than %s %lld (low <= best <= high)",
						       f[a], v[a], f[b], v[b]);
	}
	return 0;
}

static int derive_incident(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	if (place_ref_check_or_err(s, "place", rec_str(rec, "place"), e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO incident(seq, place, event, incident_kind, fatalities_low, "
				      "fatalities_best, fatalities_high, injuries_low, injuries_best, injuries_high, "
				      "persons, actors) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, rec_str(rec, "place"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rec_str(rec, "event"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "incident_kind"), -1, SQLITE_STATIC);
	const char *nums[] = {"fatalities_low", "fatalities_best", "fatalities_high", "injuries_low",
			      "injuries_best", "injuries_high"};
	for (int i = 0; i < 6; i++)
		derive_bind_opt_int(st, 5 + i, rec, nums[i]);
	sqlite3_bind_text(st, 11, rec_str(rec, "persons"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, rec_str(rec, "actors"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "incident", e);
}

const struct kind kind_place = {
	.name = "place",
	.summary = "a named place, its other names and, when a source gives one, its point",
	.fields = place_fields,
	.needs_sources = 1,
	.check = check_place,
	.derive = derive_place,
	.table_sql =
	"CREATE TABLE IF NOT EXISTS place(seq INTEGER PRIMARY KEY, ref TEXT NOT NULL, name TEXT NOT NULL,\n"
	"  aliases TEXT, place_type TEXT, country TEXT NOT NULL, lat TEXT, lon TEXT, precision TEXT NOT NULL,\n"
	"  adm1 TEXT, adm2 TEXT, adm3 TEXT);\n"
	"CREATE INDEX IF NOT EXISTS place_ref ON place(ref);\n"
	"CREATE TABLE IF NOT EXISTS place_name(folded TEXT NOT NULL, seq INT NOT NULL, name TEXT NOT NULL,\n"
	"  PRIMARY KEY(folded, seq)) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS admin_area(pcode TEXT PRIMARY KEY, level INT NOT NULL, parent TEXT,\n"
	"  name_en TEXT, name_fr TEXT, name_ht TEXT, minx INT NOT NULL, miny INT NOT NULL, maxx INT NOT NULL,\n"
	"  maxy INT NOT NULL, rings TEXT NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS admin_area_box ON admin_area(level, minx, maxx);\n",
	.table = "place place_name admin_area",
};

const struct kind kind_place_status = {
	.name = "place_status",
	.summary = "the state of a place as of a date (under gang control, secured, reopened, …)",
	.fields = status_fields,
	.needs_sources = 1,
	.check = check_status,
	.derive = derive_status,
	.table_sql = "CREATE TABLE IF NOT EXISTS place_status(seq INTEGER PRIMARY KEY, place TEXT NOT NULL,\n"
		     "  status TEXT NOT NULL);\n"
		     "CREATE INDEX IF NOT EXISTS place_status_place ON place_status(place);\n",
	.table = "place_status",
};

const struct kind kind_operation = {
	.name = "operation",
	.summary = "a security operation at one or more places, from a date",
	.fields = operation_fields,
	.needs_sources = 1,
	.check = check_operation,
	.derive = derive_operation,
	.table_sql = "CREATE TABLE IF NOT EXISTS operation(seq INTEGER PRIMARY KEY, operation_kind TEXT NOT NULL,\n"
		     "  joint_with_hnp TEXT, end_date TEXT);\n"
		     "CREATE TABLE IF NOT EXISTS operation_place(seq INT NOT NULL, place TEXT NOT NULL,\n"
		     "  PRIMARY KEY(seq, place)) WITHOUT ROWID;\n",
	.table = "operation operation_place",
};

const struct kind kind_incident = {
	.name = "incident",
	.summary = "an event at a place: deaths and injuries as low, best and high, and who was involved",
	.fields = incident_fields,
	.needs_sources = 1,
	.check = check_incident,
	.derive = derive_incident,
	.table_sql = "CREATE TABLE IF NOT EXISTS incident(seq INTEGER PRIMARY KEY, place TEXT NOT NULL, event TEXT,\n"
		     "  incident_kind TEXT NOT NULL, fatalities_low INT, fatalities_best INT, fatalities_high INT,\n"
		     "  injuries_low INT, injuries_best INT, injuries_high INT, persons TEXT, actors TEXT);\n",
	.table = "incident",
};
