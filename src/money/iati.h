/* iati.h: internals shared by the IATI files of the money feature — reading
 * an IATI activity file into a libxml2 document whose version is one muster
 * reads, and checking it against the IATI 2.03 schema. Not for other
 * features (money.h has the import and export). */
#ifndef MUSTER_IATI_H
#define MUSTER_IATI_H

#include "../mandate/xml_dl.h"
#include "money.h"

/* The namespace of muster's own attributes and elements in the IATI files it
 * writes (IATI allows other namespaces anywhere). */
#define IATI_MUSTER_NS "https://muster.invalid/ns/iati/1"

/* Parses buf into a document (caller frees with xmlFreeDoc) and checks that
 * its root is iati-activities of version 2.01, 2.02 or 2.03 and that it is
 * valid against the IATI 2.03 activity schema. NULL with the message set
 * (naming the file, the line and the version found) otherwise. */
xmlDoc *iati_read_or_err(const char *buf, size_t len, const char *name, struct err *e);

#endif
