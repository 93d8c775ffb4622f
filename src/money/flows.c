/* flows.c: funding records that are flows (basis=flow: an FTS flow, an IATI
 * transaction). Unlike reports, whose latest counts, a donor's flows add up:
 * here they are summed per donor, channel, stage and currency into the figures
 * the funding question shows. FTS's own view of them is fts_count.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/derive.h"
#include "../core/say.h"
#include "funding.h"

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static struct fig *fig_add(struct figs *fs, size_t *cap)
{
	if (fs->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		fs->f = realloc(fs->f, *cap * sizeof *fs->f);
	}
	struct fig *f = &fs->f[fs->n++];
	memset(f, 0, sizeof *f);
	return f;
}

/* The figure of a sum of flows: amount, currency, the latest flow's date and
 * qualifier, how many flows, their record ids and the union of their sources. */
static int flow_figure_or_err(struct mconv *c, struct fig *f, struct err *e)
{
	f->figure = money_figure_or_err(c, f->minor, f->currency, &f->conv, e);
	if (!f->figure)
		return -1;
	snprintf(f->conv_currency, sizeof f->conv_currency, "%s", c->to ? c->to : f->currency);
	if (strcmp(f->qualifier, "exact"))
		json_object_set_new(f->figure, "qualifier", json_string(f->qualifier));
	json_object_set_new(f->figure, "date", json_string(f->date));
	json_object_set_new(f->figure, "flows", json_integer(f->n_flows));
	f->record = json_array();
	f->sources = json_array();
	json_t *seen = json_object();
	for (int i = 0; i < f->n_flows; i++) {
		json_array_append_new(f->record, answer_record_id(c->s, f->flow_seqs[i]));
		json_t *refs = answer_cite_record(c->a, c->s, f->flow_seqs[i]), *ref;
		size_t j;
		json_array_foreach(refs, j, ref)
			if (!json_object_get(seen, json_string_value(ref))) {
				json_object_set_new(seen, json_string_value(ref), json_true());
				json_array_append(f->sources, ref);
			}
		json_decref(refs);
	}
	json_decref(seen);
	json_object_set(f->figure, "records", f->record);
	json_object_set(f->figure, "sources", f->sources);
	return 0;
}

/* Which of a report and a sum of flows about one key is used: the one dated
 * later, the report on a tie. The other is dropped and, when they differ, the
 * disagreement shown. */
static void reconcile(struct mconv *c, struct figs *fs, size_t first_flow)
{
	for (size_t i = first_flow; i < fs->n; i++) {
		struct fig *fl = &fs->f[i];
		for (size_t j = 0; j < first_flow; j++) {
			struct fig *rp = &fs->f[j];
			if (rp->dropped || strcmp(rp->scope, "part") || rp->ib || *rp->component ||
			    strcmp(rp->donor, fl->donor) || strcmp(rp->channel, fl->channel) || strcmp(rp->stage, fl->stage))
				continue;
			int flows_later = fl->hi > rp->hi;
			(flows_later ? rp : fl)->dropped = 1;
			if (fl->conv == rp->conv && !strcmp(fl->conv_currency, rp->conv_currency))
				continue;
			json_t *claims = json_array();
			json_t *a = json_deep_copy(rp->figure), *b = json_deep_copy(fl->figure);
			json_object_set_new(a, "value", json_incref(json_object_get(a, "amount")));
			json_object_set_new(a, "as", json_string("the donor's latest report"));
			json_object_set_new(b, "value", json_incref(json_object_get(b, "amount")));
			json_object_set_new(b, "as", json_string("the sum of the donor's flows"));
			json_array_append_new(claims, a);
			json_array_append_new(claims, b);
			char words[300];
			snprintf(words, sizeof words, "%s %s %s", fl->donor, *fl->channel ? fl->channel : "unspecified",
				 fl->stage);
			/* Dated by the figure used: the later of the report and the flows. */
			const char *date = json_string_value(json_object_get(flows_later ? fl->figure : rp->figure, "date"));
			answer_disagree_said(c->a, say_new("{1}: a report and the sum of flows", say_words(words), NULL), date,
					     "report_vs_flows", claims,
					json_incref(json_object_get(flows_later ? fl->figure : rp->figure, "amount")),
					"a donor's reported figure and the sum of its flows: the one dated later is used "
					"(the report when both end on the same day)");
		}
	}
}

int funding_flows_or_err(struct mconv *c, const char *mission, struct figs *fs, struct err *e)
{
	sqlite3_stmt *st = store_prep(c->s,
		"SELECT f.seq, f.donor, f.donor_kind, f.channel, f.stage, f.amount_minor, f.currency, f.qualifier,\n"
		"  r.date_text, r.date_lo, r.date_hi FROM funding f JOIN pub_rec r USING(seq)\n"
		"WHERE r.mission = ?1 AND r.date_hi <= ?2 AND " FUNDING_FLOW_COUNTED_SQL "\n"
		"ORDER BY f.donor_kind DESC, f.donor, f.channel, f.stage, f.currency, r.date_hi, f.seq");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, c->day);
	sqlite3_bind_int(st, 3, c->include_shared);
	size_t cap = fs->n, first_flow = fs->n, seq_cap = 0;
	struct fig *f = NULL;
	while (store_row(c->s, st)) {
		char donor[128], channel[16], stage[16], cur[4];
		copy_col(donor, sizeof donor, st, 1);
		copy_col(channel, sizeof channel, st, 3);
		copy_col(stage, sizeof stage, st, 4);
		copy_col(cur, sizeof cur, st, 6);
		if (!f || strcmp(f->donor, donor) || strcmp(f->channel, channel) || strcmp(f->stage, stage) ||
		    strcmp(f->currency, cur)) {
			f = fig_add(fs, &cap);
			memcpy(f->donor, donor, sizeof donor);
			copy_col(f->donor_kind, sizeof f->donor_kind, st, 2);
			memcpy(f->channel, channel, sizeof channel);
			memcpy(f->stage, stage, sizeof stage);
			memcpy(f->currency, cur, sizeof cur);
			snprintf(f->scope, sizeof f->scope, "part");
			seq_cap = 0;
		}
		if (f->n_flows == (int)seq_cap) {
			seq_cap = seq_cap ? seq_cap * 2 : 8;
			f->flow_seqs = realloc(f->flow_seqs, seq_cap * sizeof *f->flow_seqs);
		}
		f->seq = f->flow_seqs[f->n_flows++] = sqlite3_column_int64(st, 0);
		f->minor += sqlite3_column_int64(st, 5);
		/* Ordered by date: the last flow gives the figure's date and qualifier. */
		copy_col(f->qualifier, sizeof f->qualifier, st, 7);
		copy_col(f->date, sizeof f->date, st, 8);
		f->lo = sqlite3_column_int(st, 9);
		f->hi = sqlite3_column_int(st, 10);
	}
	sqlite3_reset(st);
	for (size_t i = first_flow; i < fs->n; i++) {
		if (fs->f[i].minor > MONEY_MAX_MINOR * 100)
			return err_set(e, "the flows of %s %s add up to more than muster can hold", fs->f[i].donor,
				       fs->f[i].stage);
		if (flow_figure_or_err(c, &fs->f[i], e) < 0)
			return -1;
	}
	reconcile(c, fs, first_flow);
	return 0;
}
