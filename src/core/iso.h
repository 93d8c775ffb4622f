/* iso.h: ISO 3166-1 alpha-3 country codes and ISO 4217 currency codes, read
 * from Debian's iso-codes package (/usr/share/iso-codes/json), or from the
 * folder in $MUSTER_ISO_CODES. Each list is parsed once, on its first use
 * (pthread_once), and read-only afterwards, so safe to share between threads. */
#ifndef MUSTER_ISO_H
#define MUSTER_ISO_H

#include <stddef.h>

#include "err.h"

/* Checks that both lists can be read (the message names the package to
 * install); parsing waits for the first use. */
int iso_load_or_err(struct err *e);

/* The English name of an alpha-3 country code, or NULL when unknown. */
const char *iso_country_name(const char *alpha3);
/* The alpha-3 code of a country named `name` in the list (its name, common
 * name or official name, ignoring case: "Korea, Republic of", "South Korea"),
 * or NULL. */
const char *iso_country_by_name(const char *name);
/* The i-th country of the list (in code order): its alpha-3 code and its
 * names (name, then the list's other two, each NULL when absent). Returns 0
 * past the end or when the list cannot be read. */
int iso_country_at(size_t i, const char **code, const char *names[3]);
/* The alpha-2 code of an alpha-3 code (IATI names countries so), or NULL. */
const char *iso_country_alpha2(const char *a3);
/* Checks an alpha-3 code; the message suggests the likely code
 * ("did you mean KEN?"). */
int iso_country_check_or_err(const char *alpha3, struct err *e);

/* Minor units (decimal places) of a currency, or -1 when unknown. */
int iso_currency_minor(const char *alpha3);
const char *iso_currency_name(const char *alpha3);
int iso_currency_check_or_err(const char *alpha3, struct err *e);

#endif
