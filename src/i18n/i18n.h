/* i18n.h: the languages of the web pages — English, and French, Haitian
 * Creole and Spanish from po/LANG.po, compiled by msgfmt into .mo catalogues that
 * are embedded in the binary and read per request. glibc's gettext() is not
 * used: it picks one language per process from installed system locales,
 * while each request of the threaded server may ask for another. */
#ifndef MUSTER_I18N_H
#define MUSTER_I18N_H

#include <stddef.h>

/* mo.c: a GNU .mo catalogue in memory (either byte order). */

/* The translation of `msgid` in the catalogue [data, data + size), or NULL
 * when it has none (or the data is not a well-formed catalogue: every offset
 * is checked against `size`). For a plural entry the result is its first
 * form; the others follow, each after the NUL of the one before. The result
 * points into `data`. Uses the catalogue's hash table when it has one, else
 * a binary search of its sorted originals. */
const char *mo_find(const void *data, size_t size, const char *msgid);
/* The `n`-th plural form of a translation found by mo_find (form 0 is the
 * result itself), or NULL when the entry has fewer forms. */
const char *mo_plural_form(const void *data, size_t size, const char *msgid, unsigned n);

/* lang.c: the languages and how a request chooses one. */

struct lang {
	const char *code;       /* "en", "fr", "ht", "es": BCP 47 primary subtags */
	const char *name;       /* the language's name in itself, for the switch */
	const unsigned char *mo, *mo_end;   /* its catalogue; NULL for English */
	const char *group;      /* thousands separator */
	int group_min;          /* group numbers of at least this many digits */
	const char *decimal;    /* decimal mark */
	/* Which plural form a count takes (the rule of the catalogue's
	 * Plural-Forms header, which a unit test compares with `plural_forms`). */
	unsigned (*plural)(unsigned long long n);
	const char *plural_forms;
};

/* The languages, English first. */
extern const struct lang lang_all[];
extern const size_t lang_n;
#define LANG_DEFAULT (&lang_all[0])

/* The language named by a tag such as "fr", "FR", "fr-CA" or "ht-HT" (its
 * primary subtag, case-insensitive), or NULL for one we do not have. */
const struct lang *lang_by_tag(const char *tag);
/* The language an Accept-Language header (RFC 9110 12.5.4) prefers among
 * ours: the highest q-value wins, the earlier on a tie; q=0 refuses one; "*"
 * stands for English unless English is named. NULL when nothing matches or
 * `header` is NULL; malformed entries are skipped. */
const struct lang *lang_from_accept(const char *header);
/* The page language: the `param` (?lang=) when it names one of ours, else
 * the Accept-Language choice, else English. Never NULL. */
const struct lang *lang_choose(const char *param, const char *accept);

/* The translation of `msgid` in `l` (NULL: English), or `msgid` itself when
 * the language is English or its catalogue lacks it. */
const char *lang_tr(const struct lang *l, const char *msgid);
/* As lang_tr for a count: the form of `singular`/`plural` that `n` takes. */
const char *lang_trn(const struct lang *l, const char *singular, const char *plural, unsigned long long n);

#endif
