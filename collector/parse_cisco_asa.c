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
 *     signatures) -> IDS alert.
 *   - 106100 with "hit-cnt N": the line stands for N hits of the ACE (the
 *     first-hit line for 1, each interval line for the hits of that
 *     interval); "permitted" lines are allowed connections, hit-cnt 0 counts
 *     nothing. A 106023 and a 106100 first hit for the same packet (both
 *     enabled on one ACE) count once: see the dedup table below.
 *   - Built/Teardown (3020xx, 3023xx) count nothing: COUNTING.md#allowed-once lists ASA
 *     Teardown with the session starts that never count, and Built is a
 *     start. 733100 (rate statistics) never counts.
 *   - FTD 430001 (intrusion): "InlineResult: Blocked" -> IPS block, else IDS
 *     alert. 430002 (connection start) with a Block action -> firewall deny,
 *     else nothing; 430003 (connection end): Allow/Trust -> one allowed
 *     connection, Block -> firewall deny. 430004/430005 (file events): a
 *     "Malware Block" -> IPS block, a plain Block -> policy block counting
 *     nothing, a malware disposition not blocked -> IDS alert.
 */
#include "collector/kv.h"

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

struct asa_state {
    struct asa_dedup slot[ASA_DEDUP_SLOTS]; /* the table */
};

static void *asa_state_create(void)
{
    return calloc(1, sizeof(struct asa_state));
}

static void asa_state_destroy(void *s)
{
    free(s);
}

static inline int is_digit(char c)
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
        while (d > q && is_digit(d[-1]))
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
static int ftd_tag(const struct tt_envelope *env)
{
    struct tt_slice prog = tt_app_program(env->app, NULL);
    if (tt_slice_ieq(prog, "ftd") || tt_slice_ieq(prog, "asa"))
        return 1;
    size_t n = env->line.len < 64 ? env->line.len : 64;
    const char *f = tt_memmem(env->line.p, n, " ftd[", 5);
    return f != NULL;
}

static int asa_probe(const struct tt_envelope *env)
{
    uint32_t id;
    struct tt_slice m;
    const char *pct;
    return asa_find(env, &id, &m, &pct) || ftd_tag(env);
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
static struct tt_slice token_after(struct tt_slice m, const char *word)
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
static struct tt_slice ftd_field(struct tt_slice m, const char *key)
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

static int is_deny_id(uint32_t id)
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
    struct tt_slice s = token_after(m, "src ");
    struct tt_slice d = {NULL, 0};
    if (s.len) {
        d = token_after(m, " dst ");
    } else if ((s = token_after(m, " -> ")).len) {
        /* the token before " -> " is the source */
        d = s;
        const char *arrow = tt_memmem(m.p, m.len, " -> ", 4);
        const char *b = arrow;
        while (b > m.p && b[-1] != ' ')
            b--;
        s = tt_slice_make(b, (size_t)(arrow - b));
    } else {
        s = token_after(m, "from ");
        if (tt_slice_eq(s, "laddr") || tt_slice_eq(s, "faddr"))
            s = token_after(tt_slice_make(s.p, m.len - (size_t)(s.p - m.p)), " ");
        if (s.len)
            d = token_after(tt_slice_make(s.p, m.len - (size_t)(s.p - m.p)), " to ");
    }
    if (s.len)
        asa_addr_token(s, &ev->src);
    if (d.len)
        asa_addr_token(d, &ev->dst);
}

/* Port of an endpoint token ("x/22", "x(22)"), 0 when none. */
static uint32_t port_of(struct tt_slice t)
{
    uint32_t v = 0;
    size_t i = t.len;
    while (i > 0 && (t.p[i - 1] == ')' || t.p[i - 1] == ','))
        i--;
    size_t e = i;
    while (i > 0 && is_digit(t.p[i - 1]))
        i--;
    if (i == e || i == 0 || (t.p[i - 1] != '/' && t.p[i - 1] != '('))
        return 0;
    for (size_t k = i; k < e && k < i + 5; k++)
        v = v * 10 + (uint32_t)(t.p[k] - '0');
    return v;
}

static uint64_t endpoint_key(const struct tt_event *ev, struct tt_slice m)
{
    uint64_t h = 1469598103934665603ULL;
    const unsigned char *a = (const unsigned char *)&ev->src, *b = (const unsigned char *)&ev->dst;
    for (size_t i = 0; i < sizeof(ev->src); i++)
        h = (h ^ a[i]) * 1099511628211ULL;
    for (size_t i = 0; i < sizeof(ev->dst); i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    /* ports: "src if:ip/port dst if:ip/port" or "if/ip(port) -> if/ip(port)" */
    struct tt_slice s = token_after(m, "src "), d = token_after(m, " dst ");
    if (!s.len) {
        d = token_after(m, " -> ");
        const char *arrow = d.len ? tt_memmem(m.p, m.len, " -> ", 4) : NULL;
        if (arrow) {
            const char *x = arrow;
            while (x > m.p && x[-1] != ' ')
                x--;
            s = tt_slice_make(x, (size_t)(arrow - x));
        }
    }
    h = (h ^ port_of(s)) * 1099511628211ULL;
    h = (h ^ port_of(d)) * 1099511628211ULL;
    return h ? h : 1;
}

/* 1 when this deny repeats one already reported under the other id. */
static int asa_seen_twice(struct asa_state *st, const struct tt_parse_ctx *ctx, const struct tt_event *ev,
                          uint32_t id, uint64_t key)
{
    if (!st)
        return 0;
    struct asa_dedup *e = &st->slot[key & (ASA_DEDUP_SLOTS - 1)];
    /* the line's own clock reading (zone unresolved: both reports of a
     * packet carry the same wall time), else the stream's time */
    int64_t now = ctx ? ctx->now_s : 0;
    if (ev->has_stamp && ev->stamp.kind == TT_STAMP_EPOCH)
        now = ev->stamp.epoch_s;
    else if (ev->has_stamp)
        now = tt_timegm(ev->stamp.year, ev->stamp.mon, ev->stamp.mday, ev->stamp.hour, ev->stamp.min,
                        ev->stamp.sec);
    if (e->key == key && e->id != id && now - e->t_s <= 2 && e->t_s - now <= 2) {
        e->key = 0;
        return 1;
    }
    e->key = key;
    e->t_s = now;
    e->id = id;
    return 0;
}

static void asa_106100(struct asa_state *st, const struct tt_parse_ctx *ctx, uint32_t id, struct tt_slice m,
                       struct tt_event *ev)
{
    asa_endpoints(m, ev);
    struct tt_slice hc = token_after(m, "hit-cnt ");
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
        if (first && asa_seen_twice(st, ctx, ev, id, endpoint_key(ev, m))) {
            tt_fw_set(ev, TT_VERDICT_BLOCKED, "same packet already reported by 106023");
            ev->count = 1;
        }
    } else if (permitted) {
        tt_fw_allow(ev);
    } else {
        tt_fw_set(ev, TT_VERDICT_OTHER, "access-list record without a verdict");
        ev->count = 1;
    }
}

static void ftd_event(const struct tt_parse_ctx *ctx, uint32_t id, struct tt_slice m, struct tt_event *ev)
{
    struct tt_slice s = ftd_field(m, "SrcIP"), d = ftd_field(m, "DstIP");
    if (s.len)
        tt_slice_addr(s, &ev->src);
    if (d.len)
        tt_slice_addr(d, &ev->dst);
    if (id == 430001) {
        struct tt_slice r = ftd_field(m, "InlineResult");
        if (tt_slice_istarts(r, "block") || tt_slice_istarts(r, "drop") || tt_slice_istarts(r, "partially"))
            tt_fw_ips_block(ev);
        else
            tt_fw_ids_alert(ev);
        return;
    }
    if (id == 430002 || id == 430003) {
        struct tt_slice a = ftd_field(m, "AccessControlRuleAction");
        if (tt_slice_istarts(a, "block") || tt_slice_istarts(a, "deny") || tt_slice_istarts(a, "reset"))
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
    struct tt_slice a = ftd_field(m, "FileAction");
    struct tt_slice disp = ftd_field(m, "SHA_Disposition");
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
        if (ftd_tag(env)) {
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
                ev->stamp.kind = TT_STAMP_OFFSET;
                ev->stamp.offset_s = 0;
            }
        }
    }

    if (id == 106100 || id == 106103) {
        if (id == 106103) {
            asa_endpoints(m, ev);
            tt_fw_deny(ctx, ev);
            struct tt_slice hc = token_after(m, "hit-cnt ");
            uint64_t n;
            if (hc.len && tt_slice_u64(hc, &n) == TT_OK && n > 1)
                ev->count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
            return TT_PARSE_OK;
        }
        asa_106100(st, ctx, id, m, ev);
        return TT_PARSE_OK;
    }
    if (is_deny_id(id)) {
        asa_endpoints(m, ev);
        tt_fw_deny(ctx, ev);
        if (id == 106023 && asa_seen_twice(st, ctx, ev, id, endpoint_key(ev, m)))
            tt_fw_set(ev, TT_VERDICT_BLOCKED, "same packet already reported by 106100");
        return TT_PARSE_OK;
    }
    if (id >= 430001 && id <= 430005) {
        ftd_event(ctx, id, m, ev);
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
    if (id >= 400000 && id <= 400050) {
        asa_endpoints(m, ev);
        tt_fw_ids_alert(ev);
        return TT_PARSE_OK;
    }
    if ((id >= 302013 && id <= 302027) || (id >= 302303 && id <= 302306)) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "connection built/teardown (never counted, SPEC)");
        return TT_PARSE_OK;
    }
    if (id == 733100) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "rate statistics (never counted, SPEC)");
        return TT_PARSE_OK;
    }
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
