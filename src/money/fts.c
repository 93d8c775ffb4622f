/* fts.c: OCHA Financial Tracking Service flows (the JSON of the FTS API's
 * flow searches, one file per page) read into funding flows. Each flow keeps
 * its FTS id, version, parent, boundary, shared flag and its original amount,
 * currency and rate beside amountUSD; amounts that do not match their rate are
 * imported with a warning; each page's source keeps FTS's summary of the
 * search verbatim. fts_pages.c checks that the pages are one search and sets
 * FTS's published totals against the flows, counted as FTS counts them. */
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/iso.h"
#include "../core/record.h"
#include "../io/import.h"
#include "fts.h"

#define N_BOUNDARY FTS_N_BOUNDARY
#define N_STATUS FTS_N_STATUS
#define boundary_name fts_boundary_name
static const char *const status_name[N_STATUS] = {"pledge", "commitment", "paid"};

struct fts {
	struct store *s;
	struct import_stats *st;
	struct err *e;
	const char *mission;
	struct fts_seen *flows;
	size_t n_flows;
	int revised;
};

int fts_rate_mismatch(long long usd_minor, long long orig_minor, const char *orig_currency, long long units,
		      int scale, long long *expected)
{
	if (units <= 0 || money_convert(orig_minor, orig_currency, "USD", units, scale, 1, expected) < 0)
		return -1;
	/* Exactly: |usd - orig / rate| > 1 USD, i.e. |usd * units * 10^d - orig * 10^scale * 100| > 100 * units * 10^d,
	 * amounts in minor units (d the original currency's decimals). */
	int d = iso_currency_minor(orig_currency);
	__int128 p = 1;
	for (int i = 0; i < d; i++)
		p *= 10;
	__int128 q = 1;
	for (int i = 0; i < scale; i++)
		q *= 10;
	__int128 lhs = (__int128)usd_minor * units * p - (__int128)orig_minor * q * 100;
	if (lhs < 0)
		lhs = -lhs;
	return lhs > (__int128)100 * units * p;
}

/* A JSON number or string as text ("12", "12.5"); NULL for anything else. */
static const char *num_text(const json_t *v, char buf[48])
{
	if (json_is_integer(v))
		snprintf(buf, 48, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, 48, "%.15g", json_real_value(v));
	else if (json_is_string(v))
		snprintf(buf, 48, "%s", json_string_value(v));
	else
		return NULL;
	return buf;
}

static int parse_page_or_err(struct fts_page *pg, const char *buf, size_t len, struct err *e)
{
	json_error_t je;
	pg->root = json_loadb(buf, len, 0, &je);
	if (!pg->root)
		return err_set(e, "%s:%d: not JSON (%s at column %d); an FTS page is the JSON that the FTS API "
			       "returns for a flow search", pg->name, je.line, je.text, je.column);
	json_t *data = pg->data = json_object_get(pg->root, "data");
	pg->flows = json_object_get(data, "flows");
	if (!json_is_object(pg->root) || !json_is_object(data) || !json_is_array(pg->flows))
		return err_set(e, "%s: not an FTS flow page: no data.flows array (muster reads the JSON of the FTS "
			       "API's flow searches, e.g. /v1/public/fts/flow?locationid=…&year=…, one file per page)",
			       pg->name);
	pg->has_summary = json_is_number(json_object_get(json_object_get(data, "incoming"), "fundingTotal"));
	json_t *meta = json_object_get(pg->root, "meta");
	json_t *count = json_object_get(meta, "count");
	pg->count = json_is_integer(count) ? (long long)json_integer_value(count) : -1;
	pg->next = json_string_value(json_object_get(meta, "nextLink"));
	return 0;
}

static int index_of(const char *s, const char *const *names, int n)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* The donor: the first source organisation; a government is its country
 * (by the flow's source location, or the name before ", Government of"). */
static void donor_of(const json_t *flow, json_t *rec)
{
	const char *org = NULL, *loc = NULL;
	int gov = 0;
	size_t i, j;
	json_t *o, *t;
	json_array_foreach(json_object_get(flow, "sourceObjects"), i, o) {
		const char *type = json_string_value(json_object_get(o, "type"));
		const char *name = json_string_value(json_object_get(o, "name"));
		if (!type || !name)
			continue;
		if (!strcmp(type, "Organization") && !org) {
			org = name;
			json_array_foreach(json_object_get(o, "organizationTypes"), j, t)
				gov |= json_is_string(t) && !strcmp(json_string_value(t), "Government");
		} else if (!strcmp(type, "Location") && !loc) {
			loc = name;
		}
	}
	const char *country = NULL;
	if (org && gov) {
		country = loc ? iso_country_by_name(loc) : NULL;
		const char *suffix = ", Government of";
		size_t n = strlen(org), k = strlen(suffix);
		if (!country && n > k && !strcmp(org + n - k, suffix)) {
			char nm[256];
			snprintf(nm, sizeof nm, "%.*s", (int)(n - k), org);
			country = iso_country_by_name(nm);
		}
	}
	if (country)
		json_object_set_new(rec, "donor_country", json_string(country));
	else
		json_object_set_new(rec, "donor_org", json_string(org ? org : "unnamed in FTS"));
}

/* "to NAME, NAME" for the destination organisations, FTS's flow type when it
 * is not Standard, and FTS's reference. */
static void note_of(const json_t *flow, char *buf, size_t size)
{
	size_t i, n = 0;
	json_t *o;
	buf[0] = 0;
	json_array_foreach(json_object_get(flow, "destinationObjects"), i, o) {
		const char *type = json_string_value(json_object_get(o, "type"));
		const char *name = json_string_value(json_object_get(o, "name"));
		if (type && name && !strcmp(type, "Organization"))
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", n++ ? ", " : "to ", name);
	}
	const char *ft = json_string_value(json_object_get(flow, "flowType"));
	if (ft && strcmp(ft, "Standard"))
		snprintf(buf + strlen(buf), size - strlen(buf), "%sFTS flow type %s", *buf ? "; " : "", ft);
	const char *rc = json_string_value(json_object_get(flow, "refCode"));
	if (rc && *rc)
		snprintf(buf + strlen(buf), size - strlen(buf), "%sFTS refCode %s", *buf ? "; " : "", rc);
}

/* The live record of an FTS flow already in the file: 0 when there is none. */
static sqlite3_int64 known_flow(struct store *s, const char *ref, long long *version, char src[65])
{
	sqlite3_stmt *st = store_prep(s, "SELECT r.seq, l.body FROM rec r JOIN log l USING(seq) WHERE r.ref = ? "
				      "AND r.replaced_by IS NULL AND r.retracted_by IS NULL");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_int64 seq = 0;
	if (store_row(s, st)) {
		seq = sqlite3_column_int64(st, 0);
		json_t *b = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
		*version = json_integer_value(json_object_get(b, "fts_version"));
		snprintf(src, 65, "%s", json_string_value(json_array_get(json_object_get(b, "sources"), 0)) ?
			 json_string_value(json_array_get(json_object_get(b, "sources"), 0)) : "?");
		json_decref(b);
	}
	sqlite3_reset(st);
	return seq;
}

static int flow_or_err(struct fts *x, struct fts_page *pg, size_t idx, const json_t *flow)
{
	struct err *e = x->e;
	char at[300], id[48], buf[48];
	const char *idt = num_text(json_object_get(flow, "id"), id);
	snprintf(at, sizeof at, "%s: data.flows[%zu]", pg->name, idx);
	if (!json_is_object(flow))
		return err_set(e, "%s: not a flow (each element of data.flows is an object)", at);
	if (!idt || !*idt || strlen(idt) > 32 || strspn(idt, "0123456789") != strlen(idt))
		return err_set(e, "%s: field \"id\": %s (every FTS flow has a numeric id)", at,
			       idt ? "not a number" : "missing");
	snprintf(at, sizeof at, "%s: flow %s", pg->name, idt);
	const json_t *usd = json_object_get(flow, "amountUSD");
	const char *amount = num_text(usd, buf);
	if (!amount)
		return err_set(e, "%s: field \"amountUSD\": missing (every FTS flow carries its amount in US dollars; "
			       "muster does not work it out from originalAmount)", at);
	const char *status = json_string_value(json_object_get(flow, "status"));
	int si = index_of(status, status_name, N_STATUS);
	if (si < 0)
		return err_set(e, "%s: field \"status\": %s%s%s is not pledge, commitment or paid", at,
			       status ? "\"" : "", status ? status : "missing", status ? "\"" : "");
	const char *boundary = json_string_value(json_object_get(flow, "boundary"));
	int bi = index_of(boundary, boundary_name, N_BOUNDARY);
	if (bi < 0)
		return err_set(e, "%s: field \"boundary\": %s%s%s is not incoming, outgoing or internal", at,
			       boundary ? "\"" : "", boundary ? boundary : "missing", boundary ? "\"" : "");
	const char *onb = json_string_value(json_object_get(flow, "onBoundary"));
	if (onb && strcmp(onb, "single") && strcmp(onb, "shared"))
		return err_set(e, "%s: field \"onBoundary\": \"%s\" is not single or shared", at, onb);
	const char *date = json_string_value(json_object_get(flow, "date"));
	if (!date || strlen(date) < 10)
		return err_set(e, "%s: field \"date\": %s (FTS gives each flow a date, e.g. 2020-04-24T00:00:00Z)", at,
			       date ? "not a date" : "missing");
	static const char *const stage[FTS_N_BOUNDARY][FTS_N_STATUS] = {{"pledged", "committed", "deposited"},
		{"pledged", "committed", "disbursed"}, {"pledged", "committed", "disbursed"}};
	json_t *rec = json_object();
	char ref[64], day[11], note[1024], cite[80];
	snprintf(ref, sizeof ref, "fts-flow-%s", idt);
	snprintf(day, sizeof day, "%.10s", date);
	json_object_set_new(rec, "kind", json_string("funding"));
	json_object_set_new(rec, "ref", json_string(ref));
	json_object_set_new(rec, "mission", json_string(x->mission));
	json_object_set_new(rec, "date", json_string(day));
	json_object_set_new(rec, "basis", json_string("flow"));
	json_object_set_new(rec, "stage", json_string(stage[bi][si]));
	json_object_set_new(rec, "amount", json_string(amount));
	json_object_set_new(rec, "currency", json_string("USD"));
	json_object_set_new(rec, "fts_flow", json_string(idt));
	json_object_set_new(rec, "fts_boundary", json_string(boundary));
	if (onb && !strcmp(onb, "shared"))
		json_object_set_new(rec, "fts_shared", json_string("yes"));
	const char *ct = json_string_value(json_object_get(flow, "contributionType"));
	if (ct && !strcmp(ct, "in-kind"))
		json_object_set_new(rec, "channel", json_string("in_kind"));
	char pbuf[48], vbuf[48], obuf[48], rbuf[48];
	const char *parent = num_text(json_object_get(flow, "parentFlowId"), pbuf);
	if (parent)
		json_object_set_new(rec, "fts_parent", json_string(parent));
	json_t *ver = json_object_get(flow, "versionId");
	if (json_is_integer(ver))
		json_object_set_new(rec, "fts_version", json_integer(json_integer_value(ver)));
	const char *orig = num_text(json_object_get(flow, "originalAmount"), obuf);
	const char *ocur = json_string_value(json_object_get(flow, "originalCurrency"));
	const char *rate = num_text(json_object_get(flow, "exchangeRate"), rbuf);
	if (ocur && iso_currency_check_or_err(ocur, e) < 0) {
		json_decref(rec);
		err_prefix(e, "%s: field \"originalCurrency\"", at);
		return -1;
	}
	if (orig && ocur) {
		json_object_set_new(rec, "original_amount", json_string(orig));
		json_object_set_new(rec, "original_currency", json_string(ocur));
		if (rate)
			json_object_set_new(rec, "exchange_rate", json_string(rate));
	}
	const char *desc = json_string_value(json_object_get(flow, "description"));
	if (desc && *desc)
		json_object_set_new(rec, "purpose", json_string(desc));
	donor_of(flow, rec);
	note_of(flow, note, sizeof note);
	snprintf(cite, sizeof cite, "flow %s%s%s", idt, json_is_integer(ver) ? ", version " : "",
		 json_is_integer(ver) ? num_text(ver, vbuf) : "");
	json_object_set_new(rec, "cite", json_string(cite));
	json_object_set_new(rec, "sources", json_pack("[s]", pg->ref));

	/* Check the amounts as the record will hold them, before trusting FTS's. */
	long long usd_minor, orig_minor, units, expected;
	int scale;
	char norm[40], a[32], b[32];
	struct err quiet = {0};
	if (money_parse_or_err("amountUSD", amount, "USD", &usd_minor, e) < 0) {
		json_decref(rec);
		err_prefix(e, "%s", at);
		return -1;
	}
	if (orig && ocur && rate && iso_currency_minor(ocur) >= 0 &&
	    money_parse_or_err("originalAmount", orig, ocur, &orig_minor, &quiet) == 0 &&
	    rate_parse_or_err("exchangeRate", rate, &units, &scale, norm, &quiet) == 0 &&
	    fts_rate_mismatch(usd_minor, orig_minor, ocur, units, scale, &expected) == 1) {
		money_lines_add(&x->st->warnings, "muster: warning: %s: amountUSD %s is not originalAmount / exchangeRate "
				"= %s %s / %s = %s USD (off by more than 1 USD); imported with FTS's amountUSD, the original "
				"amount and rate kept beside it", at, money_format(usd_minor, "USD", a), orig, ocur, rate,
				money_format(expected, "USD", b));
		snprintf(note + strlen(note), sizeof note - strlen(note), "%samountUSD does not match originalAmount / "
			 "exchangeRate (%s USD)", *note ? "; " : "", b);
	}
	if (*note)
		json_object_set_new(rec, "note", json_string(note));

	/* The same flow again: a later version revises it, anything else repeats it. */
	long long have_version = 0;
	char have_src[65];
	sqlite3_int64 seq = known_flow(x->s, ref, &have_version, have_src);
	long long version = json_integer_value(json_object_get(rec, "fts_version"));
	if (seq) {
		json_t *rid = answer_record_id(x->s, seq);
		if (seq > x->s->tx_start)
			err_set(e, "%s: duplicate: flow %s is also on page %s (record %s); each flow is on one page of a "
				"search: is one file given twice?", at, idt, have_src, json_string_value(rid));
		else if (version <= have_version)
			err_set(e, "%s: duplicate: FTS flow %s (version %lld) is already in %s as record %s (from %s); a "
				"flow is imported once, and a later version (a higher versionId) revises it", at, idt,
				version, x->s->path, json_string_value(rid), have_src);
		else
			json_object_set_new(rec, "corrects", json_string(ref));
		json_decref(rid);
		if (version <= have_version || seq > x->s->tx_start) {
			json_decref(rec);
			return -1;
		}
		x->revised++;
	}
	if (money_append_or_err(x->s, rec, x->st, e) < 0) {
		err_prefix(e, "%s", at);
		return -1;
	}
	x->flows = grow(x->flows, x->n_flows, sizeof *x->flows);
	struct fts_seen *f = &x->flows[x->n_flows++];
	memset(f, 0, sizeof *f);
	snprintf(f->id, sizeof f->id, "%s", idt);
	snprintf(f->parent, sizeof f->parent, "%s", parent ? parent : "");
	f->boundary = bi;
	f->status = si;
	f->shared = onb && !strcmp(onb, "shared");
	f->usd = usd_minor;
	return 0;
}

int fts_import_or_err(struct store *s, FILE *const *files, char *const *names, int n, struct import_stats *st,
		      struct err *e)
{
	struct fts_page *pg = calloc((size_t)n, sizeof *pg);
	struct fts x = {.s = s, .st = st, .e = e, .mission = st->mission ? st->mission : DEFAULT_MISSION};
	int rc = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		size_t len;
		pg[i].name = names[i];
		char *buf = money_read_all_or_err(files[i], names[i], &len, e);
		rc = buf ? parse_page_or_err(&pg[i], buf, len, e) : -1;
		free(buf);
	}
	if (rc == 0)
		rc = fts_pages_same_search_or_err(pg, n, e);
	for (int i = 0; rc == 0 && i < n; i++) {
		char title[400], nb[2][48], note[400] = "Read by muster import --format fts";
		const char *base = strrchr(pg[i].name, '/');
		snprintf(title, sizeof title, "Funding flows of an FTS flow search (%s)", base ? base + 1 : pg[i].name);
		json_t *incoming = json_object_get(pg[i].data, "incoming");
		if (pg[i].has_summary) {
			const char *f = num_text(json_object_get(incoming, "fundingTotal"), nb[0]);
			const char *p = num_text(json_object_get(incoming, "pledgeTotal"), nb[1]);
			snprintf(note + strlen(note), sizeof note - strlen(note), "; FTS publishes incoming funding %s USD, "
				 "pledges %s USD for the search", f ? f : "?", p ? p : "?");
		}
		json_t *src = json_pack("{s:s, s:s, s:s, s:s, s:s}", "publisher",
					"OCHA Financial Tracking Service (FTS)", "title", title, "grade", "A", "url",
					"https://fts.unocha.org", "note", note);
		char *summary = fts_page_summary(&pg[i]);
		if (summary) {
			json_object_set_new(src, "verbatim", json_string(summary));
			json_object_set_new(src, "cite", json_string("FTS's summary of the search: data.incoming, "
								      "data.outgoing, data.internal and meta.count"));
		}
		free(summary);
		rc = money_file_source_or_err(s, pg[i].name, "fts", src, pg[i].ref, st, e);
		size_t j;
		json_t *flow;
		json_array_foreach(pg[i].flows, j, flow) {
			if (rc < 0)
				break;
			rc = flow_or_err(&x, &pg[i], j, flow);
		}
	}
	if (rc == 0)
		rc = fts_pages_count_or_err(pg, n, e);
	if (rc == 0)
		fts_pages_report(pg, n, x.flows, x.n_flows, x.revised, st);
	for (int i = 0; i < n; i++)
		json_decref(pg[i].root);
	free(pg);
	free(x.flows);
	return rc;
}
