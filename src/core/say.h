/* say.h: sentences carried as their parts — an English template with holes
 * {1}…{9} and the typed values that fill them (a date, code words, a name, a
 * count, an amount of money, a sum of named amounts). An answer keeps the
 * parts in its JSON beside the English sentence written from them; each
 * renderer (command line, pages in each language, report, XLSX) writes the
 * sentence from the parts with figure.h's rules, never by reading the text. */
#ifndef MUSTER_SAY_H
#define MUSTER_SAY_H

#include <jansson.h>
#include <stddef.h>

/* The holes, each a new JSON object (callers pass them to say_new). */
json_t *say_date(const char *date);     /* {"date": "2024-04"}: a day, month or year as recorded */
json_t *say_words(const char *words);   /* {"words": "trust_fund deposited"}: codes said in the reader's words */
json_t *say_name(const char *name);
/* {"dates": [d0, d1, …]}: said "d0 and d1 and …".
 * Takes ownership of `dates`. */
json_t *say_dates(json_t *dates);     /* {"name": "KEN Kenya Police"}: as recorded */
json_t *say_count(long long n);         /* {"count": 1000}: grouped */
/* {"amount": "17900000.00", "currency": "USD", "qualifier": null}: money as
 * figure_money says it (NULL currency or qualifier: null). */
json_t *say_money(const char *amount, const char *currency, const char *qualifier);
/* {"sum": [terms]}: each term {"name", "amount", "currency"}, said "CAN
 * 8,700,000.00 USD + USA …". Takes ownership of `terms`. */
json_t *say_sum(json_t *terms);

/* {"said": said}: a whole sentence as one hole (a mission's name before what
 * one of its disagreements is about). Takes ownership of `said`. */
json_t *say_nested(json_t *said);

/* {"template": tmpl, "holes": [h1, …]}: the holes, NULL-terminated, {1}
 * first; takes ownership of each. */
json_t *say_new(const char *tmpl, ...);

/* Walks `said`'s template: lit(ctx, s, n) for each run of literal text,
 * hole(ctx, h) for each {k} (h NULL when the template names a hole it lacks). */
void say_walk(const char *tmpl, const json_t *holes, void (*lit)(void *ctx, const char *s, size_t n),
	      void (*hole)(void *ctx, const json_t *h), void *ctx);

/* One hole in English with the command line's figures, into out (at most n
 * bytes); returns out. */
const char *say_hole_english(const json_t *hole, char *out, size_t n);
/* The whole sentence in English with the command line's figures ("trust_fund
 * deposited on 2024-04: …"). From malloc; the caller frees it. */
char *say_english(const json_t *said);

#endif
