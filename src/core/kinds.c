/* kinds.c: the registry of record kinds, and the two kinds every mission
 * record leans on: source (a publication) and retraction. Feature folders
 * define their own kinds; this table lists them all. */
#include <stdio.h>
#include <string.h>

#include "derive.h"

extern const struct kind kind_pledge, kind_arrival, kind_departure, kind_strength, kind_target;
extern const struct kind kind_funding, kind_budget, kind_exchange_rate;
extern const struct kind kind_resolution, kind_vote, kind_authorization, kind_requirement, kind_fulfilment,
	kind_commitment;
extern const struct kind kind_place, kind_place_status, kind_operation, kind_incident;
extern const struct kind kind_vetting, kind_complaint;
extern const struct kind kind_key;

static const char *const grade_choices[] = {"A", "B", "C", "D", "E", NULL};

static const struct field source_fields[] = {
	{"publisher", FT_TEXT, FF_REQUIRED, NULL, "who published it (outlet, agency, body)"},
	{"title", FT_TEXT, FF_REQUIRED, NULL, "its title or headline"},
	{"url", FT_URL, 0, NULL, "where it can be read"},
	{"grade", FT_ENUM, FF_REQUIRED, grade_choices,
	 "A official primary document, B major wire or outlet, C national or regional outlet, "
	 "D encyclopedia or secondary relay, E unverified or automated summary"},
	{"accessed", FT_DATE, 0, NULL, "when it was read"},
	{"language", FT_KEY, 0, NULL, "its language (en, fr, ht, es, …)"},
	{NULL, 0, 0, NULL, NULL},
};

static int derive_source(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s,
		"INSERT INTO source(seq, publisher, title, url, grade, accessed, language) VALUES(?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	const char *cols[] = {"publisher", "title", "url", "grade", "accessed", "language"};
	for (int i = 0; i < 6; i++)
		sqlite3_bind_text(st, i + 2, rec_str(rec, cols[i]), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "deriving source: %s", sqlite3_errmsg(s->db));
	return 0;
}

const struct kind kind_source = {
	.name = "source",
	.summary = "a publication that records cite",
	.fields = source_fields,
	.derive = derive_source,
};

static const struct field retraction_fields[] = {
	{"retracts", FT_RECORD, FF_REQUIRED, NULL, "the id or ref of the record withdrawn"},
	{"reason", FT_TEXT, FF_REQUIRED, NULL, "why it is withdrawn"},
	{NULL, 0, 0, NULL, NULL},
};

static int derive_retraction(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "SELECT r.seq, r.kind FROM log l JOIN rec r USING(seq) WHERE l.id = ?");
	sqlite3_bind_text(st, 1, rec_str(rec, "retracts"), -1, SQLITE_STATIC);
	sqlite3_int64 target = 0;
	char kind[32] = "";
	if (sqlite3_step(st) == SQLITE_ROW) {
		target = sqlite3_column_int64(st, 0);
		snprintf(kind, sizeof kind, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (!target)
		return err_set_code(e, E_INTERNAL, "retraction names an unknown record");
	st = store_prep(s, "INSERT INTO retraction(seq, target, reason) VALUES(?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, target);
	sqlite3_bind_text(st, 3, rec_str(rec, "reason"), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return err_set_code(e, E_INTERNAL, "deriving retraction: %s", sqlite3_errmsg(s->db));
	(void)kind;
	const char *vis = json_string_value(json_object_get(rec, "visibility"));
	return derive_supersede_or_err(s, seq, target, vis && !strcmp(vis, "restricted"), 1, e);
}

const struct kind kind_retraction = {
	.name = "retraction",
	.summary = "withdraws a record, with the reason",
	.fields = retraction_fields,
	.derive = derive_retraction,
};

static const struct kind *const all_kinds[] = {
	&kind_source, &kind_pledge, &kind_arrival, &kind_departure, &kind_strength, &kind_target,
	&kind_funding, &kind_budget, &kind_exchange_rate,
	&kind_place, &kind_place_status, &kind_operation, &kind_incident,
	&kind_resolution, &kind_vote, &kind_authorization, &kind_requirement, &kind_fulfilment,
	&kind_commitment,
	&kind_vetting, &kind_complaint,
	&kind_retraction, &kind_key,
};

const struct kind *kind_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof all_kinds / sizeof *all_kinds; i++)
		if (!strcmp(all_kinds[i]->name, name))
			return all_kinds[i];
	return NULL;
}

const struct kind *const *kind_all(size_t *n)
{
	*n = sizeof all_kinds / sizeof *all_kinds;
	return all_kinds;
}
