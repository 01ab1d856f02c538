/* SPDX-License-Identifier: MIT
 *
 * gen_mail_a.c -- ttgen generators for the mail-a parsers: exim, sendmail,
 * rspamd, mailscanner, amavis, barracuda. Each event writes the few lines
 * one message (or one refused attempt) leaves in that product's log and
 * counts, at the minute of the line that carries it, exactly what
 * docs/COUNTING.md#mail says the collector must count:
 *   emails_blocked by reason (one per attempt / message), emails_delivered,
 *   emails_sent and emails_sent_tls.
 * Lines that must count nothing (repeats of a counted block, temporary
 * rejects, outbound blocks, content-filter hops, notices) are mixed in.
 * Ids (queue ids, message ids, pids) come from per-format counters, so no
 * two events share correlation keys by accident.
 */
#include "bench/vgen.h"

#include <stdio.h>

/* ------------------------------------------------------------------ */
/* shared */

#define S(t) ((t) * 1000000LL)

static const char *const ext_domains[] = {"example.net", "example.com", "mail.example.info", "example.biz"};
static const char *const users[] = {"alice", "bob", "carol", "dave", "erin", "frank", "grace"};

/* "2018-02-01 00:00:01" local time. */
static char *native_stamp(struct vgen *g, int64_t t_us, char *out)
{
    struct vg_wall w;
    vg_local(g, t_us / 1000000, &w);
    sprintf(out, "%04d-%02d-%02d %02d:%02d:%02d", w.year, w.mon, w.mday, w.hour, w.min, w.sec);
    return out;
}

/* base-62 digits of v into out (n chars, zero padded). */
static void b62(uint64_t v, char *out, int n)
{
    static const char d[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int i = n - 1; i >= 0; i--) {
        out[i] = d[v % 62];
        v /= 62;
    }
    out[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* exim */

static uint64_t exim_seq;

static void exim_id(char *out)
{
    char a[8], b[8], c[4];
    uint64_t n = ++exim_seq;
    b62(1500000000 + n / 7, a, 6);
    b62(n, b, 6);
    b62(n % 3844, c, 2);
    sprintf(out, "%s-%s-%s", a, b, c);
}

static void gen_exim(struct vgen *g, int64_t t)
{
    char st[32], id[32], ip[48], hip[48];
    unsigned pid = 10000 + (unsigned)(exim_seq % 50000);
    uint32_t r = vg_rand(g, 100);
    const char *dom = VG_PICK(g, ext_domains);
    const char *u = VG_PICK(g, users);
    if (r < 30) { /* inbound, local delivery to 1..3 recipients */
        exim_id(id);
        vg_attacker_ip(g, ip, 1);
        vg_line(g, t, "%s %s <= s%llu@%s H=mx.%s [%s]:%u P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S=%u",
                native_stamp(g, t, st), id, (unsigned long long)exim_seq, dom, dom, ip, 1024 + vg_rand(g, 60000),
                1000 + vg_rand(g, 90000));
        unsigned n = 1 + vg_rand(g, 3);
        for (unsigned i = 0; i < n; i++) {
            int64_t tt = t + S(1 + i);
            if (vg_chance(g, 300))
                vg_line(g, tt, "%s %s %s %s <%s@example.org> R=internal T=remote_smtp H=exch.example.org [%s]",
                        native_stamp(g, tt, st), id, i ? "->" : "=>", users[(i + 1) % 7], users[(i + 1) % 7],
                        vg_home_ip(g, hip));
            else
                vg_line(g, tt, "%s %s %s %s <%s@example.org> R=local_user T=local_delivery", native_stamp(g, tt, st),
                        id, i ? "->" : "=>", users[i % 7], users[i % 7]);
            if (i == 0)
                vg_count(g, tt, "emails_delivered", NULL);
        }
        vg_line(g, t + S(n + 1), "%s %s Completed", native_stamp(g, t + S(n + 1), st), id);
    } else if (r < 55) { /* outbound */
        exim_id(id);
        vg_line(g, t, "%s %s <= %s@example.org H=ws [%s]:%u P=esmtpsa A=login:%s S=%u", native_stamp(g, t, st), id, u,
                vg_home_ip(g, hip), 1024 + vg_rand(g, 60000), u, 500 + vg_rand(g, 50000));
        int tls = vg_chance(g, 700);
        unsigned n = 1 + vg_rand(g, 2);
        for (unsigned i = 0; i < n; i++) {
            int64_t tt = t + S(2 + i);
            vg_line(g, tt, "%s %s %s r%u@%s R=dnslookup T=remote_smtp H=mx%u.%s [%s]:25%s C=\"250 OK\"",
                    native_stamp(g, tt, st), id, i ? "->" : "=>", i, dom, i, dom, vg_public_ip(g, ip),
                    tls ? " X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=yes" : "");
        }
        vg_count(g, t + S(2), "emails_sent", NULL);
        if (tls)
            vg_count(g, t + S(2), "emails_sent_tls", NULL);
        vg_line(g, t + S(n + 2), "%s %s Completed", native_stamp(g, t + S(n + 2), st), id);
    } else if (r < 75) { /* a run of RCPT rejects in one session */
        static const char *const texts[] = {"relay not permitted", "Unrouteable address",
                                            "rejected because %s is in a black list at zen.spamhaus.org"};
        static const char *const reasons[] = {"policy", "policy", "reputation"};
        unsigned k = vg_rand(g, 3);
        char text[160];
        vg_attacker_ip(g, ip, 1);
        snprintf(text, sizeof(text), texts[k], ip);
        unsigned port = 1024 + vg_rand(g, 60000);
        unsigned n = 1 + vg_rand(g, 4);
        for (unsigned i = 0; i < n; i++)
            vg_line(g, t + S(i), "%s [%u] H=(helo.%s) [%s]:%u I=[10.0.0.1]:25 F=<x%llu@%s> rejected RCPT <%s%u@example.org>: %s",
                    native_stamp(g, t + S(i), st), pid, dom, ip, port, (unsigned long long)exim_seq, dom, u, i, text);
        vg_count(g, t, "emails_blocked", reasons[k]);
        ++exim_seq;
    } else if (r < 85) { /* message refused after DATA */
        static const char *const texts[] = {"This message contains a virus (Win.Trojan.Agent-1)",
                                            "Your message scored 15.2 SpamAssassin points",
                                            "phishing URL found (Heuristics.Phishing.Email)"};
        static const char *const reasons[] = {"malware", "spam", "phishing"};
        unsigned k = vg_rand(g, 3);
        exim_id(id);
        vg_line(g, t, "%s [%u] %s H=mx.%s [%s]:%u I=[10.0.0.1]:25 F=<m%llu@%s> rejected after DATA: %s",
                native_stamp(g, t, st), pid, id, dom, vg_attacker_ip(g, ip, 1), 1024 + vg_rand(g, 60000),
                (unsigned long long)exim_seq, dom, texts[k]);
        vg_count(g, t, "emails_blocked", reasons[k]);
    } else if (r < 90) { /* sa-exim discard */
        exim_id(id);
        vg_line(g, t, "%s %s SA: Action: silently tossed message: score=31.0 required=5.0 trigger=30.0 (scanned in 2/2 secs | Message-Id: %s@%s). From <z@%s> (host=NULL [%s]) for %s@example.org",
                native_stamp(g, t, st), id, id, dom, dom, vg_attacker_ip(g, ip, 1), u);
        vg_count(g, t, "emails_blocked", "spam");
    } else if (r < 95) { /* temporary or pre-MAIL refusals: count nothing */
        vg_attacker_ip(g, ip, 0);
        if (vg_chance(g, 500))
            vg_line(g, t, "%s H=(x) [%s]:%u F=<t@%s> temporarily rejected RCPT <%s@example.org>: greylisted",
                    native_stamp(g, t, st), ip, 1024 + vg_rand(g, 60000), dom, u);
        else
            vg_line(g, t, "%s H=[%s]:%u dropped by 'connect' ACL: Country is banned", native_stamp(g, t, st), ip,
                    1024 + vg_rand(g, 60000));
    } else { /* loopback content-filter hop and an auth failure */
        exim_id(id);
        vg_line(g, t, "%s %s => %s@example.org R=amavis T=amavis_smtp H=127.0.0.1 [127.0.0.1]:10024 C=\"250 Ok\"",
                native_stamp(g, t, st), id, u);
        vg_line(g, t + S(1), "%s dovecot_login authenticator failed for (User) [%s]:%u: 535 Incorrect authentication data",
                native_stamp(g, t + S(1), st), vg_attacker_ip(g, ip, 0), 1024 + vg_rand(g, 60000));
    }
}

/* ------------------------------------------------------------------ */
/* sendmail */

static uint64_t sm_seq;

static void sm_qid(char *out, unsigned pid)
{
    char a[12];
    b62(++sm_seq, a, 8);
    sprintf(out, "%s%06u", a, pid);
}

static void gen_sendmail(struct vgen *g, int64_t t)
{
    char st[32], q[32], ip[48], hip[48];
    const char *host = vg_host(g, "mx1");
    unsigned pid = 1000 + (unsigned)(sm_seq % 90000);
    const char *dom = VG_PICK(g, ext_domains);
    const char *u = VG_PICK(g, users);
    uint32_t r = vg_rand(g, 100);
    sm_qid(q, pid);
    if (r < 30) { /* inbound, local */
        vg_line(g, t, "%s %s sm-mta[%u]: %s: from=<s@%s>, size=%u, class=0, nrcpts=2, msgid=<%s@%s>, proto=ESMTP, daemon=MTA, relay=mx.%s [%s]",
                vg_stamp3164(g, t, st), host, pid, q, dom, 1000 + vg_rand(g, 9000), q, dom, dom,
                vg_attacker_ip(g, ip, 0));
        int relay = vg_chance(g, 300);
        for (int i = 0; i < 2; i++) {
            int64_t tt = t + S(1);
            if (relay)
                vg_line(g, tt, "%s %s sm-mta[%u]: %s: to=<%s%d@example.org>, delay=00:00:01, xdelay=00:00:01, mailer=relay, pri=120000, relay=exch.example.org [%s], dsn=2.0.0, stat=Sent (Queued)",
                        vg_stamp3164(g, tt, st), host, pid + 1, q, u, i, vg_home_ip(g, hip));
            else
                vg_line(g, tt, "%s %s sm-mta[%u]: %s: to=<%s%d@example.org>, delay=00:00:01, xdelay=00:00:01, mailer=local, pri=30000, dsn=2.0.0, stat=Sent",
                        vg_stamp3164(g, tt, st), host, pid + 1, q, u, i);
        }
        vg_count(g, t + S(1), "emails_delivered", NULL);
    } else if (r < 55) { /* outbound */
        vg_line(g, t, "%s %s sm-mta[%u]: %s: from=<%s@example.org>, size=%u, class=0, nrcpts=1, msgid=<%s@example.org>, proto=ESMTPSA, daemon=MSA, relay=ws.example.org [%s]",
                vg_stamp3164(g, t, st), host, pid, q, u, 1000 + vg_rand(g, 9000), q, vg_home_ip(g, hip));
        int tls = vg_chance(g, 650);
        unsigned dpid = pid + 2;
        int64_t tt = t + S(1);
        int with_qid = vg_chance(g, 500); /* sendmail 8.15+ prefixes the queue id */
        if (tls)
            vg_line(g, tt, "%s %s sm-mta[%u]: %s%sSTARTTLS=client, relay=mx.%s., version=TLSv1.3, verify=%s, cipher=TLS_AES_256_GCM_SHA384, bits=256/256",
                    vg_stamp3164(g, tt, st), host, dpid, with_qid ? q : "", with_qid ? ": " : "", dom,
                    vg_chance(g, 500) ? "OK" : "FAIL");
        vg_line(g, tt, "%s %s sm-mta[%u]: %s: to=<r@%s>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120000, relay=mx.%s. [%s], dsn=2.0.0, stat=Sent (OK id=%s)",
                vg_stamp3164(g, tt, st), host, dpid, q, dom, dom, vg_public_ip(g, ip), q);
        vg_count(g, tt, "emails_sent", NULL);
        if (tls)
            vg_count(g, tt, "emails_sent_tls", NULL);
    } else if (r < 80) { /* RCPT rejects of one transaction */
        static const char *const texts[] = {"<%s%u@example.org>... Relaying denied",
                                            "Rejected: %s listed at zen.spamhaus.org"};
        static const char *const reasons[] = {"policy", "reputation"};
        unsigned k = vg_rand(g, 2);
        vg_attacker_ip(g, ip, 0);
        unsigned n = 1 + vg_rand(g, 3);
        for (unsigned i = 0; i < n; i++) {
            char text[160];
            if (k == 0)
                snprintf(text, sizeof(text), texts[0], u, i);
            else
                snprintf(text, sizeof(text), texts[1], ip);
            vg_line(g, t + S(i), "%s %s sm-mta[%u]: %s: ruleset=check_rcpt, arg1=<%s%u@example.org>, relay=[%s], reject=550 5.7.1 %s",
                    vg_stamp3164(g, t + S(i), st), host, pid, q, u, i, ip, text);
        }
        if (vg_chance(g, 300))
            vg_line(g, t + S(n), "%s %s sm-mta[%u]: %s: <nobody@example.org>... User unknown", vg_stamp3164(g, t + S(n), st),
                    host, pid, q);
        vg_count(g, t, "emails_blocked", reasons[k]);
    } else if (r < 90) { /* milter refusals */
        if (vg_chance(g, 500)) {
            vg_line(g, t, "%s %s sm-mta[%u]: %s: milter=clamav-milter, action=data, reject=550 5.7.1 Virus found: Win.Trojan.Agent-1",
                    vg_stamp3164(g, t, st), host, pid, q);
            vg_count(g, t, "emails_blocked", "malware");
        } else {
            vg_line(g, t, "%s %s sm-mta[%u]: %s: Milter: data, reject=554 5.7.1 Message rejected as spam",
                    vg_stamp3164(g, t, st), host, pid, q);
            vg_count(g, t, "emails_blocked", "spam");
        }
    } else { /* count nothing: temp rejects, check_relay, deferrals, MSP hop */
        switch (vg_rand(g, 4)) {
        case 0:
            vg_line(g, t, "%s %s sm-mta[%u]: %s: ruleset=check_rcpt, arg1=<%s@example.org>, relay=[%s], reject=451 4.1.8 Domain of sender address does not resolve",
                    vg_stamp3164(g, t, st), host, pid, q, u, vg_attacker_ip(g, ip, 0));
            break;
        case 1:
            vg_attacker_ip(g, ip, 0);
            vg_line(g, t, "%s %s sm-mta[%u]: ruleset=check_relay, arg1=[%s], arg2=%s, relay=[%s], reject=554 5.7.1 Rejected: listed at zen.spamhaus.org",
                    vg_stamp3164(g, t, st), host, pid, ip, ip, ip);
            break;
        case 2:
            vg_line(g, t, "%s %s sm-mta[%u]: %s: to=<r@%s>, delay=00:00:05, xdelay=00:00:05, mailer=esmtp, pri=120000, relay=mx.%s. [%s], dsn=4.0.0, stat=Deferred: Connection timed out",
                    vg_stamp3164(g, t, st), host, pid, q, dom, dom, vg_public_ip(g, ip));
            break;
        default:
            vg_line(g, t, "%s %s sm-msp-queue[%u]: %s: to=root, ctladdr=root (0/0), delay=00:00:00, xdelay=00:00:00, mailer=relay, pri=30000, relay=[127.0.0.1] [127.0.0.1], dsn=2.0.0, stat=Sent (queued)",
                    vg_stamp3164(g, t, st), host, pid, q);
        }
    }
}

/* ------------------------------------------------------------------ */
/* rspamd */

static uint64_t rs_seq;

static int rs_file; /* this event is written in the file-log form */

static void rs_line(struct vgen *g, int64_t t, const char *qid, const char *ip, const char *user, const char *spam,
                    const char *action, const char *score, const char *syms)
{
    char st[32], head[64];
    const char *dom = VG_PICK(g, ext_domains);
    int file = rs_file;
    if (file)
        snprintf(head, sizeof(head), "%s #%u(normal)", native_stamp(g, t, st), 4000 + (unsigned)(rs_seq % 16));
    else
        snprintf(head, sizeof(head), "%s %s rspamd[%u]:", vg_stamp3164(g, t, st), vg_host(g, "mx1"),
                 4000 + (unsigned)(rs_seq % 16));
    vg_line(g, t, "%s <%06llx>; task; rspamd_task_write_log: id: <%s@%s>, qid: <%s>, ip: %s,%s%s%s from: <s@%s>, (default: %s (%s): [%s/15.00] [%s]), len: %u, time: %u.1ms, dns req: 12, digest: <%016llx>, rcpts: <b@example.org>, mime_rcpts: <b@example.org>",
            head, (unsigned long long)(rs_seq & 0xffffff), qid, dom, qid, ip, user ? " user: " : "", user ? user : "",
            user ? "," : "", dom, spam, action, score, syms, 1000 + vg_rand(g, 50000), 50 + vg_rand(g, 900),
            (unsigned long long)rs_seq * 2654435761ull);
}

static void gen_rspamd(struct vgen *g, int64_t t)
{
    char qid[32], ip[48];
    b62(++rs_seq, qid, 11);
    rs_file = vg_chance(g, 600);
    uint32_t r = vg_rand(g, 100);
    vg_attacker_ip(g, ip, 1);
    if (r < 45) {
        rs_line(g, t, qid, ip, NULL, "F", "no action", "-0.50", "R_SPF_ALLOW(-0.20){+all;},MIME_GOOD(-0.10){text/plain;}");
    } else if (r < 55) {
        rs_line(g, t, qid, ip, NULL, "T", vg_chance(g, 500) ? "add header" : "rewrite subject", "8.10",
                "BAYES_SPAM(5.10){97.0%;}");
    } else if (r < 62) {
        rs_line(g, t, qid, ip, NULL, "F", vg_chance(g, 500) ? "greylist" : "soft reject", "5.00", "GREYLIST(0.00){}");
    } else if (r < 80) {
        rs_line(g, t, qid, ip, NULL, "T", vg_chance(g, 800) ? "reject" : "discard", "21.30",
                "BAYES_SPAM(5.10){99.9%;},RBL_SPAMHAUS_XBL(4.00){zen;}");
        vg_count(g, t, "emails_blocked", "spam");
        if (vg_chance(g, 200)) /* the MTA asked again for the same message */
            rs_line(g, t + S(1), qid, ip, NULL, "T", "reject", "21.30", "BAYES_SPAM(5.10){99.9%;}");
    } else if (r < 87) {
        rs_line(g, t, qid, ip, NULL, "T", "reject", "30.00", "CLAM_VIRUS(20.00){Win.Trojan.Agent-1;}");
        vg_count(g, t, "emails_blocked", "malware");
    } else if (r < 92) {
        rs_line(g, t, qid, ip, NULL, "T", vg_chance(g, 500) ? "quarantine" : "reject", "17.00",
                "PHISHED_OPENPHISH(7.00){bank.example;}");
        vg_count(g, t, "emails_blocked", "phishing");
    } else {
        char hip[48];
        rs_line(g, t, qid, vg_home_ip(g, hip), VG_PICK(g, users), "T", "reject", "25.00", "BAYES_SPAM(5.10){99%;}");
    }
}

/* ------------------------------------------------------------------ */
/* mailscanner */

static uint64_t ms_seq;

static void gen_mailscanner(struct vgen *g, int64_t t)
{
    char st[32], id[32], a[16], ip[48];
    const char *host = vg_host(g, "mx1");
    unsigned pid = 2000 + (unsigned)(ms_seq % 64);
    b62(++ms_seq, a, 11);
    sprintf(id, "%s.%05u", a, (unsigned)(ms_seq % 100000));
    const char *dom = VG_PICK(g, ext_domains);
    uint32_t r = vg_rand(g, 100);
    if (r < 40) {
        vg_line(g, t, "%s %s MailScanner[%u]: Delivery of nonspam: message %s from s@%s to b@example.org with subject hello",
                vg_stamp3164(g, t, st), host, pid, id, dom);
    } else if (r < 70) {
        int internal = vg_chance(g, 150);
        char hip[48];
        vg_line(g, t, "%s %s MailScanner[%u]: Message %s from %s (s@%s) to example.org is spam, SpamAssassin (not cached, score=%u.5, required 5, BAYES_99 5.00)",
                vg_stamp3164(g, t, st), host, pid, id, internal ? vg_home_ip(g, hip) : vg_attacker_ip(g, ip, 1), dom,
                6 + vg_rand(g, 40));
        int dropped = vg_chance(g, 600);
        vg_line(g, t, "%s %s MailScanner[%u]: Spam Actions: message %s actions are %s", vg_stamp3164(g, t, st), host,
                pid, id, dropped ? (vg_chance(g, 500) ? "store" : "delete,store") : "deliver,header");
        if (dropped && vg_chance(g, 400))
            vg_line(g, t, "%s %s MailScanner[%u]: Non-delivery of Spam: message %s from s@%s to b@example.org with subject x",
                    vg_stamp3164(g, t, st), host, pid, id, dom);
        if (dropped && !internal)
            vg_count(g, t, "emails_blocked", "spam");
    } else if (r < 80) {
        vg_line(g, t, "%s %s MailScanner[%u]: Virus Scanning: ClamAV found 1 infections", vg_stamp3164(g, t, st), host, pid);
        vg_line(g, t, "%s %s MailScanner[%u]: Infected message %s came from %s", vg_stamp3164(g, t, st), host, pid, id,
                vg_attacker_ip(g, ip, 1));
        vg_count(g, t, "emails_blocked", "malware");
    } else {
        vg_line(g, t, "%s %s MailScanner[%u]: New Batch: Scanning %u messages, %u bytes", vg_stamp3164(g, t, st), host,
                pid, 1 + vg_rand(g, 30), 1000 + vg_rand(g, 900000));
    }
}

/* ------------------------------------------------------------------ */
/* amavis */

static uint64_t am_seq;

static void gen_amavis(struct vgen *g, int64_t t)
{
    char st[32], ip[48], qid[16], mid[16];
    const char *host = vg_host(g, "mx1");
    unsigned pid = 3000 + (unsigned)(am_seq % 32);
    ++am_seq;
    b62(am_seq, qid, 10);
    b62(am_seq * 7919, mid, 12);
    const char *dom = VG_PICK(g, ext_domains);
    uint32_t r = vg_rand(g, 100);
    static const char *const cats[] = {"SPAM", "SPAMMY", "INFECTED (Win.Trojan.Agent-1)",
                                       "INFECTED (Html.Phishing.Bank-1)", "BANNED (.exe,invoice.exe)", "BAD-HEADER-0"};
    static const char *const reasons[] = {"spam", "spam", "malware", "phishing", "policy", "policy"};
    const char *verdict, *tag, *count = NULL;
    if (r < 50) {
        verdict = vg_chance(g, 800) ? "Passed CLEAN" : "Passed SPAMMY";
        tag = "RelayedInbound";
    } else if (r < 85) {
        unsigned k = vg_rand(g, 6);
        static char buf[64];
        snprintf(buf, sizeof(buf), "Blocked %s", cats[k]);
        verdict = buf;
        tag = vg_chance(g, 500) ? "DiscardedInbound,Quarantined" : "RejectedInbound";
        count = reasons[k];
    } else if (r < 92) {
        verdict = "Blocked SPAM";
        tag = "DiscardedOutbound,Quarantined";
    } else {
        verdict = "Blocked SPAM";
        tag = "TempFailedInbound";
    }
    vg_line(g, t, "%s %s amavis[%u]: (%05u-%02llu) %s {%s}, [127.0.0.1]:%u [%s] <s@%s> -> <b@example.org>, Queue-ID: %s, mail_id: %s, Hits: 9.1, size: %u, %u ms",
            vg_stamp3164(g, t, st), host, pid, pid, (unsigned long long)(am_seq / 32 + 1), verdict, tag, 30000 + vg_rand(g, 30000),
            vg_attacker_ip(g, ip, 1), dom, qid, mid, 1000 + vg_rand(g, 90000), 50 + vg_rand(g, 2000));
    if (count)
        vg_count(g, t, "emails_blocked", count);
}

/* ------------------------------------------------------------------ */
/* barracuda */

static uint64_t bc_seq;

static void gen_barracuda(struct vgen *g, int64_t t)
{
    char st[32], id[48], ip[48], hip[48];
    const char *host = vg_host(g, "esg1");
    unsigned pid = 5000 + (unsigned)(bc_seq % 64);
    ++bc_seq;
    sprintf(id, "%lld-%012llx-%06llx", (long long)(t / 1000000), (unsigned long long)bc_seq,
            (unsigned long long)(bc_seq * 2654435761ull) & 0xffffff);
    long long ts = (long long)(t / 1000000);
    const char *dom = VG_PICK(g, ext_domains);
    const char *u = VG_PICK(g, users);
    uint32_t r = vg_rand(g, 100);
    if (r < 35) { /* inbound, delivered to the internal server */
        vg_line(g, t, "%s %s scan[%u]: mx.%s[%s] %s %lld %lld SCAN - s@%s %s@example.org 0.%u %u 0 - SZ:%u SUBJ:hello",
                vg_stamp3164(g, t, st), host, pid, dom, vg_attacker_ip(g, ip, 0), id, ts, ts + 1, dom, u,
                vg_rand(g, 10), vg_chance(g, 800) ? 0 : 4, 1000 + vg_rand(g, 90000));
        vg_line(g, t + S(1), "%s %s outbound/smtp[%u]: 127.0.0.1 %s 0 0 SEND %s 1 %08llX 250 2.0.0 Ok: queued",
                vg_stamp3164(g, t + S(1), st), host, pid + 1, id, vg_chance(g, 500) ? "ENC" : "-",
                (unsigned long long)bc_seq);
        vg_count(g, t + S(1), "emails_delivered", NULL);
    } else if (r < 55) { /* outbound */
        int tls = vg_chance(g, 700);
        vg_line(g, t, "%s %s scan[%u]: ws.example.org[%s] %s %lld %lld SCAN - %s@example.org r@%s 0.00 %u 0 - SZ:%u SUBJ:report",
                vg_stamp3164(g, t, st), host, pid, vg_home_ip(g, hip), id, ts, ts + 1, u, dom,
                vg_chance(g, 500) ? 0 : 7, 1000 + vg_rand(g, 90000));
        unsigned n = 1 + vg_rand(g, 2);
        for (unsigned i = 0; i < n; i++)
            vg_line(g, t + S(1), "%s %s outbound/smtp[%u]: %s 0 0 SEND %s 1 %08llX 250 2.0.0 Ok",
                    vg_stamp3164(g, t + S(1), st), host, pid + 1, id, tls ? "ENC" : "-", (unsigned long long)bc_seq);
        vg_count(g, t + S(1), "emails_sent", NULL);
        if (tls)
            vg_count(g, t + S(1), "emails_sent_tls", NULL);
    } else if (r < 75) { /* refused at RECV */
        static const int codes[] = {3, 62, 8, 12, 35};
        static const char *const reasons[] = {"reputation", "reputation", "policy", "policy", "policy"};
        unsigned k = vg_rand(g, 5);
        vg_attacker_ip(g, ip, 0);
        unsigned n = 1 + vg_rand(g, 3);
        for (unsigned i = 0; i < n; i++)
            vg_line(g, t, "%s %s inbound/pass1[%u]: unknown[%s] %s %lld %lld RECV s@%s %s%u@example.org 2 %d -",
                    vg_stamp3164(g, t, st), host, pid, ip, id, ts, ts, dom, u, i, codes[k]);
        vg_count(g, t, "emails_blocked", reasons[k]);
    } else if (r < 90) { /* refused or quarantined at SCAN */
        static const int codes[] = {1, 31, 60, 78, 2};
        static const char *const reasons[] = {"malware", "spam", "spam", "phishing", "policy"};
        static const int acts[] = {2, 3, 6};
        unsigned k = vg_rand(g, 5);
        vg_line(g, t, "%s %s scan[%u]: mx.%s[%s] %s %lld %lld SCAN - s@%s %s@example.org 9.%u %d %d - SZ:%u SUBJ:offer",
                vg_stamp3164(g, t, st), host, pid, dom, vg_attacker_ip(g, ip, 0), id, ts, ts + 1, dom, u,
                vg_rand(g, 10), acts[vg_rand(g, 3)], codes[k], 1000 + vg_rand(g, 90000));
        vg_count(g, t, "emails_blocked", reasons[k]);
    } else { /* count nothing: pre-MAIL refusals, deferrals */
        if (vg_chance(g, 500))
            vg_line(g, t, "%s %s inbound/pass1[%u]: unknown[%s] %s %lld %lld RECV - - 2 3 -", vg_stamp3164(g, t, st),
                    host, pid, vg_attacker_ip(g, ip, 0), id, ts, ts);
        else
            vg_line(g, t, "%s %s inbound/pass1[%u]: unknown[%s] %s %lld %lld RECV s@%s %s@example.org 5 4 -",
                    vg_stamp3164(g, t, st), host, pid, vg_attacker_ip(g, ip, 0), id, ts, ts, dom, u);
    }
}

const struct vgen_format vgen_exim = {"exim", "Exim main log (native stamps): rejects, deliveries, TLS", gen_exim};
const struct vgen_format vgen_sendmail = {"sendmail", "sendmail syslog: rejects, milter, deliveries, STARTTLS", gen_sendmail};
const struct vgen_format vgen_rspamd = {"rspamd", "rspamd result lines (file log and syslog)", gen_rspamd};
const struct vgen_format vgen_mailscanner = {"mailscanner", "MailScanner spam/virus notices", gen_mailscanner};
const struct vgen_format vgen_amavis = {"amavis", "amavis Blocked/Passed main log lines", gen_amavis};
const struct vgen_format vgen_barracuda = {"barracuda", "Barracuda ESG mail syslog RECV/SCAN/SEND", gen_barracuda};
