/* un_contrib.c: the UN's monthly uniformed-contributions table in the layout
 * of IPI's TCC-DataScraper (row number, Date, Contributor, Contributor ISO-3,
 * Mission, then Male/Female/Total for four personnel types and in all) read
 * into strength snapshots: per row, the country's total in the mission and
 * one part per personnel type and gender that is not zero. */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "../core/iso.h"
#include "../core/record.h"
#include "import.h"
#include "progress.h"
#include "un_contrib.h"

static const char *const col_names[N_COLS] = {
	"Date", "Contributor", "Contributor ISO-3", "Mission",
	"Individual Police Male", "Individual Police Female", "Individual Police Total",
	"Formed Police Units Male", "Formed Police Units Female", "Formed Police Units Total",
	"Experts on Mission Male", "Experts on Mission Female", "Experts on Mission Total",
	"Troops Male", "Troops Female", "Troops Total",
	"Total Male", "Total Female", "Total Total",
};

static const char *const ptype[4] = {"individual_police", "formed_police_units", "experts_on_mission", "troops"};
/* Experts on mission are the UN's military experts (observers, liaison officers). */
static const char *const ptype_category[4] = {"police", "police", "military", "military"};

static void warn_add(struct uc *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn_add(struct uc *u, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = strlen(buf);
	u->warn = realloc(u->warn, u->warn_len + len + 2);
	memcpy(u->warn + u->warn_len, buf, len);
	u->warn_len += len;
	u->warn[u->warn_len++] = '\n';
	u->warn[u->warn_len] = 0;
}

static void on_field(void *data, size_t len, void *ud)
{
	struct uc *u = ud;
	if (u->failed)
		return;
	if (u->nf == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 32;
		u->f = realloc(u->f, u->cap * sizeof *u->f);
	}
	u->f[u->nf++] = strndup(data ? data : "", len);
}

/* 1 when header name `h` is `name`, an underscore standing for a space
 * (PPP_Loader writes Contributor_ISO-3 where TCC-DataScraper writes
 * "Contributor ISO-3"). */
static int same_name(const char *h, const char *name)
{
	for (; *h && *name; h++, name++)
		if (*h != *name && !(*h == '_' && *name == ' '))
			return 0;
	return !*h && !*name;
}

static int header_or_err(struct uc *u)
{
	int unknown = -1;
	for (int c = 0; c <= N_COLS; c++)
		u->col[c] = -1;
	int iso = 0;
	for (size_t i = 0; i < u->nf; i++)
		iso |= same_name(u->f[i], col_names[C_ISO]);
	if (!iso) {
		int t = un_totals_header_or_err(u);
		if (t != 0)
			return t < 0 ? -1 : 0;
	}
	for (size_t i = 0; i < u->nf; i++) {
		if (!*u->f[i] && i == 0) {
			u->col[C_ROW] = 0;
			continue;
		}
		int found = 0;
		for (int c = 0; c < N_COLS; c++)
			if (same_name(u->f[i], col_names[c])) {
				if (u->col[c] >= 0)
					return err_set(u->e, "%s:%ld: column \"%s\" appears twice in the header", u->name,
						       u->row_line, col_names[c]);
				u->col[c] = (int)i;
				found = 1;
			}
		if (!found && unknown < 0)
			unknown = (int)i;
	}
	/* A missing column says most about what the file is; name it first. */
	for (int c = 0; c < N_COLS; c++)
		if (u->col[c] < 0)
			return err_set(u->e, "%s:%ld: not the UN contributions table in the IPI layout: no column \"%s\" "
				       "(the header names Date, Contributor, Contributor ISO-3, Mission, then Male, Female "
				       "and Total for Individual Police, Formed Police Units, Experts on Mission, Troops "
				       "and Total)", u->name, u->row_line, col_names[c]);
	if (unknown >= 0)
		return err_set(u->e, "%s:%ld: column %d, \"%s\", is not a column of the UN contributions table "
			       "(IPI layout); remove it", u->name, u->row_line, unknown + 1, u->f[unknown]);
	u->n_header = u->nf;
	return 0;
}

/* The place of a row in messages: file, line and the table's row number. */
void uc_place(struct uc *u, char *buf, size_t size)
{
	if (u->col[C_ROW] >= 0)
		snprintf(buf, size, "%s:%ld (row \"%s\")", u->name, u->row_line, u->f[u->col[C_ROW]]);
	else
		snprintf(buf, size, "%s:%ld", u->name, u->row_line);
}

static int count_or_err(struct uc *u, int c, long long *n)
{
	const char *v = u->f[u->col[c]];
	if (!strcmp(v, "NA") || !*v) {
		*n = 0;   /* IPI writes NA for none */
		return 0;
	}
	const char *p = v;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p || p - v > 7) {
		char at[256];
		uc_place(u, at, sizeof at);
		return err_set(u->e, "%s: field \"%s\": \"%s\" is not a count (digits, or NA for none)", at,
			       col_names[c], v);
	}
	*n = strtoll(v, NULL, 10);
	return 0;
}

int uc_append_or_err(struct uc *u, json_t *in)
{
	json_t *rec;
	char id[HASH_HEX];
	int rc = record_normalize_or_err(in, &rec, u->e);
	json_decref(in);
	if (rc == 0) {
		rc = store_append_or_err(u->s, rec, id, u->e);
		json_decref(rec);
	}
	if (rc == 0)
		u->st->records++;
	return rc;
}

static json_t *snapshot(struct uc *u, const char *date, const char *iso, const char *mission, long long n,
			const char *cite)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string("strength"));
	json_object_set_new(o, "mission", json_string(mission));
	json_object_set_new(o, "date", json_string(date));
	json_object_set_new(o, "country", json_string(iso));
	json_object_set_new(o, "personnel", json_integer(n));
	json_object_set_new(o, "sources", json_pack("[s]", u->ref));
	json_object_set_new(o, "cite", json_string(cite));
	return o;
}

static size_t seen_hash(int day, const char *iso, const char *mission)
{
	size_t h = (size_t)day * 1099511628211u;
	for (const char *p = iso; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	for (const char *p = mission; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return h;
}

/* The earlier row of the same contributor, mission and day, or NULL. */
const struct seen *uc_seen_find(const struct uc *u, int day, const char *iso, const char *mission)
{
	if (!u->n_slots)
		return NULL;
	for (size_t i = seen_hash(day, iso, mission) & (u->n_slots - 1); u->slot[i]; i = (i + 1) & (u->n_slots - 1)) {
		const struct seen *p = &u->rows[u->slot[i] - 1];
		if (p->day == day && !strcmp(p->iso, iso) && !strcmp(p->mission, mission))
			return p;
	}
	return NULL;
}

/* Notes rows[n_rows - 1] in the hash, growing it to stay under half full. */
void uc_seen_index(struct uc *u)
{
	if (2 * u->n_rows > u->n_slots) {
		free(u->slot);
		u->n_slots = u->n_slots ? u->n_slots * 2 : 1024;
		u->slot = calloc(u->n_slots, sizeof *u->slot);
		for (size_t k = 0; k < u->n_rows; k++) {
			const struct seen *p = &u->rows[k];
			size_t i = seen_hash(p->day, p->iso, p->mission) & (u->n_slots - 1);
			while (u->slot[i])
				i = (i + 1) & (u->n_slots - 1);
			u->slot[i] = k + 1;
		}
		return;
	}
	const struct seen *p = &u->rows[u->n_rows - 1];
	size_t i = seen_hash(p->day, p->iso, p->mission) & (u->n_slots - 1);
	while (u->slot[i])
		i = (i + 1) & (u->n_slots - 1);
	u->slot[i] = u->n_rows;
}

/* 1 when `s` names a total rather than one contributor or mission
 * ("Total", "Grand total", "TOTAL MINUSTAH", "All missions"). */
static int names_total(const char *s)
{
	while (*s == ' ')
		s++;
	return !strncasecmp(s, "total", 5) || !strncasecmp(s, "grand total", 11) || !strncasecmp(s, "all ", 4) ||
		!strcasecmp(s, "all");
}

/* A total row mixed with the detail would be counted on top of the rows it
 * sums: an error that says which and what to do. */
static int total_row_or_err(struct uc *u, const char *at)
{
	const char *name = u->f[u->col[C_NAME]], *iso = u->f[u->col[C_ISO]], *mission = u->f[u->col[C_MISSION]];
	if (names_total(mission))
		return err_set(u->e, "%s: field \"Mission\": \"%s\" is a total over missions, not a mission: importing it "
			       "beside the detail rows would count %s's personnel twice; remove the total rows (muster adds "
			       "up the missions)", at, mission, *iso ? iso : name);
	if (names_total(name) || names_total(iso) || !strcasecmp(iso, "TOT"))
		return err_set(u->e, "%s: field \"%s\": \"%s\" is a total row, not a contributor: importing it beside "
			       "the detail rows would count the personnel of %s twice; remove the total rows (muster adds "
			       "up the countries) and import published totals as whole-mission strength records "
			       "(docs/formats.md)", at, names_total(name) ? "Contributor" : "Contributor ISO-3",
			       names_total(name) ? name : iso, mission);
	return 0;
}

int uc_mission_code_or_err(struct uc *u, const char *at, const char *field, const char *mission)
{
	size_t ml = strlen(mission);
	int ok = ml >= 2 && ml < sizeof u->rows->mission;
	for (size_t i = 0; ok && i < ml; i++)
		ok = isupper((unsigned char)mission[i]) || isdigit((unsigned char)mission[i]) || mission[i] == '-';
	if (!ok)
		return err_set(u->e, "%s: field \"%s\": \"%s\" is not a mission code (capital letters and digits, "
			       "e.g. MINUSTAH)", at, field, mission);
	return 0;
}

/* A row of PPP_Loader's detail with "all" as contributor, mission or both:
 * a published total (its Total Total), never a row of the detail. */
static int all_row_or_err(struct uc *u, const char *at, const char *date, const struct mdate *d, int all_c,
			  int all_m)
{
	const char *iso = u->f[u->col[C_ISO]], *mission = u->f[u->col[C_MISSION]];
	if (!all_m && uc_mission_code_or_err(u, at, "Mission", mission) < 0)
		return -1;
	if (!all_c && iso_country_check_or_err(iso, u->e) < 0) {
		err_prefix(u->e, "%s: field \"Contributor ISO-3\"", at);
		return -1;
	}
	long long n;
	if (count_or_err(u, C_CELLS + 14, &n) < 0)
		return -1;
	char cite[64];
	if (u->col[C_ROW] >= 0)
		snprintf(cite, sizeof cite, "row %.40s", u->f[u->col[C_ROW]]);
	else
		snprintf(cite, sizeof cite, "line %ld", u->row_line);
	return uc_total_or_err(u, at, date, d->lo, all_m ? UN_ALL_MISSIONS : mission, all_c ? "" : iso, n, cite);
}

static int row_or_err(struct uc *u)
{
	char at[256], cite[64];
	uc_place(u, at, sizeof at);
	const char *date = u->f[u->col[C_DATE]], *iso = u->f[u->col[C_ISO]], *mission = u->f[u->col[C_MISSION]];
	struct mdate d;
	if (date_parse_or_err(date, &d, u->e) < 0) {
		err_prefix(u->e, "%s: field \"Date\"", at);
		return -1;
	}
	if (d.prec != DATE_DAY)
		return err_set(u->e, "%s: field \"Date\": \"%s\" is not a day (YYYY-MM-DD)", at, date);
	int all_c = !strcasecmp(u->f[u->col[C_NAME]], "all"), all_i = !strcasecmp(iso, "all"),
	    all_m = !strcasecmp(mission, "all");
	if (all_c != all_i)
		return err_set(u->e, "%s: field \"%s\": \"%s\" beside %s \"%s\": a row of \"all\" contributors says all in "
			       "both Contributor and Contributor ISO-3; correct the one that is wrong", at,
			       all_c ? "Contributor ISO-3" : "Contributor", all_c ? iso : u->f[u->col[C_NAME]],
			       all_c ? "Contributor" : "Contributor ISO-3", all_c ? u->f[u->col[C_NAME]] : iso);
	if (all_c || all_m)
		return all_row_or_err(u, at, date, &d, all_c, all_m);
	if (total_row_or_err(u, at) < 0)
		return -1;
	if (iso_country_check_or_err(iso, u->e) < 0) {
		err_prefix(u->e, "%s: field \"Contributor ISO-3\"", at);
		return -1;
	}
	if (uc_mission_code_or_err(u, at, "Mission", mission) < 0)
		return -1;
	long long v[15];
	for (int c = 0; c < 15; c++)
		if (count_or_err(u, C_CELLS + c, &v[c]) < 0)
			return -1;
	/* The same contributor in the same mission on the same day twice is a
	 * repeated row, whatever its figures. */
	const struct seen *dup = uc_seen_find(u, d.lo, iso, mission);
	if (dup)
		return err_set(u->e, "%s: duplicate: repeats %s%s%sline %ld (%s in %s on %s); remove one", at,
			       *dup->row ? "row \"" : "", dup->row, *dup->row ? "\", " : "", dup->line, iso, mission, date);
	/* Parts that do not add up: imported as they are, with a warning. */
	long long sum = 0, males = 0, females = 0, total = v[14];
	int bad_type = -1;
	for (int t = 0; t < 4; t++) {
		sum += v[3 * t] + v[3 * t + 1];
		males += v[3 * t];
		females += v[3 * t + 1];
		if (v[3 * t] + v[3 * t + 1] != v[3 * t + 2] && bad_type < 0)
			bad_type = t;
	}
	if (sum != total || males != v[12] || females != v[13] || bad_type >= 0)
		warn_add(u, "muster: warning: %s: %s in %s on %s: the parts add up to %lld (%lld male, %lld female) "
			 "but the row's totals say %lld (%lld male, %lld female)%s%s; imported as they are, the total is used", at,
			 iso, mission, date, sum, males, females, total, v[12], v[13],
			 bad_type >= 0 ? "; check " : "", bad_type >= 0 ? col_names[C_CELLS + 3 * bad_type + 2] : "");
	u->rows = grow(u->rows, u->n_rows, sizeof *u->rows);
	struct seen *p = &u->rows[u->n_rows++];
	p->day = d.lo;
	p->line = u->row_line;
	p->total = total;
	p->is_total = 0;
	snprintf(p->iso, sizeof p->iso, "%s", iso);
	snprintf(p->mission, sizeof p->mission, "%s", mission);
	snprintf(p->row, sizeof p->row, "%.15s", u->col[C_ROW] >= 0 ? u->f[u->col[C_ROW]] : "");
	uc_seen_index(u);
	if (u->col[C_ROW] >= 0)
		snprintf(cite, sizeof cite, "row %.40s", u->f[u->col[C_ROW]]);
	else
		snprintf(cite, sizeof cite, "line %ld", u->row_line);
	if (uc_append_or_err(u, snapshot(u, date, iso, mission, total, cite)) < 0) {
		err_prefix(u->e, "%s", at);
		return -1;
	}
	for (int t = 0; t < 4; t++)
		for (int g = 0; g < 2; g++) {
			if (!v[3 * t + g])
				continue;
			json_t *o = snapshot(u, date, iso, mission, v[3 * t + g], cite);
			json_object_set_new(o, "personnel_type", json_string(ptype[t]));
			json_object_set_new(o, "gender", json_string(g ? "female" : "male"));
			json_object_set_new(o, "category", json_string(ptype_category[t]));
			if (uc_append_or_err(u, o) < 0) {
				err_prefix(u->e, "%s", at);
				return -1;
			}
		}
	u->st->rows++;
	return 0;
}

static void on_row(int term, void *ud)
{
	(void)term;
	struct uc *u = ud;
	if (!u->failed) {
		if (u->nf == 1 && !*u->f[0])
			; /* a blank line */
		else if (!u->header_done) {
			u->failed = header_or_err(u) < 0;
			u->header_done = 1;
		} else if (u->nf != u->n_header)
			u->failed = err_set(u->e, "%s:%ld: %zu fields, but the header has %zu (a row cut short: is the "
					    "file truncated?)", u->name, u->row_line, u->nf, u->n_header) < 0;
		else if (u->layout != UN_DETAIL)
			u->failed = un_totals_row_or_err(u) < 0;
		else
			u->failed = row_or_err(u) < 0;
	}
	for (size_t i = 0; i < u->nf; i++)
		free(u->f[i]);
	u->nf = 0;
	u->row_line = u->line + 1;
}

/* The source the rows cite: the file itself, named by its base name. */
static int source_or_err(struct uc *u)
{
	const char *base = strrchr(u->name, '/');
	base = base ? base + 1 : u->name;
	char stem[256];
	snprintf(stem, sizeof stem, "%s", base);
	char *dot = strrchr(stem, '.');
	if (dot && dot != stem)
		*dot = 0;
	size_t k = (size_t)snprintf(u->ref, sizeof u->ref, "un-contrib-");
	for (const char *p = stem; *p && k < 64; p++)
		u->ref[k++] = isalnum((unsigned char)*p) || strchr("-_.", *p) ? *p : '-';
	u->ref[k] = 0;
	sqlite3_int64 seq;
	struct err ignore = {0};
	if (store_resolve_or_err(u->s, u->ref, &seq, &ignore) == 0)
		return err_set(u->e, "%s: the source \"%s\" is already in %s: this file was imported before (importing "
			       "it again would repeat every row)", u->name, u->ref, u->s->path);
	json_t *o = json_object();
	char title[512];
	snprintf(title, sizeof title, "Uniformed personnel contributions by country and mission, monthly (%s)", base);
	json_object_set_new(o, "kind", json_string("source"));
	json_object_set_new(o, "ref", json_string(u->ref));
	json_object_set_new(o, "publisher", json_string("UN peacekeeping statistics as cleaned by IPI"));
	json_object_set_new(o, "title", json_string(title));
	json_object_set_new(o, "grade", json_string("A"));
	json_object_set_new(o, "url", json_string("https://github.com/IPIDataLab/TCC-DataScraper"));
	json_object_set_new(o, "note", json_string("Read by muster import --format un-contributions; NA counted as 0."));
	if (uc_append_or_err(u, o) < 0) {
		err_prefix(u->e, "%s: the source made from the file name", u->name);
		return -1;
	}
	return 0;
}

/* The summary: days covered; contributors and personnel on the latest day. */
static void summarise(struct uc *u)
{
	size_t n;
	struct seen *v = uc_detail_rows(u, &n);
	int last = n ? v[n - 1].day : 0, days = 0;
	long long people = 0, contributors = 0;
	for (size_t i = 0; i < n; i++) {
		int new_day = !i || v[i].day != v[i - 1].day;
		days += new_day;
		if (v[i].day != last)
			continue;
		people += v[i].total;
		contributors += new_day || strcmp(v[i].iso, v[i - 1].iso) != 0;
	}
	free(v);
	if (!n && u->n_rows) {
		/* A published-totals table: its days. */
		for (size_t i = 0; i < u->n_rows; i++)
			if (u->rows[i].day > last)
				last = u->rows[i].day;
	}
	u->st->latest_day = last;
	u->st->days = days;
	u->st->contributors = contributors;
	u->st->personnel = people;
	u->st->totals += u->n_totals;
}

int un_contrib_import_or_err(struct store *s, FILE *f, const char *name, struct import_stats *st, struct err *e)
{
	struct uc u = {.s = s, .name = name, .e = e, .st = st, .row_line = 1};
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return err_set_code(e, E_INTERNAL, "out of memory");
	struct stat sb;
	struct progress pr;
	char what[300];
	snprintf(what, sizeof what, "importing %s", name);
	progress_start(&pr, what, "rows", fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : -1);
	size_t n_known = 0;
	char **known = uc_known_missions(s, &n_known);
	if (source_or_err(&u) < 0)
		u.failed = 1;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long long bytes = 0;
	while (!u.failed && (len = getline(&buf, &cap, f)) > 0) {
		u.line++;
		bytes += len;
		char *b = buf;
		if (u.line == 1 && len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
			b += 3;
			len -= 3;
		}
		if (csv_parse(&p, b, (size_t)len, on_field, on_row, &u) != (size_t)len) {
			err_set(e, "%s:%ld: malformed CSV (%s): a quote inside a quoted field must be doubled (\"\")",
				name, u.line, csv_strerror(csv_error(&p)));
			u.failed = 1;
		}
		progress_update(&pr, st->rows, bytes);
	}
	if (!u.failed && csv_fini(&p, on_field, on_row, &u) != 0) {
		err_set(e, "%s:%ld: the file ends inside a quoted field (is the file truncated?)", name, u.row_line);
		u.failed = 1;
	}
	progress_end(&pr);
	if (!u.failed && !u.header_done) {
		err_set(e, "%s: the file is empty (the UN contributions table starts with its header row)", name);
		u.failed = 1;
	}
	if (!u.failed && ferror(f)) {
		err_set(e, "%s: read error: %s", name, strerror(errno));
		u.failed = 1;
	}
	if (!u.failed && u.layout == UN_DETAIL) {
		u.failed = uc_complete_markers_or_err(&u, known, n_known) < 0;
	} else {
		for (size_t i = 0; i < n_known; i++)
			free(known[i]);
		free(known);
	}
	if (!u.failed)
		summarise(&u);
	if (!u.failed && u.warn) {
		/* Handed to the caller, printed once the import is committed. */
		size_t have = st->warnings ? strlen(st->warnings) : 0;
		st->warnings = realloc(st->warnings, have + u.warn_len + 1);
		memcpy(st->warnings + have, u.warn, u.warn_len + 1);
	}
	for (size_t i = 0; i < u.nf; i++)
		free(u.f[i]);
	free(u.f);
	free(u.rows);
	free(u.slot);
	free(u.warn);
	free(buf);
	csv_free(&p);
	return u.failed ? -1 : 0;
}
