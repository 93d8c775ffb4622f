/* embed.h: a file built into the binary by the assembler's .incbin, so that
 * muster needs no data folder at run time. EMBED(T, sym, "path") defines
 * sym[] (the file's bytes, then a 0 byte, so a text file is a C string) and
 * sym_end[] (where the bytes end), both of element type const T. The path is
 * a string literal, usually MUSTER_DATA_DIR "/haiti/sources.csv"; the
 * Makefile must list the file as a prerequisite of the object. */
#ifndef MUSTER_EMBED_H
#define MUSTER_EMBED_H

#define EMBED(T, sym, path)                                                                   \
	__asm__(".section .rodata\n.global " #sym "\n.type " #sym ", @object\n.balign 16\n" #sym \
		":\n.incbin \"" path "\"\n.global " #sym "_end\n" #sym "_end:\n.byte 0\n.previous\n"); \
	extern const T sym[], sym##_end[]

#endif
