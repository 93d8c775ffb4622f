/* answer.h: the frame every question returns (DESIGN.md): question, as_of,
 * generated, answer, rows, sources, disagreements. Answer functions fill it;
 * the CLI, the web page and the API only render it. */
#ifndef MUSTER_ANSWER_H
#define MUSTER_ANSWER_H

#include <jansson.h>
#include <sqlite3.h>

#include "store.h"

struct answer {
	json_t *doc;            /* the whole document (owns the parts below) */
	json_t *answer;         /* object: the figures */
	json_t *rows;           /* array: the table behind them */
	json_t *disagreements;  /* array */
	json_t *cited;          /* object used as a set of source refs */
};

/* Starts a frame. `as_of` is yyyymmdd, or 0 for a question with no date. */
void answer_init(struct answer *a, const char *question, int as_of, const char *mission);

/* Adds the sources of a record (by seq) to the frame, and returns them as a new
 * array of refs (caller owns it). */
json_t *answer_cite_record(struct answer *a, struct store *s, sqlite3_int64 seq);
void answer_cite_refs(struct answer *a, const json_t *refs);

/* The short id (16 hex) of a record, as a new JSON string. */
json_t *answer_record_id(struct store *s, sqlite3_int64 seq);

/* A disagreement: `about` says what, `kind` names the check, `claims` is an
 * array of {value, sources, records, …}, `used` the value the answer uses (may
 * be NULL), `rule` why. Takes ownership of `claims` and `used`. */
void answer_disagree(struct answer *a, const char *about, const char *kind, json_t *claims,
		     json_t *used, const char *rule);

/* answer_disagree with what it is about given as its parts (say.h): the
 * English "about" is written from `said`, which the disagreement keeps as
 * "said" (takes ownership); `date` (a day, month or year as recorded, NULL:
 * none) is the day the disagreement is about, kept as "date" (the report
 * picks a period's disagreements by it). */
void answer_disagree_said(struct answer *a, json_t *said, const char *date, const char *kind, json_t *claims,
			  json_t *used, const char *rule);

/* Claims about one figure whose order against the one used cannot be known
 * (LATEST_ORDER_SQL in derive.h): `claims` is an array of objects, each with
 * "value" and "date" (and "currency" for money) and the record's "seq" as a
 * JSON integer, the claim used first. The others that differ from it both in
 * value (and currency) and in date are listed beside it as one "order_unknown"
 * disagreement about "WHAT: reports of D0 and D1…, whose order cannot be
 * known", used = its value, dated by the claim used ("date"), its parts
 * ("said") the words `what` and the dates; each listed claim's "seq" becomes its "record" and
 * "sources" (cited in the frame). Claims of the same date are claims about the
 * same thing, listed by their own check. Takes ownership of `claims`; returns
 * 1 when a disagreement was listed. */
int answer_order_unknown(struct answer *a, struct store *s, const char *what, json_t *claims);

/* Resolves the cited refs into source objects and returns the finished
 * document; the frame is then empty. Caller decrefs the result. */
json_t *answer_finish(struct answer *a, struct store *s);

/* Moves the disagreements of `from` whose "about" is not yet in `to` into
 * `to`, with the sources they cite; `from` is left finished and empty. */
void answer_merge(struct answer *to, struct answer *from);

/* Marks a figure object carried forward to `as_of` with its age: reads its
 * "date" (a day, month or year; the day it surely happened by is the end of
 * that range) and sets "age_days" and "stale" (older than `stale_days`).
 * Leaves an object without a known date as it is. */
void answer_mark_age(json_t *fig, int as_of, int stale_days);

/* Percentage n/d with one decimal, computed in integers ("23.6"). */
void answer_percent(long long n, long long d, char buf[16]);

#endif
