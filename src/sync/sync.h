/* sync.h: two Muster files exchanging records until both hold the union
 * (docs/sync.md). A record is named by the SHA-256 of its text, so a file is
 * a set of names: the two sides compare fingerprints of ranges of sorted
 * names (each range the names under one hex prefix), split the ranges that
 * differ, and then move only the records one side lacks, in the sender's
 * order of arrival, each record taken or refused on its own. The client
 * (sync_cli.c, libcurl) drives; the server (sync_serve.c, in `muster serve`)
 * answers each message on its own, keeping nothing between them but a
 * session. */
#ifndef MUSTER_SYNC_H
#define MUSTER_SYNC_H

#include <jansson.h>
#include <stdint.h>
#include <stddef.h>

#include "../core/err.h"
#include "../core/store.h"

/* The path `muster serve` answers sync on, and the protocol's version. */
#define SYNC_PATH "/sync/v1"
#define SYNC_VERSION 1
/* A range holding at most this many names is settled by listing them. */
#define SYNC_LIST_MAX 32
/* Names listed in one answer at most (the rest on the next page). */
#define SYNC_PAGE 8192
/* A message's limits: compressed as sent, and once inflated. */
#define SYNC_WIRE_MAX (32u << 20)
#define SYNC_TEXT_MAX (256u << 20)
#define SYNC_CTYPE "application/x-muster-sync"

/* ---- set.c: the set of names a role may read, and its fingerprints ---- */

/* The fingerprint of a set of names: how many, and their sum as 256-bit
 * numbers (mod 2^256): the same whatever the order the names came in. */
struct sync_fp {
	uint64_t n;
	uint8_t sum[32];
};

/* Adds the name `id` (64 lowercase hex digits) to `fp`. */
void sync_fp_add(struct sync_fp *fp, const char *id);
/* The fingerprint as text: SHA-256 of the sum and the count, `len` hex
 * digits of it (64: the set's digest; 32: a range's fingerprint), into out
 * (room for len + 1). */
void sync_fp_text(const struct sync_fp *fp, int len, char *out);

/* Whether `p` is a prefix of names: at most 63 lowercase hex digits. */
int sync_prefix_ok(const char *p);

/* The fingerprints of the names under prefix `p` that a reader may read
 * (all with `restricted_ok`, else the public records'): the whole in *all,
 * and of each of the 16 longer prefixes p0…pf in kids (when not NULL and p
 * is shorter than 63). Returns 0, or -1 when a row step failed. */
int sync_range_or_err(struct store *s, const char *p, int restricted_ok, struct sync_fp *all,
		      struct sync_fp kids[16], struct err *e);

/* Calls `each` for the names under `p` greater than `after` (NULL: all) in
 * the order of the names, with their seq, until it returns non-zero or
 * `limit` names were given. Returns how many were given, or -1. */
long sync_list_or_err(struct store *s, const char *p, const char *after, int restricted_ok, long limit,
		      int (*each)(void *arg, const char *id, long long seq), void *arg, struct err *e);

/* The digest of the whole set a reader may read (64 hex) and its size:
 * equal on two files holding the same records, whatever their order. */
int sync_digest_or_err(struct store *s, int restricted_ok, char out[HASH_HEX], long long *n, struct err *e);

/* Records a message moves at most: $MUSTER_SYNC_BATCH (1 to 10,000), else
 * 500. */
long sync_batch_size(void);
/* Sorts an array of pairs ([name, n, …]) by their second element. */
void sync_sort_pairs(json_t *pairs);

/* ---- wire.c: messages, JSON deflated with zlib ---- */

/* The message `doc` as sent: its JSON text deflated. Returns a buffer from
 * malloc (the caller frees) and its length in *len, or NULL. */
unsigned char *sync_pack(const json_t *doc, size_t *len);
/* A message received: inflated (at most SYNC_TEXT_MAX bytes) and parsed; a
 * new object, or NULL with a named error ("malformed message: …"). */
json_t *sync_unpack_or_err(const unsigned char *data, size_t len, struct err *e);

/* ---- arrive.c: records arriving from the other side ---- */

/* Appends the record `body` named `id` as an import does (every check of
 * its fields and of what it names; the derived tables), unless the file
 * holds it already: *added is then 0, else 1. The text must be a record's
 * canonical text (record_canonical) and hash to `id`: a record forged or
 * altered on the way is refused and named. `key` and `sig` (hex) are its
 * author's signature, or NULL: checked by keys_arrival_check_or_err
 * (src/trust/keys.h) and kept beside it. A restricted record is refused
 * unless `restricted_ok`. Must be inside a write transaction. */
int sync_arrive_or_err(struct store *s, const char *id, const char *body, const char *key, const char *sig,
		       int restricted_ok, int *added, struct err *e);

/* What a batch of arriving records came to. */
struct sync_batch {
	long long added, held, bytes;   /* records appended, already held; their texts' bytes */
	json_t *refused;        /* [[name, message]…]: the records refused, appended to */
	json_t *retry;          /* when not NULL: the records refused for an unknown key go here
				 * instead, to be tried again after later batches */
};
/* Appends the records `recs` ([[name, text] or [name, text, key, sig]…])
 * inside the caller's write transaction, each in a savepoint of its own: a
 * record refused (malformed, forged, restricted, its signature untrusted, a
 * check failing) is left out and named in b->refused, and the others go on.
 * Key records go first; one refused for an unknown key is tried again at the
 * end of the batch. Returns -1 only when the file failed (E_INTERNAL,
 * E_BUSY): the caller rolls back. */
int sync_arrive_batch_or_err(struct store *s, const json_t *recs, int rok, struct sync_batch *b, struct err *e);

/* ---- sync_serve.c: the server's side, in `muster serve` ---- */

struct server;
struct MHD_Connection;
/* The handler of POST SYNC_PATH, called by serve.c for that path: collects
 * the body over the calls of one request, then answers it. */
int sync_http(const struct server *srv, struct MHD_Connection *conn, const char *upload_data,
	      size_t *upload_size, void **con_cls);
/* Whether a request's state is sync_http's, and freeing it. */
int sync_http_owns(const void *state);
void sync_http_free(void *state);

/* ---- curl_dl.c: libcurl, loaded on first use ---- */

struct sync_http_opts {
	const char *cacert;     /* a CA file for HTTPS, or NULL: the system's */
	const char *userpwd;    /* "name:password" for Basic authentication, or NULL */
	long timeout;           /* seconds for one exchange */
};
/* POSTs `data` to `url`; the answer's body into *out (from malloc, the
 * caller frees) and its status into *status. Counts the bytes sent and
 * received (the bodies and the headers) into *sent and *recvd. A transfer
 * that fails (no answer, the connection broken) is E_UNAVAILABLE. */
int sync_post_or_err(const char *url, const struct sync_http_opts *o, const unsigned char *data, size_t len,
		     unsigned char **out, size_t *out_len, long *status, unsigned long long *sent,
		     unsigned long long *recvd, struct err *e);

#endif
