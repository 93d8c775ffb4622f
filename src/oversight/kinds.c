/* kinds.c (oversight): vetting and complaint records and their derived
 * tables. A vetting of a person and every complaint must be restricted: the
 * check refuses them otherwise, naming the field and the fix. */
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "oversight.h"

const char *const vetting_scheme_choices[] = {"un", "leahy", "national", NULL};
static const char *const subject_type_choices[] = {"unit", "person", NULL};
const char *const vetting_result_choices[] = {"cleared", "refused", "pending", NULL};
const char *const complaint_category_choices[] = {"sexual_exploitation_abuse", "use_of_force",
	"arbitrary_detention", "ill_treatment", "property", "corruption", "other_misconduct", NULL};
const char *const complaint_status_choices[] = {"received", "under_investigation", "substantiated",
	"unsubstantiated", "closed", NULL};

static const struct field vetting_fields[] = {
	{"country", FT_COUNTRY, FF_REQUIRED, NULL, "ISO 3166-1 alpha-3 code of the contributing country"},
	{"scheme", FT_ENUM, FF_REQUIRED, vetting_scheme_choices,
	 "un (UN human-rights screening), leahy (US Leahy-law vetting) or national (the country's own)"},
	{"subject_type", FT_ENUM, FF_REQUIRED, subject_type_choices,
	 "unit or person (the vetting of a person is always restricted)"},
	{"subject", FT_TEXT, FF_REQUIRED, NULL, "the unit's name, or the person's name"},
	{"unit", FT_TEXT, 0, NULL, "the unit a vetted person serves in"},
	{"result", FT_ENUM, FF_REQUIRED, vetting_result_choices, "cleared, refused or pending"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field complaint_fields[] = {
	{"category", FT_ENUM, FF_REQUIRED, complaint_category_choices,
	 "sexual_exploitation_abuse, use_of_force, arbitrary_detention, ill_treatment, property, corruption "
	 "or other_misconduct"},
	{"status", FT_ENUM, FF_REQUIRED, complaint_status_choices,
	 "received, under_investigation, substantiated, unsubstantiated or closed"},
	{"status_date", FT_DATE, 0, NULL, "when it reached this status (default: the date it was received)"},
	{"country", FT_COUNTRY, 0, NULL, "the contributing country of the personnel complained of"},
	{"unit", FT_TEXT, 0, NULL, "their unit"},
	{"narrative", FT_TEXT, 0, NULL, "what is alleged, in confidence"},
	{NULL, 0, 0, NULL, NULL},
};

static int restricted(const json_t *rec)
{
	const char *v = rec_str(rec, "visibility");
	return v && !strcmp(v, "restricted");
}

static int check_vetting(const json_t *rec, struct err *e)
{
	if (!rec_str(rec, "date"))
		return err_set(e, "field \"date\": missing (a vetting record needs the date of its result)");
	if (!strcmp(rec_str(rec, "subject_type"), "person") && !restricted(rec))
		return err_set(e, "field \"visibility\": a vetting record of a person must be restricted, never "
			       "public (add visibility restricted: --visibility restricted)");
	return 0;
}

static int check_complaint(const json_t *rec, struct err *e)
{
	if (!rec_str(rec, "date"))
		return err_set(e, "field \"date\": missing (a complaint needs the date it was received)");
	if (!restricted(rec))
		return err_set(e, "field \"visibility\": a complaint is always restricted, never public (add "
			       "visibility restricted: --visibility restricted)");
	return 0;
}

static int derive_vetting(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO vetting VALUES(?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	const char *cols[] = {"country", "scheme", "subject_type", "subject", "unit", "result"};
	for (int i = 0; i < 6; i++)
		sqlite3_bind_text(st, i + 2, rec_str(rec, cols[i]), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "vetting", e);
}

/* Every version of a complaint names its first (root): its status over time
 * is the versions' statuses. */
static int derive_complaint(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_int64 root = seq;
	const char *corrects = rec_str(rec, "corrects");
	if (corrects) {
		sqlite3_stmt *q = store_prep(s, "SELECT c.root FROM complaint c JOIN log l USING(seq) WHERE l.id = ?");
		sqlite3_bind_text(q, 1, corrects, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			root = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	struct mdate d;
	const char *sd = rec_str(rec, "status_date");
	if (date_parse_or_err(sd ? sd : rec_str(rec, "date"), &d, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO complaint VALUES(?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, root);
	sqlite3_bind_text(st, 3, rec_str(rec, "category"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "status"), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, d.hi);
	sqlite3_bind_text(st, 6, rec_str(rec, "country"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, rec_str(rec, "unit"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, rec_str(rec, "narrative"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "complaint", e);
}

const struct kind kind_vetting = {
	.name = "vetting",
	.summary = "a vetting result for a unit or a person (UN, Leahy, national); of a person, restricted",
	.fields = vetting_fields,
	.check = check_vetting,
	.derive = derive_vetting,
	.table_sql = "CREATE TABLE IF NOT EXISTS vetting(seq INTEGER PRIMARY KEY, country TEXT NOT NULL,\n"
		     "  scheme TEXT NOT NULL, subject_type TEXT NOT NULL, subject TEXT NOT NULL, unit TEXT,\n"
		     "  result TEXT NOT NULL);\n"
		     "CREATE INDEX IF NOT EXISTS vetting_country ON vetting(country);",
	.table = "vetting",
	.restricted = 1,
};

const struct kind kind_complaint = {
	.name = "complaint",
	.summary = "a complaint of misconduct, its category and status; always restricted",
	.fields = complaint_fields,
	.check = check_complaint,
	.derive = derive_complaint,
	.table_sql = "CREATE TABLE IF NOT EXISTS complaint(seq INTEGER PRIMARY KEY, root INT NOT NULL,\n"
		     "  category TEXT NOT NULL, status TEXT NOT NULL, status_hi INT NOT NULL, country TEXT,\n"
		     "  unit TEXT, narrative TEXT);\n"
		     "CREATE INDEX IF NOT EXISTS complaint_root ON complaint(root);",
	.table = "complaint",
	.restricted = 1,
};
