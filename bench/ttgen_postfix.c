/* SPDX-License-Identifier: MIT
 *
 * ttgen_postfix.c -- the Postfix+amavis scenarios of bench/ttgen: an inbound
 * SMTP session through amavis to a mailbox, rejected clients (smtpd,
 * postscreen), outbound delivery with and without TLS, and the background
 * noise of a mail host, each writing what docs/COUNTING.md#postfix counts into the
 * truth. See ttgen.h.
 */
#include "bench/ttgen.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Mail world: names, hosts, ids. */

static const char *const first_names[] = {
    "james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "david", "elizabeth",
    "william", "susan", "richard", "jessica", "joseph", "sarah", "thomas", "karen", "chris", "nancy",
    "daniel", "lisa", "matthew", "betty", "anthony", "sandra", "mark", "ashley", "paul", "emily",
    "steven", "donna", "andrew", "michelle", "kenneth", "carol", "oliver", "amanda", "george", "melissa",
    "harry", "sophie", "jack", "chloe", "noah", "amelia", "leo", "isla", "arthur", "freya"};
static const char *const last_names[] = {
    "smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "robinson", "wright",
    "thompson", "evans", "walker", "white", "roberts", "green", "hall", "wood", "jackson", "clarke",
    "patel", "khan", "lewis", "james", "phillips", "mason", "mitchell", "rose", "davis", "rodriguez",
    "cox", "alexander", "morgan", "moore", "martin", "price", "king", "lee", "scott", "baker"};
static const char *const role_names[] = {
    "info", "sales", "support", "accounts", "hr", "billing", "office", "admin", "jobs", "press",
    "invoices", "noreply", "newsletter", "marketing", "service", "orders"};
static const char *const spam_words[] = {
    "promo", "deals", "offer", "winner", "bonus", "pharma", "casino", "loan", "crypto", "invest",
    "security", "alert", "verify", "update", "docs", "invoice", "delivery", "parcel", "bank", "refund"};
static const char *const spam_tlds[] = {"top", "xyz", "ru", "cn", "info", "biz", "click", "online", "site", "work", "com.br", "in"};
static const char *const our_domains[] = {"example.com", "example.com", "example.com", "corp.example.com", "example.org"};

/* Legitimate senders: a client host pattern (%u = last octet), the sender
 * domain and the /24 they send from. */
static const struct {
    const char *host;   /* reverse DNS, %u = last octet */
    const char *domain; /* envelope sender domain */
    uint8_t net[3];     /* /24 */
} mtas[] = {
    {"mail-wm1-f%u.google.com", "gmail.com", {209, 85, 128}},
    {"mail-ej1-f%u.google.com", "gmail.com", {209, 85, 218}},
    {"mail-eopbgr%u.outbound.protection.outlook.com", "outlook.com", {40, 107, 22}},
    {"mail-db8eur05on%u.outbound.protection.outlook.com", "partner-corp.co.uk", {40, 107, 20}},
    {"sonic%u-21.consmr.mail.ir2.yahoo.com", "yahoo.co.uk", {77, 238, 176}},
    {"mout-p-%u.mailbox.org", "mailbox.org", {80, 241, 60}},
    {"mout.gmx.net", "gmx.net", {212, 227, 17}},
    {"smtp%u.mailgun.example.net", "mg.example.net", {198, 51, 100}},
    {"o%u.ptr2791.sendgrid.example.net", "news.example.org", {203, 0, 113}},
    {"mx%u.supplier.example.co.uk", "supplier.example.co.uk", {192, 0, 2}},
    {"mail%u.lawfirm-partners.example", "lawfirm-partners.example", {81, 2, 69}},
    {"smtp-out%u.bank.example", "bank.example", {185, 12, 80}},
    {"a%u-45.smtp-out.eu-west-1.amazonses.com", "notifications.example.net", {54, 240, 4}},
    {"mta-%u.mcsv.example", "mc.example.org", {198, 2, 180}},
};

/* External MX hosts for outbound mail (never inside the home net). */
static const struct {
    const char *domain; /* recipient domain */
    const char *mx;     /* MX host name */
    struct gaddr ip;    /* its address, filled in init */
    const char *ipstr;  /* textual seed for ip */
} mxs_text[] = {
    {"gmail.com", "gmail-smtp-in.l.google.com", {0, {0}}, "142.250.27.26"},
    {"outlook.com", "outlook-com.olc.protection.outlook.com", {0, {0}}, "52.101.68.16"},
    {"yahoo.co.uk", "mta6.am0.yahoodns.net", {0, {0}}, "67.195.204.72"},
    {"partner-corp.co.uk", "partnercorp-co-uk.mail.protection.outlook.com", {0, {0}}, "52.101.73.3"},
    {"supplier.example.co.uk", "mx1.supplier.example.co.uk", {0, {0}}, "192.0.2.44"},
    {"example.net", "mx.example.net", {0, {0}}, "198.51.100.7"},
    {"lawfirm-partners.example", "mail.lawfirm-partners.example", {0, {0}}, "81.2.69.160"},
    {"bank.example", "mx01.bank.example", {0, {0}}, "185.12.80.25"},
    {"mailbox.org", "mxext1.mailbox.org", {0, {0}}, "80.241.60.212"},
    {"gmx.net", "mx00.emig.gmx.net", {0, {0}}, "212.227.15.9"},
    {"university.example.edu", "mx.university.example.edu", {0, {0}}, "2001:db8:5::25"},
    {"customer.example.org", "mail.customer.example.org", {0, {0}}, "203.0.113.80"},
};
#define N_MX TT_ARRAY_LEN(mxs_text)
static struct gaddr mx_ip[N_MX];

static int parse_v4(const char *s, struct gaddr *a)
{
    unsigned x, y, z, w;
    if (sscanf(s, "%u.%u.%u.%u", &x, &y, &z, &w) == 4 && !strchr(s, ':')) {
        tg_a4(a, x, y, z, w);
        return 0;
    }
    return -1;
}

void tg_init_world(void)
{
    for (size_t i = 0; i < N_MX; i++) {
        if (parse_v4(mxs_text[i].ipstr, &mx_ip[i]) == 0)
            continue;
        /* the one IPv6 MX: 2001:db8:5::25 */
        memset(&mx_ip[i], 0, sizeof(mx_ip[i]));
        mx_ip[i].fam = 6;
        static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x25};
        memcpy(mx_ip[i].b, v6, 16);
    }
}

unsigned tg_new_pid(struct gen *g)
{
    g->next_pid += 1 + rb(&g->r, 9);
    if (g->next_pid >= 4194304)
        g->next_pid = 1000 + rb(&g->r, 1000);
    return g->next_pid;
}

void tg_pool_init(struct gen *g, struct pool *p, unsigned n)
{
    p->n = n;
    for (unsigned i = 0; i < n; i++) {
        p->pid[i] = tg_new_pid(g);
        p->task[i] = 1 + rb(&g->r, 40);
    }
}

static unsigned pool_pid(struct gen *g, struct pool *p)
{
    return p->pid[rb(&g->r, p->n)];
}

/* Postfix short queue ids: unique across the file (a bijection of a
 * counter), 11 upper-case hex digits like "4ABCD1234EF". */
static char *new_qid(struct gen *g, char out[16])
{
    uint64_t v = (++g->qid_ctr * 0x9E3779B97F4AULL + 0x3C1A5B7ULL) & ((1ULL << 44) - 1);
    char *e = tg_put_hex(out, v, 11, tg_hexu);
    *e = '\0';
    return out;
}

static char *rand_token(struct gen *g, char *out, unsigned n)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (unsigned i = 0; i < n; i++)
        out[i] = b64[rb(&g->r, 64)];
    out[n] = '\0';
    return out;
}

static char *person(struct gen *g, char *out, const char *domain)
{
    struct rng *r = &g->r;
    switch (rb(r, 5)) {
    case 0: return tg_sf(out, "%s@%s", PICK(r, first_names), domain);
    case 1: return tg_sf(out, "%s.%s@%s", PICK(r, first_names), PICK(r, last_names), domain);
    case 2: return tg_sf(out, "%c.%s@%s", PICK(r, first_names)[0], PICK(r, last_names), domain);
    case 3: return tg_sf(out, "%s@%s", PICK(r, role_names), domain);
    default: return tg_sf(out, "%s%s@%s", PICK(r, first_names), PICK(r, last_names), domain);
    }
}

static char *spam_domain(struct gen *g, char *out)
{
    struct rng *r = &g->r;
    return tg_sf(out, "%s%s%u.%s", PICK(r, spam_words), PICK(r, spam_words), rb(r, 100), PICK(r, spam_tlds));
}

static char *spam_sender(struct gen *g, char *out)
{
    struct rng *r = &g->r;
    char dom[96], tok[16];
    spam_domain(g, dom);
    switch (rb(r, 4)) {
    case 0: return tg_sf(out, "%s@%s", rand_token(g, tok, rr(r, 6, 12)), dom);
    case 1: return tg_sf(out, "%s@%s", PICK(r, role_names), dom);
    case 2: return out[0] = '\0', out; /* null sender */
    default: return tg_sf(out, "%s.%s%u@%s", PICK(r, first_names), PICK(r, last_names), rb(r, 1000), dom);
    }
}

/* Message-ID as many MUAs make it: time in ms, a random token, the domain. */
static char *msgid(struct gen *g, char *out, int64_t t_us, const char *domain)
{
    char tok[24];
    return tg_sf(out, "%U.%s@%s", (unsigned long long)(t_us / 1000 - rb(&g->r, 3000)), rand_token(g, tok, 12), domain);
}

/* A spamming / scanning client address: heavy hitters, a large pool seen a
 * few times, fresh ones, and some IPv6. */
void tg_attacker(struct gen *g, struct gaddr *a, int allow_v6)
{
    struct rng *r = &g->r;
    unsigned k = rb(r, 100);
    if (allow_v6 && k < 5) {
        tg_a6_doc(a, tt_mix64(g->seed ^ 0x6666 ^ rb(r, 20000)));
        return;
    }
    uint64_t h;
    if (k < 35) { /* heavy hitters: skewed over 3000 scanners */
        double u = runit(r);
        h = tt_mix64(g->seed ^ 0x1111 ^ (uint64_t)(3000 * u * u * u));
    } else if (k < 80) {
        h = tt_mix64(g->seed ^ 0x2222 ^ ((uint64_t)rb(r, 300000) << 20));
    } else {
        h = rng_next(r);
    }
    tg_a4_public(a, h);
}

static const char *const tls_ciphers[] = {
    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256",
    "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (4096 bits) server-digest SHA256",
    "TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) key-exchange X25519 server-signature ECDSA (P-256) server-digest SHA256",
    "TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)",
    "TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)",
};
static const char *const tls_trust[] = {"Trusted", "Trusted", "Verified", "Untrusted", "Anonymous"};

#define OUR_MX_IP "198.51.100.25"

/* Where inbound mail ends up. */
enum transport { TR_LMTP = 0, TR_EXCH, TR_VIRTUAL, TR_LOCAL, TR_PIPE };

static int pick_transport(struct gen *g)
{
    unsigned k = rb(&g->r, 100);
    return k < 40 ? TR_LMTP : k < 70 ? TR_EXCH : k < 85 ? TR_VIRTUAL : k < 95 ? TR_LOCAL : TR_PIPE;
}

/* Delivers queue id qid to rcpts over transport tr: one status=sent per
 * recipient; the first one that is written counts emails_delivered. Exchange
 * deliveries are sometimes deferred first and retried minutes later. */
static void deliver_inbound(struct sess *s, const char *qid, char rcpt[][96], unsigned k, int tr, unsigned size)
{
    struct gen *g = s->g;
    struct rng *r = &g->r;
    unsigned counted = 0;
    if (tr == TR_EXCH) {
        unsigned ex = rb(r, 2);
        struct gaddr eip;
        tg_a4(&eip, 10, 20, 0, 15 + ex);
        int retry = rpm(r, 30);
        for (int attempt = 0; attempt < 1 + retry; attempt++) {
            unsigned pid = tg_new_pid(g);
            int tls = rb(r, 2);
            tg_adv(s, 5, 60);
            if (attempt == 0 && retry) {
                for (unsigned i = 0; i < k; i++) {
                    tg_sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=none, %Z, dsn=4.4.1, status=deferred (connect to exch0%u.corp.example.com[%a]:25: Connection timed out)",
                       pid, qid, rcpt[i], rr(r, 5, 90), 1, 3000, 0, ex + 1, &eip);
                }
                s->t += (int64_t)rr(r, 300, 1200) * 1000000;
                continue;
            }
            if (tls)
                tg_sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: Trusted TLS connection established to exch0%u.corp.example.com[%a]:25: %s",
                   pid, ex + 1, &eip, PICK(r, tls_ciphers));
            for (unsigned i = 0; i < k; i++) {
                tg_adv(s, 2, 40);
                char tok[16];
                tg_sl(s, F_OOO, counted++ ? SL_NONE : SL_DELIVERED,
                   "postfix/smtp[%u]: %s: to=<%s>, relay=exch0%u.corp.example.com[%a]:25, %Z, dsn=2.6.0, status=sent (250 2.6.0 <%s@EXCH0%u.corp.example.com> [InternalId=%U, Hostname=EXCH0%u.corp.example.com] %u bytes in 0.%03u, %u.%03u KB/sec Queued mail for delivery)",
                   pid, qid, rcpt[i], ex + 1, &eip, rr(r, 5, 200), 1, 2, rr(r, 2, 60),
                   rand_token(g, tok, 12), ex + 1, (unsigned long long)rr(r, 100000, 900000000) * 100ULL, ex + 1,
                   size, rr(r, 10, 999), rr(r, 100, 9999), rb(r, 1000));
            }
        }
        return;
    }
    for (unsigned i = 0; i < k; i++) {
        tg_adv(s, 2, 80);
        unsigned dcs = rr(r, 3, 300), slot = counted++ ? SL_NONE : SL_DELIVERED;
        char user[96];
        strcpy(user, rcpt[i]);
        char *at = strchr(user, '@');
        if (at)
            *at = '\0';
        switch (tr) {
        case TR_LMTP: {
            char tok[32];
            tg_sl(s, F_OOO, slot, "postfix/lmtp[%u]: %s: to=<%s>, relay=mail.example.com[private/dovecot-lmtp], %Z, dsn=2.0.0, status=sent (250 2.0.0 <%s> %s Saved)",
               pool_pid(g, &g->lmtp), qid, rcpt[i], dcs, 1, 1, rr(r, 1, 20), rcpt[i], rand_token(g, tok, 22));
            break;
        }
        case TR_VIRTUAL:
            tg_sl(s, F_OOO, slot, "postfix/virtual[%u]: %s: to=<%s>, relay=virtual, %Z, dsn=2.0.0, status=sent (delivered to maildir)",
               pool_pid(g, &g->virt), qid, rcpt[i], dcs, 1, 0, rr(r, 0, 5));
            break;
        case TR_LOCAL:
            if (rb(r, 3) == 0)
                tg_sl(s, F_OOO, slot, "postfix/local[%u]: %s: to=<%s@mx1.example.com>, orig_to=<%s>, relay=local, %Z, dsn=2.0.0, status=sent (delivered to mailbox)",
                   pool_pid(g, &g->local), qid, user, rcpt[i], dcs, 1, 0, rr(r, 0, 5));
            else
                tg_sl(s, F_OOO, slot, "postfix/local[%u]: %s: to=<%s>, relay=local, %Z, dsn=2.0.0, status=sent (delivered to mailbox)",
                   pool_pid(g, &g->local), qid, rcpt[i], dcs, 1, 0, rr(r, 0, 5));
            break;
        default:
            tg_sl(s, F_OOO, slot, "postfix/pipe[%u]: %s: to=<%s>, relay=dovecot, %Z, dsn=2.0.0, status=sent (delivered via dovecot service)",
               pool_pid(g, &g->pipe), qid, rcpt[i], dcs, 1, 0, rr(r, 5, 40));
            break;
        }
    }
}

static void amavis_id(struct gen *g, char *out)
{
    unsigned i = rb(&g->r, g->amavis.n);
    tg_sf(out, "amavis[%u]: (%05u-%02u)", g->amavis.pid[i], g->amavis.pid[i], g->amavis.task[i]++);
}

/* The handoff of qid to amavis on 127.0.0.1:10024: one status=sent per
 * recipient. It never counts (loopback content-filter hop). */
static void feed_amavis(struct sess *s, const char *qid, char rcpt[][96], unsigned k, const char *reply)
{
    struct gen *g = s->g;
    unsigned pid = pool_pid(g, &g->feed);
    for (unsigned i = 0; i < k; i++) {
        tg_adv(s, 0, 3);
        tg_sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=127.0.0.1[127.0.0.1]:10024, %Z, dsn=%s, status=sent (%s)",
           pid, qid, rcpt[i], rr(&g->r, 1, 30), 0, 0, rr(&g->r, 30, 800),
           reply[4] == '2' && reply[6] == '7' ? "2.7.0" : "2.0.0", reply);
    }
}

/* Re-injection from amavis into smtpd on 127.0.0.1:10025 under a new queue id. */
static void reinject(struct sess *s, const char *qid2, const char *from, const char *mid, unsigned k, unsigned size)
{
    struct gen *g = s->g;
    unsigned pid = tg_new_pid(g);
    tg_sl(s, F_OOO, SL_NONE, "postfix/smtpd[%u]: connect from localhost[127.0.0.1]", pid);
    tg_adv(s, 1, 5);
    tg_sl(s, F_OOO, SL_NONE, "postfix/smtpd[%u]: %s: client=localhost[127.0.0.1]", pid, qid2);
    tg_adv(s, 1, 5);
    tg_sl(s, F_OOO, SL_NONE, "postfix/cleanup[%u]: %s: message-id=<%s>", pool_pid(g, &g->cleanup), qid2, mid);
    tg_adv(s, 1, 5);
    tg_sl(s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: from=<%s>, size=%u, nrcpt=%u (queue active)", g->qmgr_pid, qid2, from, size + 900, k);
    tg_adv(s, 1, 5);
    tg_sl(s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=%u data=1 quit=1 commands=%u", pid, k, k + 4);
}

static const char *const malware_names[] = {
    "Eicar-Test-Signature", "Win.Trojan.Agent-1234567", "Doc.Downloader.Emotet-6523513-0", "Xls.Dropper.Agent-7395463-0",
    "Win.Malware.Qakbot-9941254-0", "Html.Trojan.Generic-1234", "Js.Downloader.Nemucod-6321"};
static const char *const phish_names[] = {
    "Heuristics.Phishing.Email.SpoofedDomain", "Sanesecurity.Phishing.Fake.23155.UNOFFICIAL", "Html.Phishing.Bank-44521",
    "Porcupine.Phishing.55542.UNOFFICIAL", "Email.Phishing.VOF3-9943313-0", "winnow.phish.microsoft.1234"};
static const char *const banned_parts[] = {
    "multipart/mixed | application/x-msdownload,.exe,.exe-ms,invoice.exe",
    "multipart/mixed | application/octet-stream,.zip,.exe,docs.zip,scan_0012.exe",
    "multipart/mixed | application/x-ms-shortcut,.lnk,payment.lnk",
    "multipart/mixed | application/octet-stream,.iso,shipping_doc.iso"};

/* Inbound mail that gets past SMTP: via postscreen and smtpd, then either a
 * cleanup milter-reject or amavis, which passes (re-injected and delivered)
 * or blocks it (spam / malware / phishing / banned). */
void tg_sc_inbound(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    unsigned m = rb(r, TT_ARRAY_LEN(mtas));
    struct gaddr cip;
    char chost[96], from[128], helo[96], mid[128], q1[16], q2[16];
    char rcpt[4][96];
    unsigned oct = rr(r, 2, 250);
    tg_a4(&cip, mtas[m].net[0], mtas[m].net[1], mtas[m].net[2], oct);
    if (rpm(r, 30)) { /* a few senders over IPv6 */
        tg_a6_doc(&cip, tt_mix64(g->seed ^ 0x7777 ^ m));
        cip.b[15] = (uint8_t)oct;
    }
    tg_sf(chost, mtas[m].host, oct);
    person(g, from, mtas[m].domain);
    strcpy(helo, chost);
    unsigned k = rb(r, 10) < 7 ? 1 : rb(r, 3) ? 2 : rr(r, 3, 4);
    for (unsigned i = 0; i < k; i++)
        person(g, rcpt[i], PICK(r, our_domains));
    unsigned size = rr(r, 2500, 90000) + (rb(r, 10) == 0 ? rr(r, 100000, 4000000) : 0);
    unsigned port = rr(r, 32768, 60999);

    if (rb(r, 10) < 6) {
        tg_sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: CONNECT from [%a]:%u to [" OUR_MX_IP "]:25", g->postscreen_pid, &cip, port);
        tg_adv(&s, 1, 80);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: PASS %s [%a]:%u", g->postscreen_pid, rb(r, 5) ? "OLD" : "NEW", &cip, port);
        tg_adv(&s, 1, 5);
    }
    unsigned pid = tg_new_pid(g);
    int tls_in = rb(r, 4) != 0;
    tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: connect from %s[%a]", pid, chost, &cip);
    if (tls_in) {
        tg_adv(&s, 20, 200);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: Anonymous TLS connection established from %s[%a]: %s", pid, chost, &cip, PICK(r, tls_ciphers));
    }
    tg_adv(&s, 50, 600);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: %s: client=%s[%a]", pid, new_qid(g, q1), chost, &cip);
    tg_adv(&s, 20, 400);
    unsigned cpid = pool_pid(g, &g->cleanup);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/cleanup[%u]: %s: message-id=<%s>", cpid, q1, msgid(g, mid, s.t, mtas[m].domain));

    unsigned v = rb(r, 1000);
    if (v < 45) { /* cleanup milter (rspamd) rejects at end of data: spam; some are temporary */
        tg_adv(&s, 100, 2500);
        int temp = v < 8;
        tg_sl(&s, F_OOO, temp ? SL_NONE : SL_BLK_SPAM,
           "postfix/cleanup[%u]: %s: milter-reject: END-OF-MESSAGE from %s[%a]: %s; from=<%s> to=<%s> proto=ESMTP helo=<%s>",
           cpid, q1, chost, &cip, temp ? "4.7.1 Try again later" : "5.7.1 Spam message rejected", from, rcpt[0], helo);
        tg_adv(&s, 5, 50);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from %s[%a] ehlo=%u%s mail=1 rcpt=%u data=0/1 quit=1 commands=%u/%u",
           pid, chost, &cip, tls_in ? 2 : 1, tls_in ? " starttls=1" : "", k, k + 3 + 2 * tls_in, k + 4 + 2 * tls_in);
        return;
    }
    tg_adv(&s, 2, 30);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: from=<%s>, size=%u, nrcpt=%u (queue active)", g->qmgr_pid, q1, from, size, k);
    tg_adv(&s, 2, 50);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from %s[%a] ehlo=%u%s mail=1 rcpt=%u data=1 quit=1 commands=%u",
       pid, chost, &cip, tls_in ? 2 : 1, tls_in ? " starttls=1" : "", k, k + 4 + 2 * tls_in);

    /* amavis verdict */
    char aid[64], rlist[420], tok[16];
    amavis_id(g, aid);
    char *e = rlist;
    for (unsigned i = 0; i < k; i++)
        e = i ? tg_put_s(tg_put_s(tg_put_s(e, ",<"), rcpt[i]), ">") : tg_put_s(tg_put_s(tg_put_s(e, "<"), rcpt[i]), ">");
    *e = '\0';
    rand_token(g, tok, 12);
    unsigned ms = rr(r, 180, 4500);
    tg_adv(&s, ms / 2, ms);
    unsigned a = rb(r, 1000);
    const char *aid_short = strchr(aid, '(') + 1;
    char reply[160], idbuf[24];
    memcpy(idbuf, aid_short, strlen(aid_short) - 1);
    idbuf[strlen(aid_short) - 1] = '\0';
    if (a < 880) { /* passed: CLEAN or tagged SPAMMY, re-injected and delivered */
        int spammy = a < 40;
        new_qid(g, q2);
        reinject(&s, q2, from, mid, k, size);
        tg_adv(&s, 1, 20);
        tg_sl(&s, F_OOO, SL_NONE, "%s Passed %s {%s}, [%a]:%u [%a] <%s> -> %s, Queue-ID: %s, Message-ID: <%s>, mail_id: %s, Hits: %s%u.%03u, size: %u, queued_as: %s, %u ms",
           aid, spammy ? "SPAMMY" : "CLEAN", spammy ? "RelayedTaggedInbound" : "RelayedInbound", &cip, port, &cip, from, rlist, q1, mid, tok,
           spammy ? "" : "-", spammy ? rr(r, 5, 9) : rr(r, 0, 3), rb(r, 1000), size, q2, ms);
        tg_sf(reply, "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as %s", q2);
        feed_amavis(&s, q1, rcpt, k, reply);
        tg_adv(&s, 0, 3);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q1);
        deliver_inbound(&s, q2, rcpt, k, pick_transport(g), size + 900);
        tg_adv(&s, 1, 10);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q2);
        return;
    }
    unsigned slot;
    char what[160], dsn_tail[120];
    const char *qtype;
    if (a < 955) {
        int spammy = a < 900;
        tg_sf(what, "Blocked %s", spammy ? "SPAMMY" : "SPAM");
        tg_sf(dsn_tail, "spam");
        slot = SL_BLK_SPAM, qtype = "spam";
    } else if (a < 972) {
        const char *n = PICK(r, malware_names);
        tg_sf(what, "Blocked INFECTED (%s)", n);
        tg_sf(dsn_tail, "INFECTED: %s", n);
        slot = SL_BLK_MALWARE, qtype = "virus";
    } else if (a < 988) {
        const char *n = PICK(r, phish_names);
        tg_sf(what, "Blocked INFECTED (%s)", n);
        tg_sf(dsn_tail, "INFECTED: %s", n);
        slot = SL_BLK_PHISHING, qtype = "virus";
    } else {
        const char *n = PICK(r, banned_parts);
        tg_sf(what, "Blocked BANNED (%s)", n);
        tg_sf(dsn_tail, "BANNED: %s", strrchr(n, ',') + 1);
        slot = SL_BLK_POLICY, qtype = "banned";
    }
    char hits[16];
    if (slot == SL_BLK_SPAM)
        tg_sf(hits, "%u.%03u", rr(r, 6, 40), rb(r, 1000));
    else
        strcpy(hits, "-");
    tg_sl(&s, F_OOO, slot, "%s %s {DiscardedInbound,Quarantined}, [%a]:%u [%a] <%s> -> %s, quarantine: %s-%s%s, Queue-ID: %s, Message-ID: <%s>, mail_id: %s, Hits: %s, size: %u, %u ms",
       aid, what, &cip, port, &cip, from, rlist, qtype, tok, slot == SL_BLK_SPAM ? ".gz" : "", q1, mid, tok, hits, size, ms);
    tg_sf(reply, "250 2.7.0 Ok, discarded, id=%s - %s", idbuf, dsn_tail);
    feed_amavis(&s, q1, rcpt, k, reply);
    tg_adv(&s, 0, 3);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q1);
}

/* Reject texts. %1 = rcpt, sender, helo or ip depending on the entry. */
enum rj_arg { RJ_RCPT, RJ_SENDER, RJ_HELO, RJ_IP, RJ_NONE };
struct reject_text {
    const char *fmt; /* "550 5.1.1 <%s>: ..." */
    int arg;         /* enum rj_arg */
};
static const struct reject_text rj_policy[] = {
    {"550 5.1.1 <%s>: Recipient address rejected: User unknown in virtual mailbox table", RJ_RCPT},
    {"550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table", RJ_RCPT},
    {"554 5.7.1 <%s>: Relay access denied", RJ_RCPT},
    {"554 5.7.1 <%s>: Sender address rejected: Access denied", RJ_SENDER},
    {"504 5.5.2 <%s>: Helo command rejected: need fully-qualified hostname", RJ_HELO},
    {"550 5.7.25 Client host rejected: cannot find your hostname, [%s]", RJ_IP},
    {"550 5.7.23 <%s>: Recipient address rejected: Message rejected due to: SPF fail - not authorized", RJ_RCPT},
    {"554 5.7.1 <%s>: Recipient address rejected: Access denied", RJ_RCPT},
};
static const struct reject_text rj_temp[] = {
    {"450 4.2.0 <%s>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html", RJ_RCPT},
    {"450 4.7.25 Client host rejected: cannot find your hostname, [%s]", RJ_IP},
    {"450 4.1.8 <%s>: Sender address rejected: Domain not found", RJ_SENDER},
    {"451 4.3.5 <%s>: Recipient address rejected: Server configuration problem", RJ_RCPT},
    {"450 4.7.1 Service unavailable; Client host [%s] blocked using b.barracudacentral.org", RJ_IP},
    {"450 4.7.1 <%s>: Helo command rejected: Host not found", RJ_HELO},
};
static const char *const dnsbls[] = {"zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org", "dnsbl.sorbs.net"};

static char *reject_text(char *out, const struct reject_text *rt, const char *rcpt, const char *sender,
                         const char *helo, const char *ip)
{
    const char *x = rt->arg == RJ_RCPT ? rcpt : rt->arg == RJ_SENDER ? sender : rt->arg == RJ_HELO ? helo : ip;
    return tg_sf(out, rt->fmt, x);
}

static char *client_name(struct gen *g, char *out, const struct gaddr *ip)
{
    struct rng *r = &g->r;
    if (ip->fam == 6 || rb(r, 10) < 6)
        return strcpy(out, "unknown");
    if (rb(r, 2))
        return tg_sf(out, "%u-%u-%u-%u.dynamic.isp%u.example.net", ip->b[0], ip->b[1], ip->b[2], ip->b[3], rb(r, 40));
    return tg_sf(out, "host%u.static.%s", ip->b[3], PICK(r, spam_tlds));
}

/* smtpd session with RCPT rejects: 1..3 attempts (distinct from=), 1..5
 * recipients each; one emails_blocked per attempt, counted on its first
 * reject line, unless the code is 4xx. */
static void sc_smtpd_rejects(struct gen *g, int64_t t0, int temp)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    struct gaddr cip;
    char cname[96], helo[96], ipstr[48], from[128], rc[96], txt[512], dom[96];
    tg_attacker(g, &cip, 1);
    client_name(g, cname, &cip);
    tg_sf(ipstr, "%a", &cip);
    unsigned pid = tg_new_pid(g);
    int reput = !temp && rb(r, 100) < 45;
    const char *bl = PICK(r, dnsbls);
    int rhsbl = reput && rb(r, 5) == 0;
    unsigned hk = rb(r, 4);
    if (hk == 0)
        tg_sf(helo, "[%s]", ipstr);
    else if (hk == 1)
        strcpy(helo, rb(r, 2) ? "User" : "WIN-6A0KEE6QVP5");
    else
        strcpy(helo, strcmp(cname, "unknown") ? cname : spam_domain(g, dom));
    const struct reject_text *pol = &rj_policy[rb(r, TT_ARRAY_LEN(rj_policy))];
    const struct reject_text *tmp = &rj_temp[rb(r, TT_ARRAY_LEN(rj_temp))];
    tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: connect from %s[%s]", pid, cname, ipstr);
    unsigned attempts = rb(r, 100) < 75 ? 1 : rb(r, 4) ? 2 : 3, rcpts_total = 0, mails = 0;
    int data_rej = 0;
    for (unsigned at = 0; at < attempts; at++) {
        spam_sender(g, from);
        if (at && from[0] == '\0') /* later attempts: distinct, non-null senders */
            tg_sf(from, "mailer%u@%s", at, spam_domain(g, dom));
        tg_adv(&s, 200, 3000);
        unsigned n = rb(r, 100) < 55 ? 1 : rr(r, 2, 5);
        mails++;
        for (unsigned i = 0; i < n; i++) {
            person(g, rc, PICK(r, our_domains));
            if (temp) {
                reject_text(txt, tmp, rc, from, helo, ipstr);
            } else if (!reput) {
                reject_text(txt, pol, rc, from, helo, ipstr);
            } else if (rhsbl && from[0]) {
                const char *fd = strchr(from, '@');
                tg_sf(txt, "554 5.7.1 Service unavailable; Sender address [%s] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/domain/%s",
                   from, fd ? fd + 1 : from);
            } else if (bl[0] == 'z') {
                tg_sf(txt, "554 5.7.1 Service unavailable; Client host [%s] blocked using %s; https://www.spamhaus.org/query/ip/%s", ipstr, bl, ipstr);
            } else if (bl[1] == 'l') {
                tg_sf(txt, "554 5.7.1 Service unavailable; Client host [%s] blocked using %s; Blocked - see https://www.spamcop.net/bl.shtml?%s", ipstr, bl, ipstr);
            } else {
                tg_sf(txt, "554 5.7.1 Service unavailable; Client host [%s] blocked using %s", ipstr, bl);
            }
            unsigned slot = (i == 0 && !temp) ? (reput ? SL_BLK_REPUTATION : SL_BLK_POLICY) : SL_NONE;
            tg_sl(&s, 0, slot, "postfix/smtpd[%u]: NOQUEUE: reject: RCPT from %s[%s]: %s; from=<%s> to=<%s> proto=ESMTP helo=<%s>",
               pid, cname, ipstr, txt, from, rc, helo);
            tg_adv(&s, 0, i + 1 < n ? 30 : 400);
            rcpts_total++;
        }
        if (!temp && rb(r, 10) < 3) {
            tg_adv(&s, 1, 50);
            tg_sl(&s, 0, SL_NONE, "postfix/smtpd[%u]: NOQUEUE: reject: DATA from %s[%s]: 554 5.5.1 Error: no valid recipients; from=<%s> to=<%s> proto=ESMTP helo=<%s>",
               pid, cname, ipstr, from, rc, helo);
            data_rej++;
        }
    }
    tg_adv(&s, 10, 2000);
    if (rb(r, 5) == 0) {
        tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: lost connection after RCPT from %s[%s]", pid, cname, ipstr);
        tg_adv(&s, 0, 2);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from %s[%s] ehlo=1 mail=%u rcpt=0/%u%s%s commands=%u/%u",
           pid, cname, ipstr, mails, rcpts_total, data_rej ? " data=0/1" : "", attempts > 1 ? " rset=1" : "",
           1 + mails + (attempts > 1), 1 + mails + rcpts_total + (data_rej > 0) + (attempts > 1));
    } else {
        tg_sl(&s, F_OOO, SL_NONE, "postfix/smtpd[%u]: disconnect from %s[%s] ehlo=1 mail=%u rcpt=0/%u%s%s quit=1 commands=%u/%u",
           pid, cname, ipstr, mails, rcpts_total, data_rej ? " data=0/1" : "", attempts > 1 ? " rset=1" : "",
           2 + mails + (attempts > 1), 2 + mails + rcpts_total + (data_rej > 0) + (attempts > 1));
    }
}

/* postscreen: DNSBL rejects (reputation, one per run), 4xx, pregreet and
 * hangups (nothing). */
static void sc_postscreen(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    struct gaddr cip;
    tg_attacker(g, &cip, 1);
    unsigned port = rr(r, 1024, 65535), ps = g->postscreen_pid;
    char helo[96], from[128], rc[96], dom[96];
    tg_sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: CONNECT from [%a]:%u to [" OUR_MX_IP "]:25", ps, &cip, port);
    unsigned v = rb(r, 100);
    if (v < 62) { /* DNSBL */
        unsigned nl = rr(r, 1, 3), rank = 0;
        for (unsigned i = 0; i < nl; i++) {
            tg_adv(&s, 1, 30);
            unsigned w = rr(r, 1, 3);
            rank += w;
            tg_sl(&s, F_OOO, SL_NONE, "postfix/dnsblog[%u]: addr %a listed by domain %s as 127.0.0.%u", tg_new_pid(g), &cip,
               dnsbls[i % TT_ARRAY_LEN(dnsbls)], rr(r, 2, 11));
        }
        tg_adv(&s, 1, 100);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: DNSBL rank %u for [%a]:%u", ps, rank + 2, &cip, port);
        unsigned runs = rb(r, 100) < 15 ? 0 : rb(r, 100) < 85 ? 1 : 2;
        strcpy(helo, rb(r, 3) ? spam_domain(g, dom) : "User");
        for (unsigned a = 0; a < runs; a++) {
            spam_sender(g, from); /* a second run always has a new, non-null sender */
            if (a && from[0] == '\0')
                tg_sf(from, "bounce%u@%s", rb(r, 1000), spam_domain(g, dom));
            unsigned n = rb(r, 2) ? 1 : rr(r, 2, 5);
            tg_adv(&s, 300, 2000);
            for (unsigned i = 0; i < n; i++) {
                person(g, rc, PICK(r, our_domains));
                tg_sl(&s, 0, i == 0 ? SL_BLK_REPUTATION : SL_NONE,
                   "postfix/postscreen[%u]: NOQUEUE: reject: RCPT from [%a]:%u: 550 5.7.1 Service unavailable; client [%a] blocked using %s; from=<%s>, to=<%s>, proto=ESMTP, helo=<%s>",
                   ps, &cip, port, &cip, dnsbls[0], from, rc, helo);
                tg_adv(&s, 0, 60);
            }
        }
    } else if (v < 80) { /* temporary */
        tg_adv(&s, 2000, 7000);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: PASS NEW [%a]:%u", ps, &cip, port);
        spam_sender(g, from);
        person(g, rc, PICK(r, our_domains));
        tg_adv(&s, 100, 1500);
        tg_sl(&s, 0, SL_NONE, "postfix/postscreen[%u]: NOQUEUE: reject: RCPT from [%a]:%u: 450 4.3.2 Service currently unavailable; from=<%s>, to=<%s>, proto=ESMTP, helo=<%s>",
           ps, &cip, port, from, rc, spam_domain(g, dom));
    } else if (v < 92) {
        tg_adv(&s, 10, 900);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: PREGREET %u after 0.%02u from [%a]:%u: EHLO %s\\r\\n", ps, rr(r, 11, 30), rr(r, 1, 99), &cip, port,
           rb(r, 2) ? "User" : spam_domain(g, dom));
    } else {
        tg_adv(&s, 500, 9000);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: HANGUP after %u.%u from [%a]:%u in tests after SMTP handshake", ps, rr(r, 0, 9), rb(r, 10), &cip, port);
    }
    tg_adv(&s, 1, 400);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/postscreen[%u]: DISCONNECT [%a]:%u", ps, &cip, port);
}

/* Sessions that count nothing: CONNECT/EHLO-stage rejects (even with
 * "blocked using"), SASL guessing, protocol noise. */
static void sc_smtpd_noise(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    struct gaddr cip;
    char cname[96], ipstr[48];
    tg_attacker(g, &cip, 1);
    client_name(g, cname, &cip);
    tg_sf(ipstr, "%a", &cip);
    unsigned pid = tg_new_pid(g), v = rb(r, 100);
    const char *svc = rb(r, 3) ? "smtpd" : "submission/smtpd";
    tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: connect from %s[%s]", svc, pid, cname, ipstr);
    tg_adv(&s, 50, 1500);
    const char *stats = "commands=0";
    if (v < 20) {
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: NOQUEUE: reject: CONNECT from %s[%s]: 554 5.7.1 Service unavailable; Client host [%s] blocked using %s; proto=SMTP",
           svc, pid, cname, ipstr, ipstr, dnsbls[0]);
        stats = "commands=0/0";
    } else if (v < 35) {
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: NOQUEUE: reject: CONNECT from %s[%s]: 554 5.7.1 <%s[%s]>: Client host rejected: Access denied; proto=SMTP",
           svc, pid, cname, ipstr, cname, ipstr);
        stats = "commands=0/0";
    } else if (v < 50) {
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: NOQUEUE: reject: EHLO from %s[%s]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>",
           svc, pid, cname, ipstr);
        stats = "ehlo=0/1 quit=1 commands=1/2";
    } else if (v < 80) {
        unsigned n = rr(r, 1, 6);
        for (unsigned i = 0; i < n; i++) {
            tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: warning: %s[%s]: SASL %s authentication failed: %s", svc, pid, cname, ipstr,
               rb(r, 2) ? "LOGIN" : "PLAIN", rb(r, 2) ? "UGFzc3dvcmQ6" : "authentication failure");
            tg_adv(&s, 500, 3000);
        }
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: lost connection after AUTH from %s[%s]", svc, pid, cname, ipstr);
        stats = n > 1 ? "ehlo=1 auth=0/2 commands=1/3" : "ehlo=1 auth=0/1 commands=1/2";
    } else if (v < 90) {
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: improper command pipelining after CONNECT from %s[%s]: EHLO %s\\r\\n", svc, pid, cname, ipstr, cname);
        stats = "ehlo=1 quit=1 commands=2";
    } else {
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: warning: non-SMTP command from %s[%s]: GET / HTTP/1.1", svc, pid, cname, ipstr);
        stats = "unknown=0/1 commands=0/1";
    }
    tg_adv(&s, 1, 300);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: disconnect from %s[%s] %s", svc, pid, cname, ipstr, stats);
}

void tg_sc_rejecting(struct gen *g, int64_t t0)
{
    unsigned v = rb(&g->r, 100);
    if (v < 38)
        sc_postscreen(g, t0);
    else if (v < 72)
        sc_smtpd_rejects(g, t0, 0);
    else if (v < 84)
        sc_smtpd_rejects(g, t0, 1);
    else
        sc_smtpd_noise(g, t0);
}

/* One smtp delivery of qid to the recipients rc[0..n) of one external
 * domain; outcome 0 sent, 1 deferred, 2 bounced. *counted says whether the
 * message already counted emails_sent (set by the first status=sent). */
static void smtp_out(struct sess *s, const char *qid, char rc[][96], unsigned n, int mx, int tls, int outcome, int *counted)
{
    struct gen *g = s->g;
    struct rng *r = &g->r;
    unsigned pid;
    /* Pid reuse trap: the process that just delivered elsewhere delivers
     * again; only a TLS line to this very relay makes this delivery TLS.
     * Never reused towards a relay it once had TLS with: whether a plain
     * delivery there is TLS would be ambiguous. */
    int reused = g->last_out_pid && g->last_out_end < s->t && g->last_out_relay != mx && g->last_out_tls_relay != mx &&
                 rb(r, 10) < 3;
    if (reused) {
        pid = g->last_out_pid;
    } else {
        pid = tg_new_pid(g);
        g->last_out_tls_relay = -1;
    }
    const char *mxh = mxs_text[mx].mx;
    const struct gaddr *ip = &mx_ip[mx];
    tg_adv(s, 30, 900);
    if (outcome == 1 && rb(r, 2)) { /* deferred before any TLS */
        for (unsigned i = 0; i < n; i++)
            tg_sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=none, %Z, dsn=4.4.1, status=deferred (connect to %s[%a]:25: Connection timed out)",
               pid, qid, rc[i], rr(r, 5, 200), 2, 3000, 0, mxh, ip);
        goto done;
    }
    if (tls) {
        g->last_out_tls_relay = mx;
        tg_sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s TLS connection established to %s[%a]:25: %s", pid, PICK(r, tls_trust), mxh, ip, PICK(r, tls_ciphers));
        tg_adv(s, 20, 400);
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned dl = rr(r, 30, 900);
        if (outcome == 0) {
            char tok[24];
            unsigned slot = *counted ? SL_NONE : SL_SENT, slot2 = (*counted || !tls) ? SL_NONE : SL_SENT_TLS;
            *counted = 1;
            tg_line(g, s->t, F_OOO, slot, slot2, NULL,
                 mx == 0 ? "postfix/smtp[%u]: %s: to=<%s>, relay=%s[%a]:25, %Z, dsn=2.0.0, status=sent (250 2.0.0 OK  %U %s - gsmtp)"
                         : "postfix/smtp[%u]: %s: to=<%s>, relay=%s[%a]:25, %Z, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as %X%s)",
                 pid, qid, rc[i], mxh, ip, rr(r, 1, 40), 1, rr(r, 5, 200), dl, (unsigned long long)rr(r, 1500000000u, 1900000000u), rand_token(g, tok, mx == 0 ? 18 : 0));
        } else if (outcome == 1) {
            tg_sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=%s[%a]:25, %Z, dsn=4.7.1, status=deferred (host %s[%a] said: 451 4.7.1 Please try again later (in reply to RCPT TO command))",
               pid, qid, rc[i], mxh, ip, rr(r, 1, 40), 1, rr(r, 5, 200), dl, mxh, ip);
        } else {
            tg_sl(s, F_OOO, SL_NONE, "postfix/smtp[%u]: %s: to=<%s>, relay=%s[%a]:25, %Z, dsn=5.1.1, status=bounced (host %s[%a] said: 550 5.1.1 <%s>: Recipient address rejected: User unknown (in reply to RCPT TO command))",
               pid, qid, rc[i], mxh, ip, rr(r, 1, 40), 1, rr(r, 5, 200), dl, mxh, ip, rc[i]);
        }
        tg_adv(s, 1, 60);
    }
done:
    g->last_out_pid = pid;
    g->last_out_end = s->t;
    g->last_out_relay = mx;
}

/* Outbound: an internal client (submission with SASL, the Exchange server,
 * an application server) relays through the gateway, optionally via amavis,
 * to 1..3 external domains; ~90% over TLS. Outcomes: sent, deferred then
 * sent, deferred for good, bounced (with a DSN delivered to the sender). */
void tg_sc_outbound(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0};
    char chost[96], from[128], q1[16], q2[16], mid[128];
    struct gaddr cip;
    unsigned ck = rb(r, 10), pid = tg_new_pid(g);
    const char *svc = "smtpd";
    if (ck < 4) {
        tg_a4(&cip, 10, 1, rr(r, 0, 40), rr(r, 2, 250));
        tg_sf(chost, "ws-%u-%u.corp.example.com", cip.b[2], cip.b[3]);
        svc = "submission/smtpd";
    } else if (ck < 8) {
        unsigned ex = rb(r, 2);
        tg_a4(&cip, 10, 20, 0, 15 + ex);
        tg_sf(chost, "exch0%u.corp.example.com", ex + 1);
    } else {
        tg_a4(&cip, 10, 30, 1, rr(r, 10, 40));
        tg_sf(chost, "app%02u.corp.example.com", cip.b[3] - 9);
    }
    person(g, from, rb(r, 4) ? "example.com" : "corp.example.com");
    /* recipients grouped by domain */
    unsigned nd = rb(r, 100) < 85 ? 1 : rr(r, 2, 3), nr[3], k = 0;
    int dom[3];
    char rc[3][3][96], all[9][96];
    for (unsigned d = 0; d < nd; d++) {
        dom[d] = (int)rb(r, N_MX);
        for (unsigned j = 0; j < d; j++)
            if (dom[j] == dom[d])
                dom[d] = (dom[d] + 1) % (int)N_MX;
        nr[d] = rb(r, 100) < 80 ? 1 : rr(r, 2, 3);
        for (unsigned i = 0; i < nr[d]; i++) {
            person(g, rc[d][i], mxs_text[dom[d]].domain);
            strcpy(all[k++], rc[d][i]);
        }
    }
    unsigned size = rr(r, 1500, 60000) + (rb(r, 8) == 0 ? rr(r, 100000, 8000000) : 0);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: connect from %s[%a]", svc, pid, chost, &cip);
    if (ck < 4) {
        tg_adv(&s, 20, 200);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: Anonymous TLS connection established from %s[%a]: %s", svc, pid, chost, &cip, tls_ciphers[0]);
        tg_adv(&s, 50, 500);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: %s: client=%s[%a], sasl_method=PLAIN, sasl_username=%s", svc, pid, new_qid(g, q1), chost, &cip, from);
    } else {
        tg_adv(&s, 20, 300);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: %s: client=%s[%a]", svc, pid, new_qid(g, q1), chost, &cip);
    }
    tg_adv(&s, 20, 300);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/cleanup[%u]: %s: message-id=<%s>", pool_pid(g, &g->cleanup), q1, msgid(g, mid, s.t, "example.com"));
    tg_adv(&s, 2, 40);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: from=<%s>, size=%u, nrcpt=%u (queue active)", g->qmgr_pid, q1, from, size, k);
    tg_adv(&s, 2, 60);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/%s[%u]: disconnect from %s[%a] ehlo=%u%s%s mail=1 rcpt=%u data=1 quit=1 commands=%u", svc, pid, chost, &cip,
       ck < 4 ? 2 : 1, ck < 4 ? " starttls=1" : "", ck < 4 ? " auth=1" : "", k, k + 4 + (ck < 4 ? 3 : 0));
    const char *qid = q1;
    if (rb(r, 2)) { /* through amavis (ORIGINATING) */
        char aid[64], rlist[900], tok[16], reply[160];
        amavis_id(g, aid);
        char *e = rlist;
        for (unsigned i = 0; i < k; i++)
            e = tg_put_s(tg_put_s(tg_put_s(e, i ? ",<" : "<"), all[i]), ">");
        *e = '\0';
        unsigned ms = rr(r, 150, 2500);
        tg_adv(&s, ms / 2, ms);
        new_qid(g, q2);
        reinject(&s, q2, from, mid, k, size);
        tg_adv(&s, 1, 20);
        tg_sl(&s, F_OOO, SL_NONE, "%s Passed CLEAN {RelayedOutbound}, ORIGINATING LOCAL [%a]:%u [%a] <%s> -> %s, Queue-ID: %s, Message-ID: <%s>, mail_id: %s, Hits: -, size: %u, queued_as: %s, %u ms",
           aid, &cip, rr(r, 32768, 60999), &cip, from, rlist, q1, mid, rand_token(g, tok, 12), size, q2, ms);
        tg_sf(reply, "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as %s", q2);
        feed_amavis(&s, q1, all, k, reply);
        tg_adv(&s, 0, 3);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q1);
        qid = q2;
    }
    int tls = rb(r, 100) < 90, counted = 0, bounced = 0, pending = 0;
    int outcome[3];
    for (unsigned d = 0; d < nd; d++) {
        unsigned o = rb(r, 100);
        outcome[d] = o < 86 ? 0 : o < 93 ? 1 : o < 96 ? 3 : 2; /* 0 sent, 1 deferred then sent, 3 deferred for good, 2 bounced */
        smtp_out(&s, qid, rc[d], nr[d], dom[d], tls, outcome[d] == 3 ? 1 : outcome[d], &counted);
        if (outcome[d] == 2)
            bounced = 1;
        if (outcome[d] == 1 || outcome[d] == 3)
            pending = 1;
    }
    if (bounced) {
        char q3[16];
        unsigned bp = tg_new_pid(g);
        tg_adv(&s, 2, 50);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/bounce[%u]: %s: sender non-delivery notification: %s", bp, qid, new_qid(g, q3));
        tg_adv(&s, 1, 10);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/cleanup[%u]: %s: message-id=<%s>", pool_pid(g, &g->cleanup), q3, msgid(g, mid, s.t, "mx1.example.com"));
        tg_adv(&s, 1, 10);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: from=<>, size=%u, nrcpt=1 (queue active)", g->qmgr_pid, q3, rr(r, 3000, 9000));
        char snd[1][96];
        strcpy(snd[0], from);
        deliver_inbound(&s, q3, snd, 1, pick_transport(g), 4000);
        tg_adv(&s, 1, 10);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, q3);
    }
    if (pending) { /* the retry run: minutes later */
        s.t += (int64_t)rr(r, 300, 1500) * 1000000;
        for (unsigned d = 0; d < nd; d++)
            if (outcome[d] == 1 || outcome[d] == 3)
                smtp_out(&s, qid, rc[d], nr[d], dom[d], tls, outcome[d] == 1 ? 0 : 1, &counted);
    }
    int final = 1;
    for (unsigned d = 0; d < nd; d++)
        if (outcome[d] == 3)
            final = 0;
    if (final) {
        tg_adv(&s, 1, 10);
        tg_sl(&s, F_OOO, SL_NONE, "postfix/qmgr[%u]: %s: removed", g->qmgr_pid, qid);
    }
}

/* anvil statistics every 10 minutes (counts nothing). */
void tg_sc_anvil(struct gen *g, int64_t t0)
{
    struct rng *r = &g->r;
    struct sess s = {g, t0 + rb(r, 1000000)};
    struct gaddr a;
    char at[32];
    tg_attacker(g, &a, 0);
    int iso = g->iso;
    g->iso = 0; /* anvil always prints the RFC 3164 form */
    char *e = tg_put_stamp(g, at, t0 - (int64_t)rr(r, 30, 590) * 1000000);
    g->iso = iso;
    *e = '\0';
    tg_sl(&s, F_OOO, SL_NONE, "postfix/anvil[%u]: statistics: max connection rate %u/60s for (smtp:%a) at %s", g->anvil_pid, rr(r, 1, 12), &a, at);
    tg_adv(&s, 0, 1);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/anvil[%u]: statistics: max connection count %u for (smtp:%a) at %s", g->anvil_pid, rr(r, 1, 4), &a, at);
    tg_adv(&s, 0, 1);
    tg_sl(&s, F_OOO, SL_NONE, "postfix/anvil[%u]: statistics: max cache size %u at %s", g->anvil_pid, rr(r, 2, 40), at);
}

