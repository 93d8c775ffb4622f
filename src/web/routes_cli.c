/* routes_cli.c: the hidden test-routes command — prints the route table,
 * one route a line ("KIND PATH"), so that a test can check that
 * /api/v1/openapi.json describes every route. */
#include "../cli/cli.h"
#include "web.h"

static int run_test_routes(struct cli *c)
{
	static const char *const kinds[] = {[R_PAGE] = "page", [R_API] = "api", [R_PREFIX_PAGE] = "prefix-page",
					    [R_PREFIX_API] = "prefix-api"};
	if (c->n_args)
		return err_set(&c->e, "muster test-routes: unexpected argument \"%s\" (it takes none)", c->args[0]);
	for (size_t i = 0; i < web_n_routes; i++)
		fprintf(c->out, "%s %s\n", kinds[web_routes[i].kind], web_routes[i].path);
	return 0;
}

const struct command command_test_routes = {
	.name = "test-routes",
	.run = run_test_routes,
	.summary = "print the web server's route table",
	.usage = "muster test-routes",
	.help = "Prints every route of the web server, one a line: its kind (page, api, prefix-page,\n"
		"prefix-api) and its path. A prefix route takes one more path segment.\n",
	.hidden = 1,
};
