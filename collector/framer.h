/* SPDX-License-Identifier: MIT
 *
 * framer.h -- cuts newline-delimited lines out of large read blocks without
 * copying them (only an unfinished tail moves to the front of the buffer).
 * Lines longer than the limit are reported once as too long, and the framer
 * resynchronises on the next newline, so the following line is never lost.
 */
#ifndef TT_FRAMER_H
#define TT_FRAMER_H

#include "common/tt.h"

#define TT_LINE_MAX (64u * 1024u)

enum tt_frame_rc {
    TT_FRAME_LINE = 0,  /* *out is a complete line (without \n or \r\n) */
    TT_FRAME_TOO_LONG,  /* a line over the limit ended; *out holds its first bytes */
    TT_FRAME_TRUNCATED, /* the final unterminated bytes of a damaged input */
    TT_FRAME_NEED_MORE, /* read more into tt_framer_space() */
    TT_FRAME_END,       /* finished: no more lines */
    TT_FRAME_RC_COUNT
};

struct tt_framer {
    char *buf;          /* owned buffer */
    size_t cap;         /* its size */
    size_t start;       /* first byte not yet handed out */
    size_t end;         /* one past the last byte read */
    size_t scan;        /* where the newline search resumes */
    int finished;       /* the input ended (tt_framer_finish was called) */
    int truncated;      /* ... and was damaged */
    int discarding;     /* inside an over-long line, dropping bytes until \n */
    uint64_t dropped;   /* bytes of that line already dropped */
    uint64_t consumed;  /* bytes of the stream fully handed out (line boundary) */
    uint64_t lines;     /* lines handed out (all kinds) */
};

int tt_framer_init(struct tt_framer *f, size_t cap);
void tt_framer_fini(struct tt_framer *f);
enum tt_frame_rc tt_framer_next(struct tt_framer *f, struct tt_slice *out);
/* Free space to read into (compacting first when needed). */
char *tt_framer_space(struct tt_framer *f, size_t *out_len);
void tt_framer_commit(struct tt_framer *f, size_t n);
/* The input ended; truncated = it was damaged (partial last line is reported
 * as TT_FRAME_TRUNCATED instead of a line). */
void tt_framer_finish(struct tt_framer *f, int truncated);

#endif
