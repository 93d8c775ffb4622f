/* iati_schema.c: IATI activity files checked before they are read — the
 * version muster reads (2.01 to 2.03) and the IATI 2.03 activity schema
 * (data/iati/schema-2.03, embedded in the binary with .incbin), compiled by
 * libxml2 from a private temporary folder, since its files include each
 * other by relative name. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/embed.h"
#include "iati.h"

#ifndef MUSTER_DATA_DIR
#error "MUSTER_DATA_DIR must name the data folder (the Makefile sets it)"
#endif

#define EMBED_XSD(sym, file) EMBED(char, sym, MUSTER_DATA_DIR "/iati/schema-2.03/" file)

EMBED_XSD(iati_xsd_activities, "iati-activities-schema.xsd");
EMBED_XSD(iati_xsd_common, "iati-common.xsd");
EMBED_XSD(iati_xsd_xml, "xml.xsd");

static const struct { const char *name, *text; } xsd_files[] = {
	{"iati-activities-schema.xsd", iati_xsd_activities},
	{"iati-common.xsd", iati_xsd_common},
	{"xml.xsd", iati_xsd_xml},
};
#define N_XSD (sizeof xsd_files / sizeof *xsd_files)

/* The first error libxml2 reports, with its line. */
struct first_error {
	char msg[512];
	int line;
	int n;
};

static void on_error(void *ud, xmlErrorPtr err)
{
	struct first_error *fe = ud;
	if (!err || err->level < XML_ERR_ERROR || fe->n++)
		return;
	snprintf(fe->msg, sizeof fe->msg, "%s", err->message ? err->message : "invalid");
	size_t n = strlen(fe->msg);
	while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' ' || fe->msg[n - 1] == '.'))
		fe->msg[--n] = 0;
	fe->line = err->line;
}

/* Writes the schema's files into a new folder under $TMPDIR, compiles them
 * and removes them. NULL on failure, with the message set. */
static xmlSchemaPtr schema_load_or_err(struct err *e)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/muster-iati-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return err_set_code(e, E_INTERNAL, "cannot make a folder for the IATI schema in %s (set TMPDIR to a "
				    "writable folder)", tmp && *tmp ? tmp : "/tmp"), NULL;
	int ok = 1;
	for (size_t i = 0; i < N_XSD && ok; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, xsd_files[i].name);
		FILE *f = fopen(path, "w");
		ok = f && fputs(xsd_files[i].text, f) >= 0;
		if (f && fclose(f) != 0)
			ok = 0;
	}
	xmlSchemaPtr schema = NULL;
	struct first_error fe = {0};
	if (ok) {
		snprintf(path, sizeof path, "%s/%s", dir, xsd_files[0].name);
		xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
		if (pc) {
			xmlSchemaSetParserStructuredErrors(pc, on_error, &fe);
			schema = xmlSchemaParse(pc);
			xmlSchemaFreeParserCtxt(pc);
		}
	}
	for (size_t i = 0; i < N_XSD; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, xsd_files[i].name);
		unlink(path);
	}
	rmdir(dir);
	if (!schema)
		err_set_code(e, E_INTERNAL, "cannot compile the IATI 2.03 schema in %s: %s", dir,
			     ok ? fe.msg : "the folder is not writable");
	return schema;
}

/* "2.01" … "2.03": the versions the 2.03 schema accepts. */
static int version_ok(const char *v)
{
	return v && (!strcmp(v, "2.01") || !strcmp(v, "2.02") || !strcmp(v, "2.03"));
}

xmlDoc *iati_read_or_err(const char *buf, size_t len, const char *name, struct err *e)
{
	if (xml_load_or_err(e) < 0)
		return NULL;
	xmlDoc *doc = xmlReadMemory(buf, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *x = xmlGetLastError();
		char msg[512];
		snprintf(msg, sizeof msg, "%s", x && x->message ? x->message : "not well-formed");
		size_t n = strlen(msg);
		while (n && msg[n - 1] == '\n')
			msg[--n] = 0;
		err_set(e, "%s:%d: not XML (%s); an IATI file is XML whose root is iati-activities", name,
			x ? x->line : 0, msg);
		return NULL;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "iati-activities")) {
		err_set(e, "%s:%ld: not an IATI activity file: the root element is %s, not iati-activities (muster "
			"reads IATI activity files; organisation files hold no transactions)", name,
			root ? xmlGetLineNo(root) : 1L, root ? (const char *)root->name : "missing");
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlChar *version = xmlGetProp(root, (const xmlChar *)"version");
	if (!version_ok((const char *)version)) {
		if (!version || !*version)
			err_set(e, "%s:%ld: the file names no IATI version (iati-activities/@version is %s); muster reads "
				"IATI 2.01 to 2.03", name, xmlGetLineNo(root), version ? "empty" : "missing");
		else
			err_set(e, "%s: IATI version %s is not supported; muster reads IATI 2.01 to 2.03", name,
				(const char *)version);
		xmlFree(version);
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlFree(version);
	xmlSchemaPtr schema = schema_load_or_err(e);
	if (!schema) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	struct first_error fe = {0};
	xmlSchemaSetValidStructuredErrors(vc, on_error, &fe);
	int rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	if (rc != 0) {
		err_set(e, "%s:%d: not valid IATI 2.03 activity XML: %s (fix the element; the IATI 2.03 schema says "
			"what it may hold)", name, fe.line, fe.n ? fe.msg : "the schema check failed");
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

int iati_validate_or_err(const char *buf, size_t len, const char *name, struct err *e)
{
	xmlDoc *doc = iati_read_or_err(buf, len, name, e);
	if (!doc)
		return -1;
	xmlFreeDoc(doc);
	return 0;
}
