/* funding.c: the funding question. Each donor's figure per channel, stage and
 * component is its latest record on or before the day (reports are
 * cumulative, so figures are never summed over time); stages stay separate
 * columns; trust-fund, bilateral and in-kind money are separate totals;
 * reported channel totals and totals that include bilateral support are
 * shown beside the sums, never added to them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/derive.h"
#include "../core/iso.h"
#include "funding.h"

static const char funding_rule[] =
	"Each donor's figure for a stage is its latest record of that stage on or before the date "
	"(reports are cumulative; figures are never summed over time). Stages are never added together. "
	"Channel totals sum the donors' latest whole figures of that channel; reported totals and totals "
	"that include bilateral support are shown beside them and never added to trust-fund figures. "
	"Flows (FTS flows, IATI transactions) add up: a donor's figure is the sum of its flows on or before the "
	"date; where it also has a report, the one dated later is used. "
	PRECEDENCE_TEXT ".";

const char *funding_donor_name(const struct fig *f)
{
	if (!strcmp(f->donor_kind, "country")) {
		const char *n = iso_country_name(f->donor);
		return n ? n : f->donor;
	}
	return *f->donor ? f->donor : "all donors";
}

int funding_stage_index(const char *stage)
{
	for (int i = 0; i < N_STAGES; i++)
		if (!strcmp(funding_stages[i], stage))
			return i;
	return -1;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* The order of the rows: countries first, then by donor, channel, component
 * and the order of entry. */
static int cmp_fig(const void *x, const void *y)
{
	const struct fig *a = x, *b = y;
	int d = strcmp(b->donor_kind, a->donor_kind);
	if (!d)
		d = strcmp(a->donor, b->donor);
	if (!d)
		d = strcmp(a->channel, b->channel);
	if (!d)
		d = strcmp(a->component, b->component);
	return d ? d : (a->seq > b->seq) - (a->seq < b->seq);
}

/* A claim of a money figure for answer_order_unknown, from columns of `st`. */
static json_t *order_claim(sqlite3_stmt *st, sqlite3_int64 seq, int minor_col, int cur_col, int date_col)
{
	char buf[32];
	const char *cur = (const char *)sqlite3_column_text(st, cur_col);
	json_t *o = json_object();
	json_object_set_new(o, "value", json_string(money_format(sqlite3_column_int64(st, minor_col), cur, buf)));
	json_object_set_new(o, "currency", json_string(cur));
	json_object_set_new(o, "date", json_string((const char *)sqlite3_column_text(st, date_col)));
	json_object_set_new(o, "seq", json_integer(seq));
	return o;
}

/* The latest report of every key on or before `day`, and the sums of flows;
 * reports of a key whose order against the latest cannot be known are
 * listed beside it (answer_order_unknown). */
static int load_or_err(struct mconv *c, const char *mission, struct figs *fs, struct err *e)
{
	sqlite3_stmt *st = store_prep(c->s,
		/* The latest report of each key as LATEST_ORDER_SQL chooses it: one
		 * dated only to a month or a year does not displace a more precise one. */
		"WITH k AS (SELECT f.donor, f.donor_kind, f.channel, f.stage, f.amount_minor, f.currency,\n"
		"  f.scope, f.includes_bilateral, f.qualifier, f.component, f.purpose, " CLAIM_REC_COLS ",\n"
		"  max(r.date_lo) OVER (PARTITION BY f.donor, f.channel, f.stage, f.scope, f.includes_bilateral,\n"
		"  f.component) AS latest_lo\n"
		"  FROM funding f JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND r.date_hi <= ?2 AND "
		"f.basis = 'report'\n"
		"),\n"
		"c AS (SELECT r.seq, r.donor, r.donor_kind, r.channel, r.stage, r.amount_minor, r.currency, r.scope,\n"
		"  r.includes_bilateral, r.qualifier, r.component, r.purpose, r.date_text, r.date_lo, r.date_hi,\n"
		"  row_number() OVER (PARTITION BY r.donor, r.channel, r.stage, r.scope, r.includes_bilateral, r.component\n"
		"  ORDER BY r.date_hi >= r.latest_lo DESC, (r.date_hi >= r.latest_lo) * r.date_prec DESC, r.date_hi DESC, "
		PRECEDENCE_SQL ") AS rn, r.date_hi >= r.latest_lo AS open FROM k r)\n"
		/* The latest of each key first, then the others whose order
		 * against it cannot be known (none surely follows them). */
		"SELECT * FROM c WHERE rn = 1 OR open\n"
		"ORDER BY donor, channel, stage, scope, includes_bilateral, component, rn");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, c->day);
	size_t cap = 0;
	json_t *unknown = json_array(); /* per fig: the claims of its key, the used first */
	while (store_row(c->s, st)) {
		if (sqlite3_column_int(st, 15) > 1) {
			json_array_append_new(json_array_get(unknown, fs->n - 1),
					      order_claim(st, sqlite3_column_int64(st, 0), 5, 6, 12));
			continue;
		}
		json_array_append_new(unknown, json_pack("[o]", order_claim(st, sqlite3_column_int64(st, 0), 5, 6, 12)));
		if (fs->n == cap) {
			cap = cap ? cap * 2 : 64;
			fs->f = realloc(fs->f, cap * sizeof *fs->f);
		}
		struct fig *f = &fs->f[fs->n++];
		memset(f, 0, sizeof *f);
		f->seq = sqlite3_column_int64(st, 0);
		copy_col(f->donor, sizeof f->donor, st, 1);
		copy_col(f->donor_kind, sizeof f->donor_kind, st, 2);
		copy_col(f->channel, sizeof f->channel, st, 3);
		copy_col(f->stage, sizeof f->stage, st, 4);
		f->minor = sqlite3_column_int64(st, 5);
		copy_col(f->currency, sizeof f->currency, st, 6);
		copy_col(f->scope, sizeof f->scope, st, 7);
		f->ib = sqlite3_column_int(st, 8);
		copy_col(f->qualifier, sizeof f->qualifier, st, 9);
		copy_col(f->component, sizeof f->component, st, 10);
		copy_col(f->purpose, sizeof f->purpose, st, 11);
		copy_col(f->date, sizeof f->date, st, 12);
		f->lo = sqlite3_column_int(st, 13);
		f->hi = sqlite3_column_int(st, 14);
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < fs->n; i++) {
		const struct fig *f = &fs->f[i];
		char what[512];
		snprintf(what, sizeof what, "%s %s %s%s%s%s", *f->donor ? f->donor : "all donors",
			 *f->channel ? f->channel : "unspecified", f->stage, !strcmp(f->scope, "total") ? " total" : "",
			 *f->component ? ", " : "", f->component);
		answer_order_unknown(c->a, c->s, what, json_incref(json_array_get(unknown, i)));
	}
	json_decref(unknown);
	for (size_t i = 0; i < fs->n; i++) {
		struct fig *f = &fs->f[i];
		f->figure = money_figure_or_err(c, f->minor, f->currency, &f->conv, e);
		if (!f->figure)
			return -1;
		snprintf(f->conv_currency, sizeof f->conv_currency, "%s", c->to ? c->to : f->currency);
		if (strcmp(f->qualifier, "exact"))
			json_object_set_new(f->figure, "qualifier", json_string(f->qualifier));
		json_object_set_new(f->figure, "date", json_string(f->date));
		f->record = answer_record_id(c->s, f->seq);
		json_object_set_new(f->figure, "record", json_incref(f->record));
		f->sources = answer_cite_record(c->a, c->s, f->seq);
		json_object_set_new(f->figure, "sources", json_incref(f->sources));
	}
	if (funding_flows_or_err(c, mission, fs, e) < 0)
		return -1;
	if (fs->n)
		qsort(fs->f, fs->n, sizeof *fs->f, cmp_fig);
	return 0;
}

static void figs_free(struct figs *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		json_decref(fs->f[i].figure);
		json_decref(fs->f[i].sources);
		json_decref(fs->f[i].record);
		free(fs->f[i].flow_seqs);
	}
	free(fs->f);
}

/* A donor's own figure, counted in channel totals. */
static int is_whole_part(const struct fig *f)
{
	return !f->dropped && !strcmp(f->scope, "part") && !f->ib && !*f->component;
}

static const char *channel_label(const char *ch)
{
	return *ch ? ch : "unspecified";
}

/* Rows by donor: one per donor, channel and component, a column per stage. */
static void rows_by_donor(struct answer *a, const struct figs *fs)
{
	json_t *row = NULL;
	const struct fig *key = NULL;
	for (size_t i = 0; i < fs->n; i++) {
		const struct fig *f = &fs->f[i];
		if (strcmp(f->scope, "part") || f->ib || f->dropped)
			continue;
		if (!key || strcmp(key->donor, f->donor) || strcmp(key->channel, f->channel) ||
		    strcmp(key->component, f->component)) {
			key = f;
			row = json_object();
			json_object_set_new(row, "donor", json_string(f->donor));
			json_object_set_new(row, "name", json_string(funding_donor_name(f)));
			json_object_set_new(row, "channel", json_string(channel_label(f->channel)));
			json_object_set_new(row, "component", *f->component ? json_string(f->component) : json_null());
			for (int k = 0; k < N_STAGES; k++)
				json_object_set_new(row, funding_stages[k], json_null());
			json_object_set_new(row, "sources", json_array());
			json_array_append_new(a->rows, row);
		}
		json_object_set(row, f->stage, f->figure);
		json_t *srcs = json_object_get(row, "sources");
		size_t j;
		json_t *ref;
		json_array_foreach(f->sources, j, ref) {
			size_t k;
			json_t *have;
			int dup = 0;
			json_array_foreach(srcs, k, have)
				dup |= json_equal(have, ref);
			if (!dup)
				json_array_append(srcs, ref);
		}
	}
}

/* Sums of the donors' whole figures per channel and currency (and stage). */
struct tot {
	char channel[16], currency[4];
	long long sum[N_STAGES];
	int has[N_STAGES];
	json_t *donors[N_STAGES];
};

static size_t totals(const struct figs *fs, struct tot *t, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const struct fig *f = &fs->f[i];
		int k = funding_stage_index(f->stage);
		if (!is_whole_part(f) || k < 0)
			continue;
		size_t j;
		for (j = 0; j < n; j++)
			if (!strcmp(t[j].channel, f->channel) && !strcmp(t[j].currency, f->conv_currency))
				break;
		if (j == n) {
			if (n == max)
				continue;
			memset(&t[n], 0, sizeof t[n]);
			snprintf(t[n].channel, sizeof t[n].channel, "%s", f->channel);
			snprintf(t[n].currency, sizeof t[n].currency, "%s", f->conv_currency);
			n++;
		}
		t[j].sum[k] += f->conv;
		t[j].has[k] = 1;
		if (!t[j].donors[k])
			t[j].donors[k] = json_array();
		json_array_append_new(t[j].donors[k], json_string(f->donor));
	}
	return n;
}

static int channel_rank(const char *ch)
{
	return !strcmp(ch, "trust_fund") ? 0 : !strcmp(ch, "bilateral") ? 1 : !strcmp(ch, "in_kind") ? 2 : 3;
}

/* Trust fund, bilateral, in kind, unspecified; then by currency. */
static int cmp_tot(const void *x, const void *y)
{
	const struct tot *a = x, *b = y;
	int d = channel_rank(a->channel) - channel_rank(b->channel);
	return d ? d : strcmp(a->currency, b->currency);
}

static json_t *totals_json(struct tot *t, size_t n)
{
	json_t *arr = json_array();
	char buf[32];
	for (size_t j = 0; j < n; j++) {
		json_t *o = json_object();
		json_object_set_new(o, "channel", json_string(channel_label(t[j].channel)));
		json_object_set_new(o, "currency", json_string(t[j].currency));
		json_t *donors = json_object();
		for (int k = 0; k < N_STAGES; k++) {
			json_object_set_new(o, funding_stages[k],
					    t[j].has[k] ? json_string(money_format(t[j].sum[k], t[j].currency, buf))
					    : json_null());
			if (t[j].donors[k])
				json_object_set(donors, funding_stages[k], t[j].donors[k]);
		}
		json_object_set_new(o, "donors", donors);
		json_array_append_new(arr, o);
	}
	return arr;
}

static void rows_by_stage(struct answer *a, struct tot *t, size_t n)
{
	char buf[32];
	for (int k = 0; k < N_STAGES; k++)
		for (size_t j = 0; j < n; j++) {
			if (!t[j].has[k])
				continue;
			json_t *o = json_object();
			json_object_set_new(o, "stage", json_string(funding_stages[k]));
			json_object_set_new(o, "channel", json_string(channel_label(t[j].channel)));
			json_object_set_new(o, "amount", json_string(money_format(t[j].sum[k], t[j].currency, buf)));
			json_object_set_new(o, "currency", json_string(t[j].currency));
			json_object_set_new(o, "donors", json_deep_copy(t[j].donors[k]));
			json_array_append_new(a->rows, o);
		}
}

/* Figures shown beside the sums: reported totals, or totals that include
 * bilateral support. */
static json_t *beside(const struct figs *fs, int want_ib)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < fs->n; i++) {
		const struct fig *f = &fs->f[i];
		if (want_ib ? !f->ib : (f->ib || strcmp(f->scope, "total")))
			continue;
		json_t *o = json_deep_copy(f->figure);
		json_object_set_new(o, "donor", *f->donor ? json_string(f->donor) : json_null());
		json_object_set_new(o, "name", json_string(funding_donor_name(f)));
		json_object_set_new(o, "channel", json_string(channel_label(f->channel)));
		json_object_set_new(o, "stage", json_string(f->stage));
		if (*f->purpose)
			json_object_set_new(o, "purpose", json_string(f->purpose));
		if (want_ib)
			json_object_set_new(o, "label", json_string("includes bilateral support; never added to "
								    "trust-fund figures"));
		json_array_append_new(arr, o);
	}
	return arr;
}

static const char *const by_choices[] = {"donor", "stage", "channel", NULL};

json_t *answer_funding(struct store *s, const char *mission, int day, const char *by, const char *currency,
		       int include_shared, struct err *e)
{
	if (strcmp(by, "donor") && strcmp(by, "stage") && strcmp(by, "channel")) {
		const char *near = err_nearest(by, by_choices, 3);
		err_set(e, "--by %s: funding can be broken down by donor, stage or channel%s%s%s", by,
			near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
		return NULL;
	}
	struct answer a;
	answer_init(&a, "funding", day, mission);
	struct mconv c = {.s = s, .a = &a, .to = currency, .day = day, .rates = json_array(),
			  .include_shared = include_shared};
	struct figs fs = {0};
	struct tot t[32];
	json_t *fts = NULL;
	if (load_or_err(&c, mission, &fs, e) < 0 || funding_disagreements_or_err(&c, mission, day, e) < 0 ||
	    !(fts = funding_fts_or_err(&c, mission, e))) {
		figs_free(&fs);
		json_decref(c.rates);
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	/* How fresh each figure is: its date (a flow sum's latest flow) against the day. */
	int stale_days;
	if (stale_days_or_err(&stale_days, e) < 0) {
		json_decref(fts);
		figs_free(&fs);
		json_decref(c.rates);
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	for (size_t i = 0; i < fs.n; i++)
		answer_mark_age(fs.f[i].figure, day, stale_days);
	size_t nt = totals(&fs, t, 32);
	if (nt)
		qsort(t, nt, sizeof *t, cmp_tot);
	json_t *stages = json_array();
	for (int k = 0; k < N_STAGES; k++)
		json_array_append_new(stages, json_string(funding_stages[k]));
	json_object_set_new(a.answer, "by", json_string(by));
	json_object_set_new(a.answer, "currency", currency ? json_string(currency) : json_null());
	json_object_set_new(a.answer, "stages", stages);
	json_object_set_new(a.answer, "totals", totals_json(t, nt));
	json_object_set_new(a.answer, "reported_totals", beside(&fs, 0));
	json_object_set_new(a.answer, "including_bilateral", beside(&fs, 1));
	json_object_set_new(a.answer, "checks", funding_checks(&fs));
	json_object_set_new(a.answer, "fts", fts);
	json_object_set_new(a.answer, "rates", c.rates);
	json_object_set_new(a.answer, "rule", json_string(funding_rule));
	if (!strcmp(by, "donor"))
		rows_by_donor(&a, &fs);
	else if (!strcmp(by, "stage"))
		rows_by_stage(&a, t, nt);
	else
		json_array_extend(a.rows, json_object_get(a.answer, "totals"));
	for (size_t j = 0; j < nt; j++)
		for (int k = 0; k < N_STAGES; k++)
			if (t[j].donors[k])
				json_decref(t[j].donors[k]);
	figs_free(&fs);
	return answer_finish(&a, s);
}
