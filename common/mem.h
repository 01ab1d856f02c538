/* SPDX-License-Identifier: MIT
 *
 * mem.h -- allocation that aborts on out-of-memory (as Redis' zmalloc does):
 * a collector that cannot allocate its bounded tables cannot do its job, and
 * checking every call would hide the real error paths.
 */
#ifndef TT_MEM_H
#define TT_MEM_H

#include <stddef.h>

void *tt_malloc(size_t n);
void *tt_calloc(size_t n, size_t size);
void *tt_realloc(void *p, size_t n);
char *tt_strdup(const char *s);
char *tt_strndup(const char *s, size_t n);

#endif
