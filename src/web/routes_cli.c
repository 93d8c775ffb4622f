/* routes_cli.c: the hidden test-routes command — prints the route table, one
 * route a line (kind, path, question), so that tests can walk every page and
 * API path without a copy of the list. */
#include "../cli/cli.h"
#include "web.h"

static int run_test_routes(struct cli *c)
{
	static const char *const kinds[] = {"page", "api", "prefix-page", "prefix-api", "form", "prefix-form"};
	if (c->n_args)
		return err_usage(&c->e, "unexpected argument \"%s\" (it takes none)", c->args[0]);
	for (size_t i = 0; i < web_n_routes; i++)
		fprintf(c->out, "%s %s %s\n", kinds[web_routes[i].kind], web_routes[i].path,
			web_routes[i].question ? web_routes[i].question : "-");
	return 0;
}

const struct command command_test_routes = {
	.name = "test-routes",
	.run = run_test_routes,
	.summary = "print the web server's route table",
	.usage = "muster test-routes",
	.help = "Prints each route of the web server: its kind (page, api, prefix-page, prefix-api,\n"
		"form, prefix-form), its path and the question it answers.\n",
	.hidden = 1,
};
