/* SPDX-License-Identifier: MIT
 *
 * ttgen_netfilter.c -- the netfilter scenarios of bench/ttgen: kernel LOG
 * lines (UFW and iptables prefixes, IPv4 and IPv6) for attacks from outside,
 * allowed connections and traffic that counts nothing. See ttgen.h.
 */
#include "bench/ttgen.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* netfilter. */

static const char *const nf_block[] = {"[UFW BLOCK] ", "[UFW BLOCK] ", "[UFW BLOCK] ", "DROP: ", "iptables-reject: ",
                                       "IPTABLES-DROP: ", "[UFW LIMIT BLOCK] ", "FW-DENY-IN: ", "Dropped by firewall: "};
static const char *const nf_allow[] = {"[UFW ALLOW] ", "[UFW ALLOW] ", "ACCEPT ", "iptables-accept: ", "FW-ALLOW: "};
static const uint16_t tcp_attack_ports[] = {22, 22, 22, 23, 23, 445, 445, 3389, 3389, 1433, 3306, 8080, 80, 443, 5900, 2323,
                                            6379, 9200, 8443, 81, 8888, 25, 110, 21, 5432, 27017, 11211, 7547, 37215, 52869};
static const uint16_t udp_attack_ports[] = {53, 123, 161, 1900, 5060, 5353, 11211, 389, 137, 500, 69};
#define MAC_IN "MAC=00:16:3e:5a:1c:20:00:1b:21:3a:9f:c4:08:00"
#define MAC_IN6 "MAC=00:16:3e:5a:1c:20:00:1b:21:3a:9f:c4:86:dd"
#define MAC_LAN "MAC=00:16:3e:5a:1c:21:3c:52:82:11:7e:0a:08:00"

static void our_v6(struct gaddr *a, unsigned host)
{
    memset(a, 0, sizeof(*a));
    a->fam = 6;
    static const uint8_t p[8] = {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0x00, 0x01};
    memcpy(a->b, p, 8);
    a->b[15] = (uint8_t)host;
}

/* Writes the part after the prefix: "IN=.. OUT=.. [MAC=..] SRC=.. DST=.. ..." */
static void nf_line(struct gen *g, int64_t t, unsigned flags, unsigned slot, const struct gaddr *src, const char *prefix,
                    const char *in, const char *out, const char *mac, const struct gaddr *sa, const struct gaddr *da, int proto, unsigned dport)
{
    struct rng *r = &g->r;
    int64_t up_us = t - g->boot_s * 1000000;
    unsigned long long up_s = (unsigned long long)(up_us / 1000000);
    unsigned up_frac = (unsigned)(up_us % 1000000);
    char hdr[256], tail[256];
    /* IP total length consistent with the transport: TCP SYN 40/60 (v4) or
     * 80 (v6, with options), UDP header + payload, ICMP echo 84 / 104. */
    unsigned udplen = rr(r, 9, 100), v6 = sa->fam == 6;
    unsigned iplen = proto == 0 ? (v6 ? 80 : rb(r, 2) ? 40 : 60) : proto == 1 ? udplen + (v6 ? 40 : 20) : (v6 ? 104 : 84);
    if (v6)
        tg_sf(hdr, "IN=%s OUT=%s %s%sSRC=%A DST=%A LEN=%u TC=0 HOPLIMIT=%u FLOWLBL=%u ", in, out, mac, mac[0] ? " " : "", sa, da,
           iplen, rr(r, 40, 64), rb(r, 1048576));
    else
        tg_sf(hdr, "IN=%s OUT=%s %s%sSRC=%a DST=%a LEN=%u TOS=0x%02X PREC=0x00 TTL=%u ID=%u %s", in, out, mac, mac[0] ? " " : "", sa, da,
               iplen, (unsigned long long)(rb(r, 8) ? 0 : 0x28),
               rb(r, 3) ? rr(r, 40, 64) : rr(r, 100, 250), rb(r, 65536), rb(r, 2) ? "DF " : "");
    unsigned sport = rr(r, 1024, 65535);
    if (proto == 0) {
        unsigned win = rb(r, 2) ? 1024 : rb(r, 2) ? 65535 : rr(r, 1000, 64240);
        tg_sf(tail, "PROTO=TCP SPT=%u DPT=%u WINDOW=%u RES=0x00 SYN URGP=0 ", sport, dport, win);
    } else if (proto == 1) {
        tg_sf(tail, "PROTO=UDP SPT=%u DPT=%u LEN=%u ", sport, dport, udplen);
    } else if (sa->fam == 6) {
        tg_sf(tail, "PROTO=ICMPv6 TYPE=128 CODE=0 ID=%u SEQ=%u ", rb(r, 65536), rr(r, 1, 20));
    } else if (rb(r, 5)) {
        tg_sf(tail, "PROTO=ICMP TYPE=8 CODE=0 ID=%u SEQ=%u ", rb(r, 65536), rr(r, 1, 600));
    } else { /* port unreachable quoting the inner packet (second SRC= inside brackets) */
        struct gaddr inner;
        tg_a4(&inner, 10, 20, rr(r, 0, 3), rr(r, 2, 250));
        tg_sf(tail, "PROTO=ICMP TYPE=3 CODE=3 [SRC=%a DST=%a LEN=60 TOS=0x00 PREC=0x00 TTL=54 ID=0 DF PROTO=UDP SPT=%u DPT=%u LEN=40 ] ",
           &inner, sa, rr(r, 1024, 65535), rr(r, 1024, 65535));
    }
    tg_line(g, t, flags | F_FW | F_OOO, slot, SL_NONE, src, "kernel: [%5U.%06u] %s%s%s", up_s, up_frac, prefix, hdr, tail);
}

static void pick_proto(struct gen *g, int *proto, unsigned *port)
{
    unsigned k = rb(&g->r, 100);
    if (k < 80)
        *proto = 0, *port = PICK(&g->r, tcp_attack_ports);
    else if (k < 94)
        *proto = 1, *port = PICK(&g->r, udp_attack_ports);
    else
        *proto = 2, *port = 0;
    if (*proto == 0 && rb(&g->r, 8) == 0)
        *port = rr(&g->r, 1, 65535);
}

/* Inbound deny from outside: attacks_blocked (firewall) + source. */
void tg_sc_nf_attack(struct gen *g, int64_t t)
{
    struct rng *r = &g->r;
    struct gaddr sa, da;
    int proto;
    unsigned port;
    tg_attacker(g, &sa, 1);
    pick_proto(g, &proto, &port);
    if (sa.fam == 6)
        our_v6(&da, rr(r, 1, 40));
    else if (rb(r, 2))
        tg_a4(&da, 198, 51, 100, 25 + rb(r, 4));
    else
        tg_a4(&da, 10, 20, rr(r, 0, 3), rr(r, 2, 250));
    nf_line(g, t, F_SRC, SL_ATTACK_FW, &sa, PICK(r, nf_block), "eth0", "", sa.fam == 6 ? MAC_IN6 : MAC_IN, &sa, &da, proto, port);
}

/* Allowed connections, inbound to our services or outbound from inside. */
void tg_sc_nf_allow(struct gen *g, int64_t t)
{
    struct rng *r = &g->r;
    struct gaddr sa, da;
    static const uint16_t in_ports[] = {443, 443, 443, 25, 80, 993, 587, 22};
    static const uint16_t out_ports[] = {443, 443, 443, 80, 53, 123, 993, 22};
    const char *pfx = PICK(r, nf_allow);
    if (rb(r, 10) < 6) {
        if (rb(r, 25) == 0) {
            tg_a6_doc(&sa, rng_next(r));
            our_v6(&da, rr(r, 1, 40));
            nf_line(g, t, 0, SL_CONN_ALLOWED, NULL, pfx, "eth0", "", MAC_IN6, &sa, &da, 0, 443);
            return;
        }
        tg_a4_public(&sa, rng_next(r));
        tg_a4(&da, 10, 20, rr(r, 0, 3), rr(r, 2, 250));
        nf_line(g, t, 0, SL_CONN_ALLOWED, NULL, pfx, "eth0", "eth1", MAC_IN, &sa, &da, 0, PICK(r, in_ports));
    } else {
        tg_a4(&sa, 10, 1, rr(r, 0, 40), rr(r, 2, 250));
        tg_a4_public(&da, rng_next(r));
        unsigned p = PICK(r, out_ports);
        nf_line(g, t, 0, SL_CONN_ALLOWED, NULL, pfx, "eth1", "eth0", MAC_LAN, &sa, &da, (p == 53 || p == 123) ? 1 : 0, p);
    }
}

/* Lines that count nothing: denies of our own traffic (outbound or
 * internal), UFW AUDIT, prefix-less LOG lines. */
void tg_sc_nf_other(struct gen *g, int64_t t)
{
    struct rng *r = &g->r;
    struct gaddr sa, da;
    unsigned v = rb(r, 100);
    static const uint16_t bad_out[] = {25, 6667, 23, 445, 1900, 4444, 3389};
    if (v < 40) { /* outbound deny: SRC inside */
        unsigned n = rb(r, 3);
        if (n == 0)
            tg_a4(&sa, 10, 1, rr(r, 0, 40), rr(r, 2, 250));
        else if (n == 1)
            tg_a4(&sa, 192, 168, rr(r, 0, 9), rr(r, 2, 250));
        else
            tg_a4(&sa, 172, rr(r, 16, 31), rr(r, 0, 255), rr(r, 2, 250));
        tg_a4_public(&da, rng_next(r));
        unsigned p = PICK(r, bad_out);
        if (rb(r, 2))
            nf_line(g, t, 0, SL_NONE, NULL, PICK(r, nf_block), "eth1", "eth0", MAC_LAN, &sa, &da, p == 1900 ? 1 : 0, p);
        else
            nf_line(g, t, 0, SL_NONE, NULL, PICK(r, nf_block), "", "eth0", "", &sa, &da, p == 1900 ? 1 : 0, p);
    } else if (v < 55) { /* internal to internal */
        tg_a4(&sa, 192, 168, rr(r, 0, 9), rr(r, 2, 250));
        tg_a4(&da, 10, 20, rr(r, 0, 3), rr(r, 2, 250));
        nf_line(g, t, 0, SL_NONE, NULL, PICK(r, nf_block), "eth1", "eth2", MAC_LAN, &sa, &da, 0, PICK(r, tcp_attack_ports));
    } else if (v < 85) { /* audit */
        tg_a4_public(&sa, rng_next(r));
        tg_a4(&da, 198, 51, 100, 25);
        nf_line(g, t, 0, SL_NONE, NULL, "[UFW AUDIT] ", "eth0", "", MAC_IN, &sa, &da, rb(r, 4) ? 0 : 1, rb(r, 2) ? 443 : 53);
    } else { /* no prefix at all */
        tg_a4_public(&sa, rng_next(r));
        tg_a4(&da, 198, 51, 100, 26);
        nf_line(g, t, 0, SL_NONE, NULL, "", "eth0", "", MAC_IN, &sa, &da, 0, 443);
    }
}

