/* add.h: adding one record, the one way the command line (muster add,
 * correct, retract) and the web forms both do it, so that both apply the same
 * checks and give the same messages. */
#ifndef MUSTER_ADD_H
#define MUSTER_ADD_H

#include <jansson.h>

#include "err.h"
#include "hash.h"

struct store;

/* Normalises `in` (loose input: strings, numbers, arrays) and appends it in
 * its own transaction; writes the new id. The message has no prefix: the
 * caller adds its own (the CLI "muster add", a web form none). Nothing is
 * changed on failure. */
int record_add_or_err(struct store *s, const json_t *in, char id[HASH_HEX], struct err *e);

/* The loose input of a correction of record `name` (an id prefix or a ref):
 * its body without entered_by, entered_at and corrects, with `changes`
 * applied (an empty string removes a field) and corrects set to its id.
 * Returns a new object (caller decrefs), or NULL with `e` set. When `body`
 * is not NULL it receives the old body (caller decrefs). */
json_t *record_correction_or_err(struct store *s, const char *name, const json_t *changes, json_t **body,
				 struct err *e);

#endif
