/* fts_pages.c: the pages of one FTS flow search taken together — that they
 * are pages of one search (the same summary and meta.count on each), FTS's
 * summary kept verbatim, and the import report that sets FTS's published
 * totals against the flows read, counted as FTS counts them. */
#include <stdlib.h>
#include <string.h>

#include "../core/figure.h"
#include "../io/import.h"
#include "fts.h"

const char *const fts_boundary_name[FTS_N_BOUNDARY] = {"incoming", "outgoing", "internal"};

/* The fields of FTS's summary of a search, as "object.key" (meta.count first). */
static const char *const summary_fields[][2] = {
	{"meta", "count"}, {"incoming", "fundingTotal"}, {"incoming", "pledgeTotal"}, {"incoming", "flowCount"},
	{"outgoing", "fundingTotal"}, {"outgoing", "pledgeTotal"}, {"outgoing", "flowCount"},
	{"internal", "flowCount"},
};

/* The text of a number of the summary ("381508179"), or "missing". */
static const char *field_text(const struct fts_page *p, const char *obj, const char *key, char buf[48])
{
	const json_t *v = !strcmp(obj, "meta") ? json_object_get(json_object_get(p->root, "meta"), key)
			  : json_object_get(json_object_get(p->data, obj), key);
	if (json_is_integer(v))
		snprintf(buf, 48, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, 48, "%.15g", json_real_value(v));
	else
		snprintf(buf, 48, "missing");
	return buf;
}

int fts_pages_same_search_or_err(const struct fts_page *pg, int n, struct err *e)
{
	for (int i = 1; i < n; i++)
		for (size_t k = 0; k < sizeof summary_fields / sizeof *summary_fields; k++) {
			const char *obj = summary_fields[k][0], *key = summary_fields[k][1];
			char a[48], b[48];
			if (!strcmp(field_text(&pg[i], obj, key, a), field_text(&pg[0], obj, key, b)))
				continue;
			return err_set(e, "%s: field \"%s%s.%s\": %s here but %s on %s: the pages of one FTS search all "
				       "carry the same summary, so these are pages of two searches or were fetched at "
				       "different times; fetch every page of one search at once and import them in one "
				       "command", pg[i].name, strcmp(obj, "meta") ? "data." : "", obj, key, a, b, pg[0].name);
		}
	return 0;
}

int fts_pages_count_or_err(const struct fts_page *pg, int n, struct err *e)
{
	size_t held = 0;
	for (int i = 0; i < n; i++)
		held += json_array_size(pg[i].flows);
	if (pg[0].count >= 0 && (long long)held > pg[0].count)
		return err_set(e, "%s: the %d page%s given hold%s %zu flows but FTS lists %lld for the search "
			       "(meta.count): a page is given twice or a page of another search is mixed in; give each "
			       "page of one search once", pg[n - 1].name, n, n == 1 ? "" : "s", n == 1 ? "s" : "", held,
			       pg[0].count);
	return 0;
}

char *fts_page_summary(const struct fts_page *pg)
{
	if (!pg->has_summary)
		return NULL;
	json_t *o = json_object();
	for (int b = 0; b < FTS_N_BOUNDARY; b++) {
		json_t *side = json_object_get(pg->data, fts_boundary_name[b]);
		if (json_is_object(side))
			json_object_set(o, fts_boundary_name[b], side);
	}
	if (pg->count >= 0)
		json_object_set_new(o, "count", json_integer(pg->count));
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return text;
}

/* Flows ids of the parents counted beside a part of theirs (same boundary,
 * both on a single boundary, both funding or both pledges, the parent's
 * amount above 0), comma-separated into buf; their sum in *sum. */
static int parents_counted(const struct fts_seen *f, size_t n, char *buf, size_t size, long long *sum)
{
	int np = 0;
	*sum = 0;
	buf[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (f[i].shared || f[i].usd <= 0 || f[i].boundary == FTS_B_INTERNAL)
			continue;
		int pledge = f[i].status == FTS_S_PLEDGE;
		for (size_t j = 0; j < n; j++)
			if (!f[j].shared && f[j].boundary == f[i].boundary && (f[j].status == FTS_S_PLEDGE) == pledge &&
			    !strcmp(f[j].parent, f[i].id)) {
				snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", np ? ", " : "", f[i].id);
				*sum += f[i].usd;
				np++;
				break;
			}
	}
	return np;
}

/* `v` (minor units of USD when `money`, else a count) grouped, money with
 * its currency, into out. */
static const char *said_figure(long long v, int money, char *out, size_t n)
{
	char raw[32];
	if (money)
		return figure_money(money_format(v, "USD", raw), "USD", NULL, &figure_style_cli, NULL, NULL, out, n);
	return figure_int(v, &figure_style_cli, out, n);
}

static void compare_line(struct import_stats *st, const char *what, const char *field, long long pub,
			 long long ours, int money, int complete)
{
	/* Said as people read figures (core/figure.h): "381,508,179.00 USD", "338". */
	char a[64], c[64];
	said_figure(pub, money, a, sizeof a);
	said_figure(ours, money, c, sizeof c);
	money_lines_add(&st->report, "FTS %s: FTS %s %s (data.%s); the %s %s%s", what, money ? "publishes" : "lists",
			a, field, money ? "counted flows add up to" : "pages hold", c,
			!complete ? " (not comparable: pages missing)" : pub == ours ? ": equal" : "");
	if (complete && pub != ours)
		money_lines_add(&st->warnings, "muster: warning: FTS %s: the %s %s but FTS %s %s for the search "
				"(data.%s); check the flows against FTS", what, money ? "counted flows add up to" :
				"pages hold", c, money ? "publishes" : "lists", a, field);
}

/* FTS's summary set against the flows: funding and pledges of the incoming
 * and outgoing sides, and the number of flows of each side. */
static void compare_summary(const struct fts_page *pg, const long long sum[][FTS_N_STATUS], const long long *nb,
			    int complete, struct import_stats *st)
{
	for (int b = 0; b < FTS_N_BOUNDARY; b++) {
		const json_t *side = json_object_get(pg->data, fts_boundary_name[b]);
		static const char *const key[3] = {"fundingTotal", "pledgeTotal", "flowCount"};
		static const char *const what[3] = {"funding (commitments + paid)", "pledges", "flows"};
		for (int k = 0; k < 3; k++) {
			const json_t *v = json_object_get(side, key[k]);
			char nb_[48], field[64], label[80];
			long long pub;
			if (json_is_integer(v) || json_is_real(v)) {
				if (json_is_integer(v))
					snprintf(nb_, sizeof nb_, "%lld", (long long)json_integer_value(v));
				else
					snprintf(nb_, sizeof nb_, "%.15g", json_real_value(v));
				struct err quiet = {0};
				if (k < 2 && money_parse_or_err(key[k], nb_, "USD", &pub, &quiet) < 0)
					continue;
				if (k == 2)
					pub = (long long)json_number_value(v);
			} else {
				continue;
			}
			snprintf(field, sizeof field, "%s.%s", fts_boundary_name[b], key[k]);
			snprintf(label, sizeof label, "%s %s", fts_boundary_name[b], what[k]);
			long long ours = k == 0 ? sum[b][FTS_S_COMMITMENT] + sum[b][FTS_S_PAID] : k == 1 ? sum[b][FTS_S_PLEDGE]
					 : nb[b];
			compare_line(st, label, field, pub, ours, k < 2, complete);
		}
	}
}

void fts_pages_report(const struct fts_page *pg, int n, const struct fts_seen *f, size_t nf, int revised,
		      struct import_stats *st)
{
	long long sum[FTS_N_BOUNDARY][FTS_N_STATUS] = {{0}}, nb[FTS_N_BOUNDARY] = {0}, shared = 0;
	for (size_t i = 0; i < nf; i++) {
		nb[f[i].boundary]++;
		if (f[i].shared)
			shared++;
		else
			sum[f[i].boundary][f[i].status] += f[i].usd;
	}
	long long count = pg[0].count;
	const char *next = NULL, *next_page = NULL;
	for (int i = 0; i < n; i++)
		if (pg[i].next) {
			next = pg[i].next;
			next_page = pg[i].name;
		}
	char size[64] = "";
	if (count >= 0)
		snprintf(size, sizeof size, " (the search has %lld: meta.count)", count);
	money_lines_add(&st->report, "FTS: %zu flow%s on %d page%s%s: %lld incoming, %lld outgoing, %lld internal; "
			"%lld on a shared boundary left out of FTS's totals, as FTS leaves them out", nf,
			nf == 1 ? "" : "s", n, n == 1 ? "" : "s", size, nb[FTS_B_IN], nb[FTS_B_OUT],
			nb[FTS_B_INTERNAL], shared);
	if (revised)
		money_lines_add(&st->report, "FTS: %d flow%s revised (a later versionId): recorded as correction%s",
				revised, revised == 1 ? "" : "s", revised == 1 ? "" : "s");
	char ids[512], a[64];
	long long psum;
	int np = parents_counted(f, nf, ids, sizeof ids, &psum);
	if (np)
		money_lines_add(&st->report, "FTS: %d parent flow%s counted beside %s parts, as FTS counts them (flow%s "
				"%s: %s); muster's own funding totals count that money once, and the funding answer "
				"shows both", np, np == 1 ? "" : "s", np == 1 ? "its" : "their", np == 1 ? "" : "s", ids,
				said_figure(psum, 1, a, sizeof a));
	int complete = count < 0 || (long long)nf >= count;
	if (!complete)
		money_lines_add(&st->warnings, "muster: warning: FTS lists %lld flows for this search (meta.count) and "
				"%s hold%s %zu: the totals cannot be set against FTS's until every page is imported%s%s%s%s%s",
				count, n == 1 ? "this page" : "these pages", n == 1 ? "s" : "", nf,
				next ? " (the next page is meta.nextLink of " : "", next ? next_page : "", next ? ": " : "",
				next ? next : "", next ? ")" : "");
	if (!pg[0].has_summary) {
		money_lines_add(&st->report, "FTS: %s carr%s no summary of the search (data.incoming.fundingTotal): "
				"FTS's published totals cannot be set against the flows", n == 1 ? "the page" : "the pages",
				n == 1 ? "ies" : "y");
		return;
	}
	compare_summary(&pg[0], sum, nb, complete, st);
}
