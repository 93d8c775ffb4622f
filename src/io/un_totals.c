/* un_totals.c: the UN's published monthly totals of uniformed personnel, as
 * IPI publishes them beside the contributions detail, in its two generations
 * of layouts: TCC-DataScraper's Data.Monthly.csv (date, n.conributors,
 * troops.sum, …, total.sum, …) and Data.Mission.csv (date, mission, …,
 * n.contributors, troops, police, observers, total), and PPP_Loader's
 * data_monthly.csv (Date, Number of Contributors, …, Total Contributions, …)
 * and data_mission.csv (Date, Mission, …, Total). Each row's total becomes a
 * reported total: a whole-mission strength record, or one of the mission
 * "all" for the system-wide figure. The other columns (means, spreads, the
 * mission's host and HQ point, the split by kind) are not read. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/grow.h"
#include "un_contrib.h"

struct layout {
	enum un_layout id;
	const char *name;               /* in messages */
	const char *sign;               /* a column only this layout has */
	const char *date, *mission, *total;     /* mission NULL: system-wide */
};

static const struct layout layouts[] = {
	{UN_TCC_MONTHLY, "TCC-DataScraper's monthly totals (Data.Monthly.csv)", "total.sum", "date", NULL, "total.sum"},
	{UN_TCC_MONTHLY, "TCC-DataScraper's monthly totals (Data.Monthly.csv)", "n.conributors", "date", NULL,
	 "total.sum"},
	{UN_TCC_MISSION, "TCC-DataScraper's mission totals (Data.Mission.csv)", "n.contributors", "date", "mission",
	 "total"},
	{UN_PPP_MONTHLY, "PPP_Loader's monthly totals (data_monthly.csv)", "Total Contributions", "Date", NULL,
	 "Total Contributions"},
	{UN_PPP_MISSION, "PPP_Loader's mission totals (data_mission.csv)", "Number of Contributors", "Date", "Mission",
	 "Total"},
};

static int find_col(const struct uc *u, const char *name)
{
	for (size_t i = 0; i < u->nf; i++)
		if (!strcmp(u->f[i], name))
			return (int)i;
	return -1;
}

int un_totals_header_or_err(struct uc *u)
{
	const struct layout *l = NULL;
	for (size_t i = 0; !l && i < sizeof layouts / sizeof *layouts; i++)
		if (find_col(u, layouts[i].sign) >= 0)
			l = &layouts[i];
	if (!l)
		return 0;
	/* PPP's monthly and mission tables share "Number of Contributors": the
	 * mission column tells them apart. */
	if (l->id == UN_PPP_MISSION && find_col(u, "Mission") < 0)
		l = &layouts[3];
	if (l->id == UN_PPP_MONTHLY && find_col(u, "Mission") >= 0)
		l = &layouts[4];
	const char *need[3] = {l->date, l->mission, l->total};
	int at[3];
	for (int k = 0; k < 3; k++) {
		at[k] = need[k] ? find_col(u, need[k]) : -1;
		if (need[k] && at[k] < 0)
			return err_set(u->e, "%s:%ld: a table of the UN's published totals in the layout of %s, but no "
				       "column \"%s\"; the layouts read are TCC-DataScraper's Data.Monthly.csv (date, "
				       "total.sum) and Data.Mission.csv (date, mission, total) and PPP_Loader's "
				       "data_monthly.csv (Date, Total Contributions) and data_mission.csv (Date, Mission, "
				       "Total): restore the column's name", u->name, u->row_line, l->name, need[k]);
	}
	u->layout = l->id;
	u->t_date = at[0];
	u->t_mission = at[1];
	u->t_total = at[2];
	u->n_header = u->nf;
	return 1;
}

int uc_total_or_err(struct uc *u, const char *at, const char *date, int day, const char *mission, const char *iso,
		    long long n, const char *cite)
{
	const struct seen *dup = uc_seen_find(u, day, iso, mission);
	if (dup)
		return err_set(u->e, "%s: duplicate: a second published total of %s%s%s on %s (the first is on line "
			       "%ld); remove one", at, *iso ? iso : "", *iso ? " in " : "",
			       strcmp(mission, UN_ALL_MISSIONS) ? mission : "all missions", date, dup->line);
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string("strength"));
	json_object_set_new(o, "mission", json_string(mission));
	json_object_set_new(o, "date", json_string(date));
	if (*iso)
		json_object_set_new(o, "country", json_string(iso));
	json_object_set_new(o, "personnel", json_integer(n));
	json_object_set_new(o, "sources", json_pack("[s]", u->ref));
	json_object_set_new(o, "cite", json_string(cite));
	if (uc_append_or_err(u, o) < 0) {
		err_prefix(u->e, "%s", at);
		return -1;
	}
	u->rows = grow(u->rows, u->n_rows, sizeof *u->rows);
	struct seen *p = &u->rows[u->n_rows++];
	memset(p, 0, sizeof *p);
	p->day = day;
	p->line = u->row_line;
	p->total = n;
	p->is_total = 1;
	snprintf(p->iso, sizeof p->iso, "%s", iso);
	snprintf(p->mission, sizeof p->mission, "%s", mission);
	uc_seen_index(u);
	u->n_totals++;
	return 0;
}

int un_totals_row_or_err(struct uc *u)
{
	char at[256], cite[64];
	uc_place(u, at, sizeof at);
	const char *date = u->f[u->t_date], *total = u->f[u->t_total];
	const char *mission = u->t_mission >= 0 ? u->f[u->t_mission] : UN_ALL_MISSIONS;
	int ppp = u->layout == UN_PPP_MONTHLY || u->layout == UN_PPP_MISSION;
	const char *total_col = u->layout == UN_TCC_MONTHLY ? "total.sum" : u->layout == UN_PPP_MONTHLY
		? "Total Contributions" : ppp ? "Total" : "total";
	struct mdate d;
	if (date_parse_or_err(date, &d, u->e) < 0) {
		err_prefix(u->e, "%s: field \"%s\"", at, ppp ? "Date" : "date");
		return -1;
	}
	if (d.prec != DATE_DAY)
		return err_set(u->e, "%s: field \"%s\": \"%s\" is not a day (YYYY-MM-DD)", at, ppp ? "Date" : "date",
			       date);
	if (u->t_mission >= 0 && uc_mission_code_or_err(u, at, ppp ? "Mission" : "mission", mission) < 0)
		return -1;
	const char *p = total;
	while (isdigit((unsigned char)*p))
		p++;
	if (!*total || *p || p - total > 9)
		return err_set(u->e, "%s: field \"%s\": \"%s\" is not a count: a published total is a whole number", at,
			       total_col, total);
	snprintf(cite, sizeof cite, "line %ld", u->row_line);
	return uc_total_or_err(u, at, date, d.lo, mission, "", strtoll(total, NULL, 10), cite);
}
