/* curl_dl.c: the client's HTTP, through libcurl loaded on first use (as
 * serve loads libmicrohttpd), so that no other command pays for it: one POST
 * of a message and its answer, with the bytes counted both ways. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dynlib.h"
#include "sync.h"

static struct {
	__typeof__(&curl_global_init) global_init;
	__typeof__(&curl_easy_init) init;
	__typeof__(&curl_easy_setopt) setopt;
	__typeof__(&curl_easy_perform) perform;
	__typeof__(&curl_easy_getinfo) getinfo;
	__typeof__(&curl_easy_cleanup) cleanup;
	__typeof__(&curl_easy_strerror) strerror;
	__typeof__(&curl_slist_append) slist_append;
	__typeof__(&curl_slist_free_all) slist_free_all;
} cu;
static int cu_loaded;
static pthread_mutex_t cu_lock = PTHREAD_MUTEX_INITIALIZER;

static int curl_load_or_err(struct err *e)
{
	const struct dynsym syms[] = {
		{"curl_global_init", (void **)&cu.global_init},
		{"curl_easy_init", (void **)&cu.init},
		{"curl_easy_setopt", (void **)&cu.setopt},
		{"curl_easy_perform", (void **)&cu.perform},
		{"curl_easy_getinfo", (void **)&cu.getinfo},
		{"curl_easy_cleanup", (void **)&cu.cleanup},
		{"curl_easy_strerror", (void **)&cu.strerror},
		{"curl_slist_append", (void **)&cu.slist_append},
		{"curl_slist_free_all", (void **)&cu.slist_free_all},
		{NULL, NULL},
	};
	pthread_mutex_lock(&cu_lock);
	int rc = cu_loaded ? 0 : dynlib_load_or_err("libcurl.so.4", "libcurl4", syms, e);
	if (rc == 0 && !cu_loaded) {
		cu.global_init(CURL_GLOBAL_DEFAULT);
		cu_loaded = 1;
	}
	pthread_mutex_unlock(&cu_lock);
	return rc;
}

struct sink {
	unsigned char *p;
	size_t len, cap;
	int too_big;
};

static size_t take(char *data, size_t size, size_t n, void *arg)
{
	struct sink *k = arg;
	size_t add = size * n;
	if (k->len + add > SYNC_WIRE_MAX) {
		k->too_big = 1;
		return 0;
	}
	if (k->len + add + 1 > k->cap) {
		size_t cap = (k->len + add + 1) * 2;
		unsigned char *more = realloc(k->p, cap);
		if (!more)
			return 0;
		k->p = more;
		k->cap = cap;
	}
	memcpy(k->p + k->len, data, add);
	k->len += add;
	k->p[k->len] = 0;
	return add;
}

int sync_post_or_err(const char *url, const struct sync_http_opts *o, const unsigned char *data, size_t len,
		     unsigned char **out, size_t *out_len, long *status, unsigned long long *sent,
		     unsigned long long *recvd, struct err *e)
{
	*out = NULL;
	*out_len = 0;
	if (curl_load_or_err(e) < 0)
		return -1;
	CURL *h = cu.init();
	if (!h)
		return err_set_code(e, E_INTERNAL, "libcurl cannot start");
	struct sink k = {0};
	struct curl_slist *hdr = cu.slist_append(NULL, "Content-Type: " SYNC_CTYPE);
	hdr = cu.slist_append(hdr, "Expect:");
	cu.setopt(h, CURLOPT_URL, url);
	cu.setopt(h, CURLOPT_POST, 1L);
	cu.setopt(h, CURLOPT_POSTFIELDS, (const char *)data);
	cu.setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	cu.setopt(h, CURLOPT_HTTPHEADER, hdr);
	cu.setopt(h, CURLOPT_WRITEFUNCTION, take);
	cu.setopt(h, CURLOPT_WRITEDATA, &k);
	cu.setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu.setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
	cu.setopt(h, CURLOPT_TIMEOUT, o->timeout > 0 ? o->timeout : 600L);
	cu.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	cu.setopt(h, CURLOPT_USERAGENT, "muster-sync/1");
	if (o->cacert)
		cu.setopt(h, CURLOPT_CAINFO, o->cacert);
	if (o->userpwd) {
		cu.setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		cu.setopt(h, CURLOPT_USERPWD, o->userpwd);
	}
	CURLcode rc = cu.perform(h);
	curl_off_t up = 0, down = 0;
	long hsize = 0, rsize = 0;
	cu.getinfo(h, CURLINFO_SIZE_UPLOAD_T, &up);
	cu.getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &down);
	cu.getinfo(h, CURLINFO_HEADER_SIZE, &hsize);
	cu.getinfo(h, CURLINFO_REQUEST_SIZE, &rsize);
	*sent += (unsigned long long)up + (unsigned long long)rsize;
	*recvd += (unsigned long long)down + (unsigned long long)hsize;
	cu.getinfo(h, CURLINFO_RESPONSE_CODE, status);
	cu.slist_free_all(hdr);
	int ret = 0;
	if (k.too_big)
		ret = err_set(e, "malformed message: the answer of %s is larger than 32 MiB", url);
	else if (rc != CURLE_OK)
		ret = err_set_code(e, E_UNAVAILABLE, "%s: %s", url, cu.strerror(rc));
	cu.cleanup(h);
	if (ret < 0) {
		free(k.p);
		return -1;
	}
	*out = k.p;
	*out_len = k.len;
	return 0;
}
