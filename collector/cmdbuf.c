/* SPDX-License-Identifier: MIT
 *
 * cmdbuf.c -- a Redis command's arguments built in an arena (cmdbuf.h).
 */
#include "collector/cmdbuf.h"

#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tt_cmdbuf_init(struct tt_cmdbuf *b)
{
    b->argc = 0;
    b->arena_used = 0;
    b->arena_cap = TT_CMDBUF_ARENA_BYTES;
    b->arena = tt_malloc(b->arena_cap);
}

void tt_cmdbuf_fini(struct tt_cmdbuf *b)
{
    free(b->arena);
    b->arena = NULL;
    b->arena_cap = 0;
}

void tt_cmdbuf_begin(struct tt_cmdbuf *b)
{
    b->argc = 0;
    b->arena_used = 0;
}

int tt_cmdbuf_room(const struct tt_cmdbuf *b, size_t nargs, size_t nbytes)
{
    return b->argc + nargs <= TT_CMDBUF_MAX_ARGS && b->arena_used + nbytes <= b->arena_cap;
}

/* Arguments point into the arena, which never moves while a command is
 * built. */
void tt_cmdbuf_arg(struct tt_cmdbuf *b, const void *p, size_t n)
{
    if (b->arena_used + n > b->arena_cap || b->argc >= TT_CMDBUF_MAX_ARGS)
        abort(); /* callers never build commands larger than the arena */
    memcpy(b->arena + b->arena_used, p, n);
    b->argv[b->argc] = b->arena + b->arena_used;
    b->argvlen[b->argc] = n;
    b->argc++;
    b->arena_used += n;
}

void tt_cmdbuf_str(struct tt_cmdbuf *b, const char *s)
{
    tt_cmdbuf_arg(b, s, strlen(s));
}

void tt_cmdbuf_u64(struct tt_cmdbuf *b, uint64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
    tt_cmdbuf_arg(b, buf, (size_t)n);
}

void tt_cmdbuf_i64(struct tt_cmdbuf *b, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);
    tt_cmdbuf_arg(b, buf, (size_t)n);
}
