/* SPDX-License-Identifier: MIT
 *
 * test_parse_postfix.c -- unit tests of the Postfix and amavis parsers
 * (collector/parse_postfix.c, collector/parse_amavis.c): routing, the SPEC
 * section 2 counting rules, and the bounded state (expiry, eviction). The
 * fixture files under tests/parsers/{postfix,amavis}/ cover the same rules
 * through the whole pipeline; these tests pin the parser API itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "collector/envelope.h"
#include "collector/parser.h"
#include "common/net.h"

extern const struct tt_parser_ops tt_parser_postfix;
extern const struct tt_parser_ops tt_parser_amavis;

/* One stream: a parser's state, the home networks and a clock. */
struct fx {
    const struct tt_parser_ops *ops; /* parser under test */
    void *state;                     /* its per-stream state */
    struct tt_cidr_set home;         /* --home-net */
    struct tt_parse_ctx ctx;         /* ctx.now_s set per line */
    struct tt_event ev;              /* last event */
};

static void fx_init(struct fx *f, const struct tt_parser_ops *ops)
{
    memset(f, 0, sizeof(*f));
    f->ops = ops;
    f->state = ops->state_create();
    assert_non_null(f->state);
    tt_cidr_set_default_home(&f->home);
    f->ctx.home_net = &f->home;
    f->ctx.now_s = 1517443200; /* 2018-02-01T00:00:00Z */
}

static void fx_fini(struct fx *f)
{
    f->ops->state_destroy(f->state);
}

/* Parses line at time now_s (0 = keep the previous time). */
static enum tt_parse_rc fx_line(struct fx *f, int64_t now_s, const char *line)
{
    struct tt_envelope env;
    tt_envelope_parse(line, strlen(line), &env);
    if (now_s)
        f->ctx.now_s = now_s;
    tt_event_reset(&f->ev);
    return f->ops->parse(f->state, &f->ctx, &env, &f->ev);
}

#define T0 1517443200

static void assert_counts(const struct fx *f, enum tt_verdict v, enum tt_metric m, enum tt_reason r)
{
    assert_int_equal(f->ev.verdict, v);
    assert_int_equal(f->ev.metric, m);
    if (m != TT_METRIC_NONE)
        assert_int_equal(f->ev.reason, r);
}

static const char REJ_A[] =
    "Feb  1 00:00:01 mx1 postfix/smtpd[100]: NOQUEUE: reject: RCPT from unknown[198.51.100.1]: 550 5.1.1 "
    "<a@example.org>: Recipient address rejected: User unknown; from=<s@example.net> to=<a@example.org> "
    "proto=ESMTP helo=<x>";
static const char REJ_B[] =
    "Feb  1 00:00:02 mx1 postfix/smtpd[100]: NOQUEUE: reject: RCPT from unknown[198.51.100.1]: 550 5.1.1 "
    "<b@example.org>: Recipient address rejected: User unknown; from=<s@example.net> to=<b@example.org> "
    "proto=ESMTP helo=<x>";

static void test_probe(void **unused)
{
    (void)unused;
    struct tt_envelope env;
    const char *yes[] = {
        "Feb  1 00:00:01 mx1 postfix/smtpd[1]: connect from x[192.0.2.1]",
        "Feb  1 00:00:01 mx1 postfix-out/smtp[1]: x",
        "Feb  1 00:00:01 mx1 postfix/submission/smtpd[1]: x",
        "Feb  1 00:00:01 mx1 Postfix/qmgr[1]: x",
        "<22>1 2018-02-01T00:00:01Z mx1 postfix/smtp 77 - - x",
    };
    const char *no[] = {
        "Feb  1 00:00:01 mx1 amavis[1]: (01-01) Passed CLEAN",
        "Feb  1 00:00:01 mx1 smtpd[1]: 1a2b3c smtp event=connected",
        "Feb  1 00:00:01 mx1 kernel: [UFW BLOCK] IN=eth0",
        "Feb  1 00:00:01 mx1 post[1]: x",
        "no envelope at all",
    };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        tt_envelope_parse(yes[i], strlen(yes[i]), &env);
        assert_true(tt_parser_postfix.probe(&env));
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        tt_envelope_parse(no[i], strlen(no[i]), &env);
        assert_false(tt_parser_postfix.probe(&env));
    }
    assert_string_equal(tt_parser_postfix.name, "postfix");
    assert_null(tt_parser_postfix.apps);
    assert_string_equal(tt_parser_amavis.name, "amavis");
    assert_non_null(tt_parser_amavis.apps);
}

static void test_not_postfix(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    assert_int_equal(fx_line(&f, 0, "Feb  1 00:00:01 mx1 sshd[1]: Accepted publickey for x"), TT_PARSE_NOMATCH);
    assert_int_equal(fx_line(&f, 0, "plain text"), TT_PARSE_NOMATCH);
    fx_fini(&f);
}

static void test_reject_run(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    assert_int_equal(fx_line(&f, T0 + 1, REJ_A), TT_PARSE_OK);
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_POLICY);
    /* the client address of the reject is the event's source */
    struct tt_addr want;
    assert_int_equal(tt_addr_parse("198.51.100.1", 12, &want), TT_OK);
    assert_true(tt_addr_equal(&f.ev.src, &want));
    assert_non_null(f.ev.why);

    assert_int_equal(fx_line(&f, T0 + 2, REJ_B), TT_PARSE_OK);
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_NONE, TT_REASON_NONE);
    assert_string_equal(f.ev.why, "same attempt as previous reject");

    /* disconnect ends the session: the same reject is a new attempt */
    assert_int_equal(fx_line(&f, T0 + 3, "Feb  1 00:00:03 mx1 postfix/smtpd[100]: disconnect from unknown[198.51.100.1] "
                                         "ehlo=1 mail=1 rcpt=0/2 quit=1 commands=3/5"),
                     TT_PARSE_SKIP);
    assert_int_equal(f.ev.verdict, TT_VERDICT_OTHER);
    fx_line(&f, T0 + 4, REJ_A);
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_POLICY);
    fx_fini(&f);
}

static void test_reject_temporary_and_early(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtpd[100]: NOQUEUE: reject: RCPT from unknown[198.51.100.1]: 450 4.7.1 "
                    "Client host rejected: cannot find your hostname; from=<s@example.net> to=<a@example.org> proto=ESMTP "
                    "helo=<x>");
    assert_counts(&f, TT_VERDICT_OTHER, TT_METRIC_NONE, TT_REASON_NONE);
    assert_string_equal(f.ev.why, "temporary reject");
    /* the 4xx did not start a run: the 5xx after it counts */
    fx_line(&f, T0, REJ_A);
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_BLOCKED);

    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtpd[101]: NOQUEUE: reject: EHLO from unknown[198.51.100.2]: 504 5.5.2 "
                    "<pc>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<pc>");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_NONE, TT_REASON_NONE);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtpd[102]: NOQUEUE: reject: CONNECT from unknown[198.51.100.3]: 554 5.7.1 "
                    "<unknown[198.51.100.3]>: Client host rejected: Access denied; proto=SMTP");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_NONE, TT_REASON_NONE);
    fx_fini(&f);
}

static void test_reputation(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtpd[100]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: 554 5.7.1 "
                    "Service unavailable; Client host [203.0.113.5] blocked using dnsbl.example.org; "
                    "from=<x@example.net> to=<a@example.org> proto=ESMTP helo=<pc>");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_REPUTATION);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/postscreen[9]: NOQUEUE: reject: RCPT from [203.0.113.6]:4000: 550 5.3.2 "
                    "Service currently unavailable; from=<x@example.net>, to=<a@example.org>, proto=ESMTP, helo=<pc>");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_REPUTATION);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/postscreen[9]: NOQUEUE: reject: RCPT from [203.0.113.6]:4000: 550 5.3.2 "
                    "Service currently unavailable; from=<x@example.net>, to=<b@example.org>, proto=ESMTP, helo=<pc>");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_NONE, TT_REASON_NONE);
    /* another postscreen client on the same pid is another session */
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/postscreen[9]: NOQUEUE: reject: RCPT from [203.0.113.6]:4001: 550 5.3.2 "
                    "Service currently unavailable; from=<x@example.net>, to=<b@example.org>, proto=ESMTP, helo=<pc>");
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_BLOCKED);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/postscreen[9]: PASS NEW [198.51.100.9]:5000");
    assert_counts(&f, TT_VERDICT_OTHER, TT_METRIC_NONE, TT_REASON_NONE);
    fx_fini(&f);
}

static void test_milter_eom_spam_once(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    const char *l = "Feb  1 00:00:01 mx1 postfix/cleanup[7]: 1C2D3E4F5A: milter-reject: END-OF-MESSAGE from "
                    "mail.example.net[198.51.100.50]: 5.7.1 Spam message rejected; from=<p@example.net> "
                    "to=<a@example.org> proto=ESMTP helo=<mail.example.net>";
    fx_line(&f, T0, l);
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_SPAM);
    fx_line(&f, T0, l);
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_NONE, TT_REASON_NONE);
    fx_fini(&f);
}

static void test_delivery_once_per_qid(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    const char *d1 = "Feb  1 00:00:01 mx1 postfix/virtual[5]: 6F7E8D9C0B: to=<b@example.org>, relay=virtual, delay=0.1, "
                     "delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to maildir)";
    const char *d2 = "Feb  1 00:00:01 mx1 postfix/virtual[5]: 6F7E8D9C0B: to=<c@example.org>, relay=virtual, delay=0.1, "
                     "delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to maildir)";
    assert_int_equal(fx_line(&f, T0, d1), TT_PARSE_OK);
    assert_counts(&f, TT_VERDICT_ALLOWED, TT_METRIC_EMAILS_DELIVERED, TT_REASON_NONE);
    fx_line(&f, T0, d2);
    assert_counts(&f, TT_VERDICT_ALLOWED, TT_METRIC_NONE, TT_REASON_NONE);
    assert_string_equal(f.ev.why, "already counted");
    /* qmgr removed forgets the id */
    assert_int_equal(fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/qmgr[4]: 6F7E8D9C0B: removed"), TT_PARSE_SKIP);
    fx_line(&f, T0, d2);
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_DELIVERED);
    fx_fini(&f);
}

static void test_relays(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: 1A2B3C4D5E: to=<b@example.org>, relay=127.0.0.1[127.0.0.1]:10024, "
                    "delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 6F7E8D9C0B)");
    assert_counts(&f, TT_VERDICT_OTHER, TT_METRIC_NONE, TT_REASON_NONE);
    assert_string_equal(f.ev.why, "content-filter handoff");
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: 2A2B3C4D5E: to=<b@example.org>, relay=127.0.0.1[127.0.0.1]:10024, "
                    "delay=2, delays=0/0/0/2, dsn=2.7.0, status=sent (250 2.7.0 Ok, discarded, id=01-01 - spam)");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_NONE, TT_REASON_NONE);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: 3A2B3C4D5E: to=<b@example.org>, relay=ex.example.org[10.1.2.3]:25, "
                    "delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    assert_counts(&f, TT_VERDICT_ALLOWED, TT_METRIC_EMAILS_DELIVERED, TT_REASON_NONE);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: 4A2B3C4D5E: to=<b@example.com>, relay=mx.example.com[192.0.2.1]:25, "
                    "delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    assert_counts(&f, TT_VERDICT_ALLOWED, TT_METRIC_EMAILS_SENT, TT_REASON_NONE);
    assert_int_equal(f.ev.tls, 0);
    assert_int_equal(f.ev.dst.family, 4);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: 5A2B3C4D5E: to=<b@example.com>, relay=none, delay=2, "
                    "delays=0/0/2/0, dsn=4.4.1, status=deferred (connect to mx.example.com[192.0.2.1]:25: timed out)");
    assert_counts(&f, TT_VERDICT_OTHER, TT_METRIC_NONE, TT_REASON_NONE);
    /* no home_net at all: everything non-loopback is external */
    f.ctx.home_net = NULL;
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: 6A2B3C4D5E: to=<b@example.org>, relay=ex.example.org[10.1.2.3]:25, "
                    "delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_SENT);
    fx_fini(&f);
}

static void test_tls(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: Trusted TLS connection established to mx.example.com[192.0.2.1]:25: "
                    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)");
    assert_counts(&f, TT_VERDICT_OTHER, TT_METRIC_NONE, TT_REASON_NONE);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: 4A2B3C4D5E: to=<b@example.com>, relay=mx.example.com[192.0.2.1]:25, "
                    "delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_SENT);
    assert_int_equal(f.ev.tls, 1);
    /* another port of the same host is another peer */
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[5]: 5A2B3C4D5E: to=<b@example.com>, relay=mx.example.com[192.0.2.1]:587, "
                    "delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_SENT);
    assert_int_equal(f.ev.tls, 0);
    /* another process */
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtp[6]: 6A2B3C4D5E: to=<b@example.com>, relay=mx.example.com[192.0.2.1]:25, "
                    "delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    assert_int_equal(f.ev.tls, 0);
    /* two hours later the TLS state of smtp[5] is gone */
    fx_line(&f, T0 + 7200, "Feb  1 02:00:01 mx1 postfix/smtp[5]: 7A2B3C4D5E: to=<b@example.com>, "
                           "relay=mx.example.com[192.0.2.1]:25, delay=2, delays=0/0/0/2, dsn=2.0.0, status=sent (250 Ok)");
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_SENT);
    assert_int_equal(f.ev.tls, 0);
    fx_fini(&f);
}

static void test_session_expiry(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    fx_line(&f, T0, REJ_A);
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_BLOCKED);
    fx_line(&f, T0 + 3000, REJ_B);
    assert_int_equal(f.ev.metric, TT_METRIC_NONE);
    fx_line(&f, T0 + 3000 + 3601, REJ_B);
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_BLOCKED);
    fx_fini(&f);
}

/* Far more queue ids than the table holds: the parser keeps working, and
 * the oldest ids are the ones forgotten. */
static void test_queue_eviction(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    char line[256];
    const char *fmt = "Feb  1 00:00:01 mx1 postfix/local[5]: %010X: to=<u@example.org>, relay=local, delay=0, "
                      "delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)";
    snprintf(line, sizeof(line), fmt, 0xABCDEFu);
    fx_line(&f, T0, line);
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_DELIVERED);
    for (unsigned i = 1; i <= 300000; i++) {
        snprintf(line, sizeof(line), fmt, 0x10000000u + i);
        fx_line(&f, T0 + i / 100, line);
        assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_DELIVERED);
    }
    snprintf(line, sizeof(line), fmt, 0xABCDEFu);
    fx_line(&f, T0 + 3000, line);
    assert_int_equal(f.ev.metric, TT_METRIC_EMAILS_DELIVERED); /* evicted, counted again */
    /* a recent one is still remembered */
    snprintf(line, sizeof(line), fmt, 0x10000000u + 300000u);
    fx_line(&f, T0 + 3000, line);
    assert_int_equal(f.ev.metric, TT_METRIC_NONE);
    fx_fini(&f);
}

static void test_malformed(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_postfix);
    assert_int_equal(fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/local[5]: 5061728394: to=<k@example.org>, relay=local"),
                     TT_PARSE_BAD);
    assert_int_equal(f.ev.reason, TT_REASON_MALFORMED);
    assert_int_equal(fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtpd[5]: NOQUEUE: reject: RCPT from"), TT_PARSE_BAD);
    assert_int_equal(fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/smtpd[5]: "), TT_PARSE_SKIP);
    /* NULL ctx must not crash */
    struct tt_envelope env;
    const char *l = REJ_A;
    tt_envelope_parse(l, strlen(l), &env);
    tt_event_reset(&f.ev);
    assert_int_equal(tt_parser_postfix.parse(f.state, NULL, &env, &f.ev), TT_PARSE_OK);
    fx_fini(&f);
    tt_parser_postfix.state_destroy(NULL);
    tt_parser_amavis.state_destroy(NULL);
}

static void test_amavis(void **unused)
{
    (void)unused;
    struct fx f;
    fx_init(&f, &tt_parser_amavis);
    const char *spam = "Feb  1 00:00:01 mx1 amavis[1]: (00001-01) Blocked SPAM {DiscardedInbound,Quarantined}, "
                       "[127.0.0.1]:4000 [198.51.100.60] <s@example.net> -> <a@example.org>, mail_id: x, Hits: 9, 10 ms";
    assert_int_equal(fx_line(&f, T0, spam), TT_PARSE_OK);
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_SPAM);
    struct tt_addr want;
    assert_int_equal(tt_addr_parse("198.51.100.60", 13, &want), TT_OK);
    assert_true(tt_addr_equal(&f.ev.src, &want));
    fx_line(&f, T0, spam);
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_NONE, TT_REASON_NONE);

    fx_line(&f, T0, "Feb  1 00:00:01 mx1 amavis[1]: (00001-02) Blocked INFECTED (Eicar-Signature) {DiscardedInbound}, "
                    "[127.0.0.1]:4000 [198.51.100.60] <s@example.net> -> <a@example.org>, 10 ms");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_MALWARE);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 amavis[1]: (00001-03) Blocked INFECTED (Email.PHISHING.x) {DiscardedInbound}, "
                    "[127.0.0.1]:4000 [198.51.100.60] <s@example.net> -> <a@example.org>, 10 ms");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_PHISHING);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 amavis[1]: (00001-04) Blocked BANNED (.exe) {DiscardedInbound}, "
                    "[127.0.0.1]:4000 [198.51.100.60] <s@example.net> -> <a@example.org>, 10 ms");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_EMAILS_BLOCKED, TT_REASON_POLICY);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 amavis[1]: (00001-05) Blocked SPAM {DiscardedOutbound}, "
                    "[10.0.0.5]:4000 [10.0.0.5] <u@example.org> -> <x@example.com>, 10 ms");
    assert_counts(&f, TT_VERDICT_BLOCKED, TT_METRIC_NONE, TT_REASON_NONE);
    fx_line(&f, T0, "Feb  1 00:00:01 mx1 amavis[1]: (00001-06) Passed CLEAN {RelayedInbound}, "
                    "[127.0.0.1]:4000 [198.51.100.60] <s@example.net> -> <a@example.org>, 10 ms");
    assert_counts(&f, TT_VERDICT_ALLOWED, TT_METRIC_NONE, TT_REASON_NONE);
    assert_int_equal(fx_line(&f, T0, "Feb  1 00:00:01 mx1 amavis[1]: starting. /usr/sbin/amavisd"), TT_PARSE_SKIP);
    /* Postfix' smtp client under syslog_name postfix/amavis is not amavis */
    assert_int_equal(fx_line(&f, T0, "Feb  1 00:00:01 mx1 postfix/amavis[2]: 1A2B3C4D5E: to=<b@example.org>, "
                                     "relay=127.0.0.1[127.0.0.1]:10024, status=sent (250 Ok)"),
                     TT_PARSE_NOMATCH);
    assert_int_equal(fx_line(&f, T0, "Feb  1 00:00:01 mx1 sshd[2]: Accepted"), TT_PARSE_NOMATCH);
    fx_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_not_postfix),
        cmocka_unit_test(test_reject_run),
        cmocka_unit_test(test_reject_temporary_and_early),
        cmocka_unit_test(test_reputation),
        cmocka_unit_test(test_milter_eom_spam_once),
        cmocka_unit_test(test_delivery_once_per_qid),
        cmocka_unit_test(test_relays),
        cmocka_unit_test(test_tls),
        cmocka_unit_test(test_session_expiry),
        cmocka_unit_test(test_queue_eviction),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_amavis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
