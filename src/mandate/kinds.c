/* kinds.c (mandate): resolution, vote, authorization, requirement,
 * fulfilment and commitment records, their cross-field checks and derived
 * tables. A resolution's operative text is split into numbered paragraphs
 * (resolution_para) so that requirements can quote the paragraph they cite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "../money/money.h"
#include "mandate.h"

static const char *const fulfil_choices[] = {"met", "not_met", NULL};
static const char *const basis_choices[] = {"total", "additional", NULL};
static const char *const scope_choices[] = {"country", "mission", NULL};

static const struct field resolution_fields[] = {
	{"symbol", FT_TEXT, FF_REQUIRED, NULL, "the document symbol, e.g. S/RES/2699 (2023)"},
	{"number", FT_INT, FF_REQUIRED, NULL, "the resolution number, e.g. 2699"},
	{"title", FT_TEXT, 0, NULL, "its title as printed, e.g. Resolution 2699 (2023)"},
	{"meeting", FT_TEXT, 0, NULL, "the Council meeting that adopted it, e.g. 9430th"},
	{"preamble", FT_TEXT, 0, NULL, "the preambular paragraphs, separated by blank lines"},
	{"operative", FT_TEXT, 0, NULL, "the operative paragraphs, each starting with its number, "
	 "separated by blank lines"},
	{"paragraphs", FT_INT, 0, NULL, "how many numbered operative paragraphs it has"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field vote_fields[] = {
	{"resolution", FT_INT, FF_REQUIRED, NULL, "the resolution number voted on"},
	{"in_favour", FT_INT, FF_REQUIRED, NULL, "votes in favour"},
	{"against", FT_INT, FF_REQUIRED, NULL, "votes against"},
	{"abstaining", FT_INT, FF_REQUIRED, NULL, "abstentions"},
	{"abstainers", FT_TEXT, 0, NULL, "who abstained, separated by ';'"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field authorization_fields[] = {
	{"resolution", FT_INT, FF_REQUIRED, NULL, "the resolution that gives it"},
	{"start", FT_DATE, FF_REQUIRED, NULL, "the first day authorised"},
	{"end", FT_DATE, FF_REQUIRED, NULL, "the last day authorised"},
	{"review", FT_DATE, 0, NULL, "when the Council reviews it"},
	{"ceiling", FT_INT, 0, NULL, "the authorised personnel ceiling"},
	{"ceiling_uniformed", FT_INT, 0, NULL, "of the ceiling, uniformed personnel"},
	{"ceiling_civilian", FT_INT, 0, NULL, "of the ceiling, civilians"},
	{"successor_of", FT_KEY, 0, NULL, "the mission code this mission takes over from"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field requirement_fields[] = {
	{"resolution", FT_INT, FF_REQUIRED, NULL, "the resolution that sets it"},
	{"paragraph", FT_INT, FF_REQUIRED, NULL, "its operative paragraph number"},
	{"who", FT_TEXT, FF_REQUIRED, NULL, "who must do it"},
	{"what", FT_TEXT, FF_REQUIRED, NULL, "what must be done"},
	{"due", FT_DATE, 0, NULL, "the date the text sets, if any"},
	{"rule", FT_TEXT, 0, NULL, "the timing in the text's words when it gives no date"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field fulfilment_fields[] = {
	{"requirement", FT_KEY, FF_REQUIRED, NULL, "the ref of the requirement"},
	{"status", FT_ENUM, FF_REQUIRED, fulfil_choices, "met or not_met, as the source shows"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field commitment_fields[] = {
	{"country", FT_COUNTRY, 0, NULL, "the country that promised (ISO 3166-1 alpha-3)"},
	{"person", FT_TEXT, 0, NULL, "the person who promised, if named"},
	{"what", FT_TEXT, FF_REQUIRED, NULL, "the promise in short"},
	{"personnel", FT_INT, 0, NULL, "the personnel promised"},
	{"amount", FT_TEXT, 0, NULL, "the money promised (digits, optional decimals)"},
	{"currency", FT_KEY, 0, NULL, "ISO 4217 code of the amount"},
	{"basis", FT_ENUM, 0, basis_choices, "total (default) or additional (on top of those present)"},
	{"scope", FT_ENUM, 0, scope_choices, "whose strength is measured: country (default) or mission"},
	{"by", FT_DATE, 0, NULL, "the deadline (YYYY-MM-DD, YYYY-MM or YYYY); empty if none was given"},
	{NULL, 0, 0, NULL, NULL},
};

static int check_resolution(const json_t *rec, struct err *e)
{
	struct mdate d;
	if (date_parse_or_err(rec_str(rec, "date"), &d, e) < 0)
		return -1;
	if (d.prec != DATE_DAY)
		return err_set(e, "field \"date\": %s%s%s (a resolution needs its adoption day, YYYY-MM-DD)",
			       d.prec ? "\"" : "missing", d.text, d.prec ? "\" is not a day" : "");
	return 0;
}

static int check_vote(const json_t *rec, struct err *e)
{
	long long n = rec_int(rec, "in_favour", 0) + rec_int(rec, "against", 0) + rec_int(rec, "abstaining", 0);
	if (n > 15)
		return err_set(e, "fields \"in_favour\", \"against\", \"abstaining\": they add up to %lld, "
			       "more than the Council's 15 members (check the counts)", n);
	return 0;
}

static int check_authorization(const json_t *rec, struct err *e)
{
	struct mdate a, b;
	if (date_parse_or_err(rec_str(rec, "start"), &a, e) < 0 || date_parse_or_err(rec_str(rec, "end"), &b, e) < 0)
		return -1;
	if (b.hi < a.lo)
		return err_set(e, "field \"end\": %s is before \"start\" %s (an authorisation ends after it "
			       "starts; check the two dates)", b.text, a.text);
	long long c = rec_int(rec, "ceiling", -1), u = rec_int(rec, "ceiling_uniformed", -1),
		  v = rec_int(rec, "ceiling_civilian", -1);
	if (c >= 0 && u >= 0 && v >= 0 && u + v != c)
		return err_set(e, "field \"ceiling\": %lld is not ceiling_uniformed %lld + ceiling_civilian %lld "
			       "= %lld (fix the total or a part)", c, u, v, u + v);
	return 0;
}

static int check_commitment(const json_t *rec, struct err *e)
{
	const char *amount = rec_str(rec, "amount"), *cur = rec_str(rec, "currency");
	if (amount && json_is_integer(json_object_get(rec, "personnel")))
		return err_set(e, "fields \"personnel\" and \"amount\": both given (a promise measures people "
			       "or money; record two promises)");
	if (amount) {
		long long minor;
		if (!cur)
			return err_set(e, "field \"currency\": missing (an amount needs its ISO 4217 currency, "
				       "e.g. USD)");
		if (money_parse_or_err("amount", amount, cur, &minor, e) < 0)
			return -1;
	}
	const char *scope = rec_str(rec, "scope");
	if ((!scope || !strcmp(scope, "country")) && json_is_integer(json_object_get(rec, "personnel")) &&
	    !rec_str(rec, "country"))
		return err_set(e, "field \"country\": missing (a country's personnel promise names the country; "
			       "for the whole mission write scope mission)");
	return 0;
}

/* Binds a date field as its text, lo and hi (NULLs when absent). */
static void bind_date(sqlite3_stmt *st, int i, const json_t *rec, const char *f)
{
	struct mdate d;
	struct err e;
	const char *t = rec_str(rec, f);
	if (!t || date_parse_or_err(t, &d, &e) < 0) {
		sqlite3_bind_null(st, i);
		sqlite3_bind_null(st, i + 1);
		sqlite3_bind_null(st, i + 2);
		return;
	}
	sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, i + 1, d.lo);
	sqlite3_bind_int(st, i + 2, d.hi);
}

static int derive_resolution(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO resolution VALUES(?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, rec_int(rec, "number", 0));
	sqlite3_bind_text(st, 3, rec_str(rec, "symbol"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "title"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, rec_str(rec, "meeting"), -1, SQLITE_STATIC);
	if (derive_step_or_err(s, st, "resolution", e) < 0)
		return -1;
	/* Paragraphs are separated by a blank line; the number is the first word. */
	const char *op = rec_str(rec, "operative");
	for (int ord = 1; op && *op; ord++) {
		const char *end = strstr(op, "\n\n");
		size_t len = end ? (size_t)(end - op) : strlen(op);
		size_t nl = strcspn(op, " \n");
		char num[16] = "";
		if (nl < sizeof num && nl < len && nl > 1 && op[nl - 1] == '.')
			snprintf(num, sizeof num, "%.*s", (int)nl - 1, op);
		st = store_prep(s, "INSERT INTO resolution_para VALUES(?,?,?,?)");
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_int(st, 2, ord);
		sqlite3_bind_text(st, 3, num, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, op, (int)len, SQLITE_TRANSIENT);
		if (derive_step_or_err(s, st, "resolution paragraph", e) < 0)
			return -1;
		op = end ? end + 2 : op + len;
	}
	return 0;
}

static int derive_vote(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO vote VALUES(?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, rec_int(rec, "resolution", 0));
	sqlite3_bind_int64(st, 3, rec_int(rec, "in_favour", 0));
	sqlite3_bind_int64(st, 4, rec_int(rec, "against", 0));
	sqlite3_bind_int64(st, 5, rec_int(rec, "abstaining", 0));
	sqlite3_bind_text(st, 6, rec_str(rec, "abstainers"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "vote", e);
}

static int derive_authorization(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO authorization VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, rec_int(rec, "resolution", 0));
	bind_date(st, 3, rec, "start");
	bind_date(st, 6, rec, "end");
	bind_date(st, 9, rec, "review");
	derive_bind_opt_int(st, 12, rec, "ceiling");
	derive_bind_opt_int(st, 13, rec, "ceiling_uniformed");
	derive_bind_opt_int(st, 14, rec, "ceiling_civilian");
	sqlite3_bind_text(st, 15, rec_str(rec, "successor_of"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "authorization", e);
}

static int derive_requirement(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO requirement VALUES(?,?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, rec_int(rec, "resolution", 0));
	sqlite3_bind_int64(st, 3, rec_int(rec, "paragraph", 0));
	sqlite3_bind_text(st, 4, rec_str(rec, "who"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, rec_str(rec, "what"), -1, SQLITE_STATIC);
	bind_date(st, 6, rec, "due");
	sqlite3_bind_text(st, 9, rec_str(rec, "rule"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "requirement", e);
}

static int derive_fulfilment(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	const char *req = rec_str(rec, "requirement");
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM rec WHERE ref = ? AND kind = 'requirement'");
	sqlite3_bind_text(st, 1, req, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (!found)
		return err_set(e, "field \"requirement\": no requirement has the ref \"%s\" (add the "
			       "requirement first, or fix the ref; muster obligations --json lists them)", req);
	st = store_prep(s, "INSERT INTO fulfilment VALUES(?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, req, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rec_str(rec, "status"), -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "fulfilment", e);
}

static int derive_commitment(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO commitment VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
	const char *basis = rec_str(rec, "basis"), *scope = rec_str(rec, "scope");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, rec_str(rec, "country"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rec_str(rec, "person"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "what"), -1, SQLITE_STATIC);
	derive_bind_opt_int(st, 5, rec, "personnel");
	sqlite3_bind_text(st, 6, rec_str(rec, "amount"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, rec_str(rec, "currency"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, basis ? basis : "total", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, scope ? scope : "country", -1, SQLITE_STATIC);
	bind_date(st, 10, rec, "by");
	return derive_step_or_err(s, st, "commitment", e);
}

const struct kind kind_resolution = {
	.name = "resolution",
	.summary = "a UN Security Council resolution: symbol, adoption day, text by paragraph",
	.fields = resolution_fields,
	.needs_sources = 1,
	.check = check_resolution,
	.derive = derive_resolution,
	.table_sql = "CREATE TABLE IF NOT EXISTS resolution(seq INTEGER PRIMARY KEY, number INT NOT NULL,\n"
		     "  symbol TEXT NOT NULL, title TEXT, meeting TEXT);\n"
		     "CREATE TABLE IF NOT EXISTS resolution_para(seq INT NOT NULL, ord INT NOT NULL,\n"
		     "  num TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY(seq, ord)) WITHOUT ROWID;\n",
	.table = "resolution resolution_para",
};

const struct kind kind_vote = {
	.name = "vote",
	.summary = "how the Council voted on a resolution",
	.fields = vote_fields,
	.needs_sources = 1,
	.check = check_vote,
	.derive = derive_vote,
	.table_sql = "CREATE TABLE IF NOT EXISTS vote(seq INTEGER PRIMARY KEY, resolution INT NOT NULL,\n"
		     "  in_favour INT NOT NULL, against INT NOT NULL, abstaining INT NOT NULL, abstainers TEXT);\n",
	.table = "vote",
};

const struct kind kind_authorization = {
	.name = "authorization",
	.summary = "a resolution's authorisation of a mission: from, until, review, ceiling",
	.fields = authorization_fields,
	.needs_sources = 1,
	.check = check_authorization,
	.derive = derive_authorization,
	.table_sql = "CREATE TABLE IF NOT EXISTS authorization(seq INTEGER PRIMARY KEY, resolution INT NOT NULL,\n"
		     "  start TEXT, start_lo INT, start_hi INT, end_text TEXT, end_lo INT, end_hi INT,\n"
		     "  review TEXT, review_lo INT, review_hi INT, ceiling INT, ceiling_uniformed INT,\n"
		     "  ceiling_civilian INT, successor_of TEXT);\n",
	.table = "authorization",
};

const struct kind kind_requirement = {
	.name = "requirement",
	.summary = "an obligation a resolution sets: who, what, by when",
	.fields = requirement_fields,
	.needs_sources = 1,
	.derive = derive_requirement,
	.table_sql = "CREATE TABLE IF NOT EXISTS requirement(seq INTEGER PRIMARY KEY, resolution INT NOT NULL,\n"
		     "  paragraph INT NOT NULL, who TEXT, what TEXT, due TEXT, due_lo INT, due_hi INT, rule TEXT);\n",
	.table = "requirement",
};

const struct kind kind_fulfilment = {
	.name = "fulfilment",
	.summary = "a sourced statement that a requirement was (or was not) met",
	.fields = fulfilment_fields,
	.needs_sources = 1,
	.derive = derive_fulfilment,
	.table_sql = "CREATE TABLE IF NOT EXISTS fulfilment(seq INTEGER PRIMARY KEY, requirement TEXT NOT NULL,\n"
		     "  status TEXT NOT NULL);\n",
	.table = "fulfilment",
};

const struct kind kind_commitment = {
	.name = "commitment",
	.summary = "a promise of personnel or money, with its target and deadline",
	.fields = commitment_fields,
	.needs_sources = 1,
	.check = check_commitment,
	.derive = derive_commitment,
	.table_sql = "CREATE TABLE IF NOT EXISTS commitment(seq INTEGER PRIMARY KEY, country TEXT, person TEXT,\n"
		     "  what TEXT, personnel INT, amount TEXT, currency TEXT, basis TEXT NOT NULL,\n"
		     "  scope TEXT NOT NULL, by_text TEXT, by_lo INT, by_hi INT);\n",
	.table = "commitment",
};
