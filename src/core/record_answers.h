/* record_answers.h: questions about the record itself rather than the
 * mission: the sources it cites, and one record with its history marks.
 * Answers in the frame of answer.h; the caller decrefs. */
#ifndef MUSTER_RECORD_ANSWERS_H
#define MUSTER_RECORD_ANSWERS_H

#include "answer.h"
#include "store.h"

/* Every live source with its grade and how many public records cite it. */
json_t *answer_sources(struct store *s);
/* One public record by id prefix or ref: its fields, status (live,
 * corrected, retracted) and sources; for a source, the records citing it. */
json_t *answer_show(struct store *s, const char *name, struct err *e);
/* The same; with `restricted_ok` a restricted record is shown too (for the
 * oversight and admin roles). */
json_t *answer_show_as(struct store *s, const char *name, int restricted_ok, struct err *e);

#endif
