/* lang.c: the four languages of the pages, their catalogues (po/LANG.po
 * compiled by msgfmt at build time and embedded here with .incbin, as
 * src/cli/bundled.c embeds the record), how a request picks one (?lang=,
 * then Accept-Language with q-values, then English) and the look-up of a
 * message in the chosen one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/embed.h"
#include "i18n.h"

#ifndef MUSTER_MO_DIR
#error "MUSTER_MO_DIR must name the folder of the compiled catalogues (the Makefile sets it)"
#endif

#define EMBED_MO(sym, file) EMBED(unsigned char, sym, MUSTER_MO_DIR "/" file)

EMBED_MO(mo_fr, "fr.mo");
EMBED_MO(mo_ht, "ht.mo");
EMBED_MO(mo_es, "es.mo");

static unsigned plural_not_one(unsigned long long n)
{
	return n != 1;
}

static unsigned plural_above_one(unsigned long long n)
{
	return n > 1;
}

static unsigned plural_none(unsigned long long n)
{
	(void)n;
	return 0;
}

/* Numbers: English groups with commas; French and Creole with a narrow
 * no-break space and a decimal comma; Spanish (RAE) with a narrow no-break
 * space from five digits on and a decimal point, the mark of Spanish in the
 * Caribbean and Central America, where the mission's Spanish readers are. */
#define NNBSP "\xE2\x80\xAF"

const struct lang lang_all[] = {
	{"en", "English", NULL, NULL, ",", 4, ".", plural_not_one, "nplurals=2; plural=(n != 1);"},
	{"fr", "Fran\xC3\xA7" "ais", mo_fr, mo_fr_end, NNBSP, 4, ",", plural_above_one, "nplurals=2; plural=(n > 1);"},
	{"ht", "Krey\xC3\xB2l ayisyen", mo_ht, mo_ht_end, NNBSP, 4, ",", plural_none, "nplurals=1; plural=0;"},
	{"es", "Espa\xC3\xB1ol", mo_es, mo_es_end, NNBSP, 5, ".", plural_not_one, "nplurals=2; plural=(n != 1);"},
};
const size_t lang_n = sizeof lang_all / sizeof *lang_all;

const struct lang *lang_by_tag(const char *tag)
{
	if (!tag)
		return NULL;
	size_t n = strcspn(tag, "-_");
	for (size_t i = 0; i < lang_n; i++)
		if (strlen(lang_all[i].code) == n && !strncasecmp(tag, lang_all[i].code, n))
			return &lang_all[i];
	return NULL;
}

/* A q-value (RFC 9110 12.4.2) in thousandths: "0", "0.8", "1", "1.000";
 * -1 when malformed. */
static int qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

const struct lang *lang_from_accept(const char *header)
{
	if (!header)
		return NULL;
	int q_of[8], pos_of[8], star_q = -1, star_pos = 0, pos = 0;
	for (size_t i = 0; i < lang_n; i++)
		q_of[i] = -1, pos_of[i] = 0;
	for (const char *p = header; *p; pos++) {
		size_t n = strcspn(p, ",");
		const char *end = p + n;
		/* The range: up to ';' or the end, without surrounding space. */
		while (p < end && is_space(*p))
			p++;
		const char *r = p;
		while (p < end && *p != ';' && !is_space(*p))
			p++;
		size_t rlen = (size_t)(p - r);
		int q = 1000;
		while (p < end && is_space(*p))
			p++;
		if (p < end && *p == ';') {
			p++;
			while (p < end && is_space(*p))
				p++;
			const char *v = p;
			while (p < end && !is_space(*p) && *p != ';')
				p++;
			q = (end - v > 2 && (v[0] == 'q' || v[0] == 'Q') && v[1] == '=') ? qvalue(v + 2, (size_t)(p - v - 2)) : -1;
		}
		p = *end ? end + 1 : end;
		if (rlen == 0 || q < 0)
			continue;       /* malformed: skipped */
		if (rlen == 1 && *r == '*') {
			if (star_q < 0)
				star_q = q, star_pos = pos;
			continue;
		}
		char tag[16];
		if (rlen >= sizeof tag)
			continue;
		memcpy(tag, r, rlen);
		tag[rlen] = 0;
		const struct lang *l = lang_by_tag(tag);
		if (!l)
			continue;
		size_t k = (size_t)(l - lang_all);
		if (q > q_of[k]) {
			/* fr-CA;q=0.9 and fr;q=0.5 both name French: the better one counts. */
			q_of[k] = q;
			pos_of[k] = pos;
		}
	}
	const struct lang *best = NULL;
	int best_q = 0, best_pos = 0;
	for (size_t i = 0; i < lang_n; i++) {
		int q = q_of[i], at = pos_of[i];
		if (q < 0 && star_q >= 0)
			q = star_q, at = star_pos;
		if (q > best_q || (q == best_q && q > 0 && at < best_pos)) {
			best = &lang_all[i];
			best_q = q;
			best_pos = at;
		}
	}
	return best;
}

const struct lang *lang_choose(const char *param, const char *accept)
{
	const struct lang *l = lang_by_tag(param);
	if (!l)
		l = lang_from_accept(accept);
	return l ? l : LANG_DEFAULT;
}

const char *lang_tr(const struct lang *l, const char *msgid)
{
	if (!l || !l->mo)
		return msgid;
	const char *t = mo_find(l->mo, (size_t)(l->mo_end - l->mo), msgid);
	return t ? t : msgid;
}

const char *lang_trn(const struct lang *l, const char *singular, const char *plural, unsigned long long n)
{
	if (!l)
		l = LANG_DEFAULT;
	if (l->mo) {
		const char *t = mo_plural_form(l->mo, (size_t)(l->mo_end - l->mo), singular, l->plural(n));
		if (t)
			return t;
	}
	return n == 1 ? singular : plural;
}
