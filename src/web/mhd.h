/* mhd.h: libmicrohttpd, loaded by `muster serve` only (mhd_load_or_err), so
 * that the other commands do not pay for it and GnuTLS at start-up. Include
 * this instead of <microhttpd.h>: the MHD_ calls below go through the table. */
#ifndef MUSTER_MHD_H
#define MUSTER_MHD_H

#include <microhttpd.h>

#include "../core/err.h"

struct mhd_api {
	__typeof__(&MHD_start_daemon) start_daemon;
	__typeof__(&MHD_stop_daemon) stop_daemon;
	__typeof__(&MHD_create_response_from_buffer) create_response_from_buffer;
	__typeof__(&MHD_add_response_header) add_response_header;
	__typeof__(&MHD_queue_response) queue_response;
	__typeof__(&MHD_destroy_response) destroy_response;
	__typeof__(&MHD_lookup_connection_value) lookup_connection_value;
	__typeof__(&MHD_get_connection_values) get_connection_values;
	__typeof__(&MHD_get_connection_values_n) get_connection_values_n;
	__typeof__(&MHD_get_connection_info) get_connection_info;
	__typeof__(&MHD_create_post_processor) create_post_processor;
	__typeof__(&MHD_post_process) post_process;
	__typeof__(&MHD_destroy_post_processor) destroy_post_processor;
};

/* Filled once by mhd_load_or_err, read-only afterwards. */
extern struct mhd_api mhd_api;

/* Loads libmicrohttpd (once; safe to call again). */
int mhd_load_or_err(struct err *e);

#ifndef MHD_DL_IMPL
#define MHD_start_daemon (mhd_api.start_daemon)
#define MHD_stop_daemon (mhd_api.stop_daemon)
#define MHD_create_response_from_buffer (mhd_api.create_response_from_buffer)
#define MHD_add_response_header (mhd_api.add_response_header)
#define MHD_queue_response (mhd_api.queue_response)
#define MHD_destroy_response (mhd_api.destroy_response)
#define MHD_lookup_connection_value (mhd_api.lookup_connection_value)
#define MHD_get_connection_values (mhd_api.get_connection_values)
#define MHD_get_connection_values_n (mhd_api.get_connection_values_n)
#define MHD_get_connection_info (mhd_api.get_connection_info)
#define MHD_create_post_processor (mhd_api.create_post_processor)
#define MHD_post_process (mhd_api.post_process)
#define MHD_destroy_post_processor (mhd_api.destroy_post_processor)
#endif

#endif
