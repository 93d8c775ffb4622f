/* kinds.c (money): the funding, budget and exchange_rate record kinds, their
 * cross-field checks (which also normalise the amount, currency and rate in
 * place, so the canonical record holds "10800000.00", never a JSON real) and
 * their derived tables. */
#include <ctype.h>
#include <string.h>

#include "../core/derive.h"
#include "../core/iso.h"
#include "money.h"

const char *const funding_stages[] = {"pledged", "committed", "deposited", "disbursed", "spent", "frozen", NULL};
static const char *const channel_choices[] = {"trust_fund", "bilateral", "in_kind", NULL};
static const char *const scope_choices[] = {"part", "total", NULL};
static const char *const yesno_choices[] = {"yes", "no", NULL};
static const char *const qualifier_choices[] = {"exact", "about", "at_least", "at_most", NULL};
static const char *const basis_choices[] = {"report", "flow", NULL};
static const char *const boundary_choices[] = {"incoming", "outgoing", "internal", NULL};
static const char *const yes_choices[] = {"yes", NULL};

static const struct field funding_fields[] = {
	{"donor_country", FT_COUNTRY, 0, NULL, "the donor country (ISO 3166-1 alpha-3); or give donor_org"},
	{"donor_org", FT_TEXT, 0, NULL, "the donor organisation; or give donor_country"},
	{"channel", FT_ENUM, 0, channel_choices,
	 "trust_fund, bilateral or in_kind (empty when the source does not say)"},
	{"stage", FT_ENUM, FF_REQUIRED, funding_stages,
	 "pledged, committed, deposited, disbursed, spent or frozen"},
	{"amount", FT_TEXT, FF_REQUIRED, NULL,
	 "the amount in digits with an optional point, e.g. 10800000 or 10800000.00"},
	{"currency", FT_TEXT, FF_REQUIRED, NULL, "ISO 4217 code, e.g. USD"},
	{"purpose", FT_TEXT, 0, NULL, "what the money is for"},
	{"scope", FT_ENUM, 0, scope_choices,
	 "part (default: one donor's figure) or total (a reported total for the channel)"},
	{"includes_bilateral", FT_ENUM, 0, yesno_choices,
	 "yes when a donor's reported total includes bilateral support (never added to trust-fund figures)"},
	{"qualifier", FT_ENUM, 0, qualifier_choices, "exact (default), about, at_least or at_most"},
	{"component", FT_TEXT, 0, NULL, "a named part of the donor's figure (e.g. defense); empty for the whole"},
	{"basis", FT_ENUM, 0, basis_choices,
	 "report (default: the donor's figure to date; its latest report counts) or flow (one transfer, "
	 "e.g. an FTS flow or an IATI transaction; a donor's flows add up)"},
	{"original_amount", FT_TEXT, 0, NULL, "the amount in the currency the donor gave it in (beside amount)"},
	{"original_currency", FT_TEXT, 0, NULL, "ISO 4217 code of original_amount"},
	{"exchange_rate", FT_TEXT, 0, NULL,
	 "units of original_currency for one unit of currency, as the publisher gives it (e.g. FTS's 0.915)"},
	{"fts_flow", FT_KEY, 0, NULL, "the OCHA FTS flow id (a flow imported from FTS)"},
	{"fts_parent", FT_KEY, 0, NULL, "the FTS id of the flow this one is a part of (parentFlowId)"},
	{"fts_version", FT_INT, 0, NULL, "FTS's versionId of the flow: a later version revises it"},
	{"fts_boundary", FT_ENUM, 0, boundary_choices,
	 "incoming (default), outgoing or internal: the flow's FTS boundary; only incoming flows are funding "
	 "of the mission"},
	{"fts_shared", FT_ENUM, 0, yes_choices,
	 "yes when FTS marks the flow onBoundary shared (it also counts under another location or year): "
	 "left out of totals, as FTS does, unless funding --include-shared"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field budget_fields[] = {
	{"amount", FT_TEXT, FF_REQUIRED, NULL, "the amount in digits with an optional point, e.g. 600000000"},
	{"currency", FT_TEXT, FF_REQUIRED, NULL, "ISO 4217 code, e.g. USD"},
	{"period", FT_TEXT, FF_REQUIRED, NULL, "the period it covers, e.g. first year, annual"},
	{"covers", FT_TEXT, 0, NULL, "what it pays for"},
	{"qualifier", FT_ENUM, 0, qualifier_choices, "exact (default), about, at_least or at_most"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct field rate_fields[] = {
	{"base", FT_TEXT, FF_REQUIRED, NULL, "the currency converted from (ISO 4217), e.g. CAD"},
	{"quote", FT_TEXT, FF_REQUIRED, NULL, "the currency converted to (ISO 4217), e.g. USD"},
	{"rate", FT_TEXT, FF_REQUIRED, NULL, "units of quote for one unit of base, an exact decimal, e.g. 0.7352"},
	{NULL, 0, 0, NULL, NULL},
};

/* The normaliser hands `check` the record it has just built and still owns
 * alone; the checks below rewrite the amount, currency and rate in it. */
static json_t *owned(const json_t *rec)
{
	return (json_t *)rec;
}

static int currency_or_err(const json_t *rec, const char *field, char code[4], struct err *e)
{
	const char *c = rec_str(rec, field);
	char up[8] = "";
	size_t n = strlen(c);
	for (size_t i = 0; i < n && i < sizeof up - 1; i++)
		up[i] = (char)toupper((unsigned char)c[i]);
	if (n > 7 || iso_currency_check_or_err(up, e) < 0) {
		if (n > 7)
			err_set(e, "\"%s\" is not an ISO 4217 currency code (write three letters, e.g. USD)", c);
		err_prefix(e, "field \"%s\"", field);
		return -1;
	}
	memcpy(code, up, 4);
	json_object_set_new(owned(rec), field, json_string(code));
	return 0;
}

static int amount_or_err(const json_t *rec, long long *minor, char cur[4], struct err *e)
{
	char buf[32];
	if (currency_or_err(rec, "currency", cur, e) < 0 ||
	    money_parse_or_err("amount", rec_str(rec, "amount"), cur, minor, e) < 0)
		return -1;
	json_object_set_new(owned(rec), "amount", json_string(money_format(*minor, cur, buf)));
	return 0;
}

/* A flow is one transfer of one donor's money: never a total, a part of a
 * figure or a figure that includes bilateral support, which are reports. The
 * original amount goes with its currency, and the FTS fields with flows. */
static int check_flow(const json_t *rec, struct err *e)
{
	const char *basis = rec_str(rec, "basis");
	int flow = basis && !strcmp(basis, "flow");
	static const char *const fts[] = {"fts_flow", "fts_parent", "fts_version", "fts_boundary", "fts_shared", NULL};
	for (const char *const *f = fts; !flow && *f; f++)
		if (json_object_get(rec, *f))
			return err_set(e, "field \"%s\": only a flow has FTS fields (add basis=flow, or leave it out)",
				       *f);
	const char *scope = rec_str(rec, "scope"), *ib = rec_str(rec, "includes_bilateral");
	if (flow && scope && !strcmp(scope, "total"))
		return err_set(e, "field \"scope\": a flow is one donor's transfer, not a total (a reported total "
			       "is a report: leave out basis=flow)");
	if (flow && ib && !strcmp(ib, "yes"))
		return err_set(e, "field \"includes_bilateral\": a flow is one transfer; a total that includes "
			       "bilateral support is a report (leave out basis=flow)");
	if (flow && rec_str(rec, "component"))
		return err_set(e, "field \"component\": a flow is one whole transfer; a named part of a donor's "
			       "figure is a report (leave out basis=flow)");
	int has_amount = rec_str(rec, "original_amount") != NULL, has_cur = rec_str(rec, "original_currency") != NULL;
	if (has_amount != has_cur)
		return err_set(e, "field \"%s\": missing (an original amount goes with its currency: give both "
			       "original_amount and original_currency, or neither)",
			       has_amount ? "original_currency" : "original_amount");
	if (rec_str(rec, "exchange_rate") && !has_amount)
		return err_set(e, "field \"exchange_rate\": a rate needs original_amount and original_currency "
			       "(the amount it converts)");
	if (has_amount) {
		char ocur[4], norm[40], buf[32];
		long long ominor, units;
		int scale;
		if (currency_or_err(rec, "original_currency", ocur, e) < 0 ||
		    money_parse_or_err("original_amount", rec_str(rec, "original_amount"), ocur, &ominor, e) < 0)
			return -1;
		json_object_set_new(owned(rec), "original_amount", json_string(money_format(ominor, ocur, buf)));
		if (rec_str(rec, "exchange_rate")) {
			if (rate_parse_or_err("exchange_rate", rec_str(rec, "exchange_rate"), &units, &scale, norm, e) < 0)
				return -1;
			json_object_set_new(owned(rec), "exchange_rate", json_string(norm));
		}
	}
	return 0;
}

static int check_funding(const json_t *rec, struct err *e)
{
	long long minor;
	char cur[4];
	if (amount_or_err(rec, &minor, cur, e) < 0 || check_flow(rec, e) < 0)
		return -1;
	const char *dc = rec_str(rec, "donor_country"), *dorg = rec_str(rec, "donor_org");
	const char *scope = rec_str(rec, "scope");
	int total = scope && !strcmp(scope, "total");
	if (dc && dorg)
		return err_set(e, "field \"donor_org\": give the donor once, as donor_country (a country) or "
			       "donor_org (an organisation), not both");
	if (!dc && !dorg && !total)
		return err_set(e, "field \"donor_country\": missing (a funding needs its donor: donor_country "
			       "as an ISO 3166-1 alpha-3 code, or donor_org; only a scope=total record may "
			       "leave both empty)");
	if (total && !rec_str(rec, "channel"))
		return err_set(e, "field \"channel\": missing (a scope=total record is the total of a channel: "
			       "trust_fund, bilateral or in_kind)");
	const char *ib = rec_str(rec, "includes_bilateral");
	if (ib && !strcmp(ib, "yes") && rec_str(rec, "channel") && !strcmp(rec_str(rec, "channel"), "trust_fund"))
		return err_set(e, "field \"channel\": a total that includes bilateral support is not a trust-fund "
			       "figure (leave channel empty)");
	return 0;
}

static int check_budget(const json_t *rec, struct err *e)
{
	long long minor;
	char cur[4];
	return amount_or_err(rec, &minor, cur, e);
}

static int check_rate(const json_t *rec, struct err *e)
{
	char base[4], quote[4], norm[40];
	long long units;
	int scale;
	if (currency_or_err(rec, "base", base, e) < 0 || currency_or_err(rec, "quote", quote, e) < 0)
		return -1;
	if (!strcmp(base, quote))
		return err_set(e, "field \"quote\": the same currency as base (%s); a rate links two currencies",
			       base);
	if (rate_parse_or_err("rate", rec_str(rec, "rate"), &units, &scale, norm, e) < 0)
		return -1;
	json_object_set_new(owned(rec), "rate", json_string(norm));
	if (!rec_str(rec, "date"))
		return err_set(e, "field \"date\": missing (a rate holds on a day; give YYYY-MM-DD)");
	return 0;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int derive_funding(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	long long minor;
	const char *cur = rec_str(rec, "currency");
	if (money_parse_or_err("amount", rec_str(rec, "amount"), cur, &minor, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO funding VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	const char *dc = rec_str(rec, "donor_country"), *dorg = rec_str(rec, "donor_org");
	const char *scope = rec_str(rec, "scope"), *ib = rec_str(rec, "includes_bilateral");
	const char *q = rec_str(rec, "qualifier");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, dc ? dc : or_empty(dorg), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, dc ? "country" : dorg ? "org" : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, or_empty(rec_str(rec, "channel")), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, rec_str(rec, "stage"), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, minor);
	sqlite3_bind_text(st, 7, cur, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, scope ? scope : "part", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, ib && !strcmp(ib, "yes"));
	sqlite3_bind_text(st, 10, q ? q : "exact", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, or_empty(rec_str(rec, "component")), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, rec_str(rec, "purpose"), -1, SQLITE_STATIC);
	const char *basis = rec_str(rec, "basis"), *boundary = rec_str(rec, "fts_boundary");
	int fts = rec_str(rec, "fts_flow") != NULL;
	sqlite3_bind_text(st, 13, basis ? basis : "report", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, rec_str(rec, "fts_flow"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 15, rec_str(rec, "fts_parent"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 16, boundary ? boundary : fts ? "incoming" : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 17, rec_str(rec, "fts_shared") != NULL);
	return derive_step_or_err(s, st, "funding", e);
}

static int derive_budget(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	long long minor;
	const char *cur = rec_str(rec, "currency"), *q = rec_str(rec, "qualifier");
	if (money_parse_or_err("amount", rec_str(rec, "amount"), cur, &minor, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO budget VALUES(?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, minor);
	sqlite3_bind_text(st, 3, cur, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rec_str(rec, "period"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, rec_str(rec, "covers"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, q ? q : "exact", -1, SQLITE_STATIC);
	return derive_step_or_err(s, st, "budget", e);
}

static int derive_rate(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e)
{
	long long units;
	int scale;
	char norm[40];
	if (rate_parse_or_err("rate", rec_str(rec, "rate"), &units, &scale, norm, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(s, "INSERT INTO exchange_rate VALUES(?,?,?,?,?,?)");
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, rec_str(rec, "base"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rec_str(rec, "quote"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, norm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, units);
	sqlite3_bind_int(st, 6, scale);
	return derive_step_or_err(s, st, "exchange_rate", e);
}

const struct kind kind_funding = {
	.name = "funding",
	.summary = "money pledged, committed, deposited, disbursed, spent or frozen",
	.fields = funding_fields,
	.needs_sources = 1,
	.check = check_funding,
	.derive = derive_funding,
	.table_sql =
		"CREATE TABLE IF NOT EXISTS funding(seq INTEGER PRIMARY KEY, donor TEXT NOT NULL,\n"
		"  donor_kind TEXT NOT NULL, channel TEXT NOT NULL, stage TEXT NOT NULL, amount_minor INT NOT NULL,\n"
		"  currency TEXT NOT NULL, scope TEXT NOT NULL, includes_bilateral INT NOT NULL,\n"
		"  qualifier TEXT NOT NULL, component TEXT NOT NULL, purpose TEXT,\n"
		"  basis TEXT NOT NULL,           -- report (latest counts) or flow (flows add up)\n"
		"  fts_flow TEXT, fts_parent TEXT, -- FTS flow ids, for flows imported from FTS\n"
		"  fts_boundary TEXT NOT NULL,    -- incoming, outgoing, internal; '' when not from FTS\n"
		"  fts_shared INT NOT NULL);      -- 1: FTS onBoundary shared\n"
		"CREATE INDEX IF NOT EXISTS funding_key ON funding(donor, channel, stage);\n"
		"CREATE INDEX IF NOT EXISTS funding_fts_parent ON funding(fts_parent) WHERE fts_parent IS NOT NULL;\n",
	.table = "funding",
};

const struct kind kind_budget = {
	.name = "budget",
	.summary = "an estimated or approved budget of the mission",
	.fields = budget_fields,
	.needs_sources = 1,
	.check = check_budget,
	.derive = derive_budget,
	.table_sql = "CREATE TABLE IF NOT EXISTS budget(seq INTEGER PRIMARY KEY, amount_minor INT NOT NULL,\n"
		     "  currency TEXT NOT NULL, period TEXT NOT NULL, covers TEXT, qualifier TEXT NOT NULL);\n",
	.table = "budget",
};

const struct kind kind_exchange_rate = {
	.name = "exchange_rate",
	.summary = "how many units of one currency buy one of another, on a day",
	.fields = rate_fields,
	.needs_sources = 1,
	.check = check_rate,
	.derive = derive_rate,
	.table_sql = "CREATE TABLE IF NOT EXISTS exchange_rate(seq INTEGER PRIMARY KEY, base TEXT NOT NULL,\n"
		     "  quote TEXT NOT NULL, rate TEXT NOT NULL, rate_units INT NOT NULL, rate_scale INT NOT NULL);\n",
	.table = "exchange_rate",
};
