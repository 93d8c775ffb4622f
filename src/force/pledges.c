/* pledges.c: the pledges question — pledged against deployed per country,
 * and who pledged and never deployed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/derive.h"
#include "../core/iso.h"
#include "../core/say.h"
#include "force.h"

static const char pledges_rule[] =
	"A country's pledge is its latest pledge of a whole number on or before the date, plus the "
	"additional pledges made after it; its status is formal once any of its pledges is formal, and "
	"withdrawn when its latest whole pledge is; a pledge of unknown date is used only when no dated one exists, "
	"and whole pledges whose dates overlap with other numbers are listed as disagreements. A pledge with an unknown or imprecise date that may fall after "
	"the date is counted and flagged. Deployed is the strength on the date (see strength). "
	PRECEDENCE_TEXT ".";

struct prow {
	char country[4];
	long long pledged;      /* -1 when no number was given */
	char status[16];
	char date[11];
	int day_hi;
	int uncertain;
	json_t *records, *sources;
};

static struct prow *prow_get(struct prow **v, size_t *n, const char *country)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].country, country))
			return &(*v)[i];
	*v = grow(*v, *n, sizeof **v);
	struct prow *p = &(*v)[(*n)++];
	memset(p, 0, sizeof *p);
	snprintf(p->country, sizeof p->country, "%s", country);
	p->pledged = -1;
	p->records = json_array();
	p->sources = json_array();
	return p;
}

static int status_rank(const char *s)
{
	return !strcmp(s, "withdrawn") ? 3 : !strcmp(s, "formal") ? 2 : 1;
}

json_t *answer_pledges(struct store *s, const char *mission, int day, struct err *e)
{
	struct answer a;
	answer_init(&a, "pledges", day, mission);
	/* Newest first; among one date, whole pledges with a number first, by precedence. */
	sqlite3_stmt *st = store_prep(s,
		"SELECT r.seq, p.country, p.personnel, p.status, p.basis, r.date_text, r.date_hi, r.date_lo "
		"FROM pledge p CROSS JOIN pub_rec r USING(seq) WHERE r.mission = ?1 AND r.date_lo <= ?2 ORDER "
		"BY p.country, r.date_prec = 0, r.date_hi DESC, p.basis = 'additional', p.personnel IS NULL, "
		PRECEDENCE_SQL);
	sqlite3_bind_text(st, 1, mission, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	struct prow *v = NULL;
	size_t n = 0;
	struct pl { sqlite3_int64 seq; char country[4], status[16], basis[16], date[11]; long long n; int hi, lo; } *pl = NULL;
	size_t npl = 0;
	while (store_row(s, st)) {
		pl = grow(pl, npl, sizeof *pl);
		struct pl *p = &pl[npl++];
		p->seq = sqlite3_column_int64(st, 0);
		snprintf(p->country, 4, "%s", (const char *)sqlite3_column_text(st, 1));
		p->n = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
		snprintf(p->status, 16, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(p->basis, 16, "%s", (const char *)sqlite3_column_text(st, 4));
		snprintf(p->date, 11, "%s", (const char *)sqlite3_column_text(st, 5));
		p->hi = sqlite3_column_int(st, 6);
		p->lo = sqlite3_column_int(st, 7);
	}
	sqlite3_reset(st);

	for (size_t i = 0; i < npl;) {
		size_t end = i;
		while (end < npl && !strcmp(pl[end].country, pl[i].country))
			end++;
		struct prow *r = prow_get(&v, &n, pl[i].country);
		/* Status: withdrawn when the latest whole pledge is; else formal when any
		 * pledge is formal; else announced. An additional pledge announced later
		 * does not make a formal commitment informal again. */
		int best = 0;
		for (size_t k = i; k < end; k++)
			if (strcmp(pl[k].status, "withdrawn") && status_rank(pl[k].status) > best) {
				best = status_rank(pl[k].status);
				snprintf(r->status, sizeof r->status, "%s", pl[k].status);
			}
		for (size_t k = i; k < end; k++)
			if (!strcmp(pl[k].basis, "total")) {
				if (!strcmp(pl[k].status, "withdrawn"))
					snprintf(r->status, sizeof r->status, "withdrawn");
				break;
			}
		/* Figure: the latest whole pledge with a number, then additional ones after it. */
		size_t whole = end;
		for (size_t k = i; k < end; k++)
			if (pl[k].n >= 0 && !strcmp(pl[k].basis, "total") && strcmp(pl[k].status, "withdrawn")) {
				whole = k;
				break;
			}
		if (whole < end) {
			r->pledged = pl[whole].n;
			snprintf(r->date, sizeof r->date, "%s", pl[whole].date);
			r->day_hi = pl[whole].hi;
			r->uncertain |= pl[whole].hi > day;
			json_array_append_new(r->records, answer_record_id(s, pl[whole].seq));
			json_t *refs = answer_cite_record(&a, s, pl[whole].seq);
			json_array_extend(r->sources, refs);
			json_decref(refs);
			/* Other whole pledges whose dates overlap, with another number, disagree. */
			json_t *claims = json_array();
			int differ = 0;
			for (size_t k = i; k < end; k++)
				if (pl[k].lo <= pl[whole].hi && pl[k].hi >= pl[whole].lo && pl[k].n >= 0 &&
				    !strcmp(pl[k].basis, "total")) {
					json_t *c = json_object();
					json_object_set_new(c, "value", json_integer(pl[k].n));
					json_object_set_new(c, "record", answer_record_id(s, pl[k].seq));
					json_object_set_new(c, "sources", answer_cite_record(&a, s, pl[k].seq));
					json_array_append_new(claims, c);
					differ |= pl[k].n != pl[whole].n;
				}
			if (differ) {
				answer_disagree_said(&a, say_new("pledge of {1} ({2})", say_name(r->country),
								 say_date(pl[whole].date), NULL), pl[whole].date, "claims",
						     claims, json_integer(r->pledged), PRECEDENCE_TEXT);
			} else {
				json_decref(claims);
			}
			for (size_t k = i; k < whole; k++)
				if (pl[k].n >= 0 && !strcmp(pl[k].basis, "additional") && pl[k].hi > pl[whole].hi) {
					r->pledged += pl[k].n;
					r->uncertain |= pl[k].hi > day;
					json_array_append_new(r->records, answer_record_id(s, pl[k].seq));
					json_t *refs2 = answer_cite_record(&a, s, pl[k].seq);
					json_array_extend(r->sources, refs2);
					json_decref(refs2);
				}
		} else {
			/* No number: the pledge is still a pledge; name the latest. */
			snprintf(r->date, sizeof r->date, "%s", pl[i].date);
			r->uncertain |= pl[i].hi > day;
			json_array_append_new(r->records, answer_record_id(s, pl[i].seq));
			json_t *refs = answer_cite_record(&a, s, pl[i].seq);
			json_array_extend(r->sources, refs);
			json_decref(refs);
		}
		i = end;
	}
	free(pl);

	struct sresult sr;
	if (strength_compute(s, NULL, mission, day, &sr, e) < 0) {
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	for (size_t i = 0; i < sr.n; i++)
		if (sr.c[i].n > 0)
			prow_get(&v, &n, sr.c[i].country);

	long long pledged_total = 0, deployed_total = 0;
	json_t *never = json_array(), *never_names = json_array();
	for (size_t i = 0; i < n; i++) {
		struct prow *r = &v[i];
		const struct scountry *c = sresult_find(&sr, r->country);
		long long dep = c ? c->n : 0;
		const char *name = iso_country_name(r->country);
		json_t *o = json_object();
		json_object_set_new(o, "country", json_string(r->country));
		json_object_set_new(o, "name", json_string(name ? name : r->country));
		json_object_set_new(o, "pledged", r->pledged >= 0 ? json_integer(r->pledged) : json_null());
		json_object_set_new(o, "status", *r->status ? json_string(r->status) : json_null());
		json_object_set_new(o, "pledge_date", *r->date ? json_string(r->date) : json_null());
		json_object_set_new(o, "date_uncertain", json_boolean(r->uncertain));
		json_object_set_new(o, "deployed", json_integer(dep));
		if (r->pledged >= 0) {
			char pct[16];
			answer_percent(dep, r->pledged, pct);
			json_object_set_new(o, "gap", json_integer(r->pledged - dep));
			json_object_set_new(o, "share_pct", json_string(pct));
			pledged_total += r->pledged;
		} else {
			json_object_set_new(o, "gap", json_null());
			json_object_set_new(o, "share_pct", json_null());
		}
		int is_never = *r->status && strcmp(r->status, "withdrawn") && dep == 0 && !c;
		json_object_set_new(o, "never_deployed", json_boolean(is_never));
		if (is_never) {
			json_array_append_new(never, json_string(r->country));
			json_array_append_new(never_names, json_string(name ? name : r->country));
		}
		deployed_total += dep;
		json_object_set_new(o, "records", r->records);
		if (c) {
			json_t *dr = json_deep_copy(c->records);
			json_object_set_new(o, "deployed_records", dr);
			answer_cite_refs(&a, c->sources);
			json_array_extend(r->sources, c->sources);
		}
		/* de-duplicate sources */
		json_t *uniq = json_array();
		size_t k, m;
		json_t *it, *u;
		json_array_foreach(r->sources, k, it) {
			int dup = 0;
			json_array_foreach(uniq, m, u)
				dup |= json_equal(u, it);
			if (!dup)
				json_array_append(uniq, it);
		}
		json_decref(r->sources);
		json_object_set_new(o, "sources", uniq);
		json_array_append_new(a.rows, o);
	}
	/* Rows: by pledged number, largest first; unnumbered last, by name. */
	size_t nr = json_array_size(a.rows);
	for (size_t i = 1; i < nr; i++)
		for (size_t j = i; j > 0; j--) {
			json_t *x = json_array_get(a.rows, j - 1), *y = json_array_get(a.rows, j);
			long long px = json_is_integer(json_object_get(x, "pledged"))
				? json_integer_value(json_object_get(x, "pledged")) : -1;
			long long py = json_is_integer(json_object_get(y, "pledged"))
				? json_integer_value(json_object_get(y, "pledged")) : -1;
			int swap = px < py || (px == py && strcmp(json_string_value(json_object_get(x, "name")),
								json_string_value(json_object_get(y, "name"))) > 0);
			if (!swap)
				break;
			json_incref(x);
			json_array_set(a.rows, j - 1, y);
			json_array_set_new(a.rows, j, x);
		}
	free(v);
	sresult_free(&sr);
	/* The never-deployed list in name order. */
	size_t nn = json_array_size(never);
	for (size_t x = 1; x < nn; x++)
		for (size_t y = x; y > 0 && strcmp(json_string_value(json_array_get(never_names, y - 1)),
						   json_string_value(json_array_get(never_names, y))) > 0; y--) {
			json_t *t1 = json_incref(json_array_get(never_names, y - 1));
			json_array_set(never_names, y - 1, json_array_get(never_names, y));
			json_array_set_new(never_names, y, t1);
			json_t *t2 = json_incref(json_array_get(never, y - 1));
			json_array_set(never, y - 1, json_array_get(never, y));
			json_array_set_new(never, y, t2);
		}
	json_object_set_new(a.answer, "countries_pledged", json_integer(0));
	size_t npledged = 0;
	size_t i;
	json_t *row;
	json_array_foreach(a.rows, i, row)
		npledged += !json_is_null(json_object_get(row, "status"));
	json_object_set_new(a.answer, "countries_pledged", json_integer((json_int_t)npledged));
	json_object_set_new(a.answer, "pledged_personnel", json_integer(pledged_total));
	json_object_set_new(a.answer, "deployed_personnel", json_integer(deployed_total));
	json_object_set_new(a.answer, "never_deployed", never);
	json_object_set_new(a.answer, "never_deployed_names", never_names);
	json_object_set_new(a.answer, "rule", json_string(pledges_rule));
	return answer_finish(&a, s);
}
