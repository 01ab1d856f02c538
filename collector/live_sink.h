/* SPDX-License-Identifier: MIT
 *
 * live_sink.h -- where the messages of a live source go: the listeners of
 * in_net.c and the captures of in_pcap.c hand each message, and each count
 * of messages lost before parsing, to a sink (source_live.c counts them).
 * Its own header so that in_net.c can own captures without in_pcap.h
 * needing in_net.h.
 */
#ifndef TT_LIVE_SINK_H
#define TT_LIVE_SINK_H

#include "collector/framer.h"
#include "collector/pipeline.h"

#include <stdint.h>

struct tt_net_sink {
    /* one message (without its newline); kind is LINE, TOO_LONG or TRUNCATED */
    void (*line)(void *ud, struct tt_stream *st, const char *p, size_t len, enum tt_frame_rc kind);
    /* n messages lost before parsing; reason TT_REASON_OVERFLOW (socket) or
     * TT_REASON_CAPTURE (capture drops, damaged packets) */
    void (*dropped)(void *ud, uint64_t n, enum tt_reason reason);
    void *ud;                              /* passed back */
};

#endif
