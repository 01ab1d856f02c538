/* SPDX-License-Identifier: MIT
 *
 * cmdbuf.h -- one Redis command under construction: an argument vector whose
 * strings live in a fixed arena, so a flush builds EVALs of thousands of
 * arguments without an allocation per argument. out_redis.c fills one and
 * hands argv/argvlen to hiredis; this file knows nothing of Redis itself.
 */
#ifndef TT_CMDBUF_H
#define TT_CMDBUF_H

#include <stddef.h>
#include <stdint.h>

/* The largest command built: a flush's EVALs hold up to this many arguments
 * and bytes, so a month of minute buckets or 2^18 sources is a few dozen
 * commands, not thousands. */
#define TT_CMDBUF_MAX_ARGS 16384
#define TT_CMDBUF_ARENA_BYTES (1u << 19)

struct tt_cmdbuf {
    const char *argv[TT_CMDBUF_MAX_ARGS]; /* argument pointers into arena */
    size_t argvlen[TT_CMDBUF_MAX_ARGS];   /* their lengths */
    size_t argc;                          /* arguments so far */
    char *arena;                          /* storage for built arguments */
    size_t arena_cap;                     /* its size */
    size_t arena_used;                    /* bytes used */
};

/* Caller storage; _fini frees the arena (accepts a zeroed struct). */
void tt_cmdbuf_init(struct tt_cmdbuf *b);
void tt_cmdbuf_fini(struct tt_cmdbuf *b);
/* Starts a new command (forgets the arguments of the last one). */
void tt_cmdbuf_begin(struct tt_cmdbuf *b);
/* 1 when nargs more arguments of nbytes in all fit in the command. Builders
 * check it before each addition: adding past the limits aborts. */
int tt_cmdbuf_room(const struct tt_cmdbuf *b, size_t nargs, size_t nbytes);
void tt_cmdbuf_arg(struct tt_cmdbuf *b, const void *p, size_t n);
void tt_cmdbuf_str(struct tt_cmdbuf *b, const char *s);
void tt_cmdbuf_u64(struct tt_cmdbuf *b, uint64_t v);
void tt_cmdbuf_i64(struct tt_cmdbuf *b, int64_t v);

#endif
