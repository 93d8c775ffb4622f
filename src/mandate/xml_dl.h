/* xml_dl.h: libxml2, loaded on first use by the Akoma Ntoso and IATI readers
 * (xml_load_or_err), so that other commands start without it and ICU.
 * Include this instead of libxml's headers: the calls go through the table. */
#ifndef MUSTER_XML_DL_H
#define MUSTER_XML_DL_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "../core/err.h"

struct xml_api {
	__typeof__(&xmlReadMemory) read_memory;
	__typeof__(&xmlDocGetRootElement) doc_get_root_element;
	__typeof__(&xmlFreeDoc) free_doc;
	__typeof__(&xmlGetProp) get_prop;
	__typeof__(&xmlNodeGetContent) node_get_content;
	__typeof__(&xmlGetLastError) get_last_error;
	xmlFreeFunc *free;      /* libxml2's xmlFree is a variable */
	/* IATI (src/money): namespaced attributes, line numbers, XML Schema. */
	__typeof__(&xmlGetNsProp) get_ns_prop;
	__typeof__(&xmlGetLineNo) get_line_no;
	__typeof__(&xmlSchemaNewParserCtxt) schema_new_parser_ctxt;
	__typeof__(&xmlSchemaSetParserStructuredErrors) schema_set_parser_structured_errors;
	__typeof__(&xmlSchemaParse) schema_parse;
	__typeof__(&xmlSchemaFreeParserCtxt) schema_free_parser_ctxt;
	__typeof__(&xmlSchemaFree) schema_free;
	__typeof__(&xmlSchemaNewValidCtxt) schema_new_valid_ctxt;
	__typeof__(&xmlSchemaSetValidStructuredErrors) schema_set_valid_structured_errors;
	__typeof__(&xmlSchemaValidateDoc) schema_validate_doc;
	__typeof__(&xmlSchemaFreeValidCtxt) schema_free_valid_ctxt;
};

/* Filled once by xml_load_or_err, read-only afterwards. */
extern struct xml_api xml_api;

int xml_load_or_err(struct err *e);

#ifndef XML_DL_IMPL
#undef xmlFree
#define xmlReadMemory (xml_api.read_memory)
#define xmlDocGetRootElement (xml_api.doc_get_root_element)
#define xmlFreeDoc (xml_api.free_doc)
#define xmlGetProp (xml_api.get_prop)
#define xmlNodeGetContent (xml_api.node_get_content)
#define xmlGetLastError (xml_api.get_last_error)
#define xmlFree (*xml_api.free)
#define xmlGetNsProp (xml_api.get_ns_prop)
#define xmlGetLineNo (xml_api.get_line_no)
#define xmlSchemaNewParserCtxt (xml_api.schema_new_parser_ctxt)
#define xmlSchemaSetParserStructuredErrors (xml_api.schema_set_parser_structured_errors)
#define xmlSchemaParse (xml_api.schema_parse)
#define xmlSchemaFreeParserCtxt (xml_api.schema_free_parser_ctxt)
#define xmlSchemaFree (xml_api.schema_free)
#define xmlSchemaNewValidCtxt (xml_api.schema_new_valid_ctxt)
#define xmlSchemaSetValidStructuredErrors (xml_api.schema_set_valid_structured_errors)
#define xmlSchemaValidateDoc (xml_api.schema_validate_doc)
#define xmlSchemaFreeValidCtxt (xml_api.schema_free_valid_ctxt)
#endif

#endif
