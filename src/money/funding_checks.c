/* funding_checks.c: what the funding figures must agree with — claims about
 * the same donor, channel, stage and date that differ (used by precedence),
 * a channel's reported total against the sum of the donors' parts dated
 * within its window (parts_vs_total), and committed = spent + frozen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/derive.h"
#include "../core/say.h"
#include "funding.h"

static json_t *claim(struct mconv *c, sqlite3_int64 seq, long long minor, const char *cur, const char *as,
		     struct err *e)
{
	json_t *o = money_figure_or_err(c, minor, cur, NULL, e);
	if (!o)
		return NULL;
	json_object_set_new(o, "value", json_incref(json_object_get(o, "amount")));
	if (as)
		json_object_set_new(o, "as", json_string(as));
	if (seq) {
		json_object_set_new(o, "record", answer_record_id(c->s, seq));
		json_object_set_new(o, "sources", answer_cite_record(c->a, c->s, seq));
	}
	return o;
}

/* Claims about one key on one date that differ. */
static int same_date_or_err(struct mconv *c, const char *mission, int day, struct err *e)
{
	sqlite3_stmt *g = store_prep(c->s,
		"SELECT f.donor, f.channel, f.stage, f.scope, f.includes_bilateral, f.component, r.date_text\n"
		"FROM funding f JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND r.date_hi <= ?2 AND "
		"f.basis = 'report'\n"
		"\nGROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING count(DISTINCT f.amount_minor || ' ' || f.currency) > 1\n"
		"ORDER BY 1, 2, 3, 7");
	sqlite3_bind_text(g, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(g, 2, day);
	json_t *groups = json_array();
	while (store_row(c->s, g)) {
		json_t *k = json_array();
		for (int i = 0; i < 7; i++)
			json_array_append_new(k, i == 4 ? json_integer(sqlite3_column_int(g, i))
					      : json_string((const char *)sqlite3_column_text(g, i)));
		json_array_append_new(groups, k);
	}
	sqlite3_reset(g);
	size_t i;
	json_t *k;
	int rc = 0;
	json_array_foreach(groups, i, k) {
		sqlite3_stmt *st = store_prep(c->s,
			"SELECT f.seq, f.amount_minor, f.currency FROM funding f JOIN pub_rec r USING(seq)\n"
			"WHERE r.mission = ?1 AND f.donor = ?2 AND f.channel = ?3 AND f.stage = ?4 AND f.scope = ?5\n"
			"AND f.includes_bilateral = ?6 AND f.component = ?7 AND r.date_text = ?8 AND f.basis "
			"= 'report'\nORDER BY " PRECEDENCE_SQL);
		sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
		for (int j = 0; j < 7; j++)
			if (j == 4)
				sqlite3_bind_int(st, j + 2, (int)json_integer_value(json_array_get(k, j)));
			else
				sqlite3_bind_text(st, j + 2, json_string_value(json_array_get(k, j)), -1, SQLITE_STATIC);
		struct { sqlite3_int64 seq; long long minor; char cur[4]; } cl[16];
		int n = 0;
		while (n < 16 && store_row(c->s, st)) {
			cl[n].seq = sqlite3_column_int64(st, 0);
			cl[n].minor = sqlite3_column_int64(st, 1);
			snprintf(cl[n].cur, 4, "%s", (const char *)sqlite3_column_text(st, 2));
			n++;
		}
		sqlite3_reset(st);
		json_t *claims = json_array();
		for (int j = 0; j < n && rc == 0; j++) {
			json_t *o = claim(c, cl[j].seq, cl[j].minor, cl[j].cur, NULL, e);
			if (!o)
				rc = -1;
			else
				json_array_append_new(claims, o);
		}
		if (rc < 0) {
			json_decref(claims);
			break;
		}
		const char *donor = json_string_value(json_array_get(k, 0));
		const char *comp = json_string_value(json_array_get(k, 5));
		char words[512];
		snprintf(words, sizeof words, "%s %s %s%s%s%s", *donor ? donor : "all donors",
			 *json_string_value(json_array_get(k, 1)) ? json_string_value(json_array_get(k, 1)) : "unspecified",
			 json_string_value(json_array_get(k, 2)), !strcmp(json_string_value(json_array_get(k, 3)), "total")
			 ? " total" : "", *comp ? ", " : "", comp);
		const char *date = json_string_value(json_array_get(k, 6));
		json_t *used = json_incref(json_object_get(json_array_get(claims, 0), "value"));
		answer_disagree_said(c->a, say_new("{1} on {2}", say_words(words), say_date(date), NULL), date,
				     "conflicting_claims", claims, used, PRECEDENCE_TEXT);
	}
	json_decref(groups);
	return rc;
}

struct part {
	sqlite3_int64 seq;
	long long minor;
	char donor[128], cur[4];
};

/* Adds to p[0..n) the donors whose counted flows of the channel and stage
 * include one dated within [lo, hi] and who have no report part there: each
 * with the sum of its flows up to hi (what the donor had given by then).
 * Returns the new count. */
static int flow_parts(struct mconv *c, const char *mission, const char *channel, const char *stage, int lo, int hi,
		      struct part *p, int n, int max)
{
	sqlite3_stmt *st = store_prep(c->s,
		"SELECT f.donor, f.currency, sum(f.amount_minor), max(f.seq), max(r.date_lo >= ?6)\n"
		"FROM funding f JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND r.date_hi <= ?2 AND f.channel = ?4\n"
		"AND f.stage = ?5 AND " FUNDING_FLOW_COUNTED_SQL "\n"
		"GROUP BY f.donor, f.currency ORDER BY 3 DESC, f.donor");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, hi);
	sqlite3_bind_int(st, 3, c->include_shared);
	sqlite3_bind_text(st, 4, channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, stage, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, lo);
	int reports = n;
	while (n < max && store_row(c->s, st)) {
		const char *donor = (const char *)sqlite3_column_text(st, 0);
		int skip = !sqlite3_column_int(st, 4); /* no flow dated within the total's date */
		for (int i = 0; i < reports && !skip; i++)
			skip = !strcmp(p[i].donor, donor);
		if (skip)
			continue;
		snprintf(p[n].donor, sizeof p[n].donor, "%s", donor);
		snprintf(p[n].cur, sizeof p[n].cur, "%s", (const char *)sqlite3_column_text(st, 1));
		p[n].minor = sqlite3_column_int64(st, 2);
		p[n].seq = sqlite3_column_int64(st, 3);
		n++;
	}
	sqlite3_reset(st);
	return n;
}

/* One reported total against the donors' latest parts dated within it. */
static int parts_vs_total_or_err(struct mconv *c, const char *mission, sqlite3_int64 tseq, const char *channel,
				 const char *stage, const char *date, int lo, int hi, long long tminor,
				 const char *tcur, struct err *e)
{
	sqlite3_stmt *st = store_prep(c->s,
		"WITH c AS (SELECT f.seq, f.donor, f.amount_minor, f.currency, row_number() OVER (PARTITION BY\n"
		"  f.donor ORDER BY r.date_hi DESC, " PRECEDENCE_SQL ") AS rn FROM funding f JOIN pub_rec r "
		"USING(seq)\n"
		"  WHERE r.mission = ?1 AND f.channel = ?2 AND f.stage = ?3 AND f.scope = 'part' AND f.basis "
		"= 'report'\n"
		"  AND f.includes_bilateral = 0 AND f.component = '' AND r.date_lo >= ?4 AND r.date_hi <= "
		"?5)\nSELECT seq, donor, amount_minor, currency FROM c WHERE rn = 1 ORDER BY amount_minor DESC, donor");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, stage, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, lo);
	sqlite3_bind_int(st, 5, hi);
	struct part p[64];
	int n = 0;
	while (n < 64 && store_row(c->s, st)) {
		p[n].seq = sqlite3_column_int64(st, 0);
		snprintf(p[n].donor, sizeof p[n].donor, "%s", (const char *)sqlite3_column_text(st, 1));
		p[n].minor = sqlite3_column_int64(st, 2);
		snprintf(p[n].cur, 4, "%s", (const char *)sqlite3_column_text(st, 3));
		n++;
	}
	sqlite3_reset(st);
	n = flow_parts(c, mission, channel, stage, lo, hi, p, n, 64);
	if (!n)
		return 0;
	long long total, sum = 0, v;
	json_t *tfig = money_figure_or_err(c, tminor, tcur, &total, e);
	if (!tfig)
		return -1;
	char cur[4];
	snprintf(cur, sizeof cur, "%s", json_string_value(json_object_get(tfig, "currency")));
	char buf[32];
	json_t *records = json_array(), *sources = json_array(), *terms = json_array();
	for (int i = 0; i < n; i++) {
		json_t *f = money_figure_or_err(c, p[i].minor, p[i].cur, &v, e);
		if (!f) {
			json_decref(tfig);
			json_decref(records);
			json_decref(sources);
			json_decref(terms);
			return -1;
		}
		if (!strcmp(json_string_value(json_object_get(f, "currency")), cur)) {
			sum += v;
			json_array_append_new(terms, json_pack("{s:s, s:O, s:s}", "name", p[i].donor, "amount",
							       json_object_get(f, "amount"), "currency", cur));
			json_array_append_new(records, answer_record_id(c->s, p[i].seq));
			json_t *refs = answer_cite_record(c->a, c->s, p[i].seq), *ref;
			size_t j, k;
			json_array_foreach(refs, j, ref) {
				json_t *have;
				int dup = 0;
				json_array_foreach(sources, k, have)
					dup |= json_equal(have, ref);
				if (!dup)
					json_array_append(sources, ref);
			}
			json_decref(refs);
		}
		json_decref(f);
	}
	json_decref(tfig);
	if (sum == total) {
		json_decref(records);
		json_decref(sources);
		json_decref(terms);
		return 0;
	}
	json_t *claims = json_array();
	json_t *c1 = json_object();
	json_object_set_new(c1, "value", json_string(money_format(sum, cur, buf)));
	json_object_set_new(c1, "currency", json_string(cur));
	json_t *as_said = say_new("sum of the donors' parts: {1}", say_sum(terms), NULL);
	char *as = say_english(as_said);
	json_object_set_new(c1, "as", json_string(as ? as : ""));
	json_object_set_new(c1, "as_said", as_said);
	free(as);
	json_object_set_new(c1, "records", records);
	json_object_set_new(c1, "sources", sources);
	json_array_append_new(claims, c1);
	json_t *c2 = claim(c, tseq, tminor, tcur, "reported total", e);
	if (!c2) {
		json_decref(claims);
		return -1;
	}
	json_array_append_new(claims, c2);
	char words[128];
	snprintf(words, sizeof words, "%s %s", channel, stage);
	json_t *said = say_new("{1} on {2}: the donors' parts against the reported total", say_words(words),
			       say_date(date), NULL);
	answer_disagree_said(c->a, said, date, "parts_vs_total", claims, json_string(money_format(total, cur, buf)),
			"the reported total is shown as reported; the parts are each donor's latest figure dated "
			"within the total's date, and the difference is shown, not hidden");
	json_t *d = json_array_get(c->a->disagreements, json_array_size(c->a->disagreements) - 1);
	json_object_set_new(d, "difference", json_string(money_format(total - sum, cur, buf)));
	json_object_set_new(d, "currency", json_string(cur));
	return 0;
}

int funding_disagreements_or_err(struct mconv *c, const char *mission, int day, struct err *e)
{
	if (same_date_or_err(c, mission, day, e) < 0)
		return -1;
	sqlite3_stmt *st = store_prep(c->s,
		"WITH c AS (SELECT f.seq, f.channel, f.stage, r.date_text, r.date_lo, r.date_hi, f.amount_minor,\n"
		"  f.currency, row_number() OVER (PARTITION BY f.channel, f.stage, r.date_text ORDER BY "
		PRECEDENCE_SQL ") AS rn\n  FROM funding f JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND "
			"f.scope = 'total'\n"
		"  AND f.includes_bilateral = 0 AND r.date_hi <= ?2 AND r.date_prec > 0)\n"
		"SELECT seq, channel, stage, date_text, date_lo, date_hi, amount_minor, currency FROM c WHERE rn = 1\n"
		"ORDER BY channel, stage, date_hi");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct { sqlite3_int64 seq; char channel[16], stage[16], date[11], cur[4]; int lo, hi; long long minor; } t[64];
	int n = 0;
	while (n < 64 && store_row(c->s, st)) {
		t[n].seq = sqlite3_column_int64(st, 0);
		snprintf(t[n].channel, 16, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(t[n].stage, 16, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(t[n].date, 11, "%s", (const char *)sqlite3_column_text(st, 3));
		t[n].lo = sqlite3_column_int(st, 4);
		t[n].hi = sqlite3_column_int(st, 5);
		t[n].minor = sqlite3_column_int64(st, 6);
		snprintf(t[n].cur, 4, "%s", (const char *)sqlite3_column_text(st, 7));
		n++;
	}
	sqlite3_reset(st);
	for (int i = 0; i < n; i++)
		if (parts_vs_total_or_err(c, mission, t[i].seq, t[i].channel, t[i].stage, t[i].date, t[i].lo,
					  t[i].hi, t[i].minor, t[i].cur, e) < 0)
			return -1;
	return 0;
}

json_t *funding_checks(const struct figs *fs)
{
	json_t *arr = json_array();
	int ic = funding_stage_index("committed"), is = funding_stage_index("spent"), ifr = funding_stage_index("frozen");
	for (size_t i = 0; i < fs->n; i++) {
		const struct fig *f = &fs->f[i];
		if (funding_stage_index(f->stage) != ic || strcmp(f->scope, "part") || f->ib || f->dropped)
			continue;
		const struct fig *sp = NULL, *fr = NULL;
		for (size_t j = 0; j < fs->n; j++) {
			const struct fig *g = &fs->f[j];
			if (g->dropped || strcmp(g->donor, f->donor) || strcmp(g->channel, f->channel) ||
			    strcmp(g->component, f->component) || strcmp(g->scope, "part") || g->ib ||
			    strcmp(g->date, f->date) || strcmp(g->conv_currency, f->conv_currency))
				continue;
			if (funding_stage_index(g->stage) == is)
				sp = g;
			else if (funding_stage_index(g->stage) == ifr)
				fr = g;
		}
		if (!sp || !fr)
			continue;
		char a[32], b[32], d[32], about[256];
		/* The expression as its parts, so that each reader's figures say it. */
		json_t *said = say_new("committed {1} = spent {2} + frozen {3}",
				       say_money(money_format(f->conv, f->conv_currency, a), f->conv_currency, NULL),
				       say_money(money_format(sp->conv, f->conv_currency, b), f->conv_currency, NULL),
				       say_money(money_format(fr->conv, f->conv_currency, d), f->conv_currency, NULL), NULL);
		char *expr = say_english(said);
		snprintf(about, sizeof about, "%s %s on %s", f->donor, f->channel, f->date);
		json_t *o = json_object();
		json_object_set_new(o, "about", json_string(about));
		json_object_set_new(o, "expression", json_string(expr ? expr : ""));
		json_object_set_new(o, "expression_said", said);
		free(expr);
		json_object_set_new(o, "holds", json_boolean(f->conv == sp->conv + fr->conv));
		json_object_set_new(o, "currency", json_string(f->conv_currency));
		json_array_append_new(arr, o);
	}
	return arr;
}
