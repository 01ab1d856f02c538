/* SPDX-License-Identifier: MIT
 *
 * parse_cisco_asa.c -- Cisco ASA and Firepower Threat Defense syslog
 * messages (%ASA-, %FTD-, and the older %PIX-, %FWSM-, %NGIPS- tags):
 *
 *   <166>Mar 01 2024 12:00:01: %ASA-4-106023: Deny tcp src outside:203.0.113.5
 *     /4444 dst inside:10.0.0.10/22 by access-group "outside_in" [0x0, 0x0]
 *
 * (one line). The header often carries the year ("Mar 01 2024 12:00:01",
 * `logging timestamp` with year), which the syslog envelope does not read:
 * we read it here, in --tz (a trailing "UTC"/"GMT" is honoured).
 *
 * Verdicts by message id (Cisco ASA Series Syslog Messages):
 *   - denies: 106001/2/6/7/10-18/20-23/27, 106103, 313001/4/5/8/9, 710003,
 *     and 106100 "denied" -> firewall deny (an attack when the source is
 *     outside --home-net). 338xxx "Dynamic Filter dropped" (botnet traffic
 *     filter) -> IPS block, "monitored"/"permitted" -> IDS alert. 4000xx (ip audit
 *     signatures) of type Attack -> IDS alert, Informational ones -> other.
 *   - 106100 with "hit-cnt N": the line stands for N hits of the ACE (the
 *     first-hit line for 1, each interval line for the hits of that
 *     interval); "permitted" lines are allowed connections, hit-cnt 0 counts
 *     nothing. A 106023 and a 106100 first hit for the same packet (both
 *     enabled on one ACE) count once: see the dedup table below.
 *   - "Built ... connection" (302013/15/17/20, 302035, 302303/5) counts one
 *     allowed connection; its Teardown never counts (docs/COUNTING.md
 *     #allowed-once). Cluster
 *     "stub" connections (302022-27) are a director's or forwarder's copy of
 *     a connection the owner unit logs: never counted. Once a host has
 *     logged a Built, its 106100 "permitted" lines count nothing (the Built
 *     records count those connections; counting both would double them).
 *     733100 (rate statistics) never counts.
 *   - Messages whose meaning is in the text (710005 "request discarded",
 *     304001 "Accessed URL", 401004 "Shunned packet", 4xx/5xx inspection
 *     drops, ...): asa_catalogue() below, one family at a time.
 *   - FTD 430001 (intrusion): "InlineResult: Blocked" -> IPS block, else IDS
 *     alert. 430002 (connection start) with a Block action -> firewall deny,
 *     else nothing; 430003 (connection end): Allow/Trust -> one allowed
 *     connection, Block -> firewall deny. 430004/430005 (file events): a
 *     "Malware Block" -> IPS block, a plain Block -> policy block counting
 *     nothing, a malware disposition not blocked -> IDS alert.
 */
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/scan_time.h"
#include "collector/verdict.h"
#include "collector/parser.h"

#include <stdlib.h>

/* Both 106023 and 106100 can be enabled for the same ACE on some FTD
 * policies; the second report of one packet (same endpoints, within 2 s,
 * other message id) is recognised and counts nothing. Direct-mapped,
 * bounded, one entry consumed per match. */
#define ASA_DEDUP_SLOTS 4096

struct asa_dedup {
    uint64_t key;  /* hash of (src, dst, sport, dport), 0 = empty */
    int64_t t_s;   /* event time of the first report */
    uint32_t id;   /* its message id (106023 or 106100) */
};

/* Hosts that log "Built ... connection": their 106100 permits count
 * nothing while they do (a Built within the last hour of the line's own
 * clock). Direct-mapped on the host name's hash (lines without a host share
 * slot 0); a collision makes the later host win the slot. */
#define ASA_BUILT_SLOTS 256
#define ASA_BUILT_WINDOW_S 3600

struct asa_built {
    uint64_t key; /* host hash | 1, 0 = empty */
    int64_t t_s;  /* wall-clock time of its last Built (see asa_line_time) */
};

struct asa_state {
    struct asa_dedup slot[ASA_DEDUP_SLOTS];   /* the table */
    struct asa_built built[ASA_BUILT_SLOTS]; /* hosts logging Built records */
};

static void *asa_state_create(void)
{
    return calloc(1, sizeof(struct asa_state));
}

static void asa_state_destroy(void *s)
{
    free(s);
}

static inline int asa_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static const char *const asa_tags[] = {"ASA-", "FTD-", "PIX-", "FWSM-", "NGIPS-"};

/* Finds "%TAG-[facility-]SEV-ID:" in the first 256 bytes of the line; sets
 * the id and the message after ": ". */
static int asa_find(const struct tt_envelope *env, uint32_t *out_id, struct tt_slice *out_msg, const char **out_pct)
{
    const char *p = env->line.p, *end = p + env->line.len;
    const char *lim = env->line.len > 256 ? p + 256 : end;
    for (const char *c = p; c < lim && (c = memchr(c, '%', (size_t)(lim - c))) != NULL; c++) {
        const char *t = c + 1;
        size_t tl = 0;
        for (size_t i = 0; i < TT_ARRAY_LEN(asa_tags); i++) {
            size_t n = strlen(asa_tags[i]);
            if ((size_t)(end - t) > n && memcmp(t, asa_tags[i], n) == 0) {
                tl = n;
                break;
            }
        }
        if (!tl)
            continue;
        /* [facility-]SEV-ID then ':' (or a blank: some relays drop it) */
        const char *q = t + tl, *qlim = (size_t)(end - q) < 48 ? end : q + 48;
        const char *colon = q;
        while (colon < qlim && *colon != ':' && *colon != ' ')
            colon++;
        if (colon >= qlim)
            continue;
        const char *d = colon;
        while (d > q && asa_is_digit(d[-1]))
            d--;
        if (colon - d < 6 || colon - d > 7 || d == q || d[-1] != '-')
            continue;
        uint32_t id = 0;
        for (const char *x = d; x < colon; x++)
            id = id * 10 + (uint32_t)(*x - '0');
        *out_id = id;
        const char *m = colon + 1;
        while (m < end && *m == ' ')
            m++;
        *out_msg = tt_slice_make(m, (size_t)(end - m));
        *out_pct = c;
        return 1;
    }
    return 0;
}

/* A line from a program named ftd/asa ("host ftd[1234]: ..."): the
 * envelope may not have read its header (year-bearing stamps), so look at
 * the line's first 64 bytes. */
static int asa_tag(const struct tt_envelope *env)
{
    struct tt_slice prog = tt_app_program(env->app, NULL);
    if (prog.len == 3 && (tt_slice_ieq(prog, "ftd") || tt_slice_ieq(prog, "asa")))
        return 1;
    /* " ftd[" within the first 64 bytes: found by its '[' (one or two a
     * line) rather than by its blank (one every few bytes) */
    size_t n = env->line.len < 64 ? env->line.len : 64;
    if (n < 5)
        return 0;
    const char *p = env->line.p, *end = p + n;
    for (const char *b = p + 4; b < end && (b = memchr(b, '[', (size_t)(end - b))) != NULL; b++)
        if (memcmp(b - 4, " ftd", 4) == 0)
            return 1;
    return 0;
}

static int asa_probe(const struct tt_envelope *env)
{
    uint32_t id;
    struct tt_slice m;
    const char *pct;
    return asa_find(env, &id, &m, &pct) || asa_tag(env);
}

/* "Mmm dd yyyy hh:mm:ss" (ASA `logging timestamp` with year) between the
 * line start (after <PRI> and an optional ':') and the '%'. */
static int asa_year_stamp(const char *p, const char *pct, struct tt_stamp *out)
{
    if (p < pct && *p == '<') {
        const char *g = memchr(p, '>', (size_t)(pct - p));
        if (!g || g - p > 4)
            return 0;
        p = g + 1;
    }
    if (p < pct && *p == ':')
        p++;
    return tt_parse_mdy_stamp(p, (size_t)(pct - p), out) != 0;
}

/* An address from a token as ASA writes endpoints: "outside:10.0.0.1/22",
 * "outside/10.0.0.1(22)", "10.0.0.1/22", "(10.0.0.1)", "2001:db8::1/22",
 * "inside:2001:db8::1/22". */
static int asa_addr_token(struct tt_slice t, struct tt_addr *out)
{
    while (t.len && (t.p[0] == '(' || t.p[0] == '['))
        t.p++, t.len--;
    const char *par = memchr(t.p, '(', t.len);
    if (par)
        t.len = (size_t)(par - t.p);
    while (t.len && (t.p[t.len - 1] == ')' || t.p[t.len - 1] == ',' || t.p[t.len - 1] == ']'))
        t.len--;
    if (t.len == 0)
        return TT_ERR;
    for (int pass = 0; pass < 2; pass++) {
        struct tt_slice s = t;
        if (pass == 1) {
            /* an interface name before the first ':' or '/': a '/' always
             * ends one; a ':' only when the name is not hex (IPv6) */
            size_t i = 0;
            int hex = 1;
            while (i < t.len && t.p[i] != ':' && t.p[i] != '/') {
                char c = (char)(t.p[i] | 32);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                    hex = 0;
                i++;
            }
            if (i == 0 || i >= t.len || (t.p[i] == ':' && hex))
                break;
            s = tt_slice_make(t.p + i + 1, t.len - i - 1);
        }
        if (tt_addr_parse(s.p, s.len, out) == TT_OK)
            return TT_OK;
        const char *sl = NULL;
        for (size_t i = s.len; i > 0; i--)
            if (s.p[i - 1] == '/') {
                sl = s.p + i - 1;
                break;
            }
        if (sl && tt_addr_parse(s.p, (size_t)(sl - s.p), out) == TT_OK)
            return TT_OK;
    }
    memset(out, 0, sizeof(*out));
    return TT_ERR;
}

/* The token after the first occurrence of word (which ends in a blank). */
static struct tt_slice asa_token_after(struct tt_slice m, const char *word)
{
    size_t wl = strlen(word);
    const char *w = tt_memmem(m.p, m.len, word, wl);
    if (!w)
        return tt_slice_make(NULL, 0);
    const char *s = w + wl, *end = m.p + m.len;
    while (s < end && *s == ' ')
        s++;
    const char *e = s;
    while (e < end && *e != ' ')
        e++;
    return tt_slice_make(s, (size_t)(e - s));
}

/* "Key: value," field of an FTD event message. */
static struct tt_slice asa_field(struct tt_slice m, const char *key)
{
    size_t kl = strlen(key);
    const char *end = m.p + m.len, *s = m.p;
    while (s < end) {
        const char *k = tt_memmem(s, (size_t)(end - s), key, kl);
        if (!k)
            break;
        if ((k == m.p || k[-1] == ' ') && k + kl < end && k[kl] == ':') {
            const char *v = k + kl + 1;
            while (v < end && *v == ' ')
                v++;
            const char *e = memchr(v, ',', (size_t)(end - v));
            if (!e)
                e = end;
            return tt_slice_make(v, (size_t)(e - v));
        }
        s = k + 1;
    }
    return tt_slice_make(NULL, 0);
}

static int asa_is_deny_id(uint32_t id)
{
    switch (id) {
    case 106001: case 106002: case 106006: case 106007: case 106010: case 106011: case 106012:
    case 106013: case 106014: case 106015: case 106016: case 106017: case 106018: case 106020:
    case 106021: case 106022: case 106023: case 106027: case 106103: case 313001: case 313004:
    case 313005: case 313008: case 313009: case 710003:
        return 1;
    default:
        return 0;
    }
}

/* Source and destination of a deny message: "src X dst Y", "from X to Y",
 * "X -> Y" (106100/106103), "from laddr X". */
static void asa_endpoints(struct tt_slice m, struct tt_event *ev)
{
    struct tt_slice s = asa_token_after(m, "src ");
    struct tt_slice d = {NULL, 0};
    if (s.len) {
        d = asa_token_after(m, " dst ");
    } else if ((s = asa_token_after(m, " -> ")).len) {
        /* the token before " -> " is the source */
        d = s;
        const char *arrow = tt_memmem(m.p, m.len, " -> ", 4);
        const char *b = arrow;
        while (b > m.p && b[-1] != ' ')
            b--;
        s = tt_slice_make(b, (size_t)(arrow - b));
    } else {
        s = asa_token_after(m, "from ");
        if (tt_slice_eq(s, "laddr") || tt_slice_eq(s, "faddr"))
            s = asa_token_after(tt_slice_make(s.p, m.len - (size_t)(s.p - m.p)), " ");
        if (s.len)
            d = asa_token_after(tt_slice_make(s.p, m.len - (size_t)(s.p - m.p)), " to ");
    }
    if (s.len)
        asa_addr_token(s, &ev->src);
    if (d.len)
        asa_addr_token(d, &ev->dst);
}

/* Port of an endpoint token ("x/22", "x(22)"), 0 when none. */
static uint32_t asa_port_of(struct tt_slice t)
{
    uint32_t v = 0;
    size_t i = t.len;
    while (i > 0 && (t.p[i - 1] == ')' || t.p[i - 1] == ','))
        i--;
    size_t e = i;
    while (i > 0 && asa_is_digit(t.p[i - 1]))
        i--;
    if (i == e || i == 0 || (t.p[i - 1] != '/' && t.p[i - 1] != '('))
        return 0;
    for (size_t k = i; k < e && k < i + 5; k++)
        v = v * 10 + (uint32_t)(t.p[k] - '0');
    return v;
}

static uint64_t asa_endpoint_key(const struct tt_event *ev, struct tt_slice m)
{
    uint64_t h = 1469598103934665603ULL;
    const unsigned char *a = (const unsigned char *)&ev->src, *b = (const unsigned char *)&ev->dst;
    for (size_t i = 0; i < sizeof(ev->src); i++)
        h = (h ^ a[i]) * 1099511628211ULL;
    for (size_t i = 0; i < sizeof(ev->dst); i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    /* ports: "src if:ip/port dst if:ip/port" or "if/ip(port) -> if/ip(port)" */
    struct tt_slice s = asa_token_after(m, "src "), d = asa_token_after(m, " dst ");
    if (!s.len) {
        d = asa_token_after(m, " -> ");
        const char *arrow = d.len ? tt_memmem(m.p, m.len, " -> ", 4) : NULL;
        if (arrow) {
            const char *x = arrow;
            while (x > m.p && x[-1] != ' ')
                x--;
            s = tt_slice_make(x, (size_t)(arrow - x));
        }
    }
    h = (h ^ asa_port_of(s)) * 1099511628211ULL;
    h = (h ^ asa_port_of(d)) * 1099511628211ULL;
    return h ? h : 1;
}

/* The line's own clock reading (zone unresolved: two reports of one
 * packet carry the same wall time), else the stream's time. */
static int64_t asa_line_time(const struct tt_parse_ctx *ctx, const struct tt_event *ev)
{
    if (ev->has_stamp && ev->stamp.kind == TT_STAMP_EPOCH)
        return ev->stamp.epoch_s;
    if (ev->has_stamp)
        return tt_timegm(ev->stamp.year, ev->stamp.mon, ev->stamp.mday, ev->stamp.hour, ev->stamp.min,
                         ev->stamp.sec);
    return ctx ? ctx->now_s : 0;
}

/* 1 when this deny repeats one already reported under the other id. */
static int asa_seen_twice(struct asa_state *st, const struct tt_parse_ctx *ctx, const struct tt_event *ev,
                          uint32_t id, uint64_t key)
{
    if (!st)
        return 0;
    struct asa_dedup *e = &st->slot[key & (ASA_DEDUP_SLOTS - 1)];
    int64_t now = asa_line_time(ctx, ev);
    if (e->key == key && e->id != id && now - e->t_s <= 2 && e->t_s - now <= 2) {
        e->key = 0;
        return 1;
    }
    e->key = key;
    e->t_s = now;
    e->id = id;
    return 0;
}

/* The slot of a host in the Built table. */
static struct asa_built *asa_built_slot(struct asa_state *st, struct tt_slice host, uint64_t *out_key)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < host.len; i++)
        h = (h ^ (unsigned char)host.p[i]) * 1099511628211ULL;
    *out_key = h | 1;
    return &st->built[host.len ? (h >> 32) & (ASA_BUILT_SLOTS - 1) : 0];
}

/* 1 when the host logged a Built within ASA_BUILT_WINDOW_S of this line
 * (either side: the autumn clock change steps wall time back). */
static int asa_host_built(struct asa_state *st, const struct tt_parse_ctx *ctx, struct tt_slice host,
                          const struct tt_event *ev)
{
    uint64_t key;
    if (!st)
        return 0;
    const struct asa_built *b = asa_built_slot(st, host, &key);
    int64_t d = asa_line_time(ctx, ev) - b->t_s;
    return b->key == key && d <= ASA_BUILT_WINDOW_S && d >= -ASA_BUILT_WINDOW_S;
}

static void asa_106100(struct asa_state *st, const struct tt_parse_ctx *ctx, uint32_t id, struct tt_slice m,
                       int builts, struct tt_event *ev)
{
    asa_endpoints(m, ev);
    struct tt_slice hc = asa_token_after(m, "hit-cnt ");
    uint64_t n = 1;
    if (hc.len && tt_slice_u64(hc, &n) != TT_OK)
        n = 1;
    int first = tt_memmem(m.p, m.len, "first hit", 9) != NULL;
    int denied = tt_memmem(m.p, m.len, " denied ", 8) != NULL;
    int permitted = !denied && (tt_memmem(m.p, m.len, " permitted ", 11) || tt_memmem(m.p, m.len, " est-allowed ", 13));
    if (n == 0) {
        tt_fw_set(ev, denied ? TT_VERDICT_BLOCKED : permitted ? TT_VERDICT_ALLOWED : TT_VERDICT_OTHER,
                  "hit-cnt 0: no hits in the interval");
        return;
    }
    ev->count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
    if (denied) {
        tt_fw_deny(ctx, ev);
        if (first && asa_seen_twice(st, ctx, ev, id, asa_endpoint_key(ev, m))) {
            tt_fw_set(ev, TT_VERDICT_BLOCKED, "same packet already reported by 106023");
            ev->count = 1;
        }
    } else if (permitted && builts) {
        tt_fw_set(ev, TT_VERDICT_ALLOWED, "permit of a host that logs Built records: they count the connections");
        ev->count = 1;
    } else if (permitted) {
        tt_fw_allow(ev);
    } else {
        tt_fw_set(ev, TT_VERDICT_OTHER, "access-list record without a verdict");
        ev->count = 1;
    }
}

static void asa_event(const struct tt_parse_ctx *ctx, uint32_t id, struct tt_slice m, struct tt_event *ev)
{
    struct tt_slice s = asa_field(m, "SrcIP"), d = asa_field(m, "DstIP");
    if (s.len)
        tt_slice_addr(s, &ev->src);
    if (d.len)
        tt_slice_addr(d, &ev->dst);
    if (id == 430001) {
        struct tt_slice r = asa_field(m, "InlineResult");
        if (tt_slice_istarts(r, "block") || tt_slice_istarts(r, "drop") || tt_slice_istarts(r, "partially"))
            tt_fw_ips_block(ev);
        else
            tt_fw_ids_alert(ev);
        return;
    }
    if (id == 430002 || id == 430003) {
        /* Block, Block with reset, Interactive Block[ with reset] */
        struct tt_slice a = asa_field(m, "AccessControlRuleAction");
        if (tt_slice_icontains(a, "block") || tt_slice_istarts(a, "deny") || tt_slice_istarts(a, "reset"))
            tt_fw_deny(ctx, ev);
        else if (id == 430002)
            tt_fw_set(ev, TT_VERDICT_OTHER, "connection start");
        else if (tt_slice_istarts(a, "allow") || tt_slice_istarts(a, "trust") || tt_slice_istarts(a, "fastpath"))
            tt_fw_allow(ev);
        else
            tt_fw_set(ev, TT_VERDICT_OTHER, "connection event without a verdict");
        return;
    }
    /* 430004 file event, 430005 file malware event */
    struct tt_slice a = asa_field(m, "FileAction");
    struct tt_slice disp = asa_field(m, "SHA_Disposition");
    int malware = tt_slice_istarts(disp, "malware") || tt_memcasemem(a.p, a.len, "malware", 7) != NULL;
    if (tt_memcasemem(a.p, a.len, "block", 5)) {
        if (malware || id == 430005)
            tt_fw_ips_block(ev);
        else
            tt_fw_set(ev, TT_VERDICT_BLOCKED, "file policy block, not malware");
    } else if (tt_slice_istarts(disp, "malware")) {
        tt_fw_ids_alert(ev);
    } else {
        tt_fw_set(ev, TT_VERDICT_OTHER, "file event without a malware verdict");
    }
}

/* 4000nn ip audit signatures of type Attack (IP fragment attacks, ICMP
 * flood/ping of death, impossible TCP flags, UDP bomb/snork/chargen,
 * proxied RPC, statd overflow); the others are Informational. */
static int asa_audit_attack(uint32_t id)
{
    switch (id) {
    case 400007: case 400008: case 400009: case 400023: case 400024: case 400025: case 400026:
    case 400027: case 400028: case 400031: case 400032: case 400033: case 400041: case 400050:
        return 1;
    default:
        return 0;
    }
}

/* 3020xx/3023xx: "Built {inbound|outbound} TCP connection 42 for ..." counts
 * one allowed connection and marks its host (see asa_106100); Teardown, the
 * other end of the same session, never counts. */
static void asa_built(struct asa_state *st, const struct tt_parse_ctx *ctx, struct tt_slice host, struct tt_slice m,
                      struct tt_event *ev)
{
    if (!tt_slice_istarts(m, "Built ")) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "connection teardown (the Built record counted it)");
        return;
    }
    size_t n = m.len < 40 ? m.len : 40;
    if (tt_memmem(m.p, n, " stub ", 6)) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "cluster stub connection (the owner unit's Built counts it)");
        return;
    }
    if (!tt_memmem(m.p, m.len, " connection", 11)) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "informational message");
        return;
    }
    tt_fw_allow(ev);
    ev->why = "Built connection: one allowed connection";
    if (st) {
        uint64_t key;
        struct asa_built *b = asa_built_slot(st, host, &key);
        b->key = key;
        b->t_s = asa_line_time(ctx, ev);
    }
}

/* Endpoints written "src = A, dest = B" (209xxx) or "A = B" (401004). */
static void asa_eq_endpoints(struct tt_slice m, const char *sw, const char *dw, struct tt_event *ev)
{
    struct tt_slice s = asa_token_after(m, sw), d = asa_token_after(m, dw);
    if (s.len)
        asa_addr_token(s, &ev->src);
    if (d.len)
        asa_addr_token(d, &ev->dst);
}

/* 1 when the text holds a word saying the packet or flow was stopped. */
static int asa_says_dropped(struct tt_slice m)
{
    return tt_memcasemem(m.p, m.len, "drop", 4) || tt_memcasemem(m.p, m.len, "reset", 5) ||
           tt_memcasemem(m.p, m.len, "terminat", 8) || tt_memcasemem(m.p, m.len, "denied", 6) ||
           tt_memcasemem(m.p, m.len, "discard", 7);
}

/* Message families of the Cisco ASA syslog catalogue whose verdict is in
 * the text (the id alone says "a packet was looked at"). Returns 0 for ids
 * not handled here (informational). */
static int asa_catalogue(const struct tt_parse_ctx *ctx, uint32_t id, struct tt_slice m, struct tt_event *ev)
{
    switch (id) {
    /* to-the-box traffic: 710005/6 "TCP request discarded from A/p to if:B/svc"
     * (no service listens), 710004 management connection limit exceeded */
    case 710004: case 710005: case 710006:
    /* packets dropped by protocol checks: 209004/5 bad fragments, 305005 no
     * translation group, 305013 NAT reverse-path failure, 410001 DNS
     * inspection, 418001 through-the-box packet to a management network,
     * 419001 TCP normaliser, 431001/2 RTP/RTCP conformance, 500003/4/5 bad
     * headers, 507003 inspection engine, 508001/2 DCERPC, 322001-3 MAC/ARP
     * spoof checks (no IP source: never an attack) */
    case 209004: case 209005: case 305005: case 305013: case 410001: case 418001: case 419001:
    case 431001: case 431002: case 500003: case 500004: case 500005: case 507003: case 508001:
    case 508002: case 322001: case 322002: case 322003:
        if (id == 209004 || id == 209005)
            asa_eq_endpoints(m, "src = ", "dest = ", ev);
        else
            asa_endpoints(m, ev);
        tt_fw_deny(ctx, ev);
        return 1;
    case 401004: /* "Shunned packet: A = B on interface if": the shun list is
                  * threat detection's / the IPS module's block of an attacker */
        asa_eq_endpoints(m, "packet: ", " = ", ev);
        tt_fw_ips_block(ev);
        return 1;
    case 420002: case 420003: case 434002: /* IPS / FirePOWER (SFR) module verdicts */
        asa_endpoints(m, ev);
        tt_fw_ips_block(ev);
        return 1;
    case 108003: /* ESMTP: "Terminating ... connection; malicious pattern detected" */
        asa_endpoints(m, ev);
        tt_fw_ips_block(ev);
        return 1;
    /* inspection policy-map actions: ESMTP 108004, FTP 303005, HTTP 415xxx,
     * SIP 607002, IM 608xxx; the action is a word of the text */
    case 108004: case 303005: case 607002:
    case 415001: case 415002: case 415003: case 415004: case 415005: case 415006: case 415007:
    case 415008: case 415009: case 415010: case 415011: case 415012: case 415013: case 415014:
    case 415015: case 415016: case 415017: case 415018: case 415019: case 415020:
    case 608001: case 608002: case 608003: case 608004: case 608005:
        if (!asa_says_dropped(m))
            return 0;
        asa_endpoints(m, ev);
        tt_fw_deny(ctx, ev);
        return 1;
    case 421001: /* "flow ... is dropped because application has failed" */
    case 420001: /* IPS card down, fail-close */
    case 202010: /* PAT pool exhausted */
    case 305006: /* translation creation failed */
        tt_fw_set(ev, TT_VERDICT_BLOCKED, "dropped for lack of a resource, not a verdict on the traffic");
        return 1;
    case 304001: /* "user@src Accessed URL dst:url": URL filter allowed */
        tt_fw_set(ev, TT_VERDICT_ALLOWED, "URL filtering permit (policy on our users)");
        return 1;
    case 304002: /* "Access denied URL ..." */
        tt_fw_set(ev, TT_VERDICT_BLOCKED, "URL filtering block (policy on our users)");
        return 1;
    case 710002: /* "TCP access permitted from A to if:B/svc": to-the-box management */
        tt_fw_set(ev, TT_VERDICT_ALLOWED, "management access to the device, not through it");
        return 1;
    case 500001: case 500002: /* ActiveX / Java content filtered */
        tt_fw_set(ev, TT_VERDICT_BLOCKED, "content filtering (policy on our users)");
        return 1;
    default:
        return 0;
    }
}

static enum tt_parse_rc asa_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                  struct tt_event *ev)
{
    struct asa_state *st = state;
    uint32_t id;
    struct tt_slice m;
    const char *pct;
    if (!asa_find(env, &id, &m, &pct)) {
        /* FTD security events sent without "%FTD-n-4300xx:" by a program
         * named ftd/asa: recognised, but without an id there is no verdict */
        if (asa_tag(env)) {
            tt_fw_set(ev, TT_VERDICT_OTHER, "ASA/FTD message without a message id");
            return TT_PARSE_OK;
        }
        return TT_PARSE_NOMATCH;
    }
    if (asa_year_stamp(env->line.p, pct, &ev->stamp)) {
        ev->has_stamp = 1;
    } else if (env->stamp.kind == TT_STAMP_NONE) {
        /* "<166>:Mar  1 12:00:01 UTC: %ASA-..." */
        const char *p = env->line.p;
        if (p < pct && *p == '<') {
            const char *g = memchr(p, '>', (size_t)(pct - p));
            p = g ? g + 1 : p;
        }
        if (p < pct && *p == ':')
            p++;
        size_t n = tt_parse_bsd_stamp(p, (size_t)(pct - p), &ev->stamp);
        if (n) {
            ev->has_stamp = 1;
            if ((size_t)(pct - p) >= n + 4 && (memcmp(p + n, " UTC", 4) == 0 || memcmp(p + n, " GMT", 4) == 0)) {
                tt_stamp_set_offset(&ev->stamp, 0);
            }
        }
    }

    if (id == 106100 || id == 106102 || id == 106103) {
        if (id == 106103) {
            asa_endpoints(m, ev);
            tt_fw_deny(ctx, ev);
            struct tt_slice hc = asa_token_after(m, "hit-cnt ");
            uint64_t n;
            if (hc.len && tt_slice_u64(hc, &n) == TT_OK && n > 1)
                ev->count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
            return TT_PARSE_OK;
        }
        asa_106100(st, ctx, id, m, asa_host_built(st, ctx, env->host, ev), ev);
        return TT_PARSE_OK;
    }
    if (asa_is_deny_id(id)) {
        asa_endpoints(m, ev);
        tt_fw_deny(ctx, ev);
        if (id == 106023 && asa_seen_twice(st, ctx, ev, id, asa_endpoint_key(ev, m)))
            tt_fw_set(ev, TT_VERDICT_BLOCKED, "same packet already reported by 106100");
        return TT_PARSE_OK;
    }
    if (id >= 430001 && id <= 430005) {
        asa_event(ctx, id, m, ev);
        return TT_PARSE_OK;
    }
    if (id >= 338001 && id <= 338310) {
        asa_endpoints(m, ev);
        if (tt_memcasemem(m.p, m.len, "dropped", 7))
            tt_fw_ips_block(ev);
        else if (tt_memcasemem(m.p, m.len, "monitored", 9) || tt_memcasemem(m.p, m.len, "permitted", 9))
            tt_fw_ids_alert(ev);
        else
            tt_fw_set(ev, TT_VERDICT_OTHER, "dynamic filter record without a verdict");
        return TT_PARSE_OK;
    }
    if (id >= 400000 && id <= 400051) {
        /* ip audit signatures: Cisco's catalogue types each one Attack or
         * Informational (ICMP echo reply, DNS HINFO request, portmap
         * requests, ...); only attacks are IDS alerts */
        asa_endpoints(m, ev);
        if (asa_audit_attack(id))
            tt_fw_ids_alert(ev);
        else
            tt_fw_set(ev, TT_VERDICT_OTHER, "informational ip audit signature");
        return TT_PARSE_OK;
    }
    if ((id >= 302013 && id <= 302027) || id == 302035 || id == 302036 || (id >= 302303 && id <= 302306)) {
        asa_built(st, ctx, env->host, m, ev);
        return TT_PARSE_OK;
    }
    if (id >= 733100 && id <= 733105) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "threat-detection rate statistics (never counted)");
        return TT_PARSE_OK;
    }
    if (!asa_catalogue(ctx, id, m, ev))
        tt_fw_set(ev, TT_VERDICT_OTHER, "informational message");
    return TT_PARSE_OK;
}

static const char *const asa_apps[] = {"asa", "ftd", "CiscoASA", NULL};

const struct tt_parser_ops tt_parser_cisco_asa = {
    .name = "cisco-asa",
    .help = "Cisco ASA and Firepower Threat Defense %ASA-/%FTD- syslog messages",
    .apps = asa_apps,
    .probe = asa_probe,
    .state_create = asa_state_create,
    .state_destroy = asa_state_destroy,
    .parse = asa_parse,
};
