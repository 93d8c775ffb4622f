/* iati_import.c: IATI 2.01-2.03 activity files read into funding flows. The
 * file is checked first (version, IATI 2.03 schema: iati_schema.c); then each
 * transaction of type 13 incoming pledge, 11 incoming commitment, 1 incoming
 * funds, 3 disbursement or 4 expenditure becomes a flow of its provider
 * organisation, and muster's own elements and attributes (what muster export
 * --format iati writes beside the transactions) give back the rest. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/iso.h"
#include "../core/record.h"
#include "../io/import.h"
#include "iati.h"

static const struct { int code; const char *stage, *name; } types[] = {
	{13, "pledged", "incoming pledge"}, {11, "committed", "incoming commitment"}, {1, "deposited", "incoming funds"},
	{3, "disbursed", "disbursement"}, {4, "spent", "expenditure"},
};
#define N_TYPES (sizeof types / sizeof *types)

struct iati {
	struct store *s;
	struct import_stats *st;
	struct err *e;
	const char *name;
	char ref[65];
	long long read[N_TYPES], skipped, unattributed, reports, budgets;
	int activities;
};

static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) &&
	       (!n->ns || strcmp((const char *)n->ns->href, IATI_MUSTER_NS));
}

static int is_muster_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, IATI_MUSTER_NS) &&
	       !strcmp((const char *)n->name, name);
}

static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* An attribute without namespace, from malloc, or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = n ? xmlGetNsProp((xmlNode *)n, (const xmlChar *)name, NULL) : NULL;
	char *r = v ? strdup((const char *)v) : NULL;
	xmlFree(v);
	return r;
}

/* The text of the first narrative of `n` (trimmed, from malloc), or NULL. */
static char *narrative(const xmlNode *n)
{
	xmlNode *nar = child(n, "narrative");
	xmlChar *c = nar ? xmlNodeGetContent(nar) : NULL;
	if (!c)
		return NULL;
	char *s = (char *)c, *end;
	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	char *r = end > s ? strndup(s, (size_t)(end - s)) : NULL;
	xmlFree(c);
	return r;
}

/* Sets the attributes of `n` that muster writes (in its namespace on a
 * transaction, bare on muster:report and muster:budget) as fields of rec.
 * What the IATI elements or the file itself say (kind, mission, sources, the
 * money of a transaction, who entered it) is not taken from attributes. */
static int muster_fields_or_err(struct iati *x, const xmlNode *n, json_t *rec, int bare)
{
	static const char *const never[] = {"kind", "ref", "mission", "sources", "corrects", "retracts", "entered_by",
					    "entered_at", "visibility", "channel", NULL};
	static const char *const tx_never[] = {"basis", "stage", "amount", "currency", "donor_country", "donor_org",
					       "purpose", "cite", NULL};
	for (xmlAttr *a = n->properties; a; a = a->next) {
		if (bare ? a->ns != NULL : !a->ns || strcmp((const char *)a->ns->href, IATI_MUSTER_NS))
			continue;
		const char *name = (const char *)a->name;
		int refused = 0;
		for (const char *const *k = never; *k && !refused; k++)
			refused = !strcmp(*k, name);
		for (const char *const *k = tx_never; !bare && *k && !refused; k++)
			refused = !strcmp(*k, name);
		if (refused)
			return err_set(x->e, "%s:%ld: %s%s: muster does not take \"%s\" from an attribute (the IATI "
				       "elements and the file say it)", x->name, xmlGetLineNo((xmlNode *)n),
				       bare ? "" : "muster:", name, name);
		xmlChar *v = xmlNodeGetContent((xmlNode *)a);
		if (v)
			json_object_set_new(rec, name, json_string((const char *)v));
		xmlFree(v);
	}
	return 0;
}

/* An xsd:decimal as muster writes an amount: no sign "+", no point without
 * digits around it, no zeros after the currency's decimals. */
static void amount_text(const char *in, char *out, size_t size)
{
	while (isspace((unsigned char)*in))
		in++;
	if (*in == '+')
		in++;
	snprintf(out, size, "%s%s", *in == '.' ? "0" : "", in);
	size_t n = strlen(out);
	while (n && isspace((unsigned char)out[n - 1]))
		out[--n] = 0;
	char *dot = strchr(out, '.');
	if (dot) {
		while (n > (size_t)(dot - out) + 1 && out[n - 1] == '0')
			out[--n] = 0;
		if (out[n - 1] == '.')
			out[--n] = 0;
	}
}

/* The donor: a country when the provider's name is one, else the
 * organisation's name (or its IATI identifier). */
static int donor_or_err(struct iati *x, const xmlNode *t, json_t *rec, const char *at)
{
	xmlNode *p = child(t, "provider-org");
	char *name = narrative(p), *ref = attr(p, "ref");
	const char *country = name ? iso_country_by_name(name) : NULL;
	if (country)
		json_object_set_new(rec, "donor_country", json_string(country));
	else if (name || (ref && *ref))
		json_object_set_new(rec, "donor_org", json_string(name ? name : ref));
	free(name);
	free(ref);
	if (json_object_get(rec, "donor_country") || json_object_get(rec, "donor_org"))
		return 0;
	return err_set(x->e, "%s: transaction without a provider-org: muster records money by its donor (give "
		       "provider-org with a narrative naming the donor, or its ref)", at);
}

static int transaction_or_err(struct iati *x, const xmlNode *t, const json_t *base, const char *activity_id,
			      const char *default_currency, int index)
{
	char at[700];
	snprintf(at, sizeof at, "%s:%ld: transaction %d of activity %s", x->name, xmlGetLineNo((xmlNode *)t), index,
		 activity_id);
	char *code = attr(child(t, "transaction-type"), "code");
	size_t k;
	for (k = 0; k < N_TYPES && !(code && atoi(code) == types[k].code && strspn(code, "0123456789") == strlen(code)); k++)
		;
	free(code);
	if (k == N_TYPES) {
		x->skipped++;
		return 0;
	}
	/* A disbursement or expenditure names the fund as provider, or nobody:
	 * muster counts money by donor, so one without a provider is skipped. */
	if (types[k].code == 3 || types[k].code == 4) {
		xmlNode *p = child(t, "provider-org");
		char *nm = narrative(p), *ref = attr(p, "ref");
		int none = !nm && !(ref && *ref);
		free(nm);
		free(ref);
		if (none) {
			x->unattributed++;
			return 0;
		}
	}
	xmlNode *value = child(t, "value");
	char *cur = attr(value, "currency"), *date = attr(child(t, "transaction-date"), "iso-date");
	xmlChar *v = xmlNodeGetContent(value);
	char amount[64];
	amount_text(v ? (const char *)v : "", amount, sizeof amount);
	xmlFree(v);
	const char *currency = cur && *cur ? cur : default_currency;
	if (!currency || !*currency) {
		free(cur);
		free(date);
		return err_set(x->e, "%s: field \"value\": no currency (give value/@currency, or default-currency on "
			       "the iati-activity)", at);
	}
	json_t *rec = json_deep_copy(base);
	json_object_set_new(rec, "basis", json_string("flow"));
	json_object_set_new(rec, "stage", json_string(types[k].stage));
	json_object_set_new(rec, "amount", json_string(amount));
	json_object_set_new(rec, "currency", json_string(currency));
	if (date && strlen(date) > 10)
		date[10] = 0; /* an xsd:date may carry a time zone */
	json_object_set_new(rec, "date", json_string(date ? date : ""));
	free(cur);
	free(date);
	char *desc = narrative(child(t, "description")), *tref = attr(t, "ref");
	if (desc)
		json_object_set_new(rec, "purpose", json_string(desc));
	char cite[700];
	snprintf(cite, sizeof cite, "activity %s, transaction %d%s%s", activity_id, index, tref ? ", ref " : "",
		 tref ? tref : "");
	json_object_set_new(rec, "cite", json_string(cite));
	free(desc);
	free(tref);
	if (muster_fields_or_err(x, t, rec, 0) < 0) {
		json_decref(rec);
		return -1;
	}
	const char *fts = json_string_value(json_object_get(rec, "fts_flow"));
	if (fts) {
		char ref[80];
		snprintf(ref, sizeof ref, "fts-flow-%s", fts);
		json_object_set_new(rec, "ref", json_string(ref));
	}
	if (donor_or_err(x, t, rec, at) < 0) {
		json_decref(rec);
		return -1;
	}
	/* The value's own words: "field amount" would not name the element. */
	long long minor;
	if (iso_currency_minor(json_string_value(json_object_get(rec, "currency"))) >= 0 &&
	    money_parse_or_err("value", amount, json_string_value(json_object_get(rec, "currency")), &minor, x->e) < 0) {
		json_decref(rec);
		err_prefix(x->e, "%s", at);
		return -1;
	}
	if (money_append_or_err(x->s, rec, x->st, x->e) < 0) {
		err_prefix(x->e, "%s", at);
		return -1;
	}
	x->read[k]++;
	return 0;
}

/* muster:report and muster:budget: records muster wrote beside the
 * transactions, their fields as attributes. */
static int muster_record_or_err(struct iati *x, const xmlNode *n, const json_t *base, const char *kind)
{
	json_t *rec = json_deep_copy(base);
	json_object_set_new(rec, "kind", json_string(kind));
	if (!strcmp(kind, "budget"))
		json_object_del(rec, "channel");
	if (muster_fields_or_err(x, n, rec, 1) < 0) {
		json_decref(rec);
		return -1;
	}
	if (money_append_or_err(x->s, rec, x->st, x->e) < 0) {
		err_prefix(x->e, "%s:%ld: muster:%s", x->name, xmlGetLineNo((xmlNode *)n), kind);
		return -1;
	}
	if (!strcmp(kind, "budget"))
		x->budgets++;
	else
		x->reports++;
	return 0;
}

/* The activity's mission and channel when muster wrote it (its tags). */
static void tags(const xmlNode *act, json_t *base)
{
	for (xmlNode *c = act->children; c; c = c->next) {
		if (!is_el(c, "tag"))
			continue;
		char *voc = attr(c, "vocabulary"), *uri = attr(c, "vocabulary-uri"), *code = attr(c, "code");
		if (voc && uri && code && !strcmp(voc, "99") && !strncmp(uri, IATI_MUSTER_NS "/", strlen(IATI_MUSTER_NS) + 1)) {
			const char *what = uri + strlen(IATI_MUSTER_NS) + 1;
			if (!strcmp(what, "mission") || !strcmp(what, "channel"))
				json_object_set_new(base, what, json_string(code));
		}
		free(voc);
		free(uri);
		free(code);
	}
}

static int activity_or_err(struct iati *x, const xmlNode *act)
{
	xmlNode *idn = child(act, "iati-identifier");
	xmlChar *idc = idn ? xmlNodeGetContent(idn) : NULL;
	char id[300];
	snprintf(id, sizeof id, "%s", idc ? (const char *)idc : "?");
	xmlFree(idc);
	char *dc = attr(act, "default-currency");
	json_t *base = json_object();
	json_object_set_new(base, "kind", json_string("funding"));
	json_object_set_new(base, "mission", json_string(x->st->mission ? x->st->mission : DEFAULT_MISSION));
	json_object_set_new(base, "sources", json_pack("[s]", x->ref));
	tags(act, base);
	int rc = 0, index = 0;
	for (xmlNode *c = act->children; c && rc == 0; c = c->next) {
		if (is_el(c, "transaction"))
			rc = transaction_or_err(x, c, base, id, dc, ++index);
		else if (is_muster_el(c, "report"))
			rc = muster_record_or_err(x, c, base, "funding");
		else if (is_muster_el(c, "budget"))
			rc = muster_record_or_err(x, c, base, "budget");
	}
	free(dc);
	json_decref(base);
	x->activities++;
	return rc;
}

/* The source that stands for the file: its reporting organisation, graded A
 * when it reports its own activities, D when it relays others'. */
static int source_or_err(struct iati *x, const xmlNode *root)
{
	xmlNode *act = child(root, "iati-activity"), *org = child(act, "reporting-org");
	char *publisher = narrative(org), *ref = attr(org, "ref"), *secondary = attr(org, "secondary-reporter");
	char *title = narrative(child(act, "title"));
	char *version = attr(root, "version");
	const char *base = strrchr(x->name, '/');
	char full[600], note[300];
	snprintf(full, sizeof full, "IATI activities (%s)%s%s", base ? base + 1 : x->name, title ? ": " : "",
		 title ? title : "");
	snprintf(note, sizeof note, "Read by muster import --format iati; IATI version %s; reporting organisation %s",
		 version ? version : "?", ref ? ref : "?");
	int relay = secondary && (!strcmp(secondary, "1") || !strcmp(secondary, "true"));
	json_t *src = json_pack("{s:s, s:s, s:s, s:s}", "publisher", publisher ? publisher : ref ? ref : "unnamed",
				"title", full, "grade", relay ? "D" : "A", "note", note);
	free(publisher);
	free(ref);
	free(secondary);
	free(title);
	free(version);
	return money_file_source_or_err(x->s, x->name, "iati", src, x->ref, x->st, x->e);
}

int iati_import_or_err(struct store *s, FILE *f, const char *name, struct import_stats *st, struct err *e)
{
	size_t len;
	char *buf = money_read_all_or_err(f, name, &len, e);
	if (!buf)
		return -1;
	xmlDoc *doc = iati_read_or_err(buf, len, name, e);
	free(buf);
	if (!doc)
		return -1;
	struct iati x = {.s = s, .st = st, .e = e, .name = name};
	xmlNode *root = xmlDocGetRootElement(doc);
	int rc = source_or_err(&x, root);
	for (xmlNode *c = root->children; c && rc == 0; c = c->next)
		if (is_el(c, "iati-activity"))
			rc = activity_or_err(&x, c);
	if (rc == 0) {
		char *version = attr(root, "version"), line[600] = "";
		long long all = 0;
		for (size_t k = 0; k < N_TYPES; k++) {
			all += x.read[k];
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s%lld %s", k ? ", " : "", x.read[k],
				 types[k].name);
		}
		money_lines_add(&st->report, "IATI %s: %d activit%s; %lld transactions read (%s)", version ? version : "?",
				x.activities, x.activities == 1 ? "y" : "ies", all, line);
		if (x.skipped || x.unattributed)
			money_lines_add(&st->report, "IATI: %lld transactions of other types skipped (muster reads 13, 11, "
					"1, 3 and 4); %lld disbursements and expenditures without a provider-org skipped",
					x.skipped, x.unattributed);
		if (x.reports || x.budgets)
			money_lines_add(&st->report, "IATI: %lld figures and %lld budgets that muster wrote beside the "
					"transactions (muster:report, muster:budget)", x.reports, x.budgets);
		free(version);
	}
	xmlFreeDoc(doc);
	return rc;
}
