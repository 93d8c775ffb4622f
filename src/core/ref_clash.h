/* ref_clash.h: a ref that more than one record claims, as a disagreement
 * (ref_clash.c; which record the ref names: refs.c). */
#ifndef MUSTER_REF_CLASH_H
#define MUSTER_REF_CLASH_H

#include "answer.h"
#include "store.h"

/* Adds to `a` the disagreement over ref `ref`, if records clash over it that
 * the reader may see (`restricted_ok`: restricted ones too); returns 1 when
 * one was added, 0 when none, -1 with `e` set on an error. */
int ref_clash_disagree(struct store *s, struct answer *a, const char *ref, int restricted_ok, struct err *e);
/* The same for the ref that record `seq` claims or holds in another's place. */
int ref_clash_of_record(struct store *s, struct answer *a, sqlite3_int64 seq, int restricted_ok, struct err *e);

#endif
