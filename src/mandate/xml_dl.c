/* xml_dl.c: loading libxml2's functions into xml_api on first use. */
#define XML_DL_IMPL
#include "xml_dl.h"

#include <pthread.h>

#include "../core/dynlib.h"

struct xml_api xml_api;

static pthread_mutex_t xml_lock = PTHREAD_MUTEX_INITIALIZER;
static int xml_loaded;

int xml_load_or_err(struct err *e)
{
	const struct dynsym syms[] = {
		{"xmlReadMemory", (void **)&xml_api.read_memory},
		{"xmlDocGetRootElement", (void **)&xml_api.doc_get_root_element},
		{"xmlFreeDoc", (void **)&xml_api.free_doc},
		{"xmlGetProp", (void **)&xml_api.get_prop},
		{"xmlNodeGetContent", (void **)&xml_api.node_get_content},
		{"xmlGetLastError", (void **)&xml_api.get_last_error},
		{"xmlFree", (void **)&xml_api.free},
		{"xmlGetNsProp", (void **)&xml_api.get_ns_prop},
		{"xmlGetLineNo", (void **)&xml_api.get_line_no},
		{"xmlSchemaNewParserCtxt", (void **)&xml_api.schema_new_parser_ctxt},
		{"xmlSchemaSetParserStructuredErrors", (void **)&xml_api.schema_set_parser_structured_errors},
		{"xmlSchemaParse", (void **)&xml_api.schema_parse},
		{"xmlSchemaFreeParserCtxt", (void **)&xml_api.schema_free_parser_ctxt},
		{"xmlSchemaFree", (void **)&xml_api.schema_free},
		{"xmlSchemaNewValidCtxt", (void **)&xml_api.schema_new_valid_ctxt},
		{"xmlSchemaSetValidStructuredErrors", (void **)&xml_api.schema_set_valid_structured_errors},
		{"xmlSchemaValidateDoc", (void **)&xml_api.schema_validate_doc},
		{"xmlSchemaFreeValidCtxt", (void **)&xml_api.schema_free_valid_ctxt},
		{NULL, NULL},
	};
	pthread_mutex_lock(&xml_lock);
	int rc = xml_loaded ? 0 : dynlib_load_or_err("libxml2.so.2", "libxml2", syms, e);
	if (rc == 0)
		xml_loaded = 1;
	pthread_mutex_unlock(&xml_lock);
	return rc;
}
