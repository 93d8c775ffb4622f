/* bundled.h: the Haiti record of data/haiti/, compiled into the binary. */
#ifndef MUSTER_BUNDLED_H
#define MUSTER_BUNDLED_H

#include "../core/store.h"

/* Who and when the bundled records say entered them: fixed, so that the
 * bundled record has the same ids on every machine. */
#define BUNDLED_BY "muster (bundled Haiti record, data/haiti)"
#define BUNDLED_AT "2026-11-23T00:00:00Z"

/* Imports every bundled file, in order; the caller owns the transaction. */
int bundled_import_or_err(struct store *s, long long *n, struct err *e);

#endif
