/* conflicts.h: the conflicts question, which lists every disagreement that
 * any answer shows, whatever feature it belongs to. */
#ifndef MUSTER_RECORD_CONFLICTS_H
#define MUSTER_RECORD_CONFLICTS_H

#include "../core/answer.h"
#include "../core/store.h"

/* Every disagreement in the record of `mission`, each tagged with the area
 * that found it (force, strength, pledges, funding, fts, budget, places, incidents), counted
 * by kind and by area. Returns a finished answer document (caller decrefs),
 * or NULL with the error set. */
json_t *answer_conflicts(struct store *s, const char *mission, struct err *e);

#endif
