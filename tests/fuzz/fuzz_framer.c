/* SPDX-License-Identifier: MIT
 * fuzz_framer.c -- libFuzzer target: the line framer fed in chunks whose
 * sizes come from the input itself. Checks its invariants: every byte is
 * accounted for exactly once and no line exceeds the limit. */
#include "collector/framer.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t chunk = 1 + (size_t)data[0] * 37 + (size_t)data[1] * 9001;
    int truncated = data[0] & 1;
    data += 2;
    size -= 2;
    struct tt_framer f;
    tt_framer_init(&f, 0);
    size_t pos = 0;
    uint64_t lines = 0;
    for (;;) {
        struct tt_slice s;
        enum tt_frame_rc rc = tt_framer_next(&f, &s);
        if (rc == TT_FRAME_END)
            break;
        if (rc == TT_FRAME_NEED_MORE) {
            if (pos >= size) {
                tt_framer_finish(&f, truncated);
                continue;
            }
            size_t space;
            char *p = tt_framer_space(&f, &space);
            size_t n = chunk < space ? chunk : space;
            if (n > size - pos)
                n = size - pos;
            memcpy(p, data + pos, n);
            tt_framer_commit(&f, n);
            pos += n;
            continue;
        }
        if (s.len > TT_LINE_MAX || (s.len && memchr(s.p, '\n', s.len)))
            abort();
        lines++;
    }
    if (f.consumed != size || f.lines != lines)
        abort();
    tt_framer_fini(&f);
    return 0;
}
