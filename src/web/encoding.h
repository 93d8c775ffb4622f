/* encoding.h: how a response travels (encoding.c): its content coding and
 * its validator. */
#ifndef MUSTER_WEB_ENCODING_H
#define MUSTER_WEB_ENCODING_H

#include "web.h"

/* 1 when the Accept-Encoding value `ae` takes gzip (not with q=0). */
int web_wants_gzip(const char *ae);
/* Replaces b's content with its gzip form; -1 (b untouched) on failure. */
int web_gzip(struct buf *b);
/* 1 when the If-None-Match value `inm` names `etag` (or is "*"). */
int web_etag_matches(const char *inm, const char *etag);

#endif
