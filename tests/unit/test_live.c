/* SPDX-License-Identifier: MIT
 * test_live.c -- the pure parts of the live sources: the TCP syslog framer
 * (octet counting, newline framing, mixed, limits, finish), the capture
 * packet decoder (Ethernet/VLAN/IPv6/fragments/snap length/TCP) and the
 * config file reader, plus file fingerprint candidates and the rebuilding of
 * parser state when a file resumes at a stored position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/daemon.h"
#include "collector/in_pcap.h"
#include "collector/in_tail.h"
#include "collector/sframe.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct msgs {
    int n;                    /* messages */
    enum tt_frame_rc kind[16];/* their kinds */
    char text[16][64];        /* first bytes */
};

static void on_msg(void *ud, const char *p, size_t len, enum tt_frame_rc kind)
{
    struct msgs *m = ud;
    if (m->n < 16) {
        m->kind[m->n] = kind;
        snprintf(m->text[m->n], sizeof(m->text[0]), "%.*s", (int)(len < 63 ? len : 63), p);
    }
    m->n++;
}

static void frame(const char *data, size_t chunk, size_t cap, struct msgs *m)
{
    struct tt_sframe f;
    tt_sframe_init(&f, cap);
    memset(m, 0, sizeof(*m));
    size_t len = strlen(data);
    for (size_t pos = 0; pos < len; pos += chunk)
        tt_sframe_feed(&f, data + pos, len - pos < chunk ? len - pos : chunk, on_msg, m);
    tt_sframe_finish(&f, on_msg, m);
    tt_sframe_fini(&f);
}

static void test_sframe_octet_and_newline(void **state)
{
    (void)state;
    struct msgs m;
    for (size_t chunk = 1; chunk < 40; chunk += 7) {
        frame("5 hello3 abc<13>line one\r\n<14>line two\n12 with\nnewline", chunk, 4096, &m);
        assert_int_equal(m.n, 5);
        assert_string_equal(m.text[0], "hello");
        assert_string_equal(m.text[1], "abc");
        assert_string_equal(m.text[2], "<13>line one");
        assert_string_equal(m.text[3], "<14>line two");
        assert_string_equal(m.text[4], "with\nnewline");
        assert_int_equal(m.kind[4], TT_FRAME_LINE);
    }
}

static void test_sframe_limits(void **state)
{
    (void)state;
    struct msgs m;
    /* an octet count over the limit: one too-long message, skipped exactly */
    frame("100 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "2 ok",
          13, 64, &m);
    assert_int_equal(m.n, 2);
    assert_int_equal(m.kind[0], TT_FRAME_TOO_LONG);
    assert_string_equal(m.text[1], "ok");
    /* a line over the limit: once too long, the next line intact */
    char big[300];
    memset(big, 'x', 200);
    strcpy(big + 200, "\nnext\n");
    frame(big, 7, 64, &m);
    assert_int_equal(m.n, 2);
    assert_int_equal(m.kind[0], TT_FRAME_TOO_LONG);
    assert_string_equal(m.text[1], "next");
    /* digits without a space are a line; an unfinished octet frame is truncated */
    frame("2018-02-01T00:00:00Z host x\n", 5, 64, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.text[0], "2018-02-01T00:00:00Z host x");
    frame("40 only part", 5, 64, &m);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.kind[0], TT_FRAME_TRUNCATED);
    /* a final line without newline still counts; blank lines are not messages */
    frame("\n\r\nlast", 2, 64, &m);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.text[0], "last");
}

/* Ethernet + optional VLAN + IPv4/IPv6 + UDP carrying "hi". */
static size_t build(uint8_t *p, int vlan, int v6, uint16_t frag, size_t *out_full)
{
    size_t o = 12;
    memset(p, 0, 128);
    if (vlan) {
        p[o++] = 0x81, p[o++] = 0, p[o++] = 0, p[o++] = 7;
    }
    p[o++] = v6 ? 0x86 : 0x08, p[o++] = v6 ? 0xDD : 0x00;
    if (v6) {
        memset(p + o, 0, 40);
        p[o] = 0x60, p[o + 5] = 10, p[o + 6] = 17, p[o + 7] = 64;
        p[o + 8] = 0x20, p[o + 39] = 1;
        o += 40;
    } else {
        memset(p + o, 0, 20);
        p[o] = 0x45, p[o + 3] = 30, p[o + 6] = (uint8_t)(frag >> 8), p[o + 7] = (uint8_t)frag, p[o + 9] = 17;
        p[o + 12] = 203, p[o + 15] = 9;
        o += 20;
    }
    p[o] = 0x30, p[o + 1] = 0x39, p[o + 2] = 2, p[o + 3] = 2, p[o + 5] = 10;
    p[o + 8] = 'h', p[o + 9] = 'i';
    *out_full = o + 10;
    return o + 10;
}

static void test_pkt_decode(void **state)
{
    (void)state;
    uint8_t p[128];
    size_t full;
    struct tt_pkt k;
    for (int vlan = 0; vlan < 2; vlan++) {
        for (int v6 = 0; v6 < 2; v6++) {
            size_t n = build(p, vlan, v6, 0, &full);
            assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, n, n, &k), TT_PKT_UDP);
            assert_int_equal(k.payload_len, 2);
            assert_memory_equal(k.payload, "hi", 2);
            assert_int_equal(k.dport, 514);
            assert_int_equal(k.family, v6 ? 6 : 4);
            /* cut by the snap length inside the payload: lost, not guessed */
            assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, n - 1, n, &k), TT_PKT_LOST);
        }
    }
    size_t n = build(p, 0, 0, 0x2000, &full); /* first fragment */
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, n, n, &k), TT_PKT_LOST);
    assert_int_equal(k.dport, 514);
    n = build(p, 0, 0, 0x0003, &full); /* a later fragment: ignored, the loss is counted once */
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, n, n, &k), TT_PKT_OTHER);
    p[12] = 0x08, p[13] = 0x06; /* ARP */
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, n, n, &k), TT_PKT_OTHER);
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, 5, 5, &k), TT_PKT_OTHER);
    /* issue 16: a UDP length beyond the IP datagram, a frame cut before its
     * headers and an empty record (caplen 0) are losses, with the ports
     * when they could be read */
    n = build(p, 0, 0, 0, &full);
    p[14 + 20 + 5] = 200; /* UDP length 200 in a 30-byte datagram */
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, n, n, &k), TT_PKT_LOST);
    assert_int_equal(k.dport, 514);
    n = build(p, 0, 0, 0, &full);
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, 0, n, &k), TT_PKT_LOST);
    assert_int_equal(k.sport | k.dport, 0);
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, 10, n, &k), TT_PKT_LOST);
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, 20, n, &k), TT_PKT_LOST);
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, 14 + 20 + 6, n, &k), TT_PKT_LOST);
    assert_int_equal(k.dport, 514);
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, 0, 0, &k), TT_PKT_OTHER);
    p[14 + 9] = 1; /* ICMP cut by the snap length: not syslog */
    assert_int_equal(tt_pkt_decode(DLT_EN10MB, p, 30, n, &k), TT_PKT_OTHER);
}

struct kv {
    int n;           /* pairs seen */
    char last[128];  /* "key=value" of the last one */
};

static int on_kv(const char *key, const char *val, void *ud, char *err, size_t errlen)
{
    struct kv *k = ud;
    if (!strcmp(key, "bad")) {
        snprintf(err, errlen, "bad value");
        return -1;
    }
    k->n++;
    snprintf(k->last, sizeof(k->last), "%s=%s", key, val);
    return 0;
}

static void test_conf(void **state)
{
    (void)state;
    struct kv k = {0, ""};
    char err[256];
    const char *ok = "# comment\n; another\n[collector]\n  site = a  \nsource = \"/var/log/x y\"\r\n\n";
    assert_int_equal(tt_conf_parse(ok, strlen(ok), "f", on_kv, &k, err, sizeof(err)), 0);
    assert_int_equal(k.n, 2);
    assert_string_equal(k.last, "source=/var/log/x y");
    const char *sec = "[other]\n";
    assert_int_not_equal(tt_conf_parse(sec, strlen(sec), "f", on_kv, &k, err, sizeof(err)), 0);
    assert_non_null(strstr(err, "f:1:"));
    const char *noeq = "site a\n";
    assert_int_not_equal(tt_conf_parse(noeq, strlen(noeq), "f", on_kv, &k, err, sizeof(err)), 0);
    const char *bad = "a = 1\nbad = 2\n";
    assert_int_not_equal(tt_conf_parse(bad, strlen(bad), "f", on_kv, &k, err, sizeof(err)), 0);
    assert_string_equal(err, "f:2: bad value");
    char longl[300];
    memset(longl, 'x', sizeof(longl));
    memcpy(longl, "site = ", 7);
    longl[sizeof(longl) - 2] = '\n';
    longl[sizeof(longl) - 1] = '\0';
    assert_int_not_equal(tt_conf_parse(longl, strlen(longl), "f", on_kv, &k, err, sizeof(err)), 0);
    assert_non_null(strstr(err, "f:1: line longer than"));
    const char *cont = "source = /a\n  /b\n";
    k.n = 0;
    assert_int_equal(tt_conf_parse(cont, strlen(cont), "f", on_kv, &k, err, sizeof(err)), 0);
    assert_int_equal(k.n, 2); /* an indented line continues the value: one more source */
    assert_string_equal(k.last, "source=/b");
}

static void test_fingerprint_candidates(void **state)
{
    (void)state;
    /* A followed file shorter than the head: every line boundary is a key,
     * the longest first, and the key of an offset is its prefix's. */
    struct tt_tail t;
    memset(&t, 0, sizeof(t));
    memcpy(t.head, "aa\nbbb\ncc", 9);
    t.head_len = 9;
    char fps[8][TT_FINGERPRINT_HEX];
    uint64_t lens[8];
    size_t n = tt_tail_candidates(&t, fps, lens, 8);
    assert_int_equal(n, 3);
    assert_int_equal(lens[0], 7);
    assert_int_equal(lens[1], 3);
    assert_int_equal(lens[2], 9);
    char key[TT_FINGERPRINT_HEX];
    t.offset = 7;
    tt_tail_position_key(&t, key);
    assert_string_equal(key, fps[0]);
    tt_fingerprint("aa\n", 3, key);
    assert_string_equal(key, fps[1]);
}

/* A resumed file rebuilds parser state from the lines before its position:
 * the second recipient of a message delivered before the position is not
 * counted again after it; nor is it when the position is beyond the warm-up
 * window (a long file). */
static int counted_after(const char *path, uint64_t offset, uint64_t lines)
{
    struct tt_pipeline_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    static struct tt_cidr_set home;
    tt_cidr_set_default_home(&home);
    cfg.zone = NULL;
    cfg.year = 2018;
    cfg.now_s = 1700000000;
    cfg.format = -1;
    cfg.ctx.home_net = &home;
    struct tt_tail t;
    char err[256];
    assert_int_equal(tt_tail_open(&t, path, 0, &cfg, 1u << 16, err, sizeof(err)), TT_OK);
    assert_int_equal(tt_tail_seek(&t, offset, lines, err, sizeof(err)), TT_OK);
    assert_string_equal(err, "");
    int counted = 0;
    uint64_t read = 0;
    struct tt_slice line;
    enum tt_frame_rc kind;
    while (tt_tail_next(&t, &line, &kind) == TT_TAIL_LINE) {
        struct tt_line_result res;
        tt_pipeline_line(&cfg, &t.st, line.p, line.len, 0, &res);
        counted += res.ev.metric == TT_METRIC_EMAILS_DELIVERED;
        tt_tail_counted(&t);
        read++;
    }
    assert_int_equal(t.lines, lines + read); /* warm-up lines are not counted as read */
    tt_tail_close(&t);
    return counted;
}

static void test_tail_warm_up(void **state)
{
    (void)state;
    char path[] = "/tmp/tt-warm-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    /* filler (counts nothing) so that the position lies beyond the warm-up window */
    for (int i = 0; i < 120000; i++)
        fprintf(f, "Apr  3 08:%02d:%02d mx1 postfix/anvil[99]: statistics: max connection rate 1/60s for "
                   "(smtp:203.0.113.%d) at Apr  3 08:00:00 ...............................\n",
                i / 2000 % 60, i / 40 % 50, i % 200);
    long before = ftell(f);
    fputs("Apr  3 09:00:04 mx1 postfix/virtual[3006]: 6F7E8D9C0B: to=<bob@example.org>, relay=virtual, "
          "delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to maildir)\n", f);
    long pos = ftell(f);
    fputs("Apr  3 09:00:04 mx1 postfix/virtual[3006]: 6F7E8D9C0B: to=<carol@example.org>, relay=virtual, "
          "delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to maildir)\n", f);
    fclose(f);
    assert_true(before > (long)TT_TAIL_WARM_BYTES); /* the rebuild starts mid-file */
    assert_int_equal(counted_after(path, (uint64_t)pos, 120001), 0);
    /* from the first delivery on, it counts once */
    assert_int_equal(counted_after(path, (uint64_t)before, 120000), 1);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sframe_octet_and_newline), cmocka_unit_test(test_sframe_limits),
        cmocka_unit_test(test_pkt_decode), cmocka_unit_test(test_conf),
        cmocka_unit_test(test_fingerprint_candidates), cmocka_unit_test(test_tail_warm_up),
    };
    return cmocka_run_group_tests_name("live", tests, NULL, NULL);
}
