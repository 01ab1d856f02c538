/* SPDX-License-Identifier: MIT
 *
 * parse_exim.c -- Exim main log (its own file, "2018-02-01 00:00:01 ..."
 * lines, or the same messages through syslog as exim/exim4), turned into the
 * mail counters of docs/COUNTING.md#mail-gateways.
 *
 *   2018-02-01 00:00:01 [4242] H=mx.example.net (helo.example.net)
 *     [192.0.2.10]:41234 I=[10.0.0.1]:25 F=<a@example.net> rejected RCPT
 *     <b@example.org>: rejected because 192.0.2.10 is in a black list
 *
 * Place in the pipeline: envelope -> this parser -> tally. Syslog lines are
 * routed by the program name (exim, exim4); native log lines by probe() (an
 * ISO date with a blank before the time, which rsyslog never writes).
 *
 * Counting:
 *   - "rejected RCPT|MAIL" (5xx; 4xx are logged "temporarily rejected") is
 *     one blocked attempt per run of one SMTP session: the session is (host,
 *     pid, client [ip]:port) and the run the same F=<sender>; later rejects of
 *     that run count nothing. "rejected after DATA", "rejected by
 *     local_scan()" and sa-exim "SA: Action: silently tossed|permanently
 *     rejected" are message refusals: once per (host, message id), joined to
 *     the session's run. Rejects before MAIL FROM (EHLO/HELO, connection,
 *     ACL drops, protocol errors) are blocked but count nothing.
 *   - "=>", "->" and ">>" deliveries: with H=[ip] outside --home-net an
 *     emails_sent (emails_sent_tls when X= is logged), inside --home-net an
 *     emails_delivered, on loopback the content-filter hop (LMTP transports
 *     excepted); without H= (appendfile, pipe, LMTP socket) a local
 *     delivery, emails_delivered. Once per (host, message id) and metric.
 *   - "=> blackhole (... ACL discarded recipients)" is an ACL discard:
 *     emails_blocked once per message; a ":blackhole:" router is site routing.
 * State: two bounded tables (sessions 1 h, messages 2 days), forgotten on
 * "Completed". No allocation after state_create().
 */
#include "collector/idstate.h"
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/verdict.h"
#include "collector/scan_time.h"
#include "collector/parser.h"

#include <stddef.h>
#include <stdlib.h>
#include <strings.h>

#define EXIM_MSG_ENTRIES 65536
#define EXIM_SESS_ENTRIES 16384
#define EXIM_MSG_TTL_S (2 * 86400)
#define EXIM_SESS_TTL_S 600 /* silence that ends a run of rejects */

#define EXIM_F_BLOCKED 1u
#define EXIM_F_DELIVERED 2u
#define EXIM_F_SENT 4u

struct exim_state {
    struct tt_idtab msg;  /* (host, message id) -> EXIM_F_* flags */
    struct tt_idtab sess; /* (host, pid, client ip:port) -> hash of F= of the counted run */
};

static const struct tt_idstate_table exim_tables[] = {
    {offsetof(struct exim_state, msg), EXIM_MSG_ENTRIES, EXIM_MSG_TTL_S},
    {offsetof(struct exim_state, sess), EXIM_SESS_ENTRIES, EXIM_SESS_TTL_S},
};

static void exim_state_destroy(void *p)
{
    tt_idstate_destroy_n(p, exim_tables, TT_ARRAY_LEN(exim_tables));
}

static void *exim_state_create(void)
{
    return tt_idstate_create_n(sizeof(struct exim_state), exim_tables, TT_ARRAY_LEN(exim_tables));
}

static inline int exim_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int exim_alnum(char c)
{
    return exim_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* "YYYY-MM-DD HH:MM:SS" at p (the native stamp; rsyslog writes a 'T'). */
static int exim_native_stamp(const char *p, size_t n)
{
    return n >= 20 && exim_digit(p[0]) && exim_digit(p[3]) && p[4] == '-' && p[7] == '-' && p[10] == ' ' &&
           p[13] == ':' && p[16] == ':' && exim_digit(p[17]) && exim_digit(p[18]);
}

/* The " +hhmm" zone of a native stamp (log_timezone = true): 1 and the
 * offset in seconds east, else 0. */
static int exim_zone(const char *p, size_t n, int32_t *out_off_s)
{
    if (!exim_native_stamp(p, n))
        return 0;
    size_t i = 19;
    if (i < n && p[i] == '.') {
        i++;
        while (i < n && exim_digit(p[i]))
            i++;
    }
    if (!(i + 6 <= n && p[i] == ' ' && (p[i + 1] == '+' || p[i + 1] == '-') && exim_digit(p[i + 2]) &&
          exim_digit(p[i + 3]) && exim_digit(p[i + 4]) && exim_digit(p[i + 5]) && (i + 6 == n || p[i + 6] == ' ')))
        return 0;
    int32_t off = ((p[i + 2] - '0') * 10 + (p[i + 3] - '0')) * 3600 + ((p[i + 4] - '0') * 10 + (p[i + 5] - '0')) * 60;
    *out_off_s = p[i + 1] == '-' ? -off : off;
    return 1;
}

/* Length of the native stamp with optional ".mmm" and " +hhmm" zone, plus the
 * blank after it; 0 when absent. */
static size_t exim_skip_stamp(const char *p, size_t n)
{
    if (!exim_native_stamp(p, n))
        return 0;
    size_t i = 19;
    if (i < n && p[i] == '.') {
        i++;
        while (i < n && exim_digit(p[i]))
            i++;
    }
    int32_t off;
    if (exim_zone(p, n, &off))
        i += 6;
    if (i < n && p[i] == ' ')
        i++;
    return i;
}

/* Program name exim, exim4, exim-* (any case). */
static int exim_app(struct tt_slice app)
{
    if (app.len == 0)
        return 0; /* also keeps NULL + 0 out of the arithmetic below */
    const char *s = app.p + app.len;
    while (s > app.p && s[-1] != '/')
        s--;
    size_t n = (size_t)(app.p + app.len - s);
    return n >= 4 && strncasecmp(s, "exim", 4) == 0 && (n == 4 || s[4] == '4' || s[4] == '-' || s[4] == '_');
}

/* The Exim message of a line: the native log (after its stamp), syslog
 * (envelope msg, app exim), or "host exim[pid]: ..." without a header. Sets
 * *out_inner when an Exim stamp was found inside a syslog message. Returns 0
 * when the line is not Exim's. */
static int exim_message(const struct tt_envelope *env, struct tt_slice *out, size_t *out_inner)
{
    *out_inner = 0;
    if (exim_app(env->app)) {
        *out = env->msg;
    } else {
        const char *l = env->line.p;
        size_t ln = env->line.len;
        size_t off = 0;
        if (ln && l[0] == '<') { /* <PRI> */
            const char *g = memchr(l, '>', TT_MIN(ln, 5));
            off = g ? (size_t)(g - l) + 1 : 0;
        }
        size_t k = exim_skip_stamp(l + off, ln - off);
        if (k) {
            if (k + off < ln && l[off + k] == '#')
                return 0; /* rspamd's file log: "#pid(worker)" */
            /* "2019-10-22 03:39:17 mx1 exim[29786]: ..." has its app set */
            *out = tt_slice_make(l + off + k, ln - off - k);
        } else if (env->kind == TT_ENVELOPE_NONE) {
            const char *x = TT_FIND(l, TT_MIN(ln, 80), " exim");
            if (!x)
                return 0;
            const char *c = TT_FIND(x, (size_t)(l + ln - x), "]: ");
            if (!c || c - x > 24)
                return 0;
            *out = tt_slice_make(c + 3, (size_t)(l + ln - c - 3));
        } else {
            return 0;
        }
    }
    size_t k = exim_skip_stamp(out->p, out->len);
    if (k) {
        *out_inner = k;
    }
    return 1;
}

static int exim_probe(const struct tt_envelope *env)
{
    if (exim_app(env->app))
        return 1;
    const char *l = env->line.p;
    size_t ln = env->line.len;
    if (exim_native_stamp(l, ln))
        return ln > 20 && l[20] != '#';
    return env->kind == TT_ENVELOPE_NONE && TT_FIND(l, TT_MIN(ln, 80), " exim") != NULL;
}

/* A message id at p: 6-6-2 (classic) or 6-11-4 (Exim 4.97+) base-62
 * characters, then a blank or the end. Returns its length or 0. */
static size_t exim_msgid(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && i < 7 && exim_alnum(p[i]))
        i++;
    if (i != 6 || i >= n || p[i] != '-')
        return 0;
    size_t j = ++i;
    while (i < n && exim_alnum(p[i]))
        i++;
    size_t mid = i - j;
    if ((mid != 6 && mid != 11) || i >= n || p[i] != '-')
        return 0;
    j = ++i;
    while (i < n && exim_alnum(p[i]))
        i++;
    size_t tail = i - j;
    if (!((mid == 6 && tail == 2) || (mid == 11 && tail == 4)))
        return 0;
    if (i < n && p[i] != ' ')
        return 0;
    return i;
}

/* Field "X=" value starting a word at [p, p+n): returns a pointer to the
 * value (after "X=") or NULL. */
static const char *exim_field(const char *p, size_t n, const char *name, size_t name_len)
{
    if (n >= name_len && memcmp(p, name, name_len) == 0)
        return p + name_len;
    char pat[8];
    if (name_len + 1 > sizeof(pat))
        return NULL;
    pat[0] = ' ';
    memcpy(pat + 1, name, name_len);
    const char *f = tt_memmem(p, n, pat, name_len + 1);
    return f ? f + name_len + 1 : NULL;
}

/* H= value: "name (helo) [ip]:port" / "(helo) [ip]" / "[ip]:port". Fills
 * the address and the "[ip]:port" run (for the session key); 0 if none. */
static int exim_host(const char *v, const char *end, struct tt_addr *out_addr, struct tt_slice *out_peer)
{
    const char *p = v;
    const char *lim = end - p > 512 ? p + 512 : end;
    int words = 0;
    while (p < lim) {
        if (*p == '(') {
            int depth = 0;
            while (p < lim) {
                if (*p == '(')
                    depth++;
                else if (*p == ')' && --depth == 0)
                    break;
                p++;
            }
            if (p < lim)
                p++;
        } else if (*p == '[') {
            const char *c = memchr(p, ']', (size_t)(lim - p));
            if (!c)
                return 0;
            const char *e = c + 1;
            if (e < lim && *e == ':')
                for (e++; e < lim && exim_digit(*e); e++)
                    ;
            *out_peer = tt_slice_make(p, (size_t)(e - p));
            struct tt_addr a;
            if (tt_addr_parse(p + 1, (size_t)(c - p - 1), &a) == TT_OK)
                *out_addr = a;
            return 1;
        } else if (*p == ' ') {
            p++;
            if (p < lim && *p != '(' && *p != '[' && ++words > 1)
                return 0; /* next field: no address */
            continue;
        } else {
            while (p < lim && *p != ' ')
                p++;
        }
    }
    return 0;
}

/* F= sender: "<a@b>" or a bare word. */
static struct tt_slice exim_sender(const char *p, size_t n)
{
    const char *v = exim_field(p, n, "F=", 2);
    if (!v)
        return tt_slice_make(NULL, 0);
    const char *end = p + n;
    if (v < end && *v == '<') {
        const char *c = memchr(v, '>', (size_t)(end - v));
        return tt_slice_make(v + 1, c ? (size_t)(c - v - 1) : (size_t)(end - v - 1));
    }
    const char *sp = memchr(v, ' ', (size_t)(end - v));
    return tt_slice_make(v, sp ? (size_t)(sp - v) : (size_t)(end - v));
}

struct exim_line {
    const struct tt_envelope *env;  /* the line */
    const struct tt_parse_ctx *ctx; /* settings */
    int64_t now_s;                  /* event time for expiry */
    struct tt_slice pid;            /* "[pid]" of the native log or the syslog pid */
    struct tt_slice mid;            /* message id, empty when none */
};

static uint64_t exim_msg_key(const struct exim_line *L)
{
    uint64_t h = tt_hash64(0xE1, L->env->host.p, L->env->host.len);
    return tt_hash64(h, L->mid.p, L->mid.len);
}

/* Marks flag on the message; 1 when it was already set. */
static int exim_mark(struct exim_state *s, const struct exim_line *L, unsigned flag)
{
    if (!L->mid.len)
        return 0;
    struct tt_idtab_entry *e = tt_idtab_get(&s->msg, exim_msg_key(L), L->now_s);
    if (e->val & flag)
        return 1;
    e->val |= flag;
    return 0;
}

enum exim_stage {
    EXIM_STAGE_PRE = 0, /* connection, EHLO/HELO, AUTH, protocol: before MAIL FROM */
    EXIM_STAGE_ENVELOPE,/* MAIL or RCPT */
    EXIM_STAGE_MESSAGE, /* after DATA, local_scan, sa-exim */
    EXIM_STAGE_LOCAL,   /* non-SMTP ACL: a local submission */
    EXIM_STAGE_COUNT
};

/* One refusal. text is the reply/explanation for the reason. */
static enum tt_parse_rc exim_block(struct exim_state *s, const struct exim_line *L, const char *rest, size_t rn,
                                 enum exim_stage stage, const char *text, size_t tn, enum tt_reason deflt,
                                 struct tt_event *ev)
{
    struct tt_addr client = {0};
    struct tt_slice peer = {NULL, 0};
    const char *hv = exim_field(rest, rn, "H=", 2);
    if (hv)
        exim_host(hv, rest + rn, &client, &peer);
    ev->src = client;
    ev->verdict = TT_VERDICT_BLOCKED;
    if (stage == EXIM_STAGE_PRE) {
        ev->why = "refused before MAIL FROM";
        return TT_PARSE_OK;
    }
    if (stage == EXIM_STAGE_LOCAL) {
        ev->why = "local submission refused";
        return TT_PARSE_OK;
    }
    if (stage == EXIM_STAGE_MESSAGE && exim_mark(s, L, EXIM_F_BLOCKED)) {
        ev->why = "same message as previous block";
        return TT_PARSE_OK;
    }
    /* session run: same client connection and sender */
    struct tt_slice from = exim_sender(rest, rn);
    uint64_t fh = tt_hash64(0xF0, from.p, from.len);
    if (peer.len || L->pid.len) {
        uint64_t k = tt_hash64(0x5E, L->env->host.p, L->env->host.len);
        k = tt_hash64(k, L->pid.p, L->pid.len);
        k = tt_hash64(k, peer.p, peer.len);
        struct tt_idtab_entry *e = tt_idtab_find(&s->sess, k, L->now_s);
        if (e && e->val == fh) {
            e->seen_s = L->now_s;
            ev->why = "same attempt as previous reject";
            return TT_PARSE_OK;
        }
        e = tt_idtab_get(&s->sess, k, L->now_s);
        e->val = fh;
    }
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = tt_reason_from_text(text, tn, deflt);
    ev->why = stage == EXIM_STAGE_MESSAGE ? "message refused" : "SMTP reject";
    return TT_PARSE_OK;
}

/* "... rejected WHAT ...": r points at "rejected ". */
static enum tt_parse_rc exim_rejected(struct exim_state *s, const struct exim_line *L, const char *rest, size_t rn,
                                    const char *r, struct tt_event *ev)
{
    if (r - rest >= 12 && memcmp(r - 12, "temporarily ", 12) == 0) {
        ev->why = "temporary reject";
        return TT_PARSE_SKIP;
    }
    const char *w = r + 9;
    size_t wn = (size_t)(rest + rn - w);
    const char *colon = TT_FIND(w, wn, ": ");
    const char *text = colon ? colon + 2 : w;
    size_t tn = (size_t)(rest + rn - text);
    enum exim_stage stage = EXIM_STAGE_PRE;
    enum tt_reason deflt = TT_REASON_POLICY;
    if (TT_STARTS(w, wn, "RCPT") || TT_STARTS(w, wn, "MAIL")) {
        stage = EXIM_STAGE_ENVELOPE;
    } else if (TT_STARTS(w, wn, "after DATA") || TT_STARTS(w, wn, "after MIME") || TT_STARTS(w, wn, "DATA") ||
               TT_STARTS(w, wn, "after DKIM") || TT_STARTS(w, wn, "after PRDR") || TT_STARTS(w, wn, "after BDAT")) {
        stage = EXIM_STAGE_MESSAGE;
    } else if (TT_STARTS(w, wn, "by local_scan()")) {
        stage = EXIM_STAGE_MESSAGE;
        deflt = TT_REASON_SPAM; /* sa-exim and other content scanners */
    } else if (TT_STARTS(w, wn, "by non-SMTP ACL")) {
        stage = EXIM_STAGE_LOCAL;
    }
    return exim_block(s, L, rest, rn, stage, text, tn, deflt, ev);
}

/* "=> addr <orig> R=router T=transport H=host [ip]:port X=... C=..." */
static enum tt_parse_rc exim_delivery(struct exim_state *s, const struct exim_line *L, const char *p, size_t n,
                                    struct tt_event *ev)
{
    if (TT_STARTS(p, n, ":blackhole:")) {
        ev->verdict = TT_VERDICT_BLOCKED;
        ev->why = "blackhole router (site routing)";
        return TT_PARSE_OK;
    }
    if (TT_STARTS(p, n, "blackhole (")) {
        /* "=> blackhole (DATA ACL discarded recipients)": the discard verb */
        struct exim_line tmp = *L;
        return exim_block(s, &tmp, p, n, EXIM_STAGE_MESSAGE, p, n, TT_REASON_POLICY, ev);
    }
    /* fields start after the address (and "<original>" / "(parent)") */
    const char *end = p + n;
    const char *f = TT_FIND(p, n, " R=");
    if (!f)
        f = TT_FIND(p, n, " T=");
    if (!f) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "delivery without router or transport";
        return TT_PARSE_BAD;
    }
    size_t fn = (size_t)(end - f);
    const char *tv = exim_field(f, fn, "T=", 2);
    struct tt_slice transport = {NULL, 0};
    if (tv) {
        const char *sp = memchr(tv, ' ', (size_t)(end - tv));
        transport = tt_slice_make(tv, sp ? (size_t)(sp - tv) : (size_t)(end - tv));
    }
    const char *hv = exim_field(f, fn, "H=", 2);
    enum tt_metric metric = TT_METRIC_EMAILS_DELIVERED;
    struct tt_addr dst = {0};
    int tls = 0;
    if (hv) {
        struct tt_slice peer;
        if (!exim_host(hv, end, &dst, &peer) || dst.family == 0) {
            /* H=name without address: a routed host; judge as external */
            metric = TT_METRIC_EMAILS_SENT;
        } else if (tt_addr_is_loopback(&dst)) {
            if (!(transport.len && tt_memcasemem(transport.p, transport.len, "lmtp", 4))) {
                ev->why = "content-filter hop";
                return TT_PARSE_SKIP;
            }
        } else if (!tt_is_home(L->ctx, &dst)) {
            metric = TT_METRIC_EMAILS_SENT;
        }
        tls = metric == TT_METRIC_EMAILS_SENT && exim_field(hv, (size_t)(end - hv), "X=", 2) != NULL;
    }
    ev->verdict = TT_VERDICT_ALLOWED;
    ev->dst = dst;
    if (exim_mark(s, L, metric == TT_METRIC_EMAILS_SENT ? EXIM_F_SENT : EXIM_F_DELIVERED)) {
        ev->why = "already counted";
        return TT_PARSE_OK;
    }
    ev->metric = metric;
    ev->tls = (uint8_t)tls;
    ev->why = metric == TT_METRIC_EMAILS_SENT ? "sent to external host" : "delivered";
    return TT_PARSE_OK;
}

/* sa-exim: "SA: Action: silently tossed message: score=..." */
static enum tt_parse_rc exim_sa_action(struct exim_state *s, const struct exim_line *L, const char *p, size_t n,
                                     struct tt_event *ev)
{
    if (TT_STARTS(p, n, "silently tossed") || TT_STARTS(p, n, "permanently rejected")) {
        const char *host = TT_FIND(p, n, "(host=");
        if (host)
            tt_bracket_addr(host, (size_t)(p + n - host), &ev->src);
        ev->verdict = TT_VERDICT_BLOCKED;
        if (exim_mark(s, L, EXIM_F_BLOCKED)) {
            ev->why = "same message as previous block";
            return TT_PARSE_OK;
        }
        ev->metric = TT_METRIC_EMAILS_BLOCKED;
        ev->reason = TT_REASON_SPAM;
        ev->why = "sa-exim spam discard/reject";
        return TT_PARSE_OK;
    }
    if (TT_STARTS(p, n, "flagged as Spam") || TT_STARTS(p, n, "scanned but")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "sa-exim accepted (delivery counted by =>)";
        return TT_PARSE_OK;
    }
    ev->why = "sa-exim action";
    return TT_PARSE_SKIP;
}

static enum tt_parse_rc exim_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct exim_state *s = state;
    struct tt_slice m;
    size_t inner;
    if (!s || !exim_message(env, &m, &inner))
        return TT_PARSE_NOMATCH;
    const char *p = m.p;
    size_t n = m.len;
    if (inner) {
        /* an Exim stamp inside a syslog message: use it when the header had none */
        if (env->stamp.kind == TT_STAMP_NONE && tt_parse_iso8601(p, n, &ev->stamp))
            ev->has_stamp = 1;
        p += inner;
        n -= inner;
    }
    /* log_timezone: the native stamp carries its own offset */
    int32_t off;
    if (env->stamp.kind == TT_STAMP_LOCAL && exim_zone(env->line.p, env->line.len, &off)) {
        ev->stamp = env->stamp;
        tt_stamp_set_offset(&ev->stamp, off);
        ev->has_stamp = 1;
    }
    if (n == 0) {
        ev->why = "empty Exim message";
        return TT_PARSE_SKIP;
    }

    struct exim_line L;
    L.env = env;
    L.ctx = ctx;
    L.now_s = ctx ? ctx->now_s : 0;
    L.pid = env->pid;
    L.mid = tt_slice_make(NULL, 0);
    /* "[pid] " (log_selector +pid) */
    if (p[0] == '[') {
        size_t i = 1;
        while (i < n && i < 12 && exim_digit(p[i]))
            i++;
        if (i > 1 && i + 1 < n && p[i] == ']' && p[i + 1] == ' ') {
            L.pid = tt_slice_make(p + 1, i - 1);
            p += i + 2;
            n -= i + 2;
        }
    }
    size_t k = exim_msgid(p, n);
    if (k) {
        L.mid = tt_slice_make(p, k);
        p += k;
        n -= k;
        if (n && p[0] == ' ') {
            p++;
            n--;
        }
    }

    if (L.mid.len && n >= 3 && p[2] == ' ' &&
        ((p[0] == '=' && p[1] == '>') || (p[0] == '-' && p[1] == '>') || (p[0] == '>' && p[1] == '>')))
        return exim_delivery(s, &L, p + 3, n - 3, ev);
    if (L.mid.len && n >= 3 && p[2] == ' ') {
        if (p[0] == '<' && p[1] == '=') {
            ev->why = "message arrival";
            return TT_PARSE_SKIP;
        }
        if ((p[0] == '*' && p[1] == '*') || (p[0] == '=' && p[1] == '=') || (p[0] == '*' && p[1] == '>')) {
            ev->why = p[1] == '*' ? "delivery failed (bounce)" : p[0] == '=' ? "delivery deferred" : "delivery suppressed";
            return TT_PARSE_SKIP;
        }
    }
    if (L.mid.len && TT_STARTS(p, n, "Completed")) {
        tt_idtab_remove(&s->msg, exim_msg_key(&L));
        ev->why = "message completed";
        return TT_PARSE_SKIP;
    }
    if (TT_STARTS(p, n, "SA: Action: "))
        return exim_sa_action(s, &L, p + 12, n - 12, ev);

    /* refusals; the word "rejected " after the H=/F= fields */
    const char *r = TT_FIND(p, n, "rejected ");
    if (r && (r == p || r[-1] == ' ')) {
        if (TT_STARTS(p, n, "SMTP protocol") || TT_STARTS(p, n, "SMTP syntax")) {
            ev->verdict = TT_VERDICT_BLOCKED;
            ev->why = "protocol violation refused";
            return TT_PARSE_OK;
        }
        return exim_rejected(s, &L, p, n, r, ev);
    }
    if (TT_FIND(p, n, "closed by DROP in ACL") || TT_FIND(p, n, " dropped: ") || TT_FIND(p, n, "dropped by '")) {
        return exim_block(s, &L, p, n, EXIM_STAGE_PRE, p, n, TT_REASON_POLICY, ev);
    }
    ev->why = "Exim event";
    return TT_PARSE_SKIP;
}

static const char *const exim_apps[] = {"exim", "exim4", NULL};

const struct tt_parser_ops tt_parser_exim = {
    .name = "exim",
    .help = "Exim main log (native file or syslog): rejects, ACL drops, deliveries, sa-exim",
    .apps = exim_apps,
    .probe = exim_probe,
    .state_create = exim_state_create,
    .state_destroy = exim_state_destroy,
    .parse = exim_parse,
};
