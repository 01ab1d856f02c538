/* SPDX-License-Identifier: MIT
 *
 * framer.c -- newline framing for file and stream sources (see framer.h).
 * An over-long line is counted once, when its end is reached, so a read
 * position stored between its start and end can never count it twice.
 */
#include "collector/framer.h"
#include "common/mem.h"

#include <stdlib.h>

int tt_framer_init(struct tt_framer *f, size_t cap)
{
    memset(f, 0, sizeof(*f));
    if (cap < 2 * TT_LINE_MAX)
        cap = 2 * TT_LINE_MAX;
    f->buf = tt_malloc(cap);
    f->cap = cap;
    return TT_OK;
}

void tt_framer_fini(struct tt_framer *f)
{
    if (f) {
        free(f->buf);
        f->buf = NULL;
    }
}

static struct tt_slice strip_cr(const char *p, size_t n)
{
    if (n > 0 && p[n - 1] == '\r')
        n--;
    return tt_slice_make(p, n);
}

enum tt_frame_rc tt_framer_next(struct tt_framer *f, struct tt_slice *out)
{
    const char *nl = f->end > f->scan ? memchr(f->buf + f->scan, '\n', f->end - f->scan) : NULL;
    if (nl) {
        size_t next = (size_t)(nl - f->buf) + 1;
        size_t len = next - 1 - f->start;
        enum tt_frame_rc rc = TT_FRAME_LINE;
        if (f->discarding) {
            /* End of an over-long line whose head was already dropped. */
            *out = tt_slice_make(f->buf + f->start, 0);
            rc = TT_FRAME_TOO_LONG;
        } else if (len > TT_LINE_MAX) {
            *out = tt_slice_make(f->buf + f->start, TT_LINE_MAX);
            rc = TT_FRAME_TOO_LONG;
        } else {
            *out = strip_cr(f->buf + f->start, len);
        }
        f->consumed += f->dropped + (next - f->start);
        f->dropped = 0;
        f->discarding = 0;
        f->start = f->scan = next;
        f->lines++;
        return rc;
    }
    f->scan = f->end;
    if (f->end - f->start > TT_LINE_MAX) {
        /* No newline within the limit: drop the bytes held, remember how
         * many, and resynchronise on the next newline. */
        f->discarding = 1;
        f->dropped += f->end - f->start;
        f->start = f->scan = f->end;
    }
    if (!f->finished)
        return TT_FRAME_NEED_MORE;
    if (f->start == f->end && !f->discarding)
        return TT_FRAME_END;
    size_t len = f->end - f->start;
    enum tt_frame_rc rc;
    if (f->discarding) {
        *out = tt_slice_make(f->buf + f->start, 0);
        rc = TT_FRAME_TOO_LONG;
    } else if (f->truncated) {
        *out = tt_slice_make(f->buf + f->start, len);
        rc = TT_FRAME_TRUNCATED;
    } else {
        *out = strip_cr(f->buf + f->start, len);
        rc = TT_FRAME_LINE;
    }
    f->consumed += f->dropped + len;
    f->dropped = 0;
    f->discarding = 0;
    f->start = f->scan = f->end;
    f->lines++;
    return rc;
}

char *tt_framer_space(struct tt_framer *f, size_t *out_len)
{
    if (f->start > 0 && f->cap - f->end < f->cap / 2) {
        size_t held = f->end - f->start;
        memmove(f->buf, f->buf + f->start, held);
        f->scan -= f->start;
        f->start = 0;
        f->end = held;
    }
    *out_len = f->cap - f->end;
    return f->buf + f->end;
}

void tt_framer_commit(struct tt_framer *f, size_t n)
{
    f->end += n;
}

void tt_framer_finish(struct tt_framer *f, int truncated)
{
    f->finished = 1;
    f->truncated = truncated;
}
