/* xml_dl.h: libxml2, loaded on first use by the Akoma Ntoso reader
 * (xml_load_or_err), so that other commands start without it and ICU.
 * Include this instead of libxml's headers: the calls go through the table. */
#ifndef MUSTER_XML_DL_H
#define MUSTER_XML_DL_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "../core/err.h"

struct xml_api {
	__typeof__(&xmlReadMemory) read_memory;
	__typeof__(&xmlDocGetRootElement) doc_get_root_element;
	__typeof__(&xmlFreeDoc) free_doc;
	__typeof__(&xmlGetProp) get_prop;
	__typeof__(&xmlNodeGetContent) node_get_content;
	__typeof__(&xmlGetLastError) get_last_error;
	xmlFreeFunc *free;      /* libxml2's xmlFree is a variable */
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
#endif

#endif
