/* SPDX-License-Identifier: MIT
 *
 * in_net.h -- live sources: syslog listeners (udp://, tcp://, unix:) and
 * packet captures (pcap:FILE, iface:NAME), all behind one epoll set so the
 * main loop waits on a single descriptor. Every message goes to the sink as
 * a line; every message known to be lost before parsing (socket overflow,
 * capture drops, damaged packets) goes to the sink's drop counter.
 * docs/COUNTING.md#sockets: at most once, losses measured.
 */
#ifndef TT_IN_NET_H
#define TT_IN_NET_H

#include "collector/live_sink.h"
#include "collector/pipeline.h"

#include <stdint.h>

struct tt_net_options {
    int udp_rcvbuf_bytes;     /* SO_RCVBUF for UDP/unix sockets, 0 = system default */
    int tcp_max_conns;        /* connections kept at once (the slowest is closed for a new one) */
    int tcp_max_per_addr;     /* ... from one address; 0 = max(8, tcp_max_conns / 4) */
    const char *pcap_filter;  /* BPF filter for captures, NULL = udp or tcp */
};

struct tt_net;

struct tt_net *tt_net_create(const struct tt_pipeline_config *cfg, const struct tt_net_sink *sink,
                             const struct tt_net_options *o);
/* 1 when spec is a syslog listener (udp://, tcp://, unix:) ... (sources.c
 * asks, through the kinds of source_live.c) */
int tt_net_is_socket(const char *spec);
/* ... or a capture (pcap:, iface:). */
int tt_net_is_capture(const char *spec);
/* Binds or opens spec now (before privileges are dropped). */
int tt_net_add(struct tt_net *n, const char *spec, char *err, size_t errlen);
/* The same, for a source with pipeline settings of its own (borrowed). */
int tt_net_add_cfg(struct tt_net *n, const char *spec, const struct tt_pipeline_config *cfg, char *err, size_t errlen);
/* Waits up to timeout_ms for traffic and handles what arrived. Capture
 * files are read here too, a block per call. */
void tt_net_poll(struct tt_net *n, int timeout_ms);
/* 1 while a capture file is still being read (the run is not over). */
int tt_net_busy(const struct tt_net *n);
/* 1 when it has sources that never end by themselves (sockets, interfaces). */
int tt_net_endless(const struct tt_net *n);
/* Reads the kernel's drop counters once more (at exit). */
void tt_net_final(struct tt_net *n);
size_t tt_net_sockets(const struct tt_net *n);
/* 1 after a capture file ended with an error (truncated); message printed. */
int tt_net_damaged(const struct tt_net *n);
void tt_net_destroy(struct tt_net *n);

#endif
