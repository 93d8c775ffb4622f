/* oversight.h: vetting and complaints — the records the oversight mechanism
 * keeps, restricted by rule (a vetting of a person, every complaint), and the
 * two questions about them. Readers who may see restricted records (oversight,
 * admin) get the details; everyone else gets aggregate figures in which any
 * count under 5 is the text "fewer than 5", in JSON too. */
#ifndef MUSTER_OVERSIGHT_H
#define MUSTER_OVERSIGHT_H

#include <jansson.h>

#include "../core/answer.h"
#include "../core/store.h"
#include "../trust/users.h"

#define SMALL_COUNT 5
#define SMALL_TEXT "fewer than 5"

/* A count for a reader of aggregates: the number, or SMALL_TEXT under
 * SMALL_COUNT; for a reader of details (`exact`), always the number. */
json_t *count_json(long long n, int exact);
/* Sets obj[keys[i]] to count_json(n[i]). Without `exact`, when exactly one of
 * the k counts is small, the smallest other is hidden too: a total shown
 * beside them would give the hidden one away. */
void counts_set(json_t *obj, const char *const *keys, const long long *n, size_t k, int exact);

/* Vetting coverage on `day`: the countries with personnel deployed (as muster
 * strength counts them) and whether any vetting record covers each, the
 * records by result and scheme; the records themselves for a reader who may
 * see restricted records. */
json_t *answer_vetting(struct store *s, const char *mission, int day, enum role role, struct err *e);
/* Complaints received by `day`, each with its status on that day, by status
 * and by category; each complaint for a reader who may see restricted records. */
json_t *answer_complaints(struct store *s, const char *mission, int day, enum role role, struct err *e);

extern const char *const complaint_status_choices[];
extern const char *const complaint_category_choices[];
extern const char *const vetting_result_choices[];
extern const char *const vetting_scheme_choices[];

#endif
