/* SPDX-License-Identifier: MIT
 *
 * test_parse_netfilter.c -- collector/parse_netfilter.c called directly with
 * hand-built envelopes (the shapes collector/envelope.c produces), so that
 * the parser is tested on its own: verdict by prefix, site prefix rules,
 * home-net, addresses, probe, malformed lines, --prefix-map parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collector/parse_netfilter.h"

#define MAC "MAC=00:16:3e:5a:01:02:00:16:3e:7b:03:04:08:00"
#define TAIL "LEN=60 TOS=0x00 PREC=0x00 TTL=49 ID=31337 DF PROTO=TCP SPT=44321 DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0"

/* "Feb  1 00:00:01 fw1 kernel: <msg>" as the envelope splits it. */
static void env_syslog(struct tt_envelope *env, const char *line, size_t len)
{
    memset(env, 0, sizeof(*env));
    env->pri = -1;
    env->line = tt_slice_make(line, len);
    env->msg = env->line;
    const char *host = line + 16;
    const char *tag = memchr(host, ' ', len - 16);
    assert_non_null(tag);
    env->kind = TT_ENVELOPE_RFC3164;
    env->stamp.kind = TT_STAMP_LOCAL;
    env->host = tt_slice_make(host, (size_t)(tag - host));
    tag++;
    const char *colon = memchr(tag, ':', len - (size_t)(tag - line));
    assert_non_null(colon);
    env->app = tt_slice_make(tag, (size_t)(colon - tag));
    const char *m = colon + 2;
    env->msg = tt_slice_make(m, len - (size_t)(m - line));
}

/* A line with no syslog header: msg is the whole line. */
static void env_bare(struct tt_envelope *env, const char *line, size_t len)
{
    memset(env, 0, sizeof(*env));
    env->pri = -1;
    env->line = tt_slice_make(line, len);
    env->msg = env->line;
}

struct fixture {
    struct tt_cidr_set home;                            /* default home-net */
    struct tt_prefix_rule rules[TT_PREFIX_RULES_MAX];   /* --prefix-map */
    struct tt_parse_ctx ctx;                            /* points at the above */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    tt_cidr_set_default_home(&f->home);
    f->ctx.home_net = &f->home;
    f->ctx.prefix_rules = f->rules;
    f->ctx.n_prefix_rules = 0;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* Parses a syslog kernel line (or a bare one when it does not start with a
 * month) from a heap copy without NUL, so ASan sees any read past len. */
static enum tt_parse_rc run(const struct tt_parse_ctx *ctx, const char *text, struct tt_event *ev)
{
    size_t len = strlen(text);
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    struct tt_envelope env;
    if (len > 16 && text[3] == ' ' && text[6] == ' ' && text[9] == ':')
        env_syslog(&env, copy, len);
    else
        env_bare(&env, copy, len);
    tt_event_reset(ev);
    enum tt_parse_rc rc = tt_parser_netfilter.parse(NULL, ctx, &env, ev);
    if (rc != TT_PARSE_NOMATCH)
        assert_true(tt_parser_netfilter.probe(&env) || env.app.len == 6);
    free(copy);
    return rc;
}

static int probe(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    struct tt_envelope env;
    env_bare(&env, copy, len);
    int r = tt_parser_netfilter.probe(&env);
    free(copy);
    return r;
}

static const char *src_text(const struct tt_event *ev)
{
    static char buf[64];
    tt_addr_format(&ev->src, buf, sizeof(buf));
    return buf;
}

static const char *dst_text(const struct tt_event *ev)
{
    static char buf[64];
    tt_addr_format(&ev->dst, buf, sizeof(buf));
    return buf;
}

static void test_ops(void **state)
{
    (void)state;
    assert_string_equal(tt_parser_netfilter.name, "netfilter");
    assert_non_null(tt_parser_netfilter.apps);
    assert_string_equal(tt_parser_netfilter.apps[0], "kernel");
    assert_null(tt_parser_netfilter.apps[1]);
    assert_non_null(tt_parser_netfilter.probe);
    assert_non_null(tt_parser_netfilter.parse);
    assert_non_null(tt_parser_netfilter.help);
}

static void test_ufw_block_outside(void **state)
{
    struct fixture *f = *state;
    struct tt_event ev;
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:01 fw1 kernel: [12345.678901] [UFW BLOCK] IN=eth0 OUT= " MAC
                                  " SRC=203.0.113.5 DST=10.0.0.1 " TAIL, &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(ev.reason, TT_REASON_FIREWALL);
    assert_int_equal(ev.count, 1);
    assert_int_equal(ev.has_stamp, 0);
    assert_non_null(ev.why);
    assert_int_equal(ev.src.family, 4);
    assert_string_equal(src_text(&ev), "203.0.113.5");
    assert_string_equal(dst_text(&ev), "10.0.0.1");
}

static void test_block_inside_is_not_attack(void **state)
{
    struct fixture *f = *state;
    struct tt_event ev;
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:02 fw1 kernel: [ 1.5] OUT-REJECT: IN=eth1 OUT=eth0 SRC=192.168.7.7 "
                                  "DST=198.51.100.80 " TAIL, &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);
    assert_int_equal(ev.metric, TT_METRIC_NONE);
    assert_int_equal(ev.reason, TT_REASON_NONE);
    assert_string_equal(ev.why, "outbound/internal deny, not an attack");
    assert_string_equal(src_text(&ev), "192.168.7.7");

    /* Without any home-net every source is outside. */
    struct tt_parse_ctx bare = f->ctx;
    bare.home_net = NULL;
    assert_int_equal(run(&bare, "Feb  1 00:00:02 fw1 kernel: [ 1.5] OUT-REJECT: IN=eth1 OUT=eth0 SRC=192.168.7.7 "
                                "DST=198.51.100.80 " TAIL, &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(run(NULL, "Feb  1 00:00:02 fw1 kernel: DROP IN=eth1 OUT= SRC=192.168.7.7 " TAIL, &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
}

static void test_verdict_words(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *prefix;    /* text before IN= */
        enum tt_verdict want;  /* expected verdict */
    } cases[] = {
        {"[UFW BLOCK] ", TT_VERDICT_BLOCKED},
        {"[UFW ALLOW] ", TT_VERDICT_ALLOWED},
        {"[UFW AUDIT] ", TT_VERDICT_OTHER},
        {"[UFW LIMIT BLOCK] ", TT_VERDICT_BLOCKED},
        {"", TT_VERDICT_OTHER},
        {"[ 12.000001] ", TT_VERDICT_OTHER},
        {"[ 12.000001] drop: ", TT_VERDICT_BLOCKED},
        {"Reject ", TT_VERDICT_BLOCKED},
        {"iptables denied: ", TT_VERDICT_BLOCKED},
        {"DISALLOWED ", TT_VERDICT_BLOCKED},
        {"allow-then-drop ", TT_VERDICT_BLOCKED},
        {"ACCEPTED ", TT_VERDICT_ALLOWED},
        {"FINAL_REJECT: ", TT_VERDICT_BLOCKED},
        {"filter_IN_public_DROP: ", TT_VERDICT_BLOCKED},
        {"Shorewall:net2fw:DROP:", TT_VERDICT_BLOCKED},
        {"Shorewall:fw2net:ACCEPT:", TT_VERDICT_ALLOWED},
        {"DropIN", TT_VERDICT_BLOCKED}, /* "DropIN=eth0": prefix glued to IN= */
        {"[WAN_IN-10-D]", TT_VERDICT_BLOCKED},
        {"[WAN_LOCAL-default-R]", TT_VERDICT_BLOCKED},
        {"[LAN_IN-20-A]", TT_VERDICT_ALLOWED},
        {"[ipv4-FWD-filter-default-D]", TT_VERDICT_BLOCKED},
        {"[WAN_IN-x-D]", TT_VERDICT_OTHER},
        {"[-10-D]", TT_VERDICT_OTHER},
        {"[WAN IN-10-D]", TT_VERDICT_OTHER},
        {"[WAN_IN-10-d]", TT_VERDICT_OTHER},
        {"LOG ", TT_VERDICT_OTHER},
        {"ssh-in ", TT_VERDICT_OTHER},
    };
    char line[1024];
    for (size_t i = 0; i < TT_ARRAY_LEN(cases); i++) {
        const char *pre = cases[i].prefix;
        size_t pl = strlen(pre);
        int glued = pl >= 2 && strcmp(pre + pl - 2, "IN") == 0;
        snprintf(line, sizeof(line), "Feb  1 00:00:03 fw1 kernel: %s%s=eth0 OUT= SRC=198.51.100.1 DST=10.0.0.1 " TAIL,
                 pre, glued ? "" : "IN");
        struct tt_event ev;
        enum tt_parse_rc rc = run(&f->ctx, line, &ev);
        if (rc != TT_PARSE_OK || ev.verdict != cases[i].want) {
            print_error("prefix \"%s\": rc %d verdict %s, want %s\n", pre, rc, tt_verdict_name(ev.verdict),
                        tt_verdict_name(cases[i].want));
            fail();
        }
        enum tt_metric m = cases[i].want == TT_VERDICT_BLOCKED   ? TT_METRIC_ATTACKS_BLOCKED
                           : cases[i].want == TT_VERDICT_ALLOWED ? TT_METRIC_CONNECTIONS_ALLOWED
                                                                 : TT_METRIC_NONE;
        assert_int_equal(ev.metric, m);
        assert_string_equal(src_text(&ev), "198.51.100.1");
    }
}

static void test_prefix_rules_first(void **state)
{
    struct fixture *f = *state;
    char err[256];
    size_t n = 99;
    assert_int_equal(tt_prefix_rules_parse("FW-IN:blocked, OK-OUT:allowed ,AUDIT:other", f->rules,
                                           TT_PREFIX_RULES_MAX, &n, err, sizeof(err)),
                     TT_OK);
    assert_int_equal(n, 3);
    f->ctx.n_prefix_rules = n;
    struct tt_event ev;
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:04 fw1 kernel: fw-in IN=eth0 OUT= SRC=198.51.100.2 " TAIL, &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:04 fw1 kernel: AUDIT-DROP IN=eth0 OUT= SRC=198.51.100.2 " TAIL, &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_OTHER);
    assert_int_equal(ev.metric, TT_METRIC_NONE);
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:04 fw1 kernel: OK-OUT IN= OUT=eth0 SRC=10.0.0.2 " TAIL, &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_ALLOWED);
    assert_int_equal(ev.metric, TT_METRIC_CONNECTIONS_ALLOWED);
    /* The uptime stamp is not part of the prefix: a rule "1." must not match it. */
    assert_int_equal(tt_prefix_rules_parse("1.:blocked", f->rules, TT_PREFIX_RULES_MAX, &n, err, sizeof(err)), TT_OK);
    f->ctx.n_prefix_rules = n;
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:04 fw1 kernel: [ 1.5] IN=eth0 OUT= SRC=198.51.100.2 " TAIL, &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_OTHER);
    f->ctx.n_prefix_rules = 0;
}

static void test_ipv6_and_mapped(void **state)
{
    struct fixture *f = *state;
    struct tt_event ev;
    assert_int_equal(run(&f->ctx, "Feb  1 01:00:00 fw1 kernel: [ 100.1] ip6-drop: IN=eth0 OUT= "
                                  "SRC=2001:0db8:0000:0000:0000:0000:0000:0001 DST=2001:db8:1::2 LEN=80 TC=0 "
                                  "HOPLIMIT=57 FLOWLBL=0 PROTO=TCP SPT=1 DPT=2",
                         &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.src.family, 6);
    assert_string_equal(src_text(&ev), "2001:db8::1");
    assert_string_equal(dst_text(&ev), "2001:db8:1::2");
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);

    assert_int_equal(run(&f->ctx, "Feb  1 01:00:00 fw1 kernel: ip6-drop: IN=eth0 OUT= SRC=fd00::10 DST=fd00::1 "
                                  "LEN=80 PROTO=TCP",
                         &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.metric, TT_METRIC_NONE);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);

    assert_int_equal(run(&f->ctx, "Feb  1 01:00:00 fw1 kernel: ip6-drop: IN=eth0 OUT= SRC=::ffff:10.9.9.9 "
                                  "DST=::ffff:10.0.0.1 LEN=80 PROTO=TCP",
                         &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.src.family, 4);
    assert_string_equal(src_text(&ev), "10.9.9.9");
    assert_int_equal(ev.metric, TT_METRIC_NONE);
}

static void test_fields(void **state)
{
    struct fixture *f = *state;
    struct tt_event ev;
    /* ICMP error: the quoted packet's addresses are not the event's. */
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:05 fw1 kernel: DENY: IN=eth0 OUT= SRC=198.51.100.21 "
                                  "DST=203.0.113.1 LEN=56 PROTO=ICMP TYPE=3 CODE=3 [SRC=203.0.113.1 "
                                  "DST=198.51.100.21 LEN=28 PROTO=UDP SPT=53 DPT=33434 ]",
                         &ev),
                     TT_PARSE_OK);
    assert_string_equal(src_text(&ev), "198.51.100.21");
    assert_string_equal(dst_text(&ev), "203.0.113.1");
    /* ... even when the outer DST is missing. */
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:05 fw1 kernel: DENY: IN=eth0 OUT= SRC=198.51.100.21 LEN=56 "
                                  "PROTO=ICMP TYPE=3 CODE=3 [SRC=203.0.113.1 DST=198.51.100.21 ]",
                         &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.dst.family, 0);
    /* ARP */
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:05 fw1 kernel: arp-drop: IN=eth0 OUT= ARP HTYPE=1 PTYPE=0x0800 "
                                  "OPCODE=1 MACSRC=00:16:3e:00:00:05 IPSRC=198.51.100.50 MACDST=00:00:00:00:00:00 "
                                  "IPDST=10.0.0.1",
                         &ev),
                     TT_PARSE_OK);
    assert_string_equal(src_text(&ev), "198.51.100.50");
    assert_string_equal(dst_text(&ev), "10.0.0.1");
    /* ebtables: "IP DST=a.b.c.d," */
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:05 fw1 kernel: ebt-drop IN=br0 OUT=br0 MAC source = "
                                  "00:16:3e:00:00:06 proto = 0x0800 IP SRC=203.0.113.52 IP DST=10.0.0.7, IP tos=0x00",
                         &ev),
                     TT_PARSE_OK);
    assert_string_equal(src_text(&ev), "203.0.113.52");
    assert_string_equal(dst_text(&ev), "10.0.0.7");
    /* MACSRC= is not SRC=; SRC= last on the line; a bad DST alone is fine. */
    assert_int_equal(run(&f->ctx, "Feb  1 00:00:05 fw1 kernel: DROP IN=br0 OUT= MACSRC=00:16:3e:00:00:06 "
                                  "DST=bogus SRC=203.0.113.53",
                         &ev),
                     TT_PARSE_OK);
    assert_string_equal(src_text(&ev), "203.0.113.53");
    assert_int_equal(ev.dst.family, 0);
    /* Proxmox: no IN=, only OUT=, no syslog header. */
    assert_int_equal(run(&f->ctx, "0 1 PVEFW-HOST-OUT 20/Jun/2022:13:16:23 +0200 REJECT: OUT=vmbr0.94 "
                                  "SRC=198.51.100.12 DST=10.3.94.10 " TAIL,
                         &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);
    assert_string_equal(src_text(&ev), "198.51.100.12");
    /* Proxmox: IN= without OUT=. */
    assert_int_equal(run(&f->ctx, "0 3 PVEFW-HOST-IN 20/Jun/2022:13:09:14 +0200 policy DROP: IN=vmbr0.94 " MAC
                                  " SRC=198.51.100.11 DST=10.3.94.12 " TAIL,
                         &ev),
                     TT_PARSE_OK);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);
}

/* The envelope may read a prefix as the program name ("DENY: IN=..."). */
static void test_prefix_in_tag(void **state)
{
    struct fixture *f = *state;
    const char *line = "Jan  8 03:37:09 DENY: IN=eth0 OUT= SRC=192.0.2.71 DST=192.0.2.83 " TAIL;
    size_t len = strlen(line);
    struct tt_envelope env;
    env_bare(&env, line, len);
    env.kind = TT_ENVELOPE_RFC3164;
    env.app = tt_slice_make(line + 16, 4);
    env.msg = tt_slice_make(line + 22, len - 22);
    assert_true(tt_parser_netfilter.probe(&env));
    struct tt_event ev;
    tt_event_reset(&ev);
    assert_int_equal(tt_parser_netfilter.parse(NULL, &f->ctx, &env, &ev), TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_BLOCKED);
    assert_int_equal(ev.metric, TT_METRIC_ATTACKS_BLOCKED);

    /* An app slice that does not lie in the line is never used as a region. */
    static const char other_app[] = "DROP";
    env.app = tt_slice_make(other_app, 4);
    env.msg = tt_slice_make(line + 22, len - 22);
    tt_event_reset(&ev);
    assert_int_equal(tt_parser_netfilter.parse(NULL, &f->ctx, &env, &ev), TT_PARSE_OK);
    assert_int_equal(ev.verdict, TT_VERDICT_OTHER);
}

static void test_malformed_and_nomatch(void **state)
{
    struct fixture *f = *state;
    struct tt_event ev;
    static const char *const bad[] = {
        "Feb  1 00:00:06 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00:16:3e:5a:01",
        "Feb  1 00:00:06 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.999 DST=10.0.0.1",
        "Feb  1 00:00:06 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC= DST=10.0.0.1",
        "Feb  1 00:00:06 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.1",
        "Feb  1 00:00:06 fw1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=2001:db8:::1 DST=::1",
        "Feb  1 00:00:06 fw1 kernel: [UFW BLOCK] IN=eth0 OUT=",
        "Feb  1 00:00:06 fw1 kernel: [UFW BLOCK] IN=",
        "Feb  1 00:00:06 fw1 kernel: TTL=126 ID=15317 DF PROTO=TCP SPT=59344 DPT=443",
        "Feb  1 00:00:06 fw1 kernel: L=126 ID=8698 DF PROTO=TCP SPT=88 DPT=51179",
        "Feb  1 00:00:06 fw1 kernel: HOPLIMIT=1 FLOWLBL=0 PROTO=ICMPv6 TYPE=143 CODE=0",
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        enum tt_parse_rc rc = run(&f->ctx, bad[i], &ev);
        if (rc != TT_PARSE_BAD || ev.reason != TT_REASON_MALFORMED || !ev.why) {
            print_error("\"%s\": rc %d reason %s\n", bad[i], rc, tt_reason_name(ev.reason));
            fail();
        }
        assert_int_equal(ev.metric, TT_METRIC_NONE);
    }
    static const char *const nomatch[] = {
        "Feb  1 00:00:07 fw1 kernel: [   12.345678] e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex",
        "Feb  1 00:00:07 fw1 kernel: [   13.0] audit: apparmor=\"DENIED\" operation=\"open\"",
        "Feb  1 00:00:07 fw1 kernel: DOMAIN=x LOGIN=root SRC=203.0.113.5",
        "Feb  1 00:00:07 fw1 kernel: PROTO=TCP without the fields before it",
        "",
        "IN",
        "OUT",
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(nomatch); i++) {
        enum tt_parse_rc rc = run(&f->ctx, nomatch[i], &ev);
        if (rc != TT_PARSE_NOMATCH) {
            print_error("\"%s\": rc %d, want NOMATCH\n", nomatch[i], rc);
            fail();
        }
    }
}

static void test_probe(void **state)
{
    (void)state;
    assert_true(probe("[ 5000.123456] INPUT-DROP IN=eth0 OUT= SRC=203.0.113.10 DST=10.0.0.1 " TAIL));
    assert_true(probe("IN=eth0 OUT= SRC=203.0.113.10 DST=10.0.0.1"));
    assert_true(probe("[wan-lan-default-D]IN=eth0 OUT= SRC=203.0.113.10"));
    assert_true(probe("x REJECT: OUT=vmbr0.94 SRC=10.3.94.12"));
    assert_true(probe("x policy DROP: IN=vmbr0.94 MAC=24:8a SRC=10.3.94.11"));
    assert_true(probe("TTL=126 ID=15317 DF PROTO=TCP SPT=59344 DPT=443"));
    assert_false(probe(""));
    assert_false(probe("IN=eth0 OUT= MAC=00:11"));
    assert_false(probe("postfix/smtpd[123]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1"));
    assert_false(probe("date=2019-05-10 time=14:18:38 type=traffic srcip=192.0.2.1 dstip=10.0.0.1 action=deny"));
    assert_false(probe("{\"event_type\":\"alert\",\"src_ip\":\"192.0.2.1\",\"SRC\":1}"));
    assert_false(probe("LOGIN=root DOMAIN=x SRC=1.2.3.4"));
    assert_false(probe("PROTO=TCP SPT=1 DPT=2"));
}

static void test_prefix_rules_parse(void **state)
{
    (void)state;
    struct tt_prefix_rule r[TT_PREFIX_RULES_MAX];
    char err[256];
    size_t n = 77;

    assert_int_equal(tt_prefix_rules_parse("FW-IN:blocked,OK-OUT:allowed,AUDIT:other", r, TT_PREFIX_RULES_MAX, &n, err,
                                           sizeof(err)),
                     TT_OK);
    assert_int_equal(n, 3);
    assert_string_equal(r[0].text, "FW-IN");
    assert_int_equal(r[0].len, 5);
    assert_int_equal(r[0].verdict, TT_VERDICT_BLOCKED);
    assert_string_equal(r[1].text, "OK-OUT");
    assert_int_equal(r[1].verdict, TT_VERDICT_ALLOWED);
    assert_int_equal(r[2].verdict, TT_VERDICT_OTHER);

    assert_int_equal(tt_prefix_rules_parse(" Shorewall:net2fw:LOG: : BLOCKED ,\tx:Allowed", r, TT_PREFIX_RULES_MAX,
                                           &n, err, sizeof(err)),
                     TT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].text, "Shorewall:net2fw:LOG:");
    assert_int_equal(r[0].verdict, TT_VERDICT_BLOCKED);
    assert_string_equal(r[1].text, "x");
    assert_int_equal(r[1].verdict, TT_VERDICT_ALLOWED);

    n = 5;
    assert_int_equal(tt_prefix_rules_parse("", r, TT_PREFIX_RULES_MAX, &n, err, sizeof(err)), TT_OK);
    assert_int_equal(n, 0);
    n = 5;
    assert_int_equal(tt_prefix_rules_parse("  ", r, TT_PREFIX_RULES_MAX, &n, err, sizeof(err)), TT_OK);
    assert_int_equal(n, 0);
    n = 5;
    assert_int_equal(tt_prefix_rules_parse(NULL, r, TT_PREFIX_RULES_MAX, &n, err, sizeof(err)), TT_OK);
    assert_int_equal(n, 0);

    static const struct {
        const char *spec;  /* option value */
        const char *needle; /* must appear in err */
    } bad[] = {
        {"FW-IN:blocked,OK-OUT", "\"OK-OUT\" (item 2)"},
        {"FW-IN:blocked,OK-OUT:allow", "\"OK-OUT:allow\" (item 2)"},
        {"FW-IN:block", "\"FW-IN:block\" (item 1)"},
        {":blocked", "empty prefix text"},
        {"  :other", "empty prefix text"},
        {"FW-IN:", "\"FW-IN:\""},
        {"A:blocked,,B:allowed", "empty item 2"},
        {"A:blocked,", "empty item 2"},
        {",A:blocked", "empty item 1"},
        {"0123456789012345678901234567890123:blocked", "longer than 31"},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++) {
        n = 42;
        if (tt_prefix_rules_parse(bad[i].spec, r, TT_PREFIX_RULES_MAX, &n, err, sizeof(err)) != TT_ERR ||
            !strstr(err, bad[i].needle) || n != 42) {
            print_error("\"%s\": err \"%s\", want \"%s\"\n", bad[i].spec, err, bad[i].needle);
            fail();
        }
    }
    /* 31 bytes fit. */
    assert_int_equal(tt_prefix_rules_parse("0123456789012345678901234567890:other", r, TT_PREFIX_RULES_MAX, &n, err,
                                           sizeof(err)),
                     TT_OK);
    assert_int_equal(r[0].len, 31);
    /* max is honoured and the extra item named. */
    assert_int_equal(tt_prefix_rules_parse("a:other,b:other,c:other", r, 2, &n, err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "too many"));
    assert_non_null(strstr(err, "c:other"));
    /* NULL err is allowed; a tiny one is truncated. */
    assert_int_equal(tt_prefix_rules_parse("nope", r, 2, &n, NULL, 0), TT_ERR);
    char tiny[6];
    assert_int_equal(tt_prefix_rules_parse("nope", r, 2, &n, tiny, sizeof(tiny)), TT_ERR);
    assert_int_equal(strlen(tiny), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ops),
        cmocka_unit_test_setup_teardown(test_ufw_block_outside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_block_inside_is_not_attack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verdict_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prefix_rules_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_and_mapped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prefix_in_tag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_and_nomatch, setup, teardown),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_prefix_rules_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
