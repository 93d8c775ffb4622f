/* export_hxl.c: HXL hashtags (Humanitarian Exchange Language, hxlstandard.org)
 * for the fields of every kind, written as the row under a CSV export's
 * header. Fields with a standard hashtag get it; the rest are #meta with the
 * field name as attribute, so every column is tagged. */
#include <stdio.h>
#include <string.h>

#include "export.h"

static const struct { const char *field, *tag; } tags[] = {
	{"kind", "#meta+kind"},
	{"ref", "#meta+id"},
	{"mission", "#operation+code"},
	{"date", "#date"},
	{"sources", "#meta+source"},
	{"verbatim", "#description+verbatim"},
	{"note", "#description+note"},
	{"entered_at", "#date+entered"},
	{"country", "#country+code"},
	{"donor_country", "#country+code+funder"},
	{"donor_org", "#org+name+funder"},
	{"amount", "#value+funding"},
	{"currency", "#currency"},
	{"stage", "#status+stage"},
	{"status", "#status"},
	{"channel", "#modality"},
	{"purpose", "#description+purpose"},
	{"personnel", "#indicator+num+personnel"},
	{"unit", "#org+name+unit"},
	{"category", "#sector+personnel"},
	{"publisher", "#org+name+publisher"},
	{"title", "#meta+title"},
	{"url", "#meta+url"},
	{"place", "#loc+code"},
	{"name", "#loc+name"},
	{"lat", "#geo+lat"},
	{"lon", "#geo+lon"},
	{"place_type", "#loc+type"},
	{"fatalities_best", "#affected+killed"},
	{"fatalities_low", "#affected+killed+min"},
	{"fatalities_high", "#affected+killed+max"},
	{"period", "#date+period"},
};

const char *export_hxl_tag(const char *field)
{
	for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
		if (!strcmp(tags[i].field, field))
			return tags[i].tag;
	/* Field names are lower-case letters, digits and '_': valid HXL attributes. */
	static __thread char buf[80];
	snprintf(buf, sizeof buf, "#meta+%s", field);
	return buf;
}
