/* web_test_cli.c: the hidden test-web command — the web pages' internals for
 * tests: which field names lack a label, a message in a language, and the
 * department map's figures. */
#include <string.h>

#include "../cli/cli.h"
#include "../core/record.h"
#include "../places/places.h"
#include "web.h"

static void missing_label(FILE *out, const char *key)
{
	if (!label_of(key))
		fprintf(out, "%s\n", key);
}

static int run_test_web(struct cli *c)
{
	const char *what = c->n_args ? c->args[0] : "";
	if (!strcmp(what, "labels")) {
		/* The keys given, then every field of every kind, that have no label. */
		for (int i = 1; i < c->n_args; i++)
			missing_label(c->out, c->args[i]);
		for (const struct field *f = record_common_fields(); f->name; f++)
			missing_label(c->out, f->name);
		size_t n;
		const struct kind *const *kinds = kind_all(&n);
		for (size_t k = 0; k < n; k++)
			for (const struct field *f = kinds[k]->fields; f->name; f++)
				missing_label(c->out, f->name);
		return 0;
	}
	if (!strcmp(what, "tr") && c->n_args == 3) {
		const struct lang *l = lang_by_tag(c->args[1]);
		if (!l)
			return err_usage_sub(&c->e, "no language \"%s\"", c->args[1]);
		fprintf(c->out, "%s\n", lang_tr(l, c->args[2]));
		return 0;
	}
	if (!strcmp(what, "accept") && c->n_args == 2) {
		const struct lang *l = lang_from_accept(c->args[1]);
		fprintf(c->out, "%s\n", l ? l->code : "-");
		return 0;
	}
	if (!strcmp(what, "map")) {
		const struct dept_map *m = map_shapes();
		if (!m)
			return err_usage_sub(&c->e, "the embedded areas hold no department");
		size_t bytes = 0;
		for (int d = 0; d < m->n; d++) {
			fprintf(c->out, "%s %s %zu\n", m->dept[d].pcode, m->dept[d].name_fr, strlen(m->dept[d].path));
			bytes += strlen(m->dept[d].path);
		}
		fprintf(c->out, "viewBox 0 0 %d %d; vertices %zu -> %zu; path bytes %zu\n", m->width, m->height,
			m->vertices_in, m->vertices_out, bytes);
		return 0;
	}
	return err_usage(&c->e, "say labels [KEY...], tr LANG MSGID, accept HEADER or map");
}

const struct command command_test_web = {
	.name = "test-web",
	.run = run_test_web,
	.summary = "print internals of the web pages for tests",
	.usage = "muster test-web labels [KEY…] | tr LANG MSGID | accept HEADER | map",
	.help = "labels: the KEYs, and the fields of every kind, that have no label on the pages.\n"
		"tr: MSGID in LANG's catalogue. accept: the language an Accept-Language header picks.\n"
		"map: the department outlines' sizes.\n",
	.hidden = 1,
};
