/* SPDX-License-Identifier: MIT
 *
 * in_pcap.h -- syslog carried in captured packets: pcap:FILE (a capture
 * file, read once) and iface:NAME (live capture via libpcap). The packet
 * decoder (tt_pkt_decode) is pure and separate, for tests and fuzzing.
 */
#ifndef TT_IN_PCAP_H
#define TT_IN_PCAP_H

#include "collector/live_sink.h"
#include "collector/pipeline.h"

#include <stddef.h>
#include <stdint.h>

enum tt_pkt_rc {
    TT_PKT_UDP = 0,   /* a UDP datagram: one message */
    TT_PKT_TCP,       /* a TCP segment of a stream */
    TT_PKT_OTHER,     /* not UDP/TCP (ARP, ICMP, ...), or no payload: ignored */
    TT_PKT_LOST,      /* UDP/TCP whose payload cannot be recovered (fragment, cut by snaplen) */
    TT_PKT_RC_COUNT
};

/* What the decoder found in one frame. */
struct tt_pkt {
    uint8_t family;           /* 4 or 6 */
    uint8_t src[16], dst[16]; /* addresses (IPv4 in the first 4 bytes) */
    uint16_t sport, dport;    /* ports */
    uint32_t seq;             /* TCP sequence number of the payload's first byte */
    uint8_t syn, fin, rst;    /* TCP flags */
    const uint8_t *payload;   /* into the frame */
    size_t payload_len;       /* its length */
};

/* Decodes one frame of link type dlt (Ethernet with 802.1Q/QinQ tags, Linux
 * cooked v1/v2, raw IP, BSD loopback/null). caplen is what was captured,
 * wirelen the original length. */
enum tt_pkt_rc tt_pkt_decode(int dlt, const uint8_t *p, size_t caplen, size_t wirelen, struct tt_pkt *out);

struct tt_pcap;

/* spec is "pcap:FILE" or "iface:NAME". */
struct tt_pcap *tt_pcap_open(const char *spec, const char *filter, const struct tt_pipeline_config *cfg,
                             const struct tt_net_sink *sink, char *err, size_t errlen);
int tt_pcap_fd(const struct tt_pcap *pc);  /* live: selectable descriptor; file: -1 */
/* Handles up to max packets; returns 1 while a file has more, 0 at its end. */
int tt_pcap_pump(struct tt_pcap *pc, int max);
void tt_pcap_final(struct tt_pcap *pc);    /* flushes streams, reads drop counters */
int tt_pcap_damaged(const struct tt_pcap *pc);
void tt_pcap_close(struct tt_pcap *pc);

#endif
