/* fts_count.c: FTS's own view of the FTS flows of a mission — each search
 * (the pages whose sources keep one and the same FTS summary) with FTS's
 * published totals beside the sum of its flows counted as FTS counts them,
 * the figure given as FTS's only for a search imported whole, and the
 * disagreements: a parent flow counted beside its parts, a published total
 * its flows do not add up to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/grow.h"
#include "../core/date.h"
#include "../core/say.h"
#include "fts.h"
#include "funding.h"

struct fflow {
	sqlite3_int64 seq;
	char id[40], parent[40], src[65], cur[4];
	int boundary, status, shared, hi;
	long long minor;
};

struct search {
	json_t *summary;        /* FTS's summary (parsed from the sources' verbatim), or NULL */
	json_t *pages;          /* refs of the page sources */
	long long count;        /* meta.count, or -1 */
	size_t n_all, n_day;    /* its flows, and those dated by the day */
	long long sum[FTS_N_BOUNDARY][FTS_N_STATUS], nb[FTS_N_BOUNDARY];
};

static const char fts_rule[] =
	"FTS's totals of a flow search (data.incoming.fundingTotal and pledgeTotal), as its real pages show: the "
	"incoming flows on a single boundary (onBoundary single), each once at its latest status; funding is "
	"commitments + paid (deposited when incoming, disbursed otherwise), pledges are apart. Flows on a shared "
	"boundary (they also count under another location or year) are left out, as FTS leaves them out, unless "
	"--include-shared (then the figures are no longer FTS's). A parent flow is counted beside its parts "
	"(childFlowIds), as FTS counts it; where both are counted, the figure without the parent is shown beside "
	"FTS's as a disagreement, and muster's own funding totals count each amount once. FTS's figure is given as "
	"FTS's only for a search imported whole (every flow of meta.count, dated by the as-of day); otherwise the "
	"flows' sum is shown and FTS's published total is kept beside it, not claimed. Outgoing and internal flows "
	"are shown apart.";

static int boundary_of(const char *b)
{
	return !strcmp(b, "outgoing") ? FTS_B_OUT : !strcmp(b, "internal") ? FTS_B_INTERNAL : FTS_B_IN;
}

static int status_of(const char *stage)
{
	return !strcmp(stage, "pledged") ? FTS_S_PLEDGE : !strcmp(stage, "committed") ? FTS_S_COMMITMENT : FTS_S_PAID;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* Every live FTS flow of the mission with the page source it cites; count in *n. */
static struct fflow *load_flows(struct store *s, const char *mission, size_t *n)
{
	sqlite3_stmt *st = store_prep(s,
		"SELECT f.seq, f.fts_flow, f.fts_parent, f.fts_boundary, f.stage, f.amount_minor, f.currency,\n"
		"  f.fts_shared, min(c.source), r.date_hi FROM funding f JOIN pub_rec r USING(seq) JOIN cite "
		"c ON c.seq = f.seq\n"
		"WHERE r.mission = ?1 AND f.fts_flow IS NOT NULL GROUP BY f.seq ORDER BY f.seq");
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	size_t cap = 0;
	struct fflow *v = NULL;
	*n = 0;
	while (store_row(s, st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(v, cap * sizeof *v);
		}
		struct fflow *f = &v[(*n)++];
		char b[16], stage[16];
		f->seq = sqlite3_column_int64(st, 0);
		copy_col(f->id, sizeof f->id, st, 1);
		copy_col(f->parent, sizeof f->parent, st, 2);
		copy_col(b, sizeof b, st, 3);
		copy_col(stage, sizeof stage, st, 4);
		f->boundary = boundary_of(b);
		f->status = status_of(stage);
		f->minor = sqlite3_column_int64(st, 5);
		copy_col(f->cur, sizeof f->cur, st, 6);
		f->shared = sqlite3_column_int(st, 7);
		copy_col(f->src, sizeof f->src, st, 8);
		f->hi = sqlite3_column_int(st, 9);
	}
	sqlite3_reset(st);
	return v;
}

/* FTS's summary kept verbatim on the live source `ref`, parsed; NULL if none. */
static json_t *source_summary(struct store *s, const char *ref)
{
	sqlite3_stmt *st = store_prep(s, "SELECT l.body FROM pub_rec r JOIN pub_log l USING(seq) WHERE r.ref = ?1 AND "
				      "r.kind = 'source'");
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	json_t *out = NULL;
	if (store_row(s, st)) {
		json_t *body = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		const char *v = json_string_value(json_object_get(body, "verbatim"));
		json_t *sum = v ? json_loads(v, 0, NULL) : NULL;
		if (json_is_object(sum) && json_object_get(sum, "incoming"))
			out = json_incref(sum);
		json_decref(sum);
		json_decref(body);
	}
	sqlite3_reset(st);
	return out;
}

/* Groups the flows' page sources into searches: pages with the same summary
 * are one search; a page without one is a search of its own. */
static struct search *group_searches(struct store *s, const struct fflow *f, size_t nf, int *idx, size_t *ns)
{
	struct search *v = calloc(nf + 1, sizeof *v);
	json_t *by_src = json_object();
	*ns = 0;
	for (size_t i = 0; i < nf; i++) {
		json_t *k = json_object_get(by_src, f[i].src);
		if (!k) {
			json_t *sum = source_summary(s, f[i].src);
			size_t j = *ns;
			for (size_t t = 0; sum && t < *ns; t++)
				if (v[t].summary && json_equal(v[t].summary, sum))
					j = t;
			if (j == *ns) {
				v[j].summary = json_incref(sum);
				v[j].pages = json_array();
				json_t *c = json_object_get(sum, "count");
				v[j].count = json_is_integer(c) ? (long long)json_integer_value(c) : -1;
				(*ns)++;
			}
			json_decref(sum);
			json_array_append_new(v[j].pages, json_string(f[i].src));
			k = json_integer((json_int_t)j);
			json_object_set_new(by_src, f[i].src, k);
		}
		idx[i] = (int)json_integer_value(k);
	}
	json_decref(by_src);
	return v;
}

/* A summary number as minor units (money) or a count; -1 when absent. */
static long long summary_num(const json_t *sum, const char *side, const char *key, int money)
{
	const json_t *v = json_object_get(json_object_get(sum, side), key);
	char buf[48];
	long long minor;
	struct err quiet = {0};
	if (json_is_integer(v))
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sizeof buf, "%.15g", json_real_value(v));
	else
		return -1;
	if (!money)
		return atoll(buf);
	return money_parse_or_err(key, buf, "USD", &minor, &quiet) < 0 ? -1 : minor;
}

static json_t *side_json(long long funding, long long pledges, long long flows, int internal)
{
	char buf[32];
	json_t *o = json_object();
	if (!internal) {
		json_object_set_new(o, "funding", funding < 0 ? json_null() : json_string(money_format(funding, "USD", buf)));
		json_object_set_new(o, "pledges", pledges < 0 ? json_null() : json_string(money_format(pledges, "USD", buf)));
	}
	json_object_set_new(o, "flows", flows < 0 ? json_null() : json_integer(flows));
	return o;
}

/* A flow's parent id and index, sorted by parent (for finding a flow's parts). */
struct by_parent {
	const char *parent;
	size_t i;
};

static int cmp_parent(const void *x, const void *y)
{
	return strcmp(((const struct by_parent *)x)->parent, ((const struct by_parent *)y)->parent);
}

/* Whether flow i (of search j) counts with a part of its own in the same
 * total: a flow of the search, dated by the day, incoming, single, funding or
 * pledges like it, naming it as parent. `by_parent` lists the flows sorted by
 * parent id. */
static int has_counted_part(const struct fflow *f, size_t nf, const struct by_parent *by_parent, const int *idx,
			    size_t i, int j, int day, int pledge)
{
	size_t lo = 0, hi = nf;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(by_parent[mid].parent, f[i].id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t m = lo; m < nf && !strcmp(by_parent[m].parent, f[i].id); m++) {
		const struct fflow *k = &f[by_parent[m].i];
		if (idx[by_parent[m].i] == j && k->hi <= day && !k->shared && k->boundary == FTS_B_IN &&
		    (k->status == FTS_S_PLEDGE) == pledge)
			return 1;
	}
	return 0;
}

/* The parents among a search's flows dated by the day (incoming, funding or
 * pledges by `pledge`) that are counted beside a counted part of theirs:
 * their flow ids and record ids appended, their sum returned. */
static long long parents_counted(struct store *s, const struct fflow *f, size_t nf,
				 const struct by_parent *by_parent, const int *idx, int j, int day, int pledge, json_t *ids,
				 json_t *records)
{
	long long sum = 0;
	for (size_t i = 0; i < nf; i++) {
		if (idx[i] != j || f[i].hi > day || f[i].shared || f[i].boundary != FTS_B_IN || f[i].minor <= 0 ||
		    (f[i].status == FTS_S_PLEDGE) != pledge || !has_counted_part(f, nf, by_parent, idx, i, j, day, pledge))
			continue;
		json_array_append_new(ids, json_string(f[i].id));
		json_array_append_new(records, answer_record_id(s, f[i].seq));
		sum += f[i].minor;
	}
	return sum;
}

static json_t *claim(const char *value, const char *as, const json_t *sources, json_t *records)
{
	json_t *o = json_object();
	json_object_set_new(o, "value", json_string(value));
	json_object_set_new(o, "currency", json_string("USD"));
	json_object_set_new(o, "as", json_string(as));
	json_object_set_new(o, "sources", json_deep_copy(sources));
	if (records)
		json_object_set_new(o, "records", records);
	return o;
}

static void pages_text(const json_t *pages, char *buf, size_t size)
{
	size_t i;
	json_t *p;
	buf[0] = 0;
	json_array_foreach(pages, i, p)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? ", " : "", json_string_value(p));
}

/* FTS counts a parent flow beside its parts: the disagreement, FTS's figure
 * kept as FTS's. */
static void double_count(struct store *s, struct answer *a, const struct search *sr, const struct fflow *f, size_t nf,
			 const struct by_parent *by_parent, const int *idx, int j, int day, long long fts_fig[2], int whole,
			 json_t *o)
{
	static const char *const what[2] = {"funding (commitments + paid)", "pledges"};
	char pages[512], v1[32], v2[32], ids_text[400];
	pages_text(sr->pages, pages, sizeof pages);
	for (int pledge = 0; pledge < 2; pledge++) {
		json_t *ids = json_array(), *records = json_array();
		long long psum = parents_counted(s, f, nf, by_parent, idx, j, day, pledge, ids, records);
		if (psum <= 0 || fts_fig[pledge] < 0) {
			json_decref(ids);
			json_decref(records);
			continue;
		}
		size_t i;
		json_t *id;
		ids_text[0] = 0;
		json_array_foreach(ids, i, id)
			snprintf(ids_text + strlen(ids_text), sizeof ids_text - strlen(ids_text), "%s%s", i ? ", " : "",
				 json_string_value(id));
		json_t *d = json_object();
		json_object_set_new(d, "flows", ids);
		json_object_set_new(d, "amount", json_string(money_format(psum, "USD", v1)));
		json_object_set_new(o, pledge ? "parents_counted_with_parts_pledges" : "parents_counted_with_parts", d);
		json_t *claims = json_array();
		json_array_append_new(claims, claim(money_format(fts_fig[pledge], "USD", v1), whole ?
						    "FTS's count: parent flows counted beside their parts, as FTS counts them" :
						    "the imported flows (not the whole search), counted as FTS counts them: "
						    "parent flows beside their parts", sr->pages, NULL));
		json_t *as_said = say_new(json_array_size(ids) == 1
					  ? "each amount once: without the parent flow {1} ({2}), whose parts are counted"
					  : "each amount once: without the parent flows {1} ({2}), whose parts are counted",
					  say_name(ids_text), say_money(money_format(psum, "USD", v2), "USD", NULL), NULL);
		char *as = say_english(as_said);
		json_t *c2 = claim(money_format(fts_fig[pledge] - psum, "USD", v2), as ? as : "", sr->pages, records);
		json_object_set_new(c2, "as_said", as_said);
		free(as);
		json_array_append_new(claims, c2);
		answer_cite_refs(a, sr->pages);
		answer_disagree_said(a, say_new("FTS incoming {1} of the search in {2}: parent flows counted beside their parts",
						say_words(what[pledge]), say_name(pages), NULL), NULL,
				     "fts_parent_and_parts", claims, json_string(v1),
				"FTS's figure is kept as FTS's: FTS counts a parent flow beside its parts, and muster believes "
				"that counts the parent's money twice; the figure without the parents is shown beside it, and "
				"muster's own funding totals count each amount once (a parent is left out while a part counts)");
	}
}

/* A published total its flows do not add up to, in a search imported whole. */
static void published_vs_flows(struct answer *a, const struct search *sr, const char *field, long long pub,
			       long long ours, int money)
{
	char pages[512], as[200], v1[32], v2[32];
	if (pub < 0 || pub == ours)
		return;
	pages_text(sr->pages, pages, sizeof pages);
	if (money) {
		money_format(pub, "USD", v1);
		money_format(ours, "USD", v2);
	} else {
		snprintf(v1, sizeof v1, "%lld", pub);
		snprintf(v2, sizeof v2, "%lld", ours);
	}
	snprintf(as, sizeof as, "FTS's published figure (data.%s)", field);
	json_t *claims = json_array();
	json_array_append_new(claims, claim(v1, as, sr->pages, NULL));
	json_array_append_new(claims, claim(v2, "the search's flows, counted as FTS counts them", sr->pages, NULL));
	/* A number of flows is no amount: no currency. */
	for (size_t i = 0; !money && i < 2; i++)
		json_object_del(json_array_get(claims, i), "currency");
	answer_cite_refs(a, sr->pages);
	answer_disagree_said(a, say_new("FTS {1} of the search in {2}: FTS's published figure and its flows",
					say_words(field), say_name(pages), NULL), NULL,
			     "fts_published_vs_flows", claims, json_string(v1),
			"FTS's published figure is kept as FTS's; the flows of the whole search, counted by the rule that "
			"adds up to FTS's totals on its real pages, do not give it: check the flows against FTS");
}

/* One search as JSON, with its disagreements added to `a`. */
static json_t *search_json(struct store *s, struct answer *a, struct search *sr, const struct fflow *f, size_t nf,
			   const struct by_parent *by_parent, const int *idx, int j, int day)
{
	static const char *const side[FTS_N_BOUNDARY] = {"incoming", "outgoing", "internal"};
	json_t *o = json_object(), *fl = json_object(), *pub = json_object(), *cnt = json_object();
	json_object_set(o, "pages", sr->pages);
	json_object_set_new(fl, "listed", sr->count >= 0 ? json_integer(sr->count) : json_null());
	json_object_set_new(fl, "imported", json_integer((json_int_t)sr->n_all));
	json_object_set_new(fl, "dated_by_as_of", json_integer((json_int_t)sr->n_day));
	json_object_set_new(o, "flows", fl);
	int whole = sr->summary && sr->count >= 0 && (long long)sr->n_all == sr->count && (long long)sr->n_day == sr->count;
	int agrees = 1;
	long long fig[2] = {-1, -1};
	for (int b = 0; b < FTS_N_BOUNDARY; b++) {
		long long cf = sr->sum[b][FTS_S_COMMITMENT] + sr->sum[b][FTS_S_PAID], cp = sr->sum[b][FTS_S_PLEDGE];
		long long pf = summary_num(sr->summary, side[b], "fundingTotal", 1);
		long long pp = summary_num(sr->summary, side[b], "pledgeTotal", 1);
		long long pn = summary_num(sr->summary, side[b], "flowCount", 0);
		int internal = b == FTS_B_INTERNAL;
		json_object_set_new(cnt, side[b], side_json(cf, cp, sr->nb[b], internal));
		if (sr->summary)
			json_object_set_new(pub, side[b], side_json(pf, pp, pn, internal));
		if (!internal)
			agrees &= (pf < 0 || pf == cf) && (pp < 0 || pp == cp);
		agrees &= pn < 0 || pn == sr->nb[b];
		if (b != FTS_B_IN)
			continue;
		fig[0] = whole ? pf : cf;
		fig[1] = whole ? pp : cp;
		if (!whole)
			continue;
		published_vs_flows(a, sr, "incoming.fundingTotal", pf, cf, 1);
		published_vs_flows(a, sr, "incoming.pledgeTotal", pp, cp, 1);
		published_vs_flows(a, sr, "incoming.flowCount", pn, sr->nb[b], 0);
	}
	json_object_set_new(o, "published", sr->summary ? pub : json_null());
	if (!sr->summary)
		json_decref(pub);
	json_object_set_new(o, "counted", cnt);
	json_object_set_new(o, "whole", json_boolean(whole));
	json_object_set_new(o, "agrees", whole ? json_boolean(agrees) : json_null());
	json_object_set_new(o, "currency", json_string("USD"));
	char note[400], a1[32], a2[32];
	if (whole) {
		json_t *fc = json_object();
		json_object_set_new(fc, "funding", json_string(money_format(fig[0], "USD", a1)));
		json_object_set_new(fc, "pledges", json_string(money_format(fig[1], "USD", a2)));
		json_object_set_new(fc, "currency", json_string("USD"));
		json_object_set_new(fc, "as", json_string("FTS's published totals of the search (data.incoming)"));
		json_object_set_new(o, "fts_count", fc);
		snprintf(note, sizeof note, "imported whole (%lld of %lld flows); FTS's published totals %s the sum of its "
			 "flows counted as FTS counts them", (long long)sr->n_all, sr->count, agrees ? "equal" :
			 "DIFFER FROM");
	} else {
		json_object_set_new(o, "fts_count", json_null());
		if (!sr->summary)
			snprintf(note, sizeof note, "the pages carry no summary of the search: FTS's published totals are not "
				 "known, and the sum of the flows is not FTS's total");
		else if ((long long)sr->n_all != sr->count)
			snprintf(note, sizeof note, "not imported whole: %zu of the %lld flows FTS lists (meta.count); FTS's "
				 "published totals are kept as FTS's, and the sum of these flows is not FTS's total",
				 sr->n_all, sr->count);
		else
			snprintf(note, sizeof note, "as of this day %zu of its %lld flows are dated: FTS's published totals "
				 "(for the whole search) are kept as FTS's, and the sum of these flows is not FTS's total",
				 sr->n_day, sr->count);
	}
	json_object_set_new(o, "note", json_string(note));
	double_count(s, a, sr, f, nf, by_parent, idx, j, day, fig, whole, o);
	return o;
}

/* Sums of all the mission's FTS flows dated by the day, per boundary and
 * currency, and the flows left out (shared, unless include_shared). */
static void mission_sums(const struct fflow *f, size_t nf, int day, int include_shared, json_t *o)
{
	struct { int boundary; char cur[4]; long long sum[FTS_N_STATUS], flows; } *t = NULL;
	struct { char cur[4]; long long sum, flows; } *out = NULL;
	size_t nt = 0, no = 0;
	for (int b = 0; b < FTS_N_BOUNDARY; b++)
		for (size_t i = 0; i < nf; i++) {
			if (f[i].boundary != b || f[i].hi > day)
				continue;
			if (f[i].shared && !include_shared) {
				size_t j;
				for (j = 0; j < no && strcmp(out[j].cur, f[i].cur); j++)
					;
				if (j == no) {
					out = grow(out, no, sizeof *out);
					memset(&out[j], 0, sizeof out[j]);
					memcpy(out[j].cur, f[i].cur, 4);
					no++;
				}
				out[j].sum += f[i].minor;
				out[j].flows++;
				continue;
			}
			size_t j;
			for (j = 0; j < nt && (t[j].boundary != b || strcmp(t[j].cur, f[i].cur)); j++)
				;
			if (j == nt) {
				t = grow(t, nt, sizeof *t);
				memset(&t[j], 0, sizeof t[j]);
				t[j].boundary = b;
				memcpy(t[j].cur, f[i].cur, 4);
				nt++;
			}
			t[j].sum[f[i].status] += f[i].minor;
			t[j].flows++;
		}
	static const char *const status_key[FTS_N_STATUS] = {"pledges", "commitments", "paid"};
	char buf[32];
	json_t *arr = json_array();
	for (size_t j = 0; j < nt; j++) {
		json_t *b = json_object();
		json_object_set_new(b, "boundary", json_string(fts_boundary_name[t[j].boundary]));
		json_object_set_new(b, "currency", json_string(t[j].cur));
		for (int k = 0; k < FTS_N_STATUS; k++)
			json_object_set_new(b, status_key[k], json_string(money_format(t[j].sum[k], t[j].cur, buf)));
		json_object_set_new(b, "funding", json_string(money_format(t[j].sum[FTS_S_COMMITMENT] +
									  t[j].sum[FTS_S_PAID], t[j].cur, buf)));
		json_object_set_new(b, "flows", json_integer(t[j].flows));
		json_array_append_new(arr, b);
	}
	json_object_set_new(o, "boundaries", arr);
	arr = json_array();
	for (size_t j = 0; j < no; j++) {
		json_t *b = json_object();
		json_object_set_new(b, "reason", json_string("shared"));
		json_object_set_new(b, "flows", json_integer(out[j].flows));
		json_object_set_new(b, "amount", json_string(money_format(out[j].sum, out[j].cur, buf)));
		json_object_set_new(b, "currency", json_string(out[j].cur));
		json_array_append_new(arr, b);
	}
	json_object_set_new(o, "left_out", arr);
	free(t);
	free(out);
}

/* FTS's view of the mission's FTS flows on `day` (JSON null when there are
 * none), its disagreements added to `a`. */
static json_t *fts_view(struct store *s, struct answer *a, const char *mission, int day, int include_shared)
{
	size_t nf, ns;
	struct fflow *f = load_flows(s, mission, &nf);
	if (!nf) {
		free(f);
		return json_null();
	}
	int *idx = calloc(nf, sizeof *idx);
	struct search *sr = group_searches(s, f, nf, idx, &ns);
	for (size_t i = 0; i < nf; i++) {
		struct search *x = &sr[idx[i]];
		x->n_all++;
		if (f[i].hi > day)
			continue;
		x->n_day++;
		x->nb[f[i].boundary]++;
		if (!f[i].shared)
			x->sum[f[i].boundary][f[i].status] += f[i].minor;
	}
	struct by_parent *by_parent = malloc(nf * sizeof *by_parent);
	for (size_t i = 0; i < nf; i++)
		by_parent[i] = (struct by_parent){f[i].parent, i};
	qsort(by_parent, nf, sizeof *by_parent, cmp_parent);
	json_t *o = json_object(), *arr = json_array();
	mission_sums(f, nf, day, include_shared, o);
	for (size_t j = 0; j < ns; j++) {
		if (sr[j].n_day)
			json_array_append_new(arr, search_json(s, a, &sr[j], f, nf, by_parent, idx, (int)j, day));
		json_decref(sr[j].summary);
		json_decref(sr[j].pages);
	}
	json_object_set_new(o, "searches", arr);
	json_object_set_new(o, "include_shared", json_boolean(include_shared));
	json_object_set_new(o, "rule", json_string(fts_rule));
	free(by_parent);
	free(sr);
	free(idx);
	free(f);
	return o;
}

json_t *funding_fts_or_err(struct mconv *c, const char *mission, struct err *e)
{
	(void)e;
	return fts_view(c->s, c->a, mission, c->day, c->include_shared);
}

int money_conflicts(struct store *s, struct answer *a, const char *mission, struct err *e)
{
	int day = 99991231;
	const char *as_of = json_string_value(json_object_get(a->doc, "as_of"));
	struct err quiet = {0};
	if (as_of && day_parse_or_err(as_of, &day, &quiet) < 0)
		day = 99991231;
	(void)e;
	json_decref(fts_view(s, a, mission, day, 0));
	return 0;
}
