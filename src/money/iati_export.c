/* iati_export.c: the funding record as IATI 2.03 activity XML. One activity
 * per mission and channel (the trust fund is one), its donors as funding
 * participating organisations, their money as transactions: 13 incoming
 * pledge, 11 incoming commitment, 1 incoming funds, 3 disbursement,
 * 4 expenditure. A flow is one transaction; a donor's reports, which are
 * cumulative, become the rises between its successive reported figures, so
 * that the transactions up to any day add up to the figure muster answers
 * with on that day. What IATI has no transaction for (reported totals,
 * figures that include bilateral support or name a part, frozen money,
 * undated figures, figures that fall) is written as muster:report elements
 * in muster's own namespace, which IATI allows and other tools ignore. */
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/derive.h"
#include "../core/iso.h"
#include "iati.h"

/* XML text or attribute value, escaped. */
static void xml_text(FILE *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fputc(*s, out);
		}
}

static void narrative(FILE *out, const char *indent, const char *el, const char *text)
{
	fprintf(out, "%s<%s><narrative>", indent, el);
	xml_text(out, text);
	fprintf(out, "</narrative></%s>\n", el);
}

/* One funding record of the activity, as the export needs it. */
struct frec {
	sqlite3_int64 seq;
	char donor[128], donor_kind[8], stage[16], currency[4], scope[8], qualifier[12], basis[8];
	char component[64], date[11];
	int ib, prec, lo, hi;
	long long minor;
	char *purpose;
	json_t *body;           /* the stored record */
	int as_report;          /* written as a muster:report element */
	sqlite3_int64 order;    /* where it is written among them (see reports_in_order) */
	size_t index;
	int used;               /* the claim muster uses on its date */
};

static int funding_stage_rank(const char *stage)
{
	for (int i = 0; funding_stages[i]; i++)
		if (!strcmp(funding_stages[i], stage))
			return i;
	return N_STAGES;
}

static int iati_type(const char *stage)
{
	static const struct { const char *stage; int code; } t[] = {
		{"pledged", 13}, {"committed", 11}, {"deposited", 1}, {"disbursed", 3}, {"spent", 4}};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(t[i].stage, stage))
			return t[i].code;
	return 0;
}

static void col(char *dst, size_t n, sqlite3_stmt *st, int c)
{
	const unsigned char *t = sqlite3_column_text(st, c);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* The records of one mission and channel, by donor, stage, currency and date,
 * the claims muster uses first among those of one date. */
static size_t load(struct store *s, const char *mission, const char *channel, struct frec **out)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT f.seq, f.donor, f.donor_kind, f.stage, f.currency, f.scope, f.qualifier, f.basis, "
		"f.component,\n"
		"  r.date_text, f.includes_bilateral, r.date_prec, r.date_lo, r.date_hi, f.amount_minor, "
		"f.purpose, l.body\n"
		"FROM funding f JOIN pub_rec r USING(seq) JOIN log l USING(seq) WHERE r.mission = ?1 AND "
		"f.channel = ?2\n"
		"\nORDER BY f.donor_kind DESC, f.donor, f.stage, f.scope, f.includes_bilateral,\n"
		"  f.component, f.basis, r.date_hi, " PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, channel, -1, SQLITE_STATIC);
	size_t n = 0, cap = 0;
	struct frec *v = NULL;
	while (store_row(s, st)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(v, cap * sizeof *v);
		}
		struct frec *f = &v[n++];
		memset(f, 0, sizeof *f);
		f->seq = sqlite3_column_int64(st, 0);
		col(f->donor, sizeof f->donor, st, 1);
		col(f->donor_kind, sizeof f->donor_kind, st, 2);
		col(f->stage, sizeof f->stage, st, 3);
		col(f->currency, sizeof f->currency, st, 4);
		col(f->scope, sizeof f->scope, st, 5);
		col(f->qualifier, sizeof f->qualifier, st, 6);
		col(f->basis, sizeof f->basis, st, 7);
		col(f->component, sizeof f->component, st, 8);
		col(f->date, sizeof f->date, st, 9);
		f->ib = sqlite3_column_int(st, 10);
		f->prec = sqlite3_column_int(st, 11);
		f->lo = sqlite3_column_int(st, 12);
		f->hi = sqlite3_column_int(st, 13);
		f->minor = sqlite3_column_int64(st, 14);
		f->purpose = sqlite3_column_text(st, 15) ? strdup((const char *)sqlite3_column_text(st, 15)) : NULL;
		f->body = json_loads((const char *)sqlite3_column_text(st, 16), 0, NULL);
	}
	sqlite3_reset(st);
	*out = v;
	return n;
}

/* A donor's figure of a stage: its whole, dated reports. */
static int is_plain_report(const struct frec *f)
{
	return !strcmp(f->basis, "report") && !strcmp(f->scope, "part") && !f->ib && !*f->component && f->prec > 0;
}

static int same_key(const struct frec *a, const struct frec *b)
{
	return !strcmp(a->donor, b->donor) && !strcmp(a->stage, b->stage);
}

/* Decides, per donor and stage, how its records are written: flows as
 * transactions (but those FTS leaves out of its totals: shared flows and
 * parents of other flows); plain reports as the rises between the figures
 * used on successive dates, when they never fall or change currency, no two
 * claims of one date differ, and the donor has no flows of that stage;
 * everything else as muster:report. */
static void classify(struct frec *v, size_t n, const json_t *parents)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && same_key(&v[i], &v[j]))
			j++;
		int has_flow = 0, typed = iati_type(v[i].stage) != 0, rises = typed;
		const struct frec *prev = NULL;
		for (size_t k = i; k < j; k++) {
			struct frec *f = &v[k];
			if (!strcmp(f->basis, "flow")) {
				const char *id = json_string_value(json_object_get(f->body, "fts_flow"));
				has_flow = 1;
				f->as_report = !typed || f->prec != DATE_DAY || json_object_get(f->body, "fts_shared") ||
					       (id && json_object_get(parents, id));
				continue;
			}
			if (!is_plain_report(f)) {
				f->as_report = 1;
				continue;
			}
			/* Sorted by date, then by precedence: the first of a date is the one used.
			 * Claims that differ on one date stay as written, disagreement and all. */
			if (prev && prev->hi == f->hi) {
				if (prev->minor != f->minor || strcmp(prev->currency, f->currency))
					rises = 0;
				continue;
			}
			f->used = 1;
			if (prev && (strcmp(prev->currency, f->currency) || f->minor < prev->minor))
				rises = 0;
			prev = f;
		}
		for (size_t k = i; k < j; k++)
			if (is_plain_report(&v[k]) && (!rises || has_flow))
				v[k].as_report = v[k].used = 1; /* every claim kept, as written */
		i = j;
	}
}

/* The FTS ids of the flows that other flows of the mission name as parent. */
static json_t *fts_parents(struct store *s, const char *mission)
{
	json_t *set = json_object();
	sqlite3_stmt *st = store_prep(s, "SELECT DISTINCT f.fts_parent FROM funding f JOIN pub_rec r USING(seq) WHERE "
				      "r.mission = ? AND f.fts_parent IS NOT NULL");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	while (store_row(s, st))
		json_object_set_new(set, (const char *)sqlite3_column_text(st, 0), json_true());
	sqlite3_reset(st);
	return set;
}

/* Writes ` muster:NAME="value"` (or ` NAME=…` when bare) for each field of
 * the record in `names` that it has. */
static void muster_attrs(FILE *out, const json_t *body, const char *const *names, int bare)
{
	for (const char *const *k = names; *k; k++) {
		json_t *v = json_object_get(body, *k);
		if (json_is_integer(v)) {
			fprintf(out, " %s%s=\"%lld\"", bare ? "" : "muster:", *k, (long long)json_integer_value(v));
		} else if (json_is_string(v)) {
			fprintf(out, " %s%s=\"", bare ? "" : "muster:", *k);
			xml_text(out, json_string_value(v));
			fputc('"', out);
		}
	}
}

static const char *donor_name(const struct frec *f)
{
	if (!strcmp(f->donor_kind, "country")) {
		const char *nm = iso_country_name(f->donor);
		return nm ? nm : f->donor;
	}
	return f->donor;
}

static void transaction(FILE *out, const struct frec *f, long long value, const char *what)
{
	/* What muster needs back of a flow (FTS's ids and original amount). */
	static const char *const flow_fields[] = {"fts_flow", "fts_parent", "fts_version", "fts_boundary",
		"original_amount", "original_currency", "exchange_rate", NULL};
	char day[11], amt[32];
	day_format(f->hi, day);
	fprintf(out, "   <transaction");
	if (f->prec != DATE_DAY) {
		fprintf(out, " muster:date=\"");
		xml_text(out, f->date);
		fputc('"', out);
	}
	if (strcmp(f->qualifier, "exact"))
		fprintf(out, " muster:qualifier=\"%s\"", f->qualifier);
	if (!strcmp(f->basis, "flow"))
		muster_attrs(out, f->body, flow_fields, 0);
	fprintf(out, ">\n    <transaction-type code=\"%d\"/>\n    <transaction-date iso-date=\"%s\"/>\n", iati_type(f->stage),
		day);
	fprintf(out, "    <value currency=\"%s\" value-date=\"%s\">%s</value>\n", f->currency, day,
		money_format(value, f->currency, amt));
	narrative(out, "    ", "description", what);
	fprintf(out, "    <provider-org%s>", strcmp(f->donor_kind, "country") ? "" : " type=\"10\"");
	fprintf(out, "<narrative>");
	xml_text(out, donor_name(f));
	fprintf(out, "</narrative></provider-org>\n   </transaction>\n");
}

/* A record IATI has no transaction for, with its fields as attributes. */
static void report(FILE *out, const struct frec *f)
{
	static const char *const keep[] = {"basis", "stage", "amount", "currency", "donor_country", "donor_org",
		"scope", "includes_bilateral", "qualifier", "component", "purpose", "date", "note", "fts_flow", "fts_parent", "fts_version", "fts_boundary", "fts_shared", "original_amount",
		"original_currency", "exchange_rate", NULL};
	fprintf(out, "   <muster:report");
	muster_attrs(out, f->body, keep, 1);
	fprintf(out, "/>\n");
}

struct tx {
	const struct frec *f;
	size_t index;
	long long value;
	char what[800];
};

/* Transactions by date, then in the order of the stages, then by donor. */
static int cmp_tx(const void *x, const void *y)
{
	const struct tx *a = x, *b = y;
	if (a->f->hi != b->f->hi)
		return (a->f->hi > b->f->hi) - (a->f->hi < b->f->hi);
	int d = funding_stage_rank(a->f->stage) - funding_stage_rank(b->f->stage);
	return d ? d : (a->index > b->index) - (a->index < b->index);
}

static int cmp_order(const void *x, const void *y)
{
	const struct frec *a = *(const struct frec *const *)x, *b = *(const struct frec *const *)y;
	if (a->order != b->order)
		return (a->order > b->order) - (a->order < b->order);
	return (a->index > b->index) - (a->index < b->index);
}

/* The muster:report elements in the order their records were entered, so
 * that a re-import lists them so, except that claims about one donor, stage
 * and date go in the order of precedence: once they all cite the one IATI
 * file, the first entered is the one used, as it was. */
static size_t reports_in_order(struct frec *v, size_t n, struct frec **reps)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		v[i].index = i;
		v[i].order = v[i].seq;
	}
	for (size_t g = 0; g < n;) {
		size_t end = g + 1;
		if (is_plain_report(&v[g]))
			while (end < n && same_key(&v[end], &v[g]) && is_plain_report(&v[end]) && v[end].hi == v[g].hi)
				end++;
		sqlite3_int64 first = v[g].seq;
		for (size_t i = g; i < end; i++)
			first = v[i].seq < first ? v[i].seq : first;
		for (size_t i = g; i < end; i++)
			v[i].order = first;
		g = end;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].as_report)
			reps[k++] = &v[i];
	qsort(reps, k, sizeof *reps, cmp_order);
	return k;
}

/* The first figure used of the donor and stage of v[i]. */
static const struct frec *first_used(const struct frec *v, size_t i)
{
	const struct frec *first = &v[i];
	for (size_t j = i; j-- > 0 && same_key(&v[j], &v[i]);)
		if (v[j].used && !v[j].as_report && !strcmp(v[j].basis, "report"))
			first = &v[j];
	return first;
}

static const char *channel_title(const char *ch)
{
	return !strcmp(ch, "trust_fund") ? "trust fund" : !strcmp(ch, "bilateral") ? "bilateral support"
		: !strcmp(ch, "in_kind") ? "support in kind" : "money whose channel the sources do not give";
}

static void budgets(struct store *s, FILE *out, const char *mission)
{
	sqlite3_stmt *st = store_prep(s, "SELECT l.body FROM budget b JOIN pub_rec r USING(seq) JOIN log l USING(seq) "
				      "WHERE r.mission = ? ORDER BY r.seq");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	static const char *const keep[] = {"amount", "currency", "period", "covers", "qualifier", "date", "note", NULL};
	while (store_row(s, st)) {
		json_t *b = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		fprintf(out, "   <muster:budget");
		muster_attrs(out, b, keep, 1);
		fprintf(out, "/>\n");
		json_decref(b);
	}
	sqlite3_reset(st);
}

static long long activity(struct store *s, FILE *out, const char *mission, const char *channel, int with_budgets,
			  const char *org, const char *now)
{
	struct frec *v;
	size_t n = load(s, mission, channel, &v);
	json_t *parents = fts_parents(s, mission);
	classify(v, n, parents);
	json_decref(parents);
	fprintf(out, " <iati-activity last-updated-datetime=\"%s\" xml:lang=\"en\">\n  <iati-identifier>", now);
	xml_text(out, org);
	fputc('-', out);
	xml_text(out, mission);
	fprintf(out, "-%s</iati-identifier>\n", *channel ? channel : "unspecified");
	fprintf(out, "  <reporting-org ref=\"");
	xml_text(out, org);
	fprintf(out, "\" type=\"90\" secondary-reporter=\"1\"><narrative>Muster (a compilation of public sources)"
		"</narrative></reporting-org>\n");
	char text[600];
	snprintf(text, sizeof text, "%s: %s", mission, channel_title(channel));
	narrative(out, "  ", "title", text);
	snprintf(text, sizeof text, "The money of the mission %s (%s) as Muster records it from public sources, each "
		 "figure with its source in Muster. A donor's reported figures are cumulative: the transactions are "
		 "the rises between them, so that they add up to the figure reported on each date.", mission,
		 channel_title(channel));
	narrative(out, "  ", "description", text);
	int donors = 0;
	for (size_t i = 0; i < n; i++) {
		int seen = !*v[i].donor;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(v[j].donor, v[i].donor);
		if (seen)
			continue;
		fprintf(out, "  <participating-org role=\"1\"%s><narrative>", strcmp(v[i].donor_kind, "country") ? ""
			: " type=\"10\"");
		xml_text(out, donor_name(&v[i]));
		fprintf(out, "</narrative></participating-org>\n");
		donors++;
	}
	if (!donors)
		fprintf(out, "  <participating-org role=\"1\"><narrative>Donors the sources do not name</narrative>"
			"</participating-org>\n");
	int start = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].prec > 0 && (!start || v[i].lo < start))
			start = v[i].lo;
	char day[11];
	fprintf(out, "  <activity-status code=\"2\"/>\n  <activity-date type=\"%d\" iso-date=\"%s\"/>\n", start ? 2 : 1,
		day_format(start ? start : day_today(), day));
	const char *dash = strrchr(mission, '-');
	const char *a2 = dash && strlen(dash + 1) == 3 ? iso_country_alpha2(dash + 1) : NULL;
	if (a2)
		fprintf(out, "  <recipient-country code=\"%s\"/>\n", a2);
	fprintf(out, "  <tag vocabulary=\"99\" vocabulary-uri=\"%s/mission\" code=\"", IATI_MUSTER_NS);
	xml_text(out, mission);
	fprintf(out, "\"/>\n");
	if (*channel)
		fprintf(out, "  <tag vocabulary=\"99\" vocabulary-uri=\"%s/channel\" code=\"%s\"/>\n", IATI_MUSTER_NS,
			channel);
	long long written = 0;
	/* Transactions: flows as they are, plain reports as their rises; by date. */
	struct tx *txs = malloc((n + 1) * sizeof *txs);
	size_t n_txs = 0;
	for (size_t i = 0; i < n; i++) {
		struct frec *f = &v[i];
		struct tx *t = &txs[n_txs];
		char amt[32], from[32];
		if (f->as_report || (strcmp(f->basis, "flow") && !f->used))
			continue;
		t->f = f;
		t->index = i;
		if (!strcmp(f->basis, "flow")) {
			t->value = f->minor;
			snprintf(t->what, sizeof t->what, "%s", f->purpose ? f->purpose : "a transfer recorded in Muster");
			n_txs++;
			continue;
		}
		long long before = 0;
		for (size_t j = i; j-- > 0 && same_key(&v[j], f);)
			if (v[j].used && !v[j].as_report && !strcmp(v[j].basis, "report")) {
				before = v[j].minor;
				break;
			}
		t->value = f->minor - before;
		if (f == first_used(v, i))
			snprintf(t->what, sizeof t->what, "%s %s: first reported figure, %s %s (%s)", donor_name(f), f->stage,
				 money_format(f->minor, f->currency, amt), f->currency, f->date);
		else
			snprintf(t->what, sizeof t->what, "%s %s: the figure reported for %s is %s %s, %s more than the one "
				 "before", donor_name(f), f->stage, f->date, money_format(f->minor, f->currency, amt),
				 f->currency, money_format(t->value, f->currency, from));
		n_txs++;
	}
	qsort(txs, n_txs, sizeof *txs, cmp_tx);
	for (size_t i = 0; i < n_txs; i++)
		transaction(out, txs[i].f, txs[i].value, txs[i].what);
	written += (long long)n_txs;
	free(txs);
	struct frec **reps = malloc((n + 1) * sizeof *reps);
	size_t n_reps = reports_in_order(v, n, reps);
	for (size_t i = 0; i < n_reps; i++)
		report(out, reps[i]);
	written += (long long)n_reps;
	free(reps);
	if (with_budgets)
		budgets(s, out, mission);
	fprintf(out, " </iati-activity>\n");
	for (size_t i = 0; i < n; i++) {
		free(v[i].purpose);
		json_decref(v[i].body);
	}
	free(v);
	return written;
}

int iati_export_or_err(struct store *s, FILE *out, const char *mission, const char *reporting_org, long long *n,
		       struct err *e)
{
	const char *org = reporting_org && *reporting_org ? reporting_org : "XX-MUSTER";
	for (const char *p = org; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == '.'))
			return err_set(e, "--reporting-org \"%s\": an IATI organisation identifier is an agency prefix and "
				       "a number, e.g. XM-DAC-41304 (letters, digits, '-', '_', '.')", org);
	sqlite3_stmt *st = store_prep(s,
		"SELECT DISTINCT r.mission, f.channel FROM funding f JOIN pub_rec r USING(seq) WHERE (?1 IS NULL OR "
		"r.mission = ?1) ORDER BY r.mission, CASE f.channel WHEN 'trust_fund' THEN 0 "
		"WHEN 'bilateral' THEN 1 WHEN 'in_kind' THEN 2 ELSE 3 END");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	char (*acts)[2][64] = NULL;
	size_t n_acts = 0;
	while (store_row(s, st)) {
		acts = grow(acts, n_acts, sizeof *acts);
		col(acts[n_acts][0], 64, st, 0);
		col(acts[n_acts][1], 64, st, 1);
		n_acts++;
	}
	sqlite3_reset(st);
	if (!n_acts) {
		free(acts);
		return err_set_code(e, E_NOANSWER, "no funding of %s to export: IATI needs at least one activity",
				    mission ? mission : "any mission");
	}
	char now[21];
	now_iso(now);
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!-- Written by Muster: the funding record as IATI activities; each figure has its sources in "
		"Muster. -->\n<iati-activities version=\"2.03\" generated-datetime=\"%s\" xmlns:muster=\"%s\">\n",
		now, IATI_MUSTER_NS);
	*n = 0;
	for (size_t i = 0; i < n_acts; i++)
		*n += activity(s, out, acts[i][0], acts[i][1], i == 0 || strcmp(acts[i][0], acts[i - 1][0]), org, now);
	fprintf(out, "</iati-activities>\n");
	free(acts);
	return 0;
}
