/* timeline.c: the timeline question — one dated list across resolutions,
 * authorisation starts, reviews and ends, arrivals and departures, funding
 * (when the money feature's table is there), promises and their deadlines,
 * and requirements' due dates, each line with its record and sources. */
#include <stdio.h>
#include <string.h>

#include "../core/figure.h"
#include "../core/date.h"
#include "../core/derive.h"
#include "../money/money.h"
#include "mandate.h"

/* Every event as (seq, date text, lo, hi, kind, mission, text, minor,
 * currency, parts). The text is built by SQL from stored values, never from
 * input; the parts are the values it is made of, as a JSON object, so that a
 * page can say the same in its own language (src/web/events.c). */
static const char events_sql[] =
	"SELECT * FROM (SELECT r.seq AS seq, r.date_text, r.date_lo AS lo, r.date_hi AS hi, 'resolution' AS kind, "
	"  r.mission AS mission, x.symbol || ' adopted' || coalesce(' at the ' || x.meeting || ' meeting', '') "
	"  AS what, NULL AS minor, NULL AS currency, json_object('symbol', x.symbol, 'meeting', x.meeting) AS parts "
	"FROM resolution x CROSS JOIN pub_rec r USING(seq) WHERE r.date_lo <= ?1 "
	"UNION ALL SELECT r.seq, a.start, a.start_lo, a.start_hi, 'authorization', r.mission, "
	"  r.mission || ' authorised from this day (resolution ' || a.resolution || ')' || "
	"  coalesce(', ceiling ' || a.ceiling, ''), NULL, NULL, "
	"  json_object('mission', r.mission, 'resolution', a.resolution, 'ceiling', a.ceiling) "
	"FROM authorization a CROSS JOIN pub_rec r USING(seq) WHERE r.date_lo <= ?1 "
	"UNION ALL SELECT r.seq, a.review, a.review_lo, a.review_hi, 'review', r.mission, "
	"  'review of the ' || r.mission || ' authorisation (resolution ' || a.resolution || ')', NULL, NULL, "
	"  json_object('mission', r.mission, 'resolution', a.resolution) "
	"FROM authorization a CROSS JOIN pub_rec r USING(seq) WHERE a.review IS NOT NULL AND r.date_lo <= ?1 "
	"UNION ALL SELECT r.seq, a.end_text, a.end_lo, a.end_hi, 'authorization_end', r.mission, "
	"  'last day of the ' || r.mission || ' authorisation (resolution ' || a.resolution || ')', NULL, NULL, "
	"  json_object('mission', r.mission, 'resolution', a.resolution) "
	"FROM authorization a CROSS JOIN pub_rec r USING(seq) WHERE r.date_lo <= ?1 "
	/* A movement that lost to another claim about the same movement (as
	 * conflicts groups them: country, unit, direction, event, date) says so,
	 * with the figure used. */
	"UNION ALL SELECT r.seq, r.date_text, r.date_lo, r.date_hi, r.kind, r.mission, "
	"  m.personnel || ' ' || CASE WHEN m.dir > 0 THEN 'arrived' ELSE 'left' END || ' from ' || m.country || "
	"  CASE WHEN m.unit <> '' THEN ' (' || m.unit || ')' ELSE '' END || "
	"  CASE WHEN m.lost THEN ': a claim that lost to another, ' || m.used_n || ' is used' "
	"  ELSE '' END, NULL, NULL, "
	"  json_object('personnel', m.personnel, 'country', m.country, 'unit', nullif(m.unit, ''), "
	"  'used', CASE WHEN m.lost THEN m.used_n END) "
	"FROM (SELECT m.*, first_value(m.personnel) OVER w AS used_n, "
	"  first_value(r.seq) OVER w <> r.seq AND first_value(m.personnel) OVER w <> m.personnel AS lost "
	"  FROM movement m CROSS JOIN pub_rec r USING(seq) "
	"  WINDOW w AS (PARTITION BY m.mission, m.country, m.unit, m.dir, m.event, r.date_text "
	"  ORDER BY " PRECEDENCE_SQL ")) m CROSS JOIN pub_rec r USING(seq) "
	"WHERE r.date_lo <= ?1 "
	"UNION ALL SELECT r.seq, r.date_text, r.date_lo, r.date_hi, 'promise', r.mission, "
	"  coalesce(c.person || ' (' || c.country || ')', c.country, c.person, '') || ' promised: ' || c.what, "
	"  NULL, NULL, json_object('person', c.person, 'country', c.country, 'text', c.what) "
	"FROM commitment c CROSS JOIN pub_rec r USING(seq) WHERE r.date_lo <= ?1 "
	"UNION ALL SELECT r.seq, c.by_text, c.by_lo, c.by_hi, 'promise_deadline', r.mission, "
	"  'deadline of a promise: ' || c.what, NULL, NULL, json_object('text', c.what) "
	"FROM commitment c CROSS JOIN pub_rec r USING(seq) WHERE c.by_text IS NOT NULL AND r.date_lo <= ?1 "
	"UNION ALL SELECT r.seq, q.due, q.due_lo, q.due_hi, 'requirement_due', r.mission, "
	"  'due (resolution ' || q.resolution || ' para ' || q.paragraph || '): ' || q.who || ': ' || q.what, "
	"  NULL, NULL, json_object('resolution', q.resolution, 'paragraph', q.paragraph, 'who', q.who, "
	"  'text', q.what) FROM requirement q CROSS JOIN pub_rec r USING(seq) WHERE q.due IS NOT NULL AND "
	"r.date_lo <= ?1 ";

static const char funding_sql[] =
	"UNION ALL SELECT r.seq, r.date_text, r.date_lo, r.date_hi, 'funding', r.mission, "
	"  coalesce(nullif(f.donor, '') || ' ', '') || f.stage || "
	"  CASE WHEN f.channel <> '' THEN ' (' || f.channel || ')' ELSE '' END, f.amount_minor, f.currency, "
	"  json_object('donor', nullif(f.donor, ''), 'stage', f.stage, 'channel', nullif(f.channel, ''), "
	"  'qualifier', nullif(f.qualifier, 'exact')) "
	"FROM funding f CROSS JOIN pub_rec r USING(seq) WHERE r.date_lo <= ?1 ";

/* Events of one day in a fixed order of kinds (as the help lists them), a
 * claim used before those that
 * lost to it, then by what they say: never by the order the records arrived
 * in, so that a file updated from an older bundle lists them as a new file of
 * the same records does (the seq breaks only a tie of two events saying the
 * very same thing). */
static const char order_sql[] = ") ORDER BY lo, hi, CASE kind WHEN 'resolution' THEN 0 WHEN 'authorization' "
	"THEN 1 WHEN 'review' THEN 2 WHEN 'authorization_end' THEN 3 WHEN 'arrival' THEN 4 WHEN 'departure' "
	"THEN 5 WHEN 'funding' THEN 6 WHEN 'promise' THEN 7 WHEN 'promise_deadline' THEN 8 ELSE 9 END, "
	"mission, json_extract(parts, '$.used') IS NOT NULL, what, currency, minor, seq";

/* The row's parts without their nulls, and its amount of money when it has
 * one ("amount" as money is written, "currency"; NULL for none). */
static json_t *parts(sqlite3_stmt *st, const char *amount, const char *cur)
{
	json_t *all = json_loads((const char *)sqlite3_column_text(st, 9), 0, NULL), *p = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(all, k, v)
		if (!json_is_null(v))
			json_object_set(p, k, v);
	json_decref(all);
	if (amount) {
		json_object_set_new(p, "amount", json_string(amount));
		json_object_set_new(p, "currency", json_string(cur));
	}
	return p;
}

json_t *answer_timeline(struct store *s, int day, int from, int to, struct err *e)
{
	if (from && to && to < from) {
		char a[11], b[11];
		err_set(e, "--to %s is before --from %s (give the earlier day with --from)", day_format(to, a),
			day_format(from, b));
		return NULL;
	}
	struct answer a;
	answer_init(&a, "timeline", day, NULL);
	sqlite3_stmt *chk = store_prep(s, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'funding'");
	int has_funding = store_row(s, chk);
	sqlite3_reset(chk);
	/* %s is safe: the three parts are fixed texts of this file. */
	char *sql = sqlite3_mprintf("%s%s%s", events_sql, has_funding ? funding_sql : "", order_sql);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		err_set_code(e, E_INTERNAL, "timeline: %s", sqlite3_errmsg(s->db));
		sqlite3_free(sql);
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	sqlite3_free(sql);
	sqlite3_bind_int(st, 1, day);
	long long undated = 0, n = 0;
	json_t *kinds = json_object();
	struct { sqlite3_int64 seq; json_t *row; } buf[64];
	int nb = 0;
	int more = 1;
	while (more) {
		more = store_row(s, st);
		if (more) {
			int lo = sqlite3_column_int(st, 2), hi = sqlite3_column_int(st, 3);
			const char *dt = (const char *)sqlite3_column_text(st, 1);
			if (!dt || !*dt) {
				undated++;
				continue;
			}
			if ((from && hi < from) || (to && lo > to))
				continue;
			char text[1200];
			snprintf(text, sizeof text, "%s", (const char *)sqlite3_column_text(st, 6));
			char m[32];
			const char *amount = NULL, *cur = NULL;
			if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
				cur = (const char *)sqlite3_column_text(st, 8);
				amount = money_format(sqlite3_column_int64(st, 7), cur, m);
				/* Said as people read it, an estimate as one (the parts keep
				 * the raw amount and the qualifier). */
				char said[96];
				json_t *q = json_loads((const char *)sqlite3_column_text(st, 9), 0, NULL);
				figure_money(amount, cur, json_string_value(json_object_get(q, "qualifier")), &figure_style_cli,
					     NULL, NULL, said, sizeof said);
				json_decref(q);
				snprintf(text + strlen(text), sizeof text - strlen(text), " %s", said);
			}
			const char *kind = (const char *)sqlite3_column_text(st, 4);
			json_object_set_new(kinds, kind, json_integer(json_integer_value(json_object_get(kinds, kind)) + 1));
			buf[nb].seq = sqlite3_column_int64(st, 0);
			buf[nb].row = json_pack("{s:s, s:s, s:s, s:s}", "date", dt, "kind", kind,
						"mission", (const char *)sqlite3_column_text(st, 5), "what", text);
			json_object_set_new(buf[nb].row, "parts", parts(st, amount, cur));
			nb++;
			n++;
		}
		/* Records are looked up between steps of this statement in batches. */
		if (nb == 64 || (!more && nb)) {
			for (int i = 0; i < nb; i++) {
				json_object_set_new(buf[i].row, "record", answer_record_id(s, buf[i].seq));
				json_object_set_new(buf[i].row, "sources", answer_cite_record(&a, s, buf[i].seq));
				json_array_append_new(a.rows, buf[i].row);
			}
			nb = 0;
		}
	}
	sqlite3_finalize(st);
	char d[11];
	json_object_set_new(a.answer, "events", json_integer(n));
	json_object_set_new(a.answer, "from", from ? json_string(day_format(from, d)) : json_null());
	json_object_set_new(a.answer, "to", to ? json_string(day_format(to, d)) : json_null());
	json_object_set_new(a.answer, "by_kind", kinds);
	json_object_set_new(a.answer, "undated_left_out", json_integer(undated));
	json_object_set_new(a.answer, "funding_included", json_boolean(has_funding));
	return answer_finish(&a, s);
}
