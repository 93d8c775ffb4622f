/* admin_data.c: data/haiti/admin/areas.txt embedded in the binary with the
 * assembler's .incbin (as bundled.c embeds the CSVs). The Makefile does not
 * know this dependency: touch this file after regenerating areas.txt. */
#include "../core/embed.h"

#ifndef MUSTER_DATA_DIR
#error "MUSTER_DATA_DIR must name the data folder (the Makefile sets it)"
#endif

EMBED(char, places_areas_txt, MUSTER_DATA_DIR "/haiti/admin/areas.txt");
