/* admin_data.c: data/haiti/admin/areas.txt embedded in the binary with the
 * assembler's .incbin (as bundled.c embeds the CSVs). The Makefile does not
 * know this dependency: touch this file after regenerating areas.txt. */
#ifndef MUSTER_DATA_DIR
#error "MUSTER_DATA_DIR must name the data folder (the Makefile sets it)"
#endif

__asm__(".section .rodata\n.global places_areas_txt\n.type places_areas_txt, @object\n"
	".balign 16\nplaces_areas_txt:\n.incbin \"" MUSTER_DATA_DIR "/haiti/admin/areas.txt\"\n"
	".byte 0\n.previous\n");
