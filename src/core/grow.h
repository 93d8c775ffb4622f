/* grow.h: arrays that grow by doubling, for the row loops that collect an
 * unknown number of rows. Growing by one element at a time costs a copy of
 * the whole array per row wherever realloc cannot extend in place (under
 * AddressSanitizer always): quadratic in the rows. */
#ifndef MUSTER_GROW_H
#define MUSTER_GROW_H

#include <stdio.h>
#include <stdlib.h>

/* Returns `p` with room for element `n` (that is, for n + 1 elements of `size`
 * bytes), the first n kept: `v = grow(v, n, sizeof *v); v[n++] = x;`. The room
 * of an array grown only by grow is implied by its count (at least 8, then
 * doubling at each power of two), so no capacity is kept beside it; an array
 * from anywhere else must not be passed. Memory running out aborts: a
 * question answered with rows missing would be worse than none. */
static inline void *grow(void *p, size_t n, size_t size)
{
	if (n && (n < 8 || (n & (n - 1))))
		return p;
	size_t room = n < 8 ? 8 : 2 * n;
	void *q = realloc(p, room * size);
	if (!q) {
		fputs("muster: out of memory\n", stderr);
		abort();
	}
	return q;
}

#endif
