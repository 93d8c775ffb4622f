/* dynlib.c: dlopen and dlsym with messages that say what to install. */
#include "dynlib.h"

#include <dlfcn.h>

int dynlib_load_or_err(const char *soname, const char *package, const struct dynsym *syms, struct err *e)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return err_set_code(e, E_INTERNAL, "cannot load %s (%s); install it: apt-get install %s", soname,
				    dlerror(), package);
	for (const struct dynsym *s = syms; s->name; s++) {
		*s->slot = dlsym(h, s->name);
		if (!*s->slot)
			return err_set_code(e, E_INTERNAL, "%s has no %s; install a matching %s", soname, s->name,
					    package);
	}
	return 0; /* the library stays loaded for the life of the process */
}
