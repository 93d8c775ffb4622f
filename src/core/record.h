/* record.h: the kinds of record and their fields, as data. A kind lists its
 * fields with types; record_normalize_or_err turns loose input (CSV strings or
 * JSON values) into the canonical record object, checking every field, and
 * record_canonical gives the text that names a record by its SHA-256. */
#ifndef MUSTER_RECORD_H
#define MUSTER_RECORD_H

#include <jansson.h>
#include <sqlite3.h>

#include "err.h"

enum ftype {
	FT_TEXT,        /* free text, valid UTF-8, no control characters */
	FT_INT,         /* a whole number >= 0 */
	FT_DATE,        /* a date with precision (date.h) */
	FT_COUNTRY,     /* ISO 3166-1 alpha-3 */
	FT_ENUM,        /* one of `choices` */
	FT_SOURCES,     /* source refs separated by ';' (CSV) or a JSON array */
	FT_RECORD,      /* a record id (hex prefix) or ref; resolved by the store */
	FT_KEY,         /* a short key: letters, digits, '-', '_', '.' */
	FT_URL,         /* http(s) URL */
};

#define FF_REQUIRED 1u   /* the field must be present and non-empty */

struct field {
	const char *name;
	enum ftype type;
	unsigned flags;
	const char *const *choices;     /* FT_ENUM: NULL-terminated list */
	const char *help;
};

struct store;

struct kind {
	const char *name;
	const char *summary;
	const struct field *fields;     /* kind-specific; ends with name == NULL */
	int needs_sources;              /* 1: at least one source is required */
	/* Cross-field checks on the normalised record; NULL when none. */
	int (*check)(const json_t *rec, struct err *e);
	/* Inserts the record's row into the kind's derived table. */
	int (*derive)(struct store *s, sqlite3_int64 seq, const json_t *rec, struct err *e);
	const char *table_sql;          /* CREATE TABLE … for the derived table(s) */
	const char *table;              /* its tables, space-separated, dropped by rebuild */
	/* CREATE INDEX IF NOT EXISTS … on its tables that no append reads (only
	 * answers and the refresh): a bulk transaction may drop them and create
	 * them again at its end (bulk.h). Their names, space-separated. */
	const char *deferrable_sql;
	const char *deferrable;
	/* Refreshes summary tables after a transaction that appended records of
	 * this kind (e.g. running totals); NULL when none. */
	int (*refresh)(struct store *s, struct err *e);
	/* SQL creating per-connection TEMP tables (e.g. what a refresh must
	 * redo), run when a store opens for writing; NULL when none. */
	const char *temp_sql;
	/* Called when a record of this kind is corrected or retracted, with its
	 * seq, before refresh; NULL when nothing depends on it. */
	int (*invalidate)(struct store *s, sqlite3_int64 seq, struct err *e);
	/* 1: its table holds what only a reader of restricted records may read
	 * (vetting of persons, complaints): the public connection cannot read
	 * it at all and counts through its aggregate view (derive.h). */
	int restricted;
};

/* The registry of kinds (kinds.c). */
const struct kind *kind_find(const char *name);
const struct kind *const *kind_all(size_t *n);
/* Fields every kind has (kind, ref, mission, date, sources, …). */
const struct field *record_common_fields(void);

/* Checks and types every field of `in` (an object of strings, numbers or
 * arrays) for its kind; unknown fields and empty required ones are errors.
 * Empty strings are dropped. On success *out is a new object (caller
 * decrefs). The message names the field and the fix; the caller adds the
 * place (file and line). */
int record_normalize_or_err(const json_t *in, json_t **out, struct err *e);

/* The canonical text of a record: sorted keys, no insignificant space, UTF-8.
 * Returns a string from malloc; the caller frees it. */
char *record_canonical(const json_t *rec);

/* What a record says, apart from who entered it and when: the canonical
 * text without entered_by and entered_at (from malloc; the caller frees).
 * Two records that say the same thing are duplicates, whoever entered them. */
char *record_statement(const json_t *rec);
/* The same text cut from a record's canonical text (record_canonical),
 * without parsing it again (from malloc; the caller frees). */
char *record_statement_canonical(const char *canonical);
/* A 64-bit key of record_statement's text, for finding duplicates fast. */
long long record_statement_key(const char *statement);
/* The same key straight from a canonical text, without building the
 * statement: record_statement_key(record_statement_canonical(c)). */
long long record_statement_key_of(const char *canonical);

/* The end of the JSON value that starts at p (a string, a number, an array
 * or an object as json_dumps writes them): the first byte after it; at the
 * end of the enclosing array or object, or at a comma after a bare value,
 * that byte. */
const char *record_value_end(const char *p);
/* The members of a canonical body's top-level object, read off its text
 * without parsing it: start with *p at the body; each call gives a member's
 * key (its JSON text without the quotes) and value (its JSON text) and moves
 * *p past it. Returns 1, then 0 at the end, or -1 on text that is not an
 * object as record_canonical writes one. */
int record_member_next(const char **p, const char **key, size_t *klen, const char **val, size_t *vlen);
/* The text of the JSON string content s[0..n) (between its quotes) with its
 * escapes undone, into out (room for n + 1 bytes), NUL-terminated; returns
 * its length. */
size_t record_unescape(const char *s, size_t n, char *out);

/* 1 when `s` is valid UTF-8 (what JSON strings need). */
int utf8_valid(const char *s);

/* Shorthands for reading a normalised record. */
const char *rec_str(const json_t *rec, const char *field);   /* NULL if absent */
long long rec_int(const json_t *rec, const char *field, long long dflt);

#define DEFAULT_MISSION "MSS-HTI"

#endif
