/* main.c: the table of muster's commands; nothing else. Each command's help
 * lives beside its code. */
#include "search/search.h"
#include "web/web.h"
#include "cli/cli.h"

extern const struct command command_init, command_summary, command_strength, command_pledges,
	command_conflicts, command_sources, command_show, command_add, command_import,
	command_correct, command_retract, command_rebuild, command_test_date, command_test_man,
	command_verify, command_history, command_update, command_backup, command_restore, command_head, command_sync;
extern const struct command command_funding, command_budget, command_test_iati;
extern const struct command command_places, command_incidents, command_export, command_import_geojson,
	command_test_pip;
extern const struct command command_missions, command_mandate, command_obligations, command_promises, command_timeline,
	command_import_akn, command_test_akn;
extern const struct command command_serve, command_test_routes, command_test_web, command_report;
extern const struct command command_test_hxl;
extern const struct command command_user, command_key, command_vetting, command_complaints;
extern const struct command command_search, command_test_guard;

static const struct command *const all_commands[] = {
	&command_init, &command_summary, &command_strength, &command_pledges, &command_funding, &command_budget, &command_conflicts,
	&command_sources, &command_search, &command_show, &command_add, &command_import, &command_update, &command_sync, &command_correct,
	&command_retract, &command_rebuild, &command_verify, &command_head, &command_backup, &command_restore,
	&command_history, &command_test_date, &command_test_man,
	&command_places, &command_incidents, &command_export, &command_import_geojson, &command_test_pip,
	&command_missions, &command_mandate, &command_obligations, &command_promises, &command_timeline, &command_report, &command_import_akn,
	&command_test_akn, &command_serve, &command_vetting, &command_complaints, &command_user, &command_key, &command_test_routes, &command_test_web, &command_test_iati, &command_test_hxl,
	&command_test_guard,
};

const struct command *const *commands_all(size_t *n)
{
	*n = sizeof all_commands / sizeof *all_commands;
	return all_commands;
}

int main(int argc, char **argv)
{
	/* The tables that name every feature live here, at the top: search
	 * reads the pages' labels of statuses and place types through this. */
	search_use_labels(label_value_at);
	return cli_main(argc, argv);
}
