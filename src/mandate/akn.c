/* akn.c: UN Security Council resolutions in Akoma Ntoso XML (AKN4UN, as
 * published in github.com/UNxml/SCresolutions) read with libxml2 into a
 * source record (the UN document) and a resolution record (symbol, number,
 * adoption day, meeting, preamble and numbered operative paragraphs). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "../core/date.h"
#include "../core/derive.h"
#include "../core/record.h"
#include "../io/progress.h"
#include "mandate.h"
#include "xml_dl.h"

/* Growing text buffer (aborts when memory runs out). */
struct tbuf {
	char *p;
	size_t n, cap;
};

static void tb_add(struct tbuf *b, const char *s, size_t len)
{
	if (b->n + len + 1 > b->cap) {
		size_t cap = (b->n + len + 1) * 2;
		char *p = realloc(b->p, cap);
		if (!p)
			abort();
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = 0;
}

static void tb_str(struct tbuf *b, const char *s)
{
	tb_add(b, s, strlen(s));
}

/* Appends the text content of `n` with runs of white space made one space,
 * trimmed, preceded by one space when `b` does not end a line. */
static void tb_text(struct tbuf *b, xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	if (!c)
		return;
	int space = 0, any = 0;
	for (const unsigned char *p = c; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = 1;
			continue;
		}
		if (space || !any) {
			if (b->n && b->p[b->n - 1] != '\n' && b->p[b->n - 1] != ' ')
				tb_add(b, " ", 1);
		}
		space = 0;
		any = 1;
		tb_add(b, (const char *)p, 1);
	}
	xmlFree(c);
}

static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The first element named `name` under `n` (depth first) whose attribute
 * `attr` is `val` (any when attr is NULL). */
static xmlNode *find_el(xmlNode *n, const char *name, const char *attr, const char *val)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
		if (is_el(c, name)) {
			if (!attr)
				return c;
			xmlChar *v = xmlGetProp(c, (const xmlChar *)attr);
			int match = v && !strcmp((const char *)v, val);
			xmlFree(v);
			if (match)
				return c;
		}
		xmlNode *d = find_el(c, name, attr, val);
		if (d)
			return d;
	}
	return NULL;
}

static char *prop(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? strdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* A paragraph's text: its paragraphs of text (<p>) in order, and each
 * nested numbered point on a line of its own ("(a) …"). */
static void para_text(struct tbuf *b, xmlNode *n, int top)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "num")) {
			if (!top)
				tb_str(b, "\n");
			tb_text(b, c);
		} else if (is_el(c, "p") || is_el(c, "heading")) {
			tb_text(b, c);
		} else {
			para_text(b, c, 0);
		}
	}
}

static int parse_symbol(const char *sym, long *number, long *year)
{
	char tail;
	return sscanf(sym, "S/RES/%ld (%ld%c", number, year, &tail) == 3 && tail == ')' && *number > 0;
}

static int build_or_err(xmlDoc *doc, const char *name, json_t **source, json_t **resolution, struct err *e)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!is_el(root, "akomaNtoso"))
		return err_set(e, "%s: the root element is <%s>, not <akomaNtoso> (give a UN resolution in "
			       "Akoma Ntoso XML, e.g. from github.com/UNxml/SCresolutions)", name,
			       root ? (const char *)root->name : "none");
	xmlNode *work = find_el(root, "FRBRWork", NULL, NULL);
	xmlNode *adopt = find_el(work, "FRBRdate", "name", "adoption");
	if (!adopt)
		adopt = find_el(root, "docDate", "refersTo", "#adoptionDate");
	if (!adopt)
		return err_set(e, "%s: element <FRBRdate name=\"adoption\">: missing, so the resolution names no "
			       "adoption date (add it under <FRBRWork>, or enter the resolution with muster add "
			       "resolution --date YYYY-MM-DD)", name);
	char *date = prop(adopt, "date");
	struct mdate d;
	struct err de;
	if (!date || date_parse_or_err(date, &d, &de) < 0 || d.prec != DATE_DAY) {
		err_set(e, "%s:%d: element <%s>: the date \"%s\" is not a day (write date=\"YYYY-MM-DD\")", name,
			adopt->line, (const char *)adopt->name, date ? date : "");
		free(date);
		return -1;
	}
	xmlNode *num = find_el(root, "docNumber", NULL, NULL);
	if (!num) {
		free(date);
		return err_set(e, "%s: element <docNumber>: missing, so the resolution has no symbol (the cover "
			       "page gives it as S/RES/NNNN (YYYY))", name);
	}
	struct tbuf sym = {0};
	tb_text(&sym, num);
	long number = 0, year = 0;
	if (!sym.p || !parse_symbol(sym.p, &number, &year)) {
		err_set(e, "%s:%d: element <docNumber>: \"%s\" is not a resolution symbol (expected "
			"S/RES/NNNN (YYYY))", name, num->line, sym.p ? sym.p : "");
		free(sym.p);
		free(date);
		return -1;
	}
	xmlNode *body = find_el(root, "mainBody", NULL, NULL);
	struct tbuf op = {0};
	int n_para = 0;
	for (xmlNode *c = body ? body->children : NULL; c; c = c->next) {
		if (!is_el(c, "paragraph"))
			continue;
		xmlNode *pn = NULL;
		for (xmlNode *k = c->children; k && !pn; k = k->next)
			if (is_el(k, "num"))
				pn = k;
		if (pn) {
			struct tbuf t = {0};
			tb_text(&t, pn);
			long v;
			char dot;
			if (t.p && sscanf(t.p, "%ld%c", &v, &dot) == 2 && dot == '.')
				n_para++;
			free(t.p);
		}
		if (op.n)
			tb_str(&op, "\n\n");
		para_text(&op, c, 1);
	}
	if (!n_para) {
		free(op.p);
		free(sym.p);
		free(date);
		return err_set(e, "%s: element <mainBody>: %s (a resolution's operative paragraphs are "
			       "<paragraph> elements with a <num> such as \"1.\")", name,
			       body ? "has no numbered <paragraph>" : "missing");
	}
	struct tbuf pre = {0};
	xmlNode *preamble = find_el(root, "preamble", NULL, NULL);
	for (xmlNode *c = preamble ? preamble->children : NULL; c; c = c->next) {
		if (!is_el(c, "container") && !is_el(c, "formula"))
			continue;
		if (pre.n)
			tb_str(&pre, "\n\n");
		tb_text(&pre, c);
	}
	xmlNode *title = find_el(root, "docTitle", "refersTo", "#resolutionNumber");
	struct tbuf tt = {0};
	if (title)
		tb_text(&tt, title);
	xmlNode *meet = find_el(root, "inline", "name", "adoptionMeeting");
	char *meeting = meet ? prop(meet, "title") : NULL;

	char ref[64], url[128], stitle[256];
	snprintf(ref, sizeof ref, "un-s-res-%ld-%ld", number, year);
	snprintf(url, sizeof url, "https://undocs.org/S/RES/%ld(%ld)", number, year);
	snprintf(stitle, sizeof stitle, "Resolution %ld (%ld) [%s]", number, year, sym.p);
	*source = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind", "source", "ref", ref,
			    "date", date, "publisher", "United Nations Security Council", "title", stitle,
			    "url", url, "grade", "A", "language", "en", "note",
			    "Akoma Ntoso XML (AKN4UN) from github.com/UNxml/SCresolutions: an unofficial copy "
			    "prepared from the official electronic file; the United Nations is the source.");
	char rref[32];
	snprintf(rref, sizeof rref, "res-%ld", number);
	*resolution = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:[s], s:s}", "kind", "resolution", "ref", rref,
				"date", date, "symbol", sym.p, "number", (json_int_t)number, "operative", op.p,
				"paragraphs", (json_int_t)n_para, "sources", ref, "cite", "Akoma Ntoso XML text");
	if (tt.p)
		json_object_set_new(*resolution, "title", json_string(tt.p));
	if (meeting)
		json_object_set_new(*resolution, "meeting", json_string(meeting));
	if (pre.p)
		json_object_set_new(*resolution, "preamble", json_string(pre.p));
	free(meeting);
	free(tt.p);
	free(pre.p);
	free(op.p);
	free(sym.p);
	free(date);
	if (!*source || !*resolution) {
		json_decref(*source);
		json_decref(*resolution);
		return err_set_code(e, E_INTERNAL, "%s: the text is not valid UTF-8", name);
	}
	return 0;
}

int akn_parse_or_err(const char *xml, size_t len, const char *name, json_t **source, json_t **resolution,
		     struct err *e)
{
	*source = *resolution = NULL;
	if (xml_load_or_err(e) < 0)
		return -1;
	xmlDoc *doc = xmlReadMemory(xml, (int)len, name, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *x = xmlGetLastError();
		char msg[256] = "empty file";
		if (x && x->message) {
			snprintf(msg, sizeof msg, "%s", x->message);
			msg[strcspn(msg, "\n")] = 0;
		}
		return err_set(e, "%s:%d: not well-formed XML (%s); give a resolution in Akoma Ntoso XML",
			       name, x ? x->line : 0, msg);
	}
	int rc = build_or_err(doc, name, source, resolution, e);
	xmlFreeDoc(doc);
	return rc;
}

static char *slurp_or_err(const char *path, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, "%s: cannot read it (%s)", path, strerror(errno));
		return NULL;
	}
	struct tbuf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		tb_add(&b, chunk, n);
	fclose(f);
	*len = b.n;
	return b.p ? b.p : strdup("");
}

static int append_or_err(struct store *s, const json_t *in, const char *what, long long *count, struct err *e)
{
	json_t *rec;
	char id[HASH_HEX];
	if (record_normalize_or_err(in, &rec, e) < 0) {
		err_prefix(e, "%s", what);
		return -1;
	}
	int rc = store_append_or_err(s, rec, id, e);
	json_decref(rec);
	if (rc < 0) {
		err_prefix(e, "%s", what);
		return -1;
	}
	(*count)++;
	return 0;
}

int akn_import_files_or_err(struct store *s, char *const *paths, int n, long long *count, struct err *e)
{
	*count = 0;
	if (store_begin_or_err(s, e) < 0)
		return -1;
	struct progress p;
	progress_start(&p, "importing resolutions", "files", n);
	for (int i = 0; i < n; i++) {
		progress_update(&p, i, i);
		size_t len;
		char *xml = slurp_or_err(paths[i], &len, e);
		json_t *src, *res;
		if (!xml || akn_parse_or_err(xml, len, paths[i], &src, &res, e) < 0) {
			free(xml);
			progress_end(&p);
			store_rollback(s);
			return -1;
		}
		free(xml);
		char what[1200];
		snprintf(what, sizeof what, "%s: source %s", paths[i], rec_str(src, "ref"));
		int rc = 0;
		if (!derive_source_lookup(s, rec_str(src, "ref")))
			rc = append_or_err(s, src, what, count, e);
		snprintf(what, sizeof what, "%s: resolution %s", paths[i], rec_str(res, "symbol"));
		if (rc == 0)
			rc = append_or_err(s, res, what, count, e);
		json_decref(src);
		json_decref(res);
		if (rc < 0) {
			progress_end(&p);
			store_rollback(s);
			return -1;
		}
	}
	progress_end(&p);
	return store_commit_or_err(s, e);
}
