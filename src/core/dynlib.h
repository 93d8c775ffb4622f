/* dynlib.h: loading a shared library on first use (dlopen), for the few
 * libraries that only one command needs (libmicrohttpd for serve, libxml2
 * for Akoma Ntoso), so that every other command starts without them. */
#ifndef MUSTER_DYNLIB_H
#define MUSTER_DYNLIB_H

#include "err.h"

struct dynsym {
	const char *name;       /* the symbol */
	void **slot;            /* where its address goes */
};

/* Opens `soname` and fills every slot of `syms` (ended by a NULL name).
 * On failure the message names the library and the Debian package that
 * provides it. Not thread-safe: callers serialise (see mhd.c, xml_dl.c). */
int dynlib_load_or_err(const char *soname, const char *package, const struct dynsym *syms, struct err *e);

#endif
