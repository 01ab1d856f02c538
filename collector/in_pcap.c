/* SPDX-License-Identifier: MIT
 *
 * in_pcap.c -- syslog from captured packets (pcap:FILE, iface:NAME).
 *
 * Each UDP payload is one message. TCP payloads are reassembled per flow in
 * sequence order (a few out-of-order segments are held, bounded) and cut by
 * the same framer as live TCP (sframe.c). What cannot be recovered is
 * counted in lines_dropped, never guessed: an IP fragment or a packet cut
 * by the snap length carrying UDP counts one lost message; a hole in a TCP
 * stream counts one and the framer resynchronises. For live captures the
 * kernel's drop counter of the capture (ps_drop) is added.
 * A capture file that ends inside a record stops with an error naming the
 * byte offset of that record; everything before it was counted.
 */
#include "collector/in_pcap.h"
#include "collector/sframe.h"
#include "common/mem.h"

#include <pcap/pcap.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#define FLOWS_MAX 1024
#define LIVE_TIMEOUT_MS 100 /* live: the ring hands a block over at the latest after this */
#define DRAIN_QUIET_MS (5 * LIVE_TIMEOUT_MS) /* at exit: read until nothing came for this long */
#define DRAIN_MAX_MS 5000   /* ... but no longer than this */
#define HELD_MAX 16
/* Without --pcap-filter: the kernel passes UDP, TCP, tagged frames and IPv6
 * fragments, and the decoder keeps syslog's ports (514/udp+tcp, 601/tcp). A
 * plain "udp port 514" filter would miss 802.1Q-tagged frames and every
 * IPv6 fragment, whose loss must be counted. */
#define DEFAULT_FILTER "udp or tcp or vlan or (ip6 and ip6[6] = 44)"
#define DEFAULT_FILTER_UNTAGGED "udp or tcp or (ip6 and ip6[6] = 44)"

/* ---- decoder (pure) ---------------------------------------------------- */

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Transport header at p (n bytes captured, full = bytes on the wire). */
static enum tt_pkt_rc transport(int proto, const uint8_t *p, size_t n, size_t full, struct tt_pkt *out)
{
    if (proto == 17) {
        /* ports first: a loss is kept or ignored by its ports (syslog's) */
        if (n >= 4) {
            out->sport = be16(p);
            out->dport = be16(p + 2);
        }
        if (n < 8)
            return TT_PKT_LOST;
        size_t ulen = be16(p + 4);
        if (ulen < 8 || ulen > full)
            return TT_PKT_LOST;
        if (ulen > n) /* cut by the snap length */
            return TT_PKT_LOST;
        out->payload = p + 8;
        out->payload_len = ulen - 8;
        return out->payload_len ? TT_PKT_UDP : TT_PKT_OTHER;
    }
    if (proto == 6) {
        if (n >= 4) {
            out->sport = be16(p);
            out->dport = be16(p + 2);
        }
        if (n < 20)
            return TT_PKT_LOST;
        size_t off = (size_t)(p[12] >> 4) * 4;
        if (off < 20 || off > full)
            return TT_PKT_LOST;
        out->seq = be32(p + 4);
        out->fin = (p[13] & 0x01) != 0;
        out->syn = (p[13] & 0x02) != 0;
        out->rst = (p[13] & 0x04) != 0;
        if (full - off > 0 && n < full)
            return TT_PKT_LOST;
        out->payload = p + off;
        out->payload_len = full - off;
        return TT_PKT_TCP;
    }
    return TT_PKT_OTHER;
}

/* cut: the frame was cut by the snap length (caplen < wirelen), so a header
 * too short to say what it carries may have carried syslog: a loss. */
static enum tt_pkt_rc ip(const uint8_t *p, size_t n, int cut, struct tt_pkt *out)
{
    if (n < 1)
        return cut ? TT_PKT_LOST : TT_PKT_OTHER;
    int v = p[0] >> 4;
    if (v == 4) {
        if (n < 20) {
            if (n >= 10)
                return p[9] == 17 || p[9] == 6 ? TT_PKT_LOST : TT_PKT_OTHER;
            return cut ? TT_PKT_LOST : TT_PKT_OTHER;
        }
        size_t ihl = (size_t)(p[0] & 15) * 4, tot = be16(p + 2);
        if (ihl < 20 || tot < ihl)
            return TT_PKT_OTHER;
        int proto = p[9];
        out->family = 4;
        memcpy(out->src, p + 12, 4);
        memcpy(out->dst, p + 16, 4);
        uint16_t frag = be16(p + 6);
        /* A fragmented datagram is one lost message: counted at its first
         * fragment (offset 0, MF set); the others are ignored. */
        if ((frag & 0x1FFF) != 0)
            return TT_PKT_OTHER;
        if (frag & 0x2000) {
            if (n >= ihl + 4) {
                out->sport = be16(p + ihl);
                out->dport = be16(p + ihl + 2);
            }
            return proto == 17 || proto == 6 ? TT_PKT_LOST : TT_PKT_OTHER;
        }
        if (n < ihl)
            return proto == 17 || proto == 6 ? TT_PKT_LOST : TT_PKT_OTHER;
        size_t have = TT_MIN(n, tot) - ihl;
        return transport(proto, p + ihl, have, tot - ihl, out);
    }
    if (v == 6) {
        if (n < 40)
            return cut ? TT_PKT_LOST : TT_PKT_OTHER;
        size_t plen = be16(p + 4);
        int next = p[6];
        out->family = 6;
        memcpy(out->src, p + 8, 16);
        memcpy(out->dst, p + 24, 16);
        size_t off = 40, end = 40 + plen;
        for (int hops = 0; hops < 8; hops++) {
            if (next == 0 || next == 43 || next == 60) {
                if (off + 8 > TT_MIN(n, end))
                    return TT_PKT_OTHER;
                size_t len = ((size_t)p[off + 1] + 1) * 8;
                next = p[off];
                off += len;
                continue;
            }
            if (next == 44) { /* fragment header */
                if (off + 8 > TT_MIN(n, end))
                    return TT_PKT_LOST;
                int inner = p[off];
                if ((be16(p + off + 2) & 0xFFF8) != 0) /* not the first fragment */
                    return TT_PKT_OTHER;
                if (off + 12 <= TT_MIN(n, end)) {
                    out->sport = be16(p + off + 8);
                    out->dport = be16(p + off + 10);
                }
                return inner == 17 || inner == 6 ? TT_PKT_LOST : TT_PKT_OTHER;
            }
            break;
        }
        if (off > end)
            return TT_PKT_OTHER;
        if (off > n)
            return next == 17 || next == 6 ? TT_PKT_LOST : TT_PKT_OTHER;
        return transport(next, p + off, TT_MIN(n, end) - off, end - off, out);
    }
    return TT_PKT_OTHER;
}

enum tt_pkt_rc tt_pkt_decode(int dlt, const uint8_t *p, size_t caplen, size_t wirelen, struct tt_pkt *out)
{
    memset(out, 0, sizeof(*out));
    /* The IP lengths say what was cut; wirelen only tells a frame cut
     * before them (caplen 0 included) from a runt. */
    int cut = caplen < wirelen;
    enum tt_pkt_rc short_rc = cut ? TT_PKT_LOST : TT_PKT_OTHER;
    size_t off;
    uint16_t type;
    switch (dlt) {
    case DLT_EN10MB:
        if (caplen < 14)
            return short_rc;
        off = 12;
        type = be16(p + off);
        off += 2;
        for (int tags = 0; tags < 4 && (type == 0x8100 || type == 0x88A8 || type == 0x9100); tags++) {
            if (caplen < off + 4)
                return short_rc;
            type = be16(p + off + 2);
            off += 4;
        }
        break;
    case DLT_LINUX_SLL:
        if (caplen < 16)
            return short_rc;
        type = be16(p + 14);
        off = 16;
        break;
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
        if (caplen < 20)
            return short_rc;
        type = be16(p);
        off = 20;
        break;
#endif
    case DLT_NULL:
    case DLT_LOOP:
        if (caplen < 4)
            return short_rc;
        return ip(p + 4, caplen - 4, cut, out);
    case DLT_RAW:
    case 101: /* LINKTYPE_RAW */
    case 228: /* IPv4 */
    case 229: /* IPv6 */
        return ip(p, caplen, cut, out);
    default:
        return TT_PKT_OTHER;
    }
    if (type != 0x0800 && type != 0x86DD)
        return TT_PKT_OTHER;
    return ip(p + off, caplen - off, cut, out);
}

/* ---- TCP flows --------------------------------------------------------- */

struct held {
    uint32_t seq;  /* first byte */
    size_t len;    /* bytes */
    uint8_t *data; /* copy */
};

struct flow {
    int used;                 /* slot taken */
    uint8_t family;           /* key: ... */
    uint8_t src[16], dst[16]; /* ... addresses */
    uint16_t sport, dport;    /* ... ports */
    int have_next;            /* next_seq is known */
    uint32_t next_seq;        /* next byte expected */
    struct tt_sframe fr;      /* framer of this direction */
    struct held held[HELD_MAX]; /* out-of-order segments, bounded */
    int n_held;               /* ... count */
    uint64_t last_use;        /* for eviction */
};

struct tt_pcap {
    pcap_t *p;                          /* libpcap handle */
    int live;                           /* iface: */
    int dlt;                            /* link type */
    char name[512];                     /* the source as given */
    struct tt_stream st;                /* parser state */
    struct tt_net_sink sink;            /* copy */
    struct flow *flows;                 /* FLOWS_MAX slots */
    uint64_t tick;                      /* packets seen */
    uint64_t packets;                   /* ... for messages */
    uint64_t drops_reported;            /* live: pcap drops already counted */
    int damaged;                        /* file ended with an error */
    int port_check;                     /* no user filter: keep syslog ports only */
    long offset;                        /* classic pcap file: offset of the next record, else -1 */
    struct bpf_program prog;            /* ... and its filter, run here to see every record */
    int own_filter;                     /* prog is set */
};

/* Offset of the first packet record (24) when p reads a classic pcap file,
 * whose records are a 16-byte header and the captured bytes; -1 otherwise
 * (pcapng, a pipe). The magic is read with pread: p's position is kept. */
static long classic_records_at(pcap_t *p)
{
    unsigned char m[4];
    FILE *f = pcap_file(p);
    if (!f || pread(fileno(f), m, 4, 0) != 4)
        return -1;
    uint32_t le = (uint32_t)m[0] | (uint32_t)m[1] << 8 | (uint32_t)m[2] << 16 | (uint32_t)m[3] << 24;
    if (le == 0xa1b2c3d4u || le == 0xd4c3b2a1u || le == 0xa1b23c4du || le == 0x4d3cb2a1u)
        return ftell(f) == 24 ? 24 : -1;
    return -1;
}

static int syslog_port(uint16_t p)
{
    return p == 514 || p == 601;
}

static void on_message(void *ud, const char *p, size_t len, enum tt_frame_rc kind)
{
    struct tt_pcap *pc = ud;
    pc->sink.line(pc->sink.ud, &pc->st, p, len, kind);
}

static void lost(struct tt_pcap *pc, uint64_t n)
{
    pc->sink.dropped(pc->sink.ud, n, TT_REASON_CAPTURE);
}

static struct flow *find_flow(struct tt_pcap *pc, const struct tt_pkt *k)
{
    uint64_t h = 1469598103934665603ULL ^ k->family;
    for (int i = 0; i < 16; i++)
        h = (h ^ k->src[i] ^ ((uint64_t)k->dst[i] << 8)) * 1099511628211ULL;
    h = (h ^ k->sport ^ ((uint64_t)k->dport << 16)) * 1099511628211ULL;
    struct flow *oldest = NULL;
    for (int probe = 0; probe < 8; probe++) {
        struct flow *f = &pc->flows[(h + (uint64_t)probe) % FLOWS_MAX];
        if (f->used && f->family == k->family && f->sport == k->sport && f->dport == k->dport &&
            !memcmp(f->src, k->src, 16) && !memcmp(f->dst, k->dst, 16))
            return f;
        if (!f->used) {
            oldest = f;
            break;
        }
        if (!oldest || f->last_use < oldest->last_use)
            oldest = f;
    }
    /* A new flow (or an evicted old one: its unfinished message is lost). */
    if (oldest->used) {
        if (oldest->fr.len)
            lost(pc, 1);
        for (int i = 0; i < oldest->n_held; i++)
            free(oldest->held[i].data);
        tt_sframe_fini(&oldest->fr);
    }
    memset(oldest, 0, sizeof(*oldest));
    oldest->used = 1;
    oldest->family = k->family;
    memcpy(oldest->src, k->src, 16);
    memcpy(oldest->dst, k->dst, 16);
    oldest->sport = k->sport;
    oldest->dport = k->dport;
    tt_sframe_init(&oldest->fr, TT_LINE_MAX);
    return oldest;
}

static void feed_in_order(struct tt_pcap *pc, struct flow *f, uint32_t seq, const uint8_t *p, size_t n)
{
    uint32_t behind = f->next_seq - seq; /* bytes already seen (retransmission) */
    if (behind >= n && behind < 0x80000000u)
        return;
    if (behind < 0x80000000u) {
        p += behind;
        n -= behind;
    }
    tt_sframe_feed(&f->fr, (const char *)p, n, on_message, pc);
    f->next_seq += (uint32_t)n;
}

static void release_held(struct tt_pcap *pc, struct flow *f, int force)
{
    for (;;) {
        int best = -1;
        for (int i = 0; i < f->n_held; i++) {
            int32_t d = (int32_t)(f->held[i].seq - f->next_seq);
            if (d <= 0 || (force && (best < 0 || (int32_t)(f->held[i].seq - f->held[best].seq) < 0)))
                best = i;
            if (d <= 0)
                break;
        }
        if (best < 0)
            return;
        struct held h = f->held[best];
        f->held[best] = f->held[--f->n_held];
        if ((int32_t)(h.seq - f->next_seq) > 0) { /* forced past a hole */
            lost(pc, 1);
            tt_sframe_gap(&f->fr);
            f->next_seq = h.seq;
        }
        feed_in_order(pc, f, h.seq, h.data, h.len);
        free(h.data);
    }
}

static void close_flow(struct tt_pcap *pc, struct flow *f)
{
    release_held(pc, f, 1);
    tt_sframe_finish(&f->fr, on_message, pc);
    tt_sframe_fini(&f->fr);
    memset(f, 0, sizeof(*f));
}

static void tcp_segment(struct tt_pcap *pc, const struct tt_pkt *k)
{
    struct flow *f = find_flow(pc, k);
    f->last_use = pc->tick;
    if (k->syn) {
        f->have_next = 1;
        f->next_seq = k->seq + 1;
    }
    if (k->payload_len) {
        uint32_t seq = k->syn ? k->seq + 1 : k->seq;
        if (!f->have_next) { /* capture started mid-stream */
            f->have_next = 1;
            f->next_seq = seq;
        }
        int32_t ahead = (int32_t)(seq - f->next_seq);
        if (ahead > 0) {
            if (f->n_held == HELD_MAX)
                release_held(pc, f, 1);
            struct held *h = &f->held[f->n_held++];
            h->seq = seq;
            h->len = k->payload_len;
            h->data = tt_malloc(k->payload_len);
            memcpy(h->data, k->payload, k->payload_len);
        } else {
            feed_in_order(pc, f, seq, k->payload, k->payload_len);
            release_held(pc, f, 0);
        }
    }
    if (k->fin || k->rst)
        close_flow(pc, f);
}

/* ---- the source -------------------------------------------------------- */

static int is_loopback(const char *name)
{
    pcap_if_t *all = NULL, *d;
    char eb[PCAP_ERRBUF_SIZE];
    int lo = strcmp(name, "lo") == 0;
    if (pcap_findalldevs(&all, eb) == 0) {
        for (d = all; d; d = d->next)
            if (strcmp(d->name, name) == 0)
                lo = (d->flags & PCAP_IF_LOOPBACK) != 0;
        pcap_freealldevs(all);
    }
    return lo;
}

struct tt_pcap *tt_pcap_open(const char *spec, const char *filter, const struct tt_pipeline_config *cfg,
                             const struct tt_net_sink *sink, char *err, size_t errlen)
{
    char ebuf[PCAP_ERRBUF_SIZE] = "";
    struct tt_pcap *pc = tt_calloc(1, sizeof(*pc));
    snprintf(pc->name, sizeof(pc->name), "%s", spec);
    pc->sink = *sink;
    pc->live = !strncmp(spec, "iface:", 6);
    pc->offset = -1; /* live: the kernel runs the filter (set below) */
    const char *what = spec + (pc->live ? 6 : 5);
    if (pc->live) {
        pc->p = pcap_create(what, ebuf);
        if (pc->p) {
            pcap_set_snaplen(pc->p, 65535);
            pcap_set_buffer_size(pc->p, 16 << 20);
            pcap_set_timeout(pc->p, LIVE_TIMEOUT_MS);
            /* no immediate mode: TPACKET_V3 packs packets tightly into blocks
             * (immediate mode uses a whole snaplen-sized slot per packet);
             * 100 ms of latency does not matter for counting */
            pcap_setnonblock(pc->p, 1, ebuf);
            int rc = pcap_activate(pc->p);
            if (rc < 0) {
                snprintf(ebuf, sizeof(ebuf), "%s", pcap_geterr(pc->p));
                pcap_close(pc->p);
                pc->p = NULL;
            }
        }
    } else {
        pc->p = pcap_open_offline(what, ebuf);
        pc->offset = pc->p ? classic_records_at(pc->p) : -1;
    }
    if (!pc->p) {
        snprintf(err, errlen, "source '%s': %s", spec, ebuf);
        free(pc);
        return NULL;
    }
    struct bpf_program prog;
    const char *f = filter ? filter : DEFAULT_FILTER;
    pc->port_check = filter == NULL;
    /* Live: only packets arriving (or mirrored) here. The kernel queues a
     * host's own outgoing packets too, and would count their drops; the
     * "inbound" test runs in the kernel, before any queueing. Not on a
     * loopback interface, where every packet is both outgoing and incoming
     * and Linux misses the first one with "inbound": there drops may count
     * a packet's two copies (said in the docs). */
    char live_f[1200];
    int crc = -1;
    if (pc->live && !is_loopback(what)) {
        snprintf(live_f, sizeof(live_f), "inbound and (%s)", f);
        crc = pcap_compile(pc->p, &prog, live_f, 1, PCAP_NETMASK_UNKNOWN);
        if (crc == 0)
            f = live_f;
    }
    if (crc != 0)
        crc = pcap_compile(pc->p, &prog, f, 1, PCAP_NETMASK_UNKNOWN);
    if (crc != 0 && !filter) { /* link types without VLAN tags (raw IP, cooked) */
        f = DEFAULT_FILTER_UNTAGGED;
        if (pc->live && !is_loopback(what)) {
            snprintf(live_f, sizeof(live_f), "inbound and (%s)", f);
            crc = pcap_compile(pc->p, &prog, live_f, 1, PCAP_NETMASK_UNKNOWN);
            if (crc == 0)
                f = live_f;
        }
        if (crc != 0)
            crc = pcap_compile(pc->p, &prog, f, 1, PCAP_NETMASK_UNKNOWN);
    }
    if (crc == 0 && pc->offset >= 0) { /* filtered in tt_pcap_pump, which counts every record's bytes */
        pc->prog = prog;
        pc->own_filter = 1;
    } else if (crc != 0 || pcap_setfilter(pc->p, &prog) != 0) {
        snprintf(err, errlen, "source '%s': filter '%s': %s", spec, f, pcap_geterr(pc->p));
        pcap_close(pc->p);
        free(pc);
        return NULL;
    }
    if (!pc->own_filter)
        pcap_freecode(&prog);
    if (pc->live) {
        fprintf(stderr, "threattally-collector: %s: capturing (filter: %s)\n", spec, f);
    }
    pc->dlt = pcap_datalink(pc->p);
    pc->flows = tt_calloc(FLOWS_MAX, sizeof(*pc->flows));
    tt_stream_init(&pc->st, cfg);
    pc->st.live = (uint8_t)pc->live; /* a live capture's untimed lines take arrival time */
    return pc;
}

int tt_pcap_fd(const struct tt_pcap *pc)
{
    return pc->live ? pcap_get_selectable_fd(pc->p) : -1;
}

static void live_drops(struct tt_pcap *pc)
{
    struct pcap_stat ps;
    if (!pc->live || pcap_stats(pc->p, &ps) != 0)
        return;
    /* ps_drop: packets that passed the filter but found the capture buffer
     * full. ps_ifdrop is the interface's own drop counter, whatever the
     * traffic: not counted as lost syslog (it is mostly something else). */
    uint64_t total = (uint64_t)ps.ps_drop;
    if (total > pc->drops_reported) {
        lost(pc, total - pc->drops_reported);
        pc->drops_reported = total;
    }
}

static void handle_packet(struct tt_pcap *pc, const struct pcap_pkthdr *hdr, const u_char *data)
{
    pc->packets++;
    pc->tick++;
    struct tt_pkt k;
    enum tt_pkt_rc prc = tt_pkt_decode(pc->dlt, data, hdr->caplen, hdr->len, &k);
    /* A loss whose ports could not be read (cut before them) may have been
     * syslog: counted. */
    int ports_known = k.sport || k.dport;
    if (prc != TT_PKT_OTHER && pc->port_check && !syslog_port(k.sport) && !syslog_port(k.dport) &&
        !(prc == TT_PKT_LOST && !ports_known))
        return;
    switch (prc) {
    case TT_PKT_UDP: {
        size_t n = k.payload_len;
        while (n > 0 && (k.payload[n - 1] == '\n' || k.payload[n - 1] == '\r' || k.payload[n - 1] == 0))
            n--;
        on_message(pc, (const char *)k.payload, TT_MIN(n, (size_t)TT_LINE_MAX),
                   n > TT_LINE_MAX ? TT_FRAME_TOO_LONG : TT_FRAME_LINE);
        break;
    }
    case TT_PKT_TCP: tcp_segment(pc, &k); break;
    case TT_PKT_LOST: lost(pc, 1); break;
    default: break;
    }
}

/* Every packet read goes through here, in the loop and in the final
 * drain alike: the filter run in user space (capture files) and then the
 * decoder. (A live capture's final drain once skipped the filter, which
 * then ran here for live captures too: packets of other ports still queued
 * at exit were counted as messages.) */
static void take_packet(struct tt_pcap *pc, const struct pcap_pkthdr *hdr, const u_char *data)
{
    /* A record cut too short for the filter to read its headers (caplen 0
     * too) fails every filter: the decoder decides instead, counting it
     * lost when it may have been syslog. */
    int too_short = hdr->caplen < hdr->len && hdr->caplen < 64;
    if (pc->own_filter && !too_short && !pcap_offline_filter(&pc->prog, hdr, data))
        return;
    handle_packet(pc, hdr, data);
}

int tt_pcap_pump(struct tt_pcap *pc, int max)
{
    if (!pc->p)
        return 0;
    for (int i = 0; i < max; i++) {
        struct pcap_pkthdr *hdr;
        const u_char *data;
        /* where a damaged record starts, for the message: counted, not
         * asked of the kernel per packet, in a classic pcap file */
        long at = pc->live ? 0 : pc->offset >= 0 ? pc->offset : ftell(pcap_file(pc->p));
        int rc = pcap_next_ex(pc->p, &hdr, &data);
        if (rc == 0)
            break; /* live: nothing now */
        if (rc == PCAP_ERROR_BREAK) {
            tt_pcap_final(pc);
            return 0;
        }
        if (rc < 0) {
            fprintf(stderr, "threattally-collector: %s: capture damaged at byte %ld (after %llu packets): %s\n",
                    pc->name, at, (unsigned long long)pc->packets, pcap_geterr(pc->p));
            pc->damaged = 1;
            tt_pcap_final(pc);
            return 0;
        }
        if (pc->offset >= 0)
            pc->offset += 16 + (long)hdr->caplen;
        take_packet(pc, hdr, data);
    }
    if (pc->live)
        live_drops(pc);
    return !pc->live;
}

void tt_pcap_final(struct tt_pcap *pc)
{
    if (!pc || !pc->flows)
        return;
    if (pc->live) {
        /* What the kernel already holds for us is read, not lost. The ring
         * hands packets over in blocks retired by a timer (LIVE_TIMEOUT_MS):
         * a block still open holds the last packets, so the drain goes on
         * until nothing has come for several of its periods (two rounds of
         * 20 ms once ended it before the last block was handed over, and
         * its packets were lost without a count: t_live_iface under load). */
        struct pcap_pkthdr *hdr;
        const u_char *data;
        int quiet_ms = 0;
        for (int waited = 0; waited < DRAIN_MAX_MS && quiet_ms < DRAIN_QUIET_MS; waited += 20) {
            int got = 0;
            while (got < 1000000 && pcap_next_ex(pc->p, &hdr, &data) == 1) {
                take_packet(pc, hdr, data);
                got++;
            }
            quiet_ms = got ? 0 : quiet_ms + 20;
            struct pollfd pfd = {.fd = pcap_get_selectable_fd(pc->p), .events = POLLIN};
            poll(&pfd, 1, 20);
        }
    }
    for (int i = 0; i < FLOWS_MAX; i++)
        if (pc->flows[i].used)
            close_flow(pc, &pc->flows[i]);
    live_drops(pc);
}

int tt_pcap_damaged(const struct tt_pcap *pc)
{
    return pc->damaged;
}

void tt_pcap_close(struct tt_pcap *pc)
{
    if (!pc)
        return;
    if (pc->flows) {
        for (int i = 0; i < FLOWS_MAX; i++) {
            for (int j = 0; j < pc->flows[i].n_held; j++)
                free(pc->flows[i].held[j].data);
            tt_sframe_fini(&pc->flows[i].fr);
        }
        free(pc->flows);
    }
    if (pc->own_filter)
        pcap_freecode(&pc->prog);
    if (pc->p)
        pcap_close(pc->p);
    tt_stream_fini(&pc->st);
    free(pc);
}
