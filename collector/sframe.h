/* SPDX-License-Identifier: MIT
 *
 * sframe.h -- syslog over a byte stream (TCP, or TCP reassembled from a
 * capture): RFC 6587 octet counting ("LEN SP MSG") or non-transparent
 * framing (one message per line), detected frame by frame: a digit followed
 * by more digits and a space starts an octet count, anything else a line
 * (senders that mix both on one connection exist). Memory is bounded: the buffer grows on
 * demand up to the message limit; an over-long message is reported once as
 * too long and skipped, so a hostile peer cannot make it grow further.
 */
#ifndef TT_SFRAME_H
#define TT_SFRAME_H

#include "collector/framer.h"

#include <stddef.h>
#include <stdint.h>

enum tt_sframe_mode {
    TT_SFRAME_UNKNOWN = 0, /* nothing received yet */
    TT_SFRAME_NEWLINE,     /* last frame: non-transparent, LF ended it */
    TT_SFRAME_OCTET,       /* last frame: octet counted */
    TT_SFRAME_MODE_COUNT
};

/* One message: kind is TT_FRAME_LINE, TT_FRAME_TOO_LONG (p holds its first
 * bytes) or TT_FRAME_TRUNCATED (the stream ended inside it). */
typedef void (*tt_sframe_fn)(void *ud, const char *p, size_t len, enum tt_frame_rc kind);

struct tt_sframe {
    char *buf;                /* owned; grows up to cap */
    size_t alloc;             /* its current size */
    size_t cap;               /* largest message kept whole */
    size_t len;               /* bytes held */
    enum tt_sframe_mode mode; /* framing of the last frame */
    int discarding;           /* newline mode: inside an over-long line */
    uint64_t skip;            /* octet mode: bytes of an over-long message still to skip */
    uint64_t frames;          /* messages handed out */
    uint64_t framing_errors;  /* digits that were not an octet count (read as a line) */
};

void tt_sframe_init(struct tt_sframe *f, size_t cap);
void tt_sframe_fini(struct tt_sframe *f);
/* Feeds n bytes; calls fn for every complete message. */
void tt_sframe_feed(struct tt_sframe *f, const char *p, size_t n, tt_sframe_fn fn, void *ud);
/* The stream ended: a final unterminated line still counts as a line, an
 * unfinished octet-counted message as truncated. Resets for reuse. */
void tt_sframe_finish(struct tt_sframe *f, tt_sframe_fn fn, void *ud);
/* Bytes were lost (a gap in a capture): drops what is held and
 * resynchronises on the next newline when inside a line. */
void tt_sframe_gap(struct tt_sframe *f);

#endif
