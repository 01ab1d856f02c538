/* SPDX-License-Identifier: MIT
 *
 * mem.c -- see mem.h.
 */
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "threattally: out of memory allocating %zu bytes\n", n);
    abort();
}

void *tt_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *tt_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *tt_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *tt_strndup(const char *s, size_t n)
{
    char *p = tt_malloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tt_strdup(const char *s)
{
    return tt_strndup(s, strlen(s));
}
