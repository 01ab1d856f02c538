/* SPDX-License-Identifier: MIT
 *
 * pcapgen.c -- test helper: writes a libpcap capture (Ethernet) carrying the
 * lines of a log file as syslog: most over UDP/514 (some with an 802.1Q tag,
 * some over IPv6), the rest over four TCP/514 streams (two octet-counted,
 * two newline-framed, one over IPv6 with a tag) cut into random segments,
 * with some segments out of order and some retransmitted. It adds LOST
 * extra datagrams the collector cannot recover (IPv4 and IPv6 fragments,
 * packets cut by the snap length, a UDP length beyond the datagram, empty
 * records, a frame cut inside its IP header), plus non-syslog noise (ARP).
 *   pcapgen LOG OUT.pcap SEED LOST   prints: <lines carried> <lost datagrams>
 * Built by the tests (cc -O2 -o pcapgen pcapgen.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *out;
static uint64_t rng;
static uint32_t ts;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static void put32(uint32_t v)
{
    fwrite(&v, 4, 1, out);
}

static void record(const uint8_t *p, size_t caplen, size_t len)
{
    put32(1517443200 + ts / 1000);
    put32((ts % 1000) * 1000);
    ts++;
    put32((uint32_t)caplen);
    put32((uint32_t)len);
    fwrite(p, 1, caplen, out);
}

static size_t eth(uint8_t *p, int vlan, uint16_t type)
{
    memset(p, 0x02, 12);
    size_t o = 12;
    if (vlan) {
        p[o++] = 0x81, p[o++] = 0x00, p[o++] = 0x00, p[o++] = 0x64;
    }
    p[o++] = (uint8_t)(type >> 8), p[o++] = (uint8_t)type;
    return o;
}

static size_t ip4(uint8_t *p, int proto, size_t payload, uint16_t frag, uint8_t host)
{
    size_t tot = 20 + payload;
    memset(p, 0, 20);
    p[0] = 0x45;
    p[2] = (uint8_t)(tot >> 8), p[3] = (uint8_t)tot;
    p[6] = (uint8_t)(frag >> 8), p[7] = (uint8_t)frag;
    p[8] = 64;
    p[9] = (uint8_t)proto;
    p[12] = 192, p[13] = 0, p[14] = 2, p[15] = host;
    p[16] = 10, p[17] = 0, p[18] = 0, p[19] = 5;
    return 20;
}

static size_t ip6(uint8_t *p, int proto, size_t payload, uint8_t host)
{
    memset(p, 0, 40);
    p[0] = 0x60;
    p[4] = (uint8_t)(payload >> 8), p[5] = (uint8_t)payload;
    p[6] = (uint8_t)proto;
    p[7] = 64;
    p[8] = 0x20, p[9] = 0x01, p[10] = 0x0d, p[11] = 0xb8, p[23] = host;
    p[24] = 0x20, p[25] = 0x01, p[26] = 0x0d, p[27] = 0xb8, p[28] = 0x00, p[29] = 0x10, p[39] = 5;
    return 40;
}

static size_t udp(uint8_t *p, const char *msg, size_t n)
{
    p[0] = 0x30, p[1] = 0x39, p[2] = 0x02, p[3] = 0x02; /* 12345 -> 514 */
    p[4] = (uint8_t)((n + 8) >> 8), p[5] = (uint8_t)(n + 8);
    p[6] = p[7] = 0;
    memcpy(p + 8, msg, n);
    return 8 + n;
}

static uint8_t pkt[70000];

static void send_udp(const char *msg, size_t n, int v6, int vlan, size_t snap)
{
    size_t o = eth(pkt, vlan, v6 ? 0x86DD : 0x0800);
    o += v6 ? ip6(pkt + o, 17, n + 8, 7) : ip4(pkt + o, 17, n + 8, 0, 7);
    o += udp(pkt + o, msg, n);
    record(pkt, snap && snap < o ? snap : o, o);
}

struct flow {
    int v6, vlan, octet;   /* shape */
    uint8_t host;          /* source address last byte */
    uint16_t sport;        /* source port */
    char *buf;             /* bytes of the stream */
    size_t len, cap, sent; /* ... and how far they were sent */
    uint32_t isn;          /* initial sequence number */
};

static void tcp_pkt(struct flow *f, uint32_t seq, uint8_t flags, const char *data, size_t n)
{
    size_t o = eth(pkt, f->vlan, f->v6 ? 0x86DD : 0x0800);
    o += f->v6 ? ip6(pkt + o, 6, n + 20, f->host) : ip4(pkt + o, 6, n + 20, 0, f->host);
    uint8_t *t = pkt + o;
    memset(t, 0, 20);
    t[0] = (uint8_t)(f->sport >> 8), t[1] = (uint8_t)f->sport, t[2] = 0x02, t[3] = 0x02;
    t[4] = (uint8_t)(seq >> 24), t[5] = (uint8_t)(seq >> 16), t[6] = (uint8_t)(seq >> 8), t[7] = (uint8_t)seq;
    t[12] = 0x50;
    t[13] = flags;
    memcpy(t + 20, data, n);
    record(pkt, o + 20 + n, o + 20 + n);
}

/* Sends the flow's pending bytes as random segments, some swapped, some
 * repeated. */
static void tcp_flush(struct flow *f)
{
    while (f->sent < f->len) {
        size_t a = 1 + rnd(1400);
        if (a > f->len - f->sent)
            a = f->len - f->sent;
        size_t b = f->len - f->sent - a;
        b = b > 0 ? 1 + rnd((uint32_t)(b < 1400 ? b : 1400)) : 0;
        uint32_t s1 = f->isn + 1 + (uint32_t)f->sent, s2 = s1 + (uint32_t)a;
        int swap = b && rnd(100) < 8;
        if (swap) {
            tcp_pkt(f, s2, 0x18, f->buf + f->sent + a, b);
            tcp_pkt(f, s1, 0x18, f->buf + f->sent, a);
        } else {
            tcp_pkt(f, s1, 0x18, f->buf + f->sent, a);
            if (b)
                tcp_pkt(f, s2, 0x18, f->buf + f->sent + a, b);
        }
        if (rnd(100) < 5) /* retransmission */
            tcp_pkt(f, s1, 0x18, f->buf + f->sent, a);
        f->sent += a + b;
    }
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    FILE *in = fopen(argv[1], "r");
    out = fopen(argv[2], "wb");
    rng = strtoull(argv[3], NULL, 10) * 2654435761u + 88172645463325252ULL;
    int lost = atoi(argv[4]);
    if (!in || !out)
        return 1;
    put32(0xa1b2c3d4);
    uint16_t v[2] = {2, 4};
    fwrite(v, 2, 2, out);
    put32(0), put32(0), put32(65535), put32(1);
    struct flow fl[4] = {{0, 0, 1, 11, 40001}, {0, 1, 0, 12, 40002}, {1, 1, 1, 13, 40003}, {1, 0, 0, 14, 40004}};
    for (int i = 0; i < 4; i++) {
        fl[i].isn = 1000u * (uint32_t)(i + 1) + 0xFFFFF000u; /* wraps during the test */
        tcp_pkt(&fl[i], fl[i].isn, 0x02, "", 0);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lines = 0;
    int lost_done = 0;
    while ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (n == 0 || n > 8000)
            continue; /* not a syslog datagram */
        lines++;
        uint32_t r = rnd(100);
        if (r < 60) {
            send_udp(line, (size_t)n, r < 10, r >= 10 && r < 20, 0);
        } else {
            struct flow *f = &fl[r % 4];
            if (f->len + (size_t)n + 16 > f->cap) {
                f->cap = (f->len + (size_t)n + 16) * 2;
                f->buf = realloc(f->buf, f->cap);
            }
            if (f->octet)
                f->len += (size_t)sprintf(f->buf + f->len, "%zd ", n);
            memcpy(f->buf + f->len, line, (size_t)n);
            f->len += (size_t)n;
            if (!f->octet)
                f->buf[f->len++] = '\n';
            if (f->len - f->sent > 3000)
                tcp_flush(f);
        }
        if (lost_done < lost && rnd(1000) < 5) {
            /* something the collector cannot recover, never counted as a line */
            static const char lostmsg[] = "<13>Feb  1 00:00:00 h lost: this datagram cannot be recovered";
            int kind = lost_done % 6;
            if (kind == 0) { /* IPv4 fragments: first (MF) and second */
                size_t o = eth(pkt, 0, 0x0800);
                o += ip4(pkt + o, 17, 8 + 24, 0x2000, 9);
                o += udp(pkt + o, lostmsg, 24);
                pkt[o - 24 - 8 + 4] = 0, pkt[o - 24 - 8 + 5] = (uint8_t)(sizeof(lostmsg) - 1 + 8);
                record(pkt, o, o);
                o = eth(pkt, 0, 0x0800);
                o += ip4(pkt + o, 17, sizeof(lostmsg) - 1 - 24, 4, 9);
                memcpy(pkt + o, lostmsg + 24, sizeof(lostmsg) - 1 - 24);
                o += sizeof(lostmsg) - 1 - 24;
                record(pkt, o, o);
            } else if (kind == 1) { /* cut by the snap length */
                send_udp(lostmsg, sizeof(lostmsg) - 1, 0, 0, 60);
            } else if (kind == 3) { /* UDP length beyond the IP datagram (issue 16) */
                size_t o = eth(pkt, 0, 0x0800);
                o += ip4(pkt + o, 17, 8 + sizeof(lostmsg) - 1, 0, 9);
                o += udp(pkt + o, lostmsg, sizeof(lostmsg) - 1);
                pkt[o - (sizeof(lostmsg) - 1) - 8 + 4] = 0x10; /* 4,096 + ... bytes claimed */
                record(pkt, o, o);
            } else if (kind == 4) { /* an empty record: caplen 0 */
                size_t o = eth(pkt, 0, 0x0800);
                o += ip4(pkt + o, 17, 8 + sizeof(lostmsg) - 1, 0, 9);
                o += udp(pkt + o, lostmsg, sizeof(lostmsg) - 1);
                record(pkt, 0, o);
            } else if (kind == 5) { /* cut inside the IP header: ports unknown */
                send_udp(lostmsg, sizeof(lostmsg) - 1, 0, 0, 20);
            } else { /* IPv6 fragment header, first fragment */
                size_t o = eth(pkt, 0, 0x86DD);
                o += ip6(pkt + o, 44, 8 + 8 + sizeof(lostmsg) - 1, 9);
                uint8_t *fh = pkt + o;
                memset(fh, 0, 8);
                fh[0] = 17, fh[3] = 1; /* offset 0, M flag */
                o += 8;
                o += udp(pkt + o, lostmsg, sizeof(lostmsg) - 1);
                record(pkt, o, o);
            }
            lost_done++;
        }
        if (rnd(1000) < 2) { /* ARP: not IP, ignored */
            size_t o = eth(pkt, 0, 0x0806);
            memset(pkt + o, 0, 28);
            record(pkt, o + 28, o + 28);
        }
    }
    for (int i = 0; i < 4; i++) {
        tcp_flush(&fl[i]);
        tcp_pkt(&fl[i], fl[i].isn + 1 + (uint32_t)fl[i].len, 0x11, "", 0);
    }
    fclose(out);
    printf("%lu %d\n", lines, lost_done);
    return 0;
}
