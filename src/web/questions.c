/* questions.c: the questions the web answers — for each, the query
 * parameters it takes and the call of its answer function, the same call the
 * command makes, so that /api/v1/NAME and `muster NAME --json` print the
 * same document. Parameter errors use the command line's messages. */
#include <ctype.h>
#include <string.h>

#include "../core/date.h"
#include "../core/iso.h"
#include "../core/mission.h"
#include "../core/record.h"
#include "../core/record_answers.h"
#include "../force/force.h"
#include "../force/force_page.h"
#include "../record/conflicts.h"
#include "../mandate/mandate.h"
#include "../mandate/mandate_page.h"
#include "../money/money.h"
#include "../money/money_page.h"
#include "../oversight/oversight.h"
#include "../oversight/oversight_page.h"
#include "../places/places.h"
#include "../places/places_page.h"
#include "../record/record_page.h"
#include "../search/search.h"
#include "web.h"

/* The longest parameter value taken: far above any real one. */
#define QARG_MAX 200

static const char *mission_of(const struct qargs *q)
{
	return q->mission && *q->mission ? q->mission : DEFAULT_MISSION;
}

static const char *cur_of(const struct qargs *q)
{
	return q->cur[0] ? q->cur : NULL;
}

static json_t *q_strength(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_strength(s, mission_of(q), q->day, q->by ? q->by : "country", e);
}

static json_t *q_pledges(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_pledges(s, mission_of(q), q->day, e);
}

static json_t *q_conflicts(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_conflicts(s, mission_of(q), e);
}

static json_t *q_sources(struct store *s, const struct qargs *q, struct err *e)
{
	(void)q;
	(void)e;
	return answer_sources(s);
}

static json_t *q_funding(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_funding(s, mission_of(q), q->day, q->by ? q->by : "donor", cur_of(q), 0, e);
}

static json_t *q_budget(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_budget(s, mission_of(q), q->day, cur_of(q), e);
}

static json_t *q_mandate(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_mandate(s, q->day, e);
}

static json_t *q_missions(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_missions(s, q->day, e);
}

static json_t *q_obligations(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_obligations(s, q->day, e);
}

static json_t *q_promises(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_promises(s, q->day, q->status, e);
}

static json_t *q_timeline(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_timeline(s, q->day, q->from_day, q->to_day, e);
}

static json_t *q_places(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_places(s, mission_of(q), q->day, q->status, q->place, e);
}

static json_t *q_incidents(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_incidents(s, mission_of(q), q->day, q->from_day, q->to_day, q->place, e);
}

static json_t *q_vetting(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_vetting(s, mission_of(q), q->day, q->role, e);
}

static json_t *q_complaints(struct store *s, const struct qargs *q, struct err *e)
{
	return answer_complaints(s, mission_of(q), q->day, q->role, e);
}

/* Every mission unless one is asked for; oversight and admin also find
 * restricted records. */
static json_t *q_search(struct store *s, const struct qargs *q, struct err *e)
{
	struct search_args a = {.words = q->q, .kind = q->kind, .mission = q->mission, .from = q->from_day,
				.to = q->to_day, .restricted_ok = role_sees_restricted(q->role)};
	return answer_search(s, &a, e);
}

/* The columns of the pages' tables where every key would be too many (or the
 * same in every row, as the timeline's mission and the places' country): what a reader compares, in
 * reading order; one list serves every --by of funding (a column no row has
 * is skipped). Without a "record" column, the first cell links the row's
 * record (the timeline's date). */
static const char *const cols_funding[] = {"name", "component", "stage", "channel", "currency", "amount", "pledged",
					   "committed", "deposited", "disbursed", "spent", "frozen", "donors",
					   "sources", NULL};
static const char *const cols_obligations[] = {"what", "who", "resolution", "paragraph", "due", "status",
					       "evidence", "sources", "record", NULL};
static const char *const cols_timeline[] = {"date", "kind", "what", "sources", NULL};
static const char *const cols_places[] = {"name", "aliases", "place_type", "areas", "status", "lat", "lon",
					  "sources", NULL};
/* Strength: one list for every --by; moved_since and movements_counted stay in the JSON. */
static const char *const cols_strength[] = {"mission", "country", "name", "unit", "category", "personnel_type", "gender",
					    "personnel", "missions", "basis", "snapshot_date", "latest_report", "stale", "bounds",
					    "countries", "sources", NULL};
static const char *const cols_missions[] = {"mission", "records", "first", "last", "last_kind", "authorised",
					    "symbol", "end", "predecessor", "successor", "sources", NULL};
static const char *const cols_promises[] = {"name", "what", "deadline", "status", "stale", "figure", "gap", "why",
					    "sources", "record", NULL};

static const char *const cols_search[] = {"kind", "date", "record", "paragraph", "status", "context", NULL};

const struct question web_questions[] = {
	{"strength", N_("Strength"), N_("Personnel deployed on a date, by country, against the plan and the ceiling."),
	 P_ASOF | P_MISSION | P_ALLMISSIONS | P_BY, q_strength, cols_strength, force_page_strength},
	{"pledges", N_("Pledges"), N_("Personnel pledged against deployed, per country; who never deployed."),
	 P_ASOF | P_MISSION, q_pledges, NULL, force_page_pledges},
	{"conflicts", N_("Disagreements"), N_("Every disagreement between sources, and which figure is used."),
	 P_MISSION | P_ALLMISSIONS, q_conflicts, NULL, record_page_conflicts},
	{"search", N_("Search"), N_("Records, sources, places and resolutions' paragraphs that hold these words."),
	 P_QUERY | P_KIND | P_MISSION | P_FROMTO, q_search, cols_search, NULL},
	{"sources", N_("Sources"), N_("The publications the record cites, with their grades and how many records cite each."),
	 0, q_sources, NULL, record_page_sources},
	{"funding", N_("Funding"), N_("Money pledged, committed, deposited, spent and frozen, by donor."),
	 P_ASOF | P_MISSION | P_BY | P_CURRENCY, q_funding, cols_funding, money_page_funding},
	{"budget", N_("Budget"), N_("The mission's budget against what was pledged and raised; the gap."),
	 P_ASOF | P_MISSION | P_CURRENCY, q_budget, NULL, money_page_budget},
	{"missions", N_("Missions"), N_("Every mission in the file: how far its record reaches, its authorisation on a date, its succession."),
	 P_ASOF, q_missions, cols_missions, mandate_page_missions},
	{"mandate", N_("Mandate"), N_("Is a mission authorised on a date, under which resolution, until when."),
	 P_ASOF, q_mandate, NULL, mandate_page_mandate},
	{"obligations", N_("Obligations"), N_("What the resolutions require: met, overdue, pending or unknown."),
	 P_ASOF, q_obligations, cols_obligations, mandate_page_obligations},
	{"promises", N_("Promises"), N_("Promises of personnel and money: kept, missed, pending, with the gap."),
	 P_ASOF | P_STATUS, q_promises, cols_promises, mandate_page_promises},
	{"timeline", N_("Timeline"), N_("One dated list: resolutions, arrivals, money, promises and deadlines."),
	 P_ASOF | P_FROMTO, q_timeline, cols_timeline, mandate_page_timeline},
	{"places", N_("Places"), N_("Places with their status on a date, their areas and sources."),
	 P_ASOF | P_MISSION | P_STATUS | P_PLACE, q_places, cols_places, places_page_places},
	{"incidents", N_("Incidents"), N_("Incidents with deaths and injuries, and where reports disagree."),
	 P_ASOF | P_MISSION | P_PLACE | P_FROMTO, q_incidents, NULL, places_page_incidents},
	{"vetting", N_("Vetting"), N_("Vetting coverage of the deployed contingents; the records for oversight."),
	 P_ASOF | P_MISSION, q_vetting, NULL, oversight_page_vetting},
	{"complaints", N_("Complaints"), N_("Complaints of misconduct by status and category; each complaint for oversight."),
	 P_ASOF | P_MISSION, q_complaints, NULL, oversight_page_complaints},
};
const size_t web_n_questions = sizeof web_questions / sizeof *web_questions;

json_t *question_ask(const struct question *qn, struct store *s, const struct qargs *q, struct err *e)
{
	if ((qn->params & P_MISSION) && q->mission && *q->mission &&
	    mission_check_or_err(s, q->mission, qn->name, (qn->params & P_ALLMISSIONS) != 0, e) < 0)
		return NULL;
	json_t *doc = qn->answer(s, q, e);
	/* A failed row step fails the answer (and overrides what it made of
	 * the short rows: a "no answer" from missing rows is a fault). */
	if (store_failed_or_err(s, e) < 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

const struct question *question_find(const char *name)
{
	for (size_t i = 0; i < web_n_questions; i++)
		if (!strcmp(web_questions[i].name, name))
			return &web_questions[i];
	return NULL;
}

static const struct {
	const char *key, *option;
	unsigned bit;
	size_t off;
} params[] = {
	{"as_of", "--as-of", P_ASOF, offsetof(struct qargs, as_of)},
	{"mission", "--mission", P_MISSION, offsetof(struct qargs, mission)},
	{"by", "--by", P_BY, offsetof(struct qargs, by)},
	{"currency", "--currency", P_CURRENCY, offsetof(struct qargs, currency)},
	{"status", "--status", P_STATUS, offsetof(struct qargs, status)},
	{"place", "--place", P_PLACE, offsetof(struct qargs, place)},
	{"from", "--from", P_FROMTO, offsetof(struct qargs, from)},
	{"to", "--to", P_FROMTO, offsetof(struct qargs, to)},
	{"at", "--at", P_AT, offsetof(struct qargs, at)},
	{"q", "WORDS", P_QUERY, offsetof(struct qargs, q)},
	{"kind", "--kind", P_KIND, offsetof(struct qargs, kind)},
};

const char *qargs_option(const char *key)
{
	for (size_t i = 0; i < sizeof params / sizeof *params; i++)
		if (!strcmp(params[i].key, key))
			return params[i].option;
	return NULL;
}

void qargs_add(struct qargs *q, const struct question *qn, const char *key, const char *value)
{
	if (q->e.msg[0])
		return;
	unsigned takes = qn ? qn->params : 0;
	for (size_t i = 0; i < sizeof params / sizeof *params; i++) {
		if (strcmp(params[i].key, key) || !(takes & params[i].bit))
			continue;
		const char **slot = (const char **)((char *)q + params[i].off);
		if (*slot)
			err_set(&q->e, "parameter %s is given twice (give it once)", key);
		else if (!value)
			err_set(&q->e, "parameter %s has no value (write %s=VALUE)", key, key);
		else if (!utf8_valid(value))
			err_set(&q->e, "parameter %s is not UTF-8 text", key);
		else if (strlen(value) > (params[i].bit == P_QUERY ? SEARCH_MAX_BYTES : QARG_MAX))
			err_set(&q->e, "parameter %s is too long (%zu bytes; at most %d)", key, strlen(value),
				params[i].bit == P_QUERY ? SEARCH_MAX_BYTES : QARG_MAX);
		else
			*slot = value;
		return;
	}
	char names[256] = "";
	for (size_t i = 0; i < sizeof params / sizeof *params; i++)
		if (takes & params[i].bit)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", names[0] ? ", " : "",
				 params[i].key);
	char shown[48];
	snprintf(shown, sizeof shown, "%.40s%s", key, strlen(key) > 40 ? "..." : "");
	for (char *p = shown; !utf8_valid(shown) && *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	if (names[0])
		err_set(&q->e, "unknown parameter \"%s\" (%s takes %s)", shown, qn ? qn->name : "this page", names);
	else
		err_set(&q->e, "unknown parameter \"%s\" (%s takes none)", shown, qn ? qn->name : "this page");
}

static int day_or_err(const char *option, const char *v, int *day, struct err *e)
{
	*day = 0;
	if (!v)
		return 0;
	if (day_parse_or_err(v, day, e) < 0) {
		err_prefix(e, "%s", option);
		return -1;
	}
	return 0;
}

/* As money_cli.c's --currency: upper-cased, three letters, a known code. */
static int currency_or_err(struct qargs *q, struct err *e)
{
	const char *s = q->currency;
	if (!s)
		return 0;
	char up[8] = "";
	for (size_t i = 0; s[i] && i < sizeof up - 1; i++)
		up[i] = (char)toupper((unsigned char)s[i]);
	if (strlen(s) != 3 || iso_currency_check_or_err(up, e) < 0) {
		if (strlen(s) != 3)
			err_set(e, "\"%s\" is not an ISO 4217 currency code (write three letters, e.g. USD)", s);
		err_prefix(e, "--currency");
		return -1;
	}
	memcpy(q->cur, up, 4);
	return 0;
}

int qargs_check_or_err(struct qargs *q, const struct question *qn, struct err *e)
{
	(void)qn;
	if (q->e.msg[0]) {
		*e = q->e;
		return -1;
	}
	if (currency_or_err(q, e) < 0 || day_or_err("--from", q->from, &q->from_day, e) < 0 ||
	    day_or_err("--to", q->to, &q->to_day, e) < 0)
		return -1;
	if (!q->as_of) {
		q->day = day_today();
		return 0;
	}
	return day_or_err("--as-of", q->as_of, &q->day, e);
}
