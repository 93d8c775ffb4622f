/* record_answers.c: the sources question and the show question, shared by
 * the command line (src/cli/overview.c) and the web (src/web/record.c). */
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "record_answers.h"
#include "ref_clash.h"

json_t *answer_sources(struct store *s)
{
	struct answer a;
	answer_init(&a, "sources", 0, NULL);
	sqlite3_stmt *st = store_prep(s,
		"SELECT coalesce(r.ref, k.ref), s.publisher, s.title, r.date_text, s.url, s.grade, substr(l.id, 1, 16),\n"
		"  (SELECT count(*) FROM cite c JOIN pub_rec x ON x.seq = c.seq WHERE c.source = r.ref)\n"
		"FROM pub_rec r JOIN pub_source s USING(seq) JOIN log l USING(seq) LEFT JOIN pub_ref_clash k USING(seq)\n"
		"ORDER BY s.grade, coalesce(r.ref, k.ref), l.id");
	long long n = 0;
	json_t *grades = json_object();
	while (store_row(s, st)) {
		json_t *o = json_object();
		const char *cols[] = {"id", "publisher", "title", "date", "url", "grade", "record"};
		for (int i = 0; i < 7; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			json_object_set_new(o, cols[i], t && *t ? json_string((const char *)t) : json_null());
		}
		json_object_set_new(o, "records", json_integer(sqlite3_column_int64(st, 7)));
		const char *g = (const char *)sqlite3_column_text(st, 5);
		json_t *gn = json_object_get(grades, g);
		json_object_set_new(grades, g, json_integer(gn ? json_integer_value(gn) + 1 : 1));
		json_array_append_new(a.rows, o);
		n++;
	}
	sqlite3_reset(st);
	json_object_set_new(a.answer, "sources", json_integer(n));
	json_object_set_new(a.answer, "by_grade", grades);
	json_object_set_new(a.answer, "grades",
			    json_string("A official primary document; B major wire or international outlet; C national "
					"or regional outlet; D encyclopedia or secondary relay; E unverified or automated summary"));
	return answer_finish(&a, s);
}

json_t *answer_show(struct store *s, const char *name, struct err *e)
{
	return answer_show_as(s, name, 0, e);
}

json_t *answer_show_as(struct store *s, const char *name, int restricted_ok, struct err *e)
{
	sqlite3_int64 seq;
	char id[HASH_HEX];
	if (store_resolve_as_or_err(s, name, restricted_ok, &seq, e) < 0)
		return NULL;
	json_t *body = store_body(s, seq, id);
	/* A correction or retraction by a restricted record exists only for a
	 * reader who may see it (derive_supersede_or_err). */
	sqlite3_stmt *st = restricted_ok ? store_prep(s,
		"SELECT visibility, coalesce(min(replaced_by, restricted_replaced_by), replaced_by, "
		"restricted_replaced_by), coalesce(retracted_by, restricted_retracted_by), grade FROM rec "
		"WHERE seq = ?1")
		: store_prep(s, "SELECT visibility, replaced_by, retracted_by, grade FROM pub_any_rec WHERE seq = ?1");
	sqlite3_bind_int64(st, 1, seq);
	/* No row: a restricted record, which the public view does not hold. */
	int restricted = sqlite3_step(st) != SQLITE_ROW || !strcmp((const char *)sqlite3_column_text(st, 0), "restricted");
	sqlite3_int64 replaced = sqlite3_column_int64(st, 1), retracted = sqlite3_column_int64(st, 2);
	const unsigned char *g = sqlite3_column_text(st, 3);
	char grade[4];
	snprintf(grade, sizeof grade, "%s", g ? (const char *)g : "");
	sqlite3_reset(st);
	if (restricted && !restricted_ok) {
		json_decref(body);
		/* The very words of an unknown name: the answer must not tell a
		 * restricted record from no record. */
		store_unknown_or_err(name, e);
		return NULL;
	}
	struct answer a;
	answer_init(&a, "show", 0, rec_str(body, "mission"));
	json_object_set_new(a.answer, "id", json_string(id));
	json_object_set_new(a.answer, "seq", json_integer(seq));
	json_object_set_new(a.answer, "status", json_string(retracted ? "retracted" : replaced ? "corrected" : "live"));
	json_object_set_new(a.answer, "replaced_by", replaced ? answer_record_id(s, replaced) : json_null());
	json_object_set_new(a.answer, "retracted_by", retracted ? answer_record_id(s, retracted) : json_null());
	json_object_set_new(a.answer, "grade", *grade ? json_string(grade) : json_null());
	/* A source whose ref another record holds (refs.c) is not what its
	 * ref names: it cites nothing and no record cites it. */
	st = restricted_ok ? store_prep(s, "SELECT ref IS NULL FROM rec WHERE seq = ?1")
		: store_prep(s, "SELECT ref IS NULL FROM pub_any_rec WHERE seq = ?1");
	sqlite3_bind_int64(st, 1, seq);
	int shadowed = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) && rec_str(body, "ref");
	sqlite3_reset(st);
	if (shadowed && !strcmp(rec_str(body, "kind"), "source")) {
		/* nothing cited */
	} else if (!strcmp(rec_str(body, "kind"), "source")) {
		json_t *one = json_array();
		json_array_append_new(one, json_string(rec_str(body, "ref")));
		answer_cite_refs(&a, one);
		json_decref(one);
		/* The records that cite it. */
		st = restricted_ok ? store_prep(s, "SELECT c.seq FROM cite c WHERE c.source = ?1 ORDER BY c.seq")
			: store_prep(s, "SELECT c.seq FROM cite c JOIN pub_any_rec r USING(seq) WHERE c.source = ?1 "
				     "ORDER BY c.seq");
		sqlite3_bind_text(st, 1, rec_str(body, "ref"), -1, SQLITE_STATIC);
		json_t *citing = json_array();
		while (store_row(s, st))
			json_array_append_new(citing, json_integer(sqlite3_column_int64(st, 0)));
		sqlite3_reset(st);
		size_t i;
		json_t *it;
		json_array_foreach(citing, i, it) {
			json_t *b = store_body(s, json_integer_value(it), NULL);
			json_t *r = json_object();
			json_object_set_new(r, "record", answer_record_id(s, json_integer_value(it)));
			json_object_set_new(r, "kind", json_incref(json_object_get(b, "kind")));
			json_object_set_new(r, "body", b);
			json_array_append_new(a.rows, r);
		}
		json_decref(citing);
	} else {
		answer_cite_refs(&a, json_object_get(body, "sources"));
	}
	json_object_set_new(a.answer, "record", body);
	/* Its ref, if another record claims it too (refs.c). */
	if (ref_clash_of_record(s, &a, seq, restricted_ok, e) < 0) {
		json_decref(answer_finish(&a, s));
		return NULL;
	}
	return answer_finish(&a, s);
}

