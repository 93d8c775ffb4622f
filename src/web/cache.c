/* cache.c: the response cache (cache.h) — a direct-mapped table of
 * libmicrohttpd responses under one mutex. A response object can be queued
 * on any number of connections (libmicrohttpd counts its references), so a
 * hit costs a look-up and a queue, no copy. A key that lands on a taken slot
 * replaces it; responses of an older log head are never asked for again and
 * leave as new ones come. */
#include "cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	char key[CACHE_KEY];
	struct MHD_Response *res;       /* NULL when empty; the cache's reference */
	size_t bytes;
};

struct resp_cache {
	pthread_mutex_t lock;
	struct slot *slots;
	size_t n_slots, bytes, max_bytes;
};

struct resp_cache *cache_new(size_t slots, size_t max_bytes)
{
	struct resp_cache *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->slots = calloc(slots, sizeof *c->slots);
	if (!c->slots) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	c->n_slots = slots;
	c->max_bytes = max_bytes;
	return c;
}

void cache_free(struct resp_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_slots; i++)
		if (c->slots[i].res)
			MHD_destroy_response(c->slots[i].res);
	pthread_mutex_destroy(&c->lock);
	free(c->slots);
	free(c);
}

/* FNV-1a: keys are mostly hex of a SHA-256 already, any spread will do. */
static struct slot *slot_of(struct resp_cache *c, const char *key)
{
	unsigned long h = 2166136261u;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &c->slots[h % c->n_slots];
}

int cache_queue(struct resp_cache *c, const char *key, struct MHD_Connection *conn)
{
	int rc = -1;
	pthread_mutex_lock(&c->lock);
	struct slot *s = slot_of(c, key);
	/* Queued under the lock: a replacement in another thread cannot free the
	 * response between the look-up and the queue's own reference. */
	if (s->res && !strcmp(s->key, key))
		rc = MHD_queue_response(conn, MHD_HTTP_OK, s->res) == MHD_YES;
	pthread_mutex_unlock(&c->lock);
	return rc;
}

void cache_put(struct resp_cache *c, const char *key, struct MHD_Response *res, size_t bytes)
{
	struct MHD_Response *drop = res;
	pthread_mutex_lock(&c->lock);
	struct slot *s = slot_of(c, key);
	if (strlen(key) < CACHE_KEY && bytes <= c->max_bytes / 8) {
		struct MHD_Response *old = s->res;
		size_t freed = old ? s->bytes : 0;
		if (c->bytes - freed + bytes <= c->max_bytes) {
			snprintf(s->key, sizeof s->key, "%s", key);
			s->res = res;
			s->bytes = bytes;
			c->bytes = c->bytes - freed + bytes;
			drop = old;
		}
	}
	pthread_mutex_unlock(&c->lock);
	if (drop)
		MHD_destroy_response(drop);
}
