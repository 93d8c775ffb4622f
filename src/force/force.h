/* force.h: force generation — who pledged, who arrived and left, and the
 * mission's strength on any date. */
#ifndef MUSTER_FORCE_H
#define MUSTER_FORCE_H

#include "../core/answer.h"
#include "../core/store.h"

/* A record counts in an answer when it is live and public: answers read
 * pub_rec (src/core/derive.h), never rec. */

/* One part of a country's figure: a unit, a category, a UN personnel type
 * and a gender ("" when the part does not say). */
struct sbucket {
	char unit[128];
	char category[16];
	char ptype[24];
	char gender[8];
	long long n;
};

struct scountry {
	char country[4];
	long long n;            /* the figure on the date */
	int snap_day;           /* day of the snapshot used, 0 when none */
	long long snap_n;       /* the snapshot's figure */
	long long moved;        /* arrivals less departures counted (after the snapshot) */
	long long n_moves;      /* how many movement records that is */
	json_t *records;        /* short ids of the records the figure rests on */
	json_t *sources;        /* their source refs */
	struct sbucket *b;      /* breakdown by unit, category, personnel type and gender */
	size_t nb;
	int breakdown_day;      /* day of the parts that give the breakdown, 0 when none */
	int left_out;           /* 1: left out of the complete table of snap_day, so 0 from it */
};

struct sresult {
	struct scountry *c;
	size_t n;
	long long total;
	int complete_day;       /* the latest complete table of the mission on or before the day, 0 if none */
	sqlite3_int64 complete_seq;     /* its marker record */
};

/* Computes strength per country on `day` for `mission`. When `a` is not
 * NULL, cites the sources used and adds the disagreements met on the way.
 * The result's arrays are owned by it; free with sresult_free. */
int strength_compute(struct store *s, struct answer *a, const char *mission, int day,
		     struct sresult *out, struct err *e);
void sresult_free(struct sresult *r);
const struct scountry *sresult_find(const struct sresult *r, const char *country);
/* The latest report behind a country's figure on `day`: its snapshot, or a
 * movement counted after it (dated surely by `day`). Writes its date as given
 * and returns the day it surely happened by (0 when none). */
int strength_latest_report(struct store *s, const char *mission, const struct scountry *c, int day,
			   char text[11]);

/* mv_span cuts the running totals into spans of SPAN_DAYS days, so that the
 * totals of every key on one day are one range of rows: per span and key, a
 * carry row (day 0: the totals before the span), then the key's days in it,
 * from the span of its first day to that of its last. After its last day a
 * key's totals are those in mv_key. Movements of unknown date count on no
 * real day: they are in no total. */
#define SPAN_DAYS 8
/* The span of a day (yyyymmdd), numbered from 1970-01-01, and its first day. */
long span_number(int day);
int span_start(int day);

/* Recomputes mv_key and mv_span for the (mission, country) pairs of the
 * movements appended since s->tx_start and those in temp.mv_dirty, then
 * empties it (running.c). */
int movement_refresh_or_err(struct store *s, struct err *e);
/* Adds the movements appended since s->tx_start to the running totals in
 * place, but for those of pairs already in temp.mv_dirty and those that are
 * claims about the same movement as another, whose pairs it puts there
 * (running_add.c). For a few movements: each costs a few index look-ups. */
int movement_add_in_place_or_err(struct store *s, struct err *e);

/* Refuses a strength record that makes a complete table contradict itself:
 * two different exact figures for one country and part on one (mission,
 * day), citing a source that a live complete marker of that (mission, day)
 * cites (complete.c). Called as the record is derived; names the field. */
int complete_table_check_or_err(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e);

/* The mission of totals over every mission: a system-wide published total,
 * or one country's total over its missions (docs/formats.md). */

/* For `mission` "all": each published total over all missions against the
 * sum of the detail of the missions its publisher covers, on its day; a
 * difference is a disagreement, the publisher's figure used (totals.c).
 * Does nothing for another mission. */
int all_missions_checks(struct store *s, struct answer *a, const char *mission, struct err *e);

/* The rule that strength_compute follows, in words. */
extern const char strength_rule[];

/* Answers (JSON documents in the frame of answer.h; caller decrefs). */
json_t *answer_strength(struct store *s, const char *mission, int day, const char *by, struct err *e);
json_t *answer_pledges(struct store *s, const char *mission, int day, struct err *e);
/* What a reported mission total (dated `date`, with its qualifier) that
 * differs from the sum of the countries is about, as parts (core/say.h), the
 * same in every answer. A new object. */
json_t *force_total_said(const char *date, const char *qualifier, long long n);
/* Bounds about a country or unit (bounds.c): strength_bounds puts those whose
 * range holds `day` beside the country rows of `a` with whether `r` keeps
 * them, and lists the broken ones; bound_conflicts lists every bound broken
 * on some day of its range. */
void strength_bounds(struct store *s, struct answer *a, const char *mission, int day, const struct sresult *r);
int bound_conflicts(struct store *s, struct answer *a, const char *mission, struct err *e);
/* Across every mission (--mission all, across.c): each mission's answer as
 * when asked alone, added; `by` may also be "mission". The conflicts of one
 * mission come from `one` (answer_conflicts of src/record, which is above
 * this folder). */
json_t *answer_strength_all(struct store *s, int day, const char *by, struct err *e);
/* The latest exact published total over every mission of each publisher on
 * or before `day` (records of the mission "all"), each with the sum of that
 * publisher's missions' detail on its date; one that differs is added to `a`
 * as the disagreement conflicts --mission all lists (totals.c). A new array
 * (caller decrefs), or NULL with the error set. */
json_t *all_missions_published(struct store *s, struct answer *a, int day, struct err *e);
json_t *answer_conflicts_all(struct store *s, json_t *(*one)(struct store *, const char *, struct err *),
			     struct err *e);
/* Adds every force-generation disagreement in the record to `a`. */
int force_conflicts(struct store *s, struct answer *a, const char *mission, struct err *e);

/* A mission's rows that an answer keeps in the store's memo while it is on
 * (store.h: conflicts asks strength on every day of a mission): `v` from
 * malloc, `n` of them (snapshots.c keeps the snapshots, bounds.c the bounds). */
struct mission_rows {
	char *mission;
	void *v;
	size_t n;
};
/* The rows kept under `key` for `mission`, or NULL. */
struct mission_rows *mission_rows_get(struct store *s, const void *key, const char *mission);
/* An empty set of rows for `mission`. */
struct mission_rows *mission_rows_new(const char *mission);
/* Keeps `m` under `key`, freed with the memo, and returns 1; 0 when the
 * memo is off or full (the caller still owns `m`). */
int mission_rows_keep(struct store *s, const void *key, struct mission_rows *m);
void mission_rows_free(void *p);

#endif
