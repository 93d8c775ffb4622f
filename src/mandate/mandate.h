/* mandate.h: the mandate feature — UN Security Council resolutions (read
 * from Akoma Ntoso XML), the authorisations they give, the obligations they
 * set, the promises made to the mission, and one timeline across them. */
#ifndef MUSTER_MANDATE_H
#define MUSTER_MANDATE_H

#include <jansson.h>
#include <stdio.h>

#include "../core/answer.h"
#include "../core/store.h"

/* A record counts in an answer when it is live and public: answers read
 * pub_rec (src/core/derive.h), never rec. */

/* The columns of data/haiti/mandate.csv, in order (test-akn prints them). */
extern const char *const mandate_csv_columns[];

/* Reads one Akoma Ntoso resolution (`xml`, `len` bytes, named `name` in
 * messages) into two new records: the source (the UN document) and the
 * resolution with its preamble and numbered operative paragraphs. Errors
 * name the file, the element and the fix. The caller decrefs both. */
int akn_parse_or_err(const char *xml, size_t len, const char *name, json_t **source, json_t **resolution,
		     struct err *e);

/* Appends the records of each file in one transaction (all or nothing); a
 * source already in the store is not appended again. Writes the count. */
int akn_import_files_or_err(struct store *s, char *const *paths, int n, long long *count, struct err *e);

/* The last day a promise or requirement is judged on, and the mission's
 * authorisation end used when a promise names no deadline (0 when none). */
int mandate_authorization_end(struct store *s, const char *mission, int day, sqlite3_int64 *seq);

/* The missions from `mission` to its mission of record on `day`
 * (succession.c): mission[0] is `mission`; each next one is the successor of
 * the one before, taken when that one's authorisations have all ended and the
 * successor's has begun. end[i] is the last authorised day of mission[i] when
 * all its authorisations have ended by `day`, else 0. The mission of record
 * is mission[n - 1]. */
#define SUCCESSION_MAX 8
struct succession {
	char mission[SUCCESSION_MAX][65];
	int end[SUCCESSION_MAX];
	int n;
};
int mandate_succession_or_err(struct store *s, int day, const char *mission, struct succession *out, struct err *e);

/* Answers (JSON documents in the frame of answer.h; caller decrefs). */
json_t *answer_mandate(struct store *s, int day, struct err *e);
/* Every mission of the file: records, first and last dated fact, its
 * authorisation on `day`, predecessor and successor (missions.c). */
json_t *answer_missions(struct store *s, int day, struct err *e);
json_t *answer_obligations(struct store *s, int day, struct err *e);
/* `status` is NULL (all), "kept", "missed", "pending" or "unknown". */
json_t *answer_promises(struct store *s, int day, const char *status, struct err *e);
/* Events dated within [from, to] (yyyymmdd; 0 for open ends). */
json_t *answer_timeline(struct store *s, int day, int from, int to, struct err *e);

#endif
