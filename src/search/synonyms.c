/* synonyms.c: the words of the four languages that name what records hold
 * in English or as codes: the statuses, place types and other few-word
 * values (their labels in po/fr.po, ht.po, es.po, embedded in the binary),
 * and the countries (ISO 3166-1 names in English, French and Spanish from
 * Debian's iso-codes package and its translations, Creole names from the
 * table below). Built once, on first use, read-only afterwards. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/iso.h"
#include "../i18n/i18n.h"
#include "../places/places.h"
#include "search.h"

/* Haitian Creole names of the countries the mission's records name (the
 * iso-codes package has no Creole catalogue). */
static const char *const creole[][2] = {
	{"ATG", "Antigwa ak Barbouda"}, {"BDI", "Bouroundi"}, {"BEN", "Benen"}, {"BFA", "Boukina Faso"},
	{"BGD", "Bangladèch"}, {"BHS", "Bahamas"}, {"BLZ", "Beliz"}, {"BRB", "Babad"}, {"CAN", "Kanada"},
	{"DEU", "Almay"}, {"DOM", "Dominikani"}, {"DOM", "Repiblik Dominikèn"}, {"FRA", "Lafrans"},
	{"FRA", "Frans"}, {"GIN", "Gine"}, {"GMB", "Ganbi"}, {"GTM", "Gwatemala"}, {"GUY", "Giyana"},
	{"HTI", "Ayiti"}, {"JAM", "Jamayik"}, {"KEN", "Kenya"}, {"LKA", "Sri Lanka"}, {"SLE", "Syera Leòn"},
	{"SLV", "Salvadò"}, {"TCD", "Tchad"}, {"USA", "Etazini"}, {"MEX", "Meksik"}, {"BRA", "Brezil"},
	{"CHN", "Lachin"}, {"ESP", "Espay"}, {"GBR", "Angletè"},
};

struct syn {
	char *folded;           /* the name, folded (fold_name) */
	const char *target;     /* a value ("contested") or an alpha-3 code */
	int country;            /* 1: target is a country code */
};

static struct syn *syns;
static size_t n_syns, cap_syns;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void add(const char *name, const char *target, int country)
{
	if (!name || !*name)
		return;
	char *f = fold_name(name);
	if (!*f) {
		free(f);
		return;
	}
	if (n_syns == cap_syns) {
		cap_syns = cap_syns ? cap_syns * 2 : 512;
		syns = realloc(syns, cap_syns * sizeof *syns);
		if (!syns)
			abort();
	}
	syns[n_syns++] = (struct syn){f, target, country};
}

/* The whole of a file (from malloc), or NULL. */
static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *p = NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		if (n > 0 && n < (64L << 20) && fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n)) &&
		    fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		}
		*size = n > 0 ? (size_t)n : 0;
	}
	fclose(f);
	return p;
}

static int cmp_syn(const void *a, const void *b)
{
	const struct syn *x = a, *y = b;
	int c = strcmp(x->folded, y->folded);
	return c ? c : strcmp(x->target, y->target);
}

/* The pages' labels of values (statuses, place types), from the top of the
 * tree (src/main.c): the search folder sits below the web's. */
static const char *(*label_at)(size_t i, const char **label);

void search_use_labels(const char *(*at)(size_t i, const char **label))
{
	label_at = at;
}

static void build(void)
{
	const char *label, *key;
	for (size_t i = 0; label_at && (key = label_at(i, &label)); i++)
		for (size_t l = 0; l < lang_n; l++)
			add(lang_tr(&lang_all[l], label), key, 0);
	/* French and Spanish country names: iso-codes' catalogues translate
	 * each English name. */
	static const char *const langs[] = {"fr", "es"};
	const char *dir = getenv("MUSTER_LOCALE_DIR");
	for (size_t l = 0; l < 2; l++) {
		char path[512];
		size_t size = 0;
		snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/iso_3166-1.mo", dir ? dir : "/usr/share/locale", langs[l]);
		char *mo = slurp(path, &size);
		const char *code, *names[3];
		for (size_t i = 0; iso_country_at(i, &code, names); i++)
			for (int j = 0; j < 3; j++) {
				if (l == 0)
					add(names[j], code, 1);
				if (mo && names[j])
					add(mo_find(mo, size, names[j]), code, 1);
			}
		free(mo);   /* add copied the folded names */
	}
	for (size_t i = 0; i < sizeof creole / sizeof *creole; i++)
		add(creole[i][1], creole[i][0], 1);
	qsort(syns, n_syns, sizeof *syns, cmp_syn);
}

/* The first entry whose name is >= folded. */
static size_t lower_bound(const char *folded)
{
	size_t lo = 0, hi = n_syns;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(syns[mid].folded, folded) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *search_value_named(const char *folded)
{
	pthread_once(&once, build);
	for (size_t i = lower_bound(folded); i < n_syns && !strcmp(syns[i].folded, folded); i++)
		if (!syns[i].country)
			return syns[i].target;
	return NULL;
}

int search_countries_named(const char *folded, int prefix, const char **codes, int max)
{
	pthread_once(&once, build);
	size_t len = strlen(folded);
	int n = 0;
	for (size_t i = lower_bound(folded); i < n_syns && n < max; i++) {
		if (prefix ? strncmp(syns[i].folded, folded, len) : strcmp(syns[i].folded, folded))
			break;
		if (!syns[i].country)
			continue;
		int seen = 0;
		for (int j = 0; j < n; j++)
			seen |= !strcmp(codes[j], syns[i].target);
		if (!seen)
			codes[n++] = syns[i].target;
	}
	return n;
}
