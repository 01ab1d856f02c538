/* SPDX-License-Identifier: MIT
 * fuzz_sframe.c -- libFuzzer target: the TCP syslog framer (RFC 6587
 * octet counting and newline framing, mixed) fed in chunks whose sizes come
 * from the input. Checks its invariants: a message handed out is never
 * longer than the limit, the buffer never grows past it, and feeding the
 * same bytes in one piece gives the same messages (a too-long message's
 * sample excepted). */
#include "collector/sframe.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
    uint64_t n;      /* messages */
    uint64_t hash;   /* of their kinds and bytes */
};

static void on_msg(void *ud, const char *p, size_t len, enum tt_frame_rc kind)
{
    struct acc *a = ud;
    if (len > 4096 + 16)
        abort(); /* over the limit */
    a->n++;
    a->hash = (a->hash ^ (uint64_t)kind) * 0x100000001b3ULL;
    if (kind == TT_FRAME_TOO_LONG)
        return; /* its sample is whatever had arrived: depends on chunking */
    for (size_t i = 0; i < len; i++)
        a->hash = (a->hash ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    a->hash = (a->hash ^ len) * 0x100000001b3ULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t chunk = 1 + (size_t)data[0] * 7;
    data++;
    size--;
    struct tt_sframe f;
    struct acc a = {0, 0}, b = {0, 0};
    tt_sframe_init(&f, 4096);
    for (size_t pos = 0; pos < size;) {
        size_t n = size - pos < chunk ? size - pos : chunk;
        tt_sframe_feed(&f, (const char *)data + pos, n, on_msg, &a);
        if (f.alloc > 4096 + 16 || f.len > f.alloc)
            abort();
        pos += n;
    }
    tt_sframe_finish(&f, on_msg, &a);
    tt_sframe_fini(&f);
    tt_sframe_init(&f, 4096);
    tt_sframe_feed(&f, (const char *)data, size, on_msg, &b);
    tt_sframe_finish(&f, on_msg, &b);
    tt_sframe_fini(&f);
    if (a.n != b.n || a.hash != b.hash)
        abort(); /* chunking changed the messages */
    return 0;
}
