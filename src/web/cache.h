/* cache.h: finished responses shared by the server's threads, keyed by what
 * the response depends on (the ETag names the log head, the path, the query,
 * the language and the day a missing as_of means; serve.c adds the
 * encoding), so that a page or an answer is made once per state of the
 * record instead of once per request. Bounded in entries and bytes. */
#ifndef MUSTER_WEB_CACHE_H
#define MUSTER_WEB_CACHE_H

#include <stddef.h>

#include "mhd.h"

#define CACHE_KEY 64            /* a key's longest length, NUL included */

struct resp_cache;

/* A cache of `slots` entries holding at most `max_bytes` of bodies in all;
 * NULL when out of memory. */
struct resp_cache *cache_new(size_t slots, size_t max_bytes);
/* Gives back every response held. */
void cache_free(struct resp_cache *c);

/* Queues the response cached under `key` on `conn` with status 200. Returns
 * 1 (queued), 0 (MHD refused it) or -1 (not cached: answer the request). */
int cache_queue(struct resp_cache *c, const char *key, struct MHD_Connection *conn);

/* Keeps `res` (status 200, a body of `bytes`) under `key`, replacing what
 * the key's slot held. Takes over the caller's reference to `res`: the
 * caller must not MHD_destroy_response it afterwards (the cache does, when
 * the response is replaced, too large to keep, or the cache is freed). */
void cache_put(struct resp_cache *c, const char *key, struct MHD_Response *res, size_t bytes);

#endif
