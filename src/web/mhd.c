/* mhd.c: loading libmicrohttpd's functions into mhd_api on first use. */
#define MHD_DL_IMPL
#include "mhd.h"

#include <pthread.h>

#include "../core/dynlib.h"

struct mhd_api mhd_api;

static pthread_mutex_t mhd_lock = PTHREAD_MUTEX_INITIALIZER;
static int mhd_loaded;

int mhd_load_or_err(struct err *e)
{
	const struct dynsym syms[] = {
		{"MHD_start_daemon", (void **)&mhd_api.start_daemon},
		{"MHD_stop_daemon", (void **)&mhd_api.stop_daemon},
		{"MHD_create_response_from_buffer", (void **)&mhd_api.create_response_from_buffer},
		{"MHD_add_response_header", (void **)&mhd_api.add_response_header},
		{"MHD_queue_response", (void **)&mhd_api.queue_response},
		{"MHD_destroy_response", (void **)&mhd_api.destroy_response},
		{"MHD_lookup_connection_value", (void **)&mhd_api.lookup_connection_value},
		{"MHD_get_connection_values", (void **)&mhd_api.get_connection_values},
		{"MHD_get_connection_values_n", (void **)&mhd_api.get_connection_values_n},
		{"MHD_get_connection_info", (void **)&mhd_api.get_connection_info},
		{"MHD_create_post_processor", (void **)&mhd_api.create_post_processor},
		{"MHD_post_process", (void **)&mhd_api.post_process},
		{"MHD_destroy_post_processor", (void **)&mhd_api.destroy_post_processor},
		{NULL, NULL},
	};
	pthread_mutex_lock(&mhd_lock);
	int rc = mhd_loaded ? 0 : dynlib_load_or_err("libmicrohttpd.so.12", "libmicrohttpd12", syms, e);
	if (rc == 0)
		mhd_loaded = 1;
	pthread_mutex_unlock(&mhd_lock);
	return rc;
}
