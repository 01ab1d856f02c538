/* SPDX-License-Identifier: MIT
 *
 * parse_cef.c -- ArcSight Common Event Format and IBM QRadar LEEF 1.0/2.0,
 * as firewalls and IPSes (Forcepoint, UniFi, Check Point, FortiGate, ...)
 * send them over syslog:
 *
 *   <134>Mar  1 12:00:01 fw1 CEF:0|Vendor|Firewall|1.0|100|Connection
 *     denied|5|src=203.0.113.5 spt=4444 dst=10.0.0.10 dpt=22 act=deny
 *     rt=Mar 01 2024 12:00:01 msg=dropped by rule a\=b
 *   LEEF:2.0|Vendor|IPS|1.0|4711|^|src=203.0.113.5^dst=10.0.0.10^
 *     action=blocked^devTime=Mar 01 2024 12:00:01
 *
 * CEF header fields escape '|' and '\' with '\'; extension values escape
 * '=' and '\' ("a\=b" is one value), and a value runs to the blank before
 * the next key=. LEEF 1.0 separates attributes with a tab; LEEF 2.0 names
 * its delimiter in the sixth header field (a character, or "xHH"/"0xHH").
 *
 * Vendors are routed to their own rules: Fortinet (cat=type:subtype, act=)
 * to the FortiGate rules, Check Point (act=, product=) to the Check Point
 * rules with the same loguid memory. Everything else:
 *   - the verdict word from act= (CEF) / action= or act= (LEEF), else from
 *     the event name (CEF) or event id (LEEF): block|deny|drop|reject|
 *     refuse|discard|reset|quarantine|prevent -> blocked, allow|accept|
 *     permit|pass -> allowed, alert|detect|monitor -> detected;
 *   - it is an IPS event when the name, cat= or any value of the first
 *     kind words says Intrusion/IPS/IDS/Threat/Attack/Exploit/Malware/Virus:
 *     blocked -> IPS block, allowed/detected -> IDS alert;
 *   - otherwise blocked -> firewall deny (attack when src is outside
 *     --home-net), allowed -> allowed connection, detected -> IDS alert;
 *   - no word: other.
 * baseEventCount= (events aggregated into the line) goes into the count.
 * Time: rt= (epoch ms, "Mmm dd yyyy hh:mm:ss[ zone]", ISO 8601), else
 * end=/start=, else the envelope; LEEF devTime= the same way.
 */
#include "collector/scan_kv.h"
#include "collector/scan_cef.h"
#include "collector/scan_addr.h"
#include "collector/scan_time.h"
#include "collector/verdict.h"
#include "collector/verdict_vendor.h"
#include "collector/parser.h"

enum cef_word {
    CW_NONE = 0, /* no verdict word */
    CW_BLOCK,    /* the event was stopped */
    CW_ALLOW,    /* let through */
    CW_DETECT,   /* seen and reported only */
    CW_COUNT
};

static inline unsigned char cef_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Verdict word anywhere in s (words are matched as prefixes of the
 * letter runs of s, any case). */
static enum cef_word cef_word_in(struct tt_slice s, int whole_value)
{
    static const struct {
        const char *w;    /* lower-case word prefix */
        enum cef_word k;  /* class */
    } words[] = {
        {"block", CW_BLOCK},  {"deny", CW_BLOCK},   {"denied", CW_BLOCK},  {"drop", CW_BLOCK},
        {"reject", CW_BLOCK}, {"refuse", CW_BLOCK}, {"discard", CW_BLOCK}, {"reset", CW_BLOCK},
        {"quarantin", CW_BLOCK}, {"prevent", CW_BLOCK}, {"terminat", CW_BLOCK},
        {"allow", CW_ALLOW},  {"accept", CW_ALLOW}, {"permit", CW_ALLOW},  {"pass", CW_ALLOW},
        {"alert", CW_DETECT}, {"detect", CW_DETECT}, {"monitor", CW_DETECT},
    };
    enum cef_word found = CW_NONE;
    size_t i = 0;
    while (i < s.len) {
        while (i < s.len && !((s.p[i] | 32) >= 'a' && (s.p[i] | 32) <= 'z'))
            i++;
        size_t b = i;
        while (i < s.len && ((s.p[i] | 32) >= 'a' && (s.p[i] | 32) <= 'z'))
            i++;
        if (i == b)
            break;
        for (size_t k = 0; k < TT_ARRAY_LEN(words); k++) {
            size_t n = strlen(words[k].w);
            if (i - b < n)
                continue;
            size_t j = 0;
            while (j < n && cef_lower((unsigned char)s.p[b + j]) == (unsigned char)words[k].w[j])
                j++;
            if (j == n) {
                /* a block word wins: "Detected and Blocked" is a block */
                if (words[k].k == CW_BLOCK)
                    return CW_BLOCK;
                if (found == CW_NONE || words[k].k == CW_DETECT)
                    found = words[k].k;
                break;
            }
        }
        if (whole_value && found != CW_NONE)
            break;
    }
    return found;
}

static int cef_ips_hint(struct tt_slice s)
{
    static const char *const hints[] = {"intrusion", "ips", "ids", "threat", "attack", "exploit", "malware",
                                        "virus", "botnet"};
    for (size_t i = 0; i < TT_ARRAY_LEN(hints); i++) {
        size_t n = strlen(hints[i]);
        const char *h = tt_memcasemem(s.p, s.len, hints[i], n);
        if (!h)
            continue;
        /* "ips"/"ids" only as a word of their own */
        if (n == 3) {
            int lb = h == s.p || !((h[-1] | 32) >= 'a' && (h[-1] | 32) <= 'z');
            int rb = h + 3 == s.p + s.len || !((h[3] | 32) >= 'a' && (h[3] | 32) <= 'z');
            if (!lb || !rb)
                continue;
        }
        return 1;
    }
    return 0;
}

/* Next '|'-separated header field (with '\|' and '\\' escapes). */
static int cef_header_field(const char **pp, const char *end, struct tt_slice *out)
{
    const char *p = *pp, *b = p;
    while (p < end && *p != '|')
        p += (*p == '\\' && p + 1 < end) ? 2 : 1;
    if (p >= end)
        return 0;
    *out = tt_slice_make(b, (size_t)(p - b));
    *pp = p + 1;
    return 1;
}

/* The record start: "CEF:" / "LEEF:" in the first 256 bytes at the message
 * start or after a blank; or a bare "0|" CEF header (some relays strip the
 * "CEF:" prefix). Sets *out_leef. */
static const char *cef_start(const struct tt_envelope *env, int *out_leef)
{
    const char *p = env->line.p, *end = p + env->line.len;
    if (!p || env->line.len < 8)
        return NULL;
    const char *lim = env->line.len > 256 ? p + 256 : end;
    for (const char *c = p; c < lim && (c = memchr(c, 'E', (size_t)(lim - c))) != NULL; c++) {
        if (c > p && c[-1] == 'C' && end - c >= 3 && c[1] == 'F' && c[2] == ':' &&
            (c - 1 == p || c[-2] == ' ' || c[-2] == '>' || c[-2] == ':')) {
            *out_leef = 0;
            return c + 3;
        }
        if (c > p && c[-1] == 'L' && end - c >= 4 && c[1] == 'E' && c[2] == 'F' && c[3] == ':' &&
            (c - 1 == p || c[-2] == ' ' || c[-2] == '>' || c[-2] == ':')) {
            *out_leef = 1;
            return c + 4;
        }
    }
    struct tt_slice m = env->msg;
    if (m.len > 8 && (m.p[0] == '0' || m.p[0] == '1') && m.p[1] == '|') {
        int pipes = 0;
        for (size_t i = 0; i < m.len && pipes < 7; i++)
            pipes += m.p[i] == '|';
        if (pipes >= 7) {
            *out_leef = 0;
            return m.p;
        }
    }
    return NULL;
}

static int cef_probe(const struct tt_envelope *env)
{
    int leef;
    return cef_start(env, &leef) != NULL;
}

/* A timestamp value: epoch seconds/ms, "Mmm dd yyyy hh:mm:ss[ zone]",
 * ISO 8601. */
static int cef_read_time(struct tt_slice v, struct tt_stamp *out)
{
    if (v.len == 0)
        return 0;
    if (v.p[0] >= '0' && v.p[0] <= '9') {
        if (tt_stamp_from_epoch_digits(v, out) == TT_OK)
            return 1;
        size_t n = tt_parse_iso8601(v.p, v.len, out);
        /* "2024-03-01 12:00:01 UTC" (SonicOS): the zone after the time */
        if (n && out->kind == TT_STAMP_LOCAL && v.len >= n + 4 &&
            (memcmp(v.p + n, " UTC", 4) == 0 || memcmp(v.p + n, " GMT", 4) == 0)) {
            out->kind = TT_STAMP_OFFSET;
            out->offset_s = 0;
        }
        return n != 0;
    }
    return tt_parse_mdy_stamp(v.p, v.len, out) != 0 || tt_parse_bsd_stamp(v.p, v.len, out) != 0;
}

/* LEEF 2.0 delimiter field: one character, or "xHH" / "0xHH"; empty = tab. */
static char cef_leef_delim(struct tt_slice d)
{
    if (d.len == 1)
        return d.p[0];
    struct tt_slice h = d;
    if (h.len >= 2 && h.p[0] == '0' && (h.p[1] == 'x' || h.p[1] == 'X'))
        h.p += 1, h.len -= 1;
    if (h.len == 3 && (h.p[0] == 'x' || h.p[0] == 'X')) {
        unsigned v = 0;
        for (size_t i = 1; i < 3; i++) {
            char c = h.p[i];
            v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : 0);
        }
        if (v > 0 && v < 128)
            return (char)v;
    }
    return '\t';
}

/* Next LEEF attribute separated by delim. */
static int cef_leef_next(struct tt_kv *kv, char delim, struct tt_slice *k, struct tt_slice *v)
{
    const char *p = kv->p, *end = kv->end;
    while (p < end) {
        const char *e = memchr(p, delim, (size_t)(end - p));
        if (!e)
            e = end;
        const char *eq = memchr(p, '=', (size_t)(e - p));
        kv->p = e < end ? e + 1 : end;
        if (eq && eq > p) {
            const char *kb = p;
            while (kb < eq && (*kb == ' ' || *kb == '\t'))
                kb++;
            *k = tt_slice_make(kb, (size_t)(eq - kb));
            *v = tt_slice_make(eq + 1, (size_t)(e - eq - 1));
            return 1;
        }
        p = kv->p;
    }
    kv->p = end;
    return 0;
}

struct cef_fields {
    struct tt_slice act, src, dst, src6, dst6, rt, start, end, cat, product, loguid, count;
    struct tt_slice ftnt_act, ftnt_utm, ftnt_time; /* FortiGate's own action, utmaction, eventtime */
    struct tt_slice fw_action;                     /* SonicWall's fw_action */
    struct tt_slice cnt;                           /* cnt= (PAN-OS: the repeat count) */
};

/* FortiGate CEF names its own fields "FTNTFGT<key>" (FortiOS 5.6-6.x) or
 * "FortinetFortiGate<key>" (6.2+); returns the <key> part, or empty. */
static struct tt_slice cef_ftnt_key(struct tt_slice k)
{
    if (k.len > 7 && memcmp(k.p, "FTNTFGT", 7) == 0)
        return tt_slice_make(k.p + 7, k.len - 7);
    if (k.len > 17 && memcmp(k.p, "FortinetFortiGate", 17) == 0)
        return tt_slice_make(k.p + 17, k.len - 17);
    return tt_slice_make(NULL, 0);
}

static void cef_take(struct cef_fields *f, struct tt_slice k, struct tt_slice v)
{
    struct tt_slice fk = k.len > 7 && k.p[0] == 'F' ? cef_ftnt_key(k) : tt_slice_make(NULL, 0);
    if (fk.len) {
        if (tt_slice_eq(fk, "action"))
            f->ftnt_act = v;
        else if (tt_slice_eq(fk, "utmaction"))
            f->ftnt_utm = v;
        else if (tt_slice_eq(fk, "eventtime"))
            f->ftnt_time = v;
        return;
    }
    switch (k.len) {
    case 3:
        if (memcmp(k.p, "act", 3) == 0)
            f->act = v;
        else if (memcmp(k.p, "src", 3) == 0)
            f->src = v;
        else if (memcmp(k.p, "dst", 3) == 0)
            f->dst = v;
        else if (memcmp(k.p, "cat", 3) == 0)
            f->cat = v;
        else if (memcmp(k.p, "end", 3) == 0)
            f->end = v;
        else if (memcmp(k.p, "cnt", 3) == 0)
            f->cnt = v;
        break;
    case 2:
        if (memcmp(k.p, "rt", 2) == 0)
            f->rt = v;
        break;
    case 4:
        if (memcmp(k.p, "c6a2", 4) == 0)
            f->src6 = v;
        else if (memcmp(k.p, "c6a3", 4) == 0)
            f->dst6 = v;
        break;
    case 5:
        if (memcmp(k.p, "start", 5) == 0)
            f->start = v;
        break;
    case 6:
        if (memcmp(k.p, "action", 6) == 0)
            f->act = v;
        else if (memcmp(k.p, "loguid", 6) == 0)
            f->loguid = v;
        break;
    case 7:
        if (memcmp(k.p, "devTime", 7) == 0)
            f->rt = v;
        else if (memcmp(k.p, "product", 7) == 0)
            f->product = v;
        break;
    case 12:
        if (memcmp(k.p, "UNIFIutcTime", 12) == 0 && !f->rt.len)
            f->rt = v;
        break;
    case 14:
        if (memcmp(k.p, "baseEventCount", 14) == 0)
            f->count = v;
        break;
    case 9:
        if (memcmp(k.p, "fw_action", 9) == 0)
            f->fw_action = v;
        break;
    default:
        break;
    }
}

/* The verdict of one CEF/LEEF record: the vendor's own rules where we know
 * them (FortiGate, PAN-OS, SonicWall, Check Point), else the generic words. */
static void cef_judge(void *state, const struct tt_parse_ctx *ctx, struct tt_slice vendor, struct tt_slice product,
                      struct tt_slice sig, struct tt_slice name, int leef, const struct cef_fields *f,
                      struct tt_event *ev)
{
    if (tt_slice_istarts(vendor, "Fortinet")) {
        /* cat=traffic:forward / utm:ips */
        struct tt_slice type = f->cat, sub = {NULL, 0};
        const char *c = f->cat.len ? memchr(f->cat.p, ':', f->cat.len) : NULL;
        if (c) {
            type = tt_slice_make(f->cat.p, (size_t)(c - f->cat.p));
            sub = tt_slice_make(c + 1, f->cat.len - (size_t)(c + 1 - f->cat.p));
        }
        if (!f->cat.len) {
            /* no cat=: the name is "traffic:forward close" */
            const char *nc = name.len ? memchr(name.p, ':', name.len) : NULL;
            const char *nb = nc ? memchr(nc, ' ', name.len - (size_t)(nc - name.p)) : NULL;
            if (nc && nb) {
                type = tt_slice_make(name.p, (size_t)(nc - name.p));
                sub = tt_slice_make(nc + 1, (size_t)(nb - nc - 1));
            }
        }
        /* the verdict: act=, else FortiGate's own action field */
        struct tt_slice act = f->act.len ? f->act : f->ftnt_act;
        if (!ev->has_stamp && f->ftnt_time.len && tt_stamp_from_epoch_digits(f->ftnt_time, &ev->stamp) == TT_OK)
            ev->has_stamp = 1;
        tt_fortigate_judge(ctx, type, sub, act, f->ftnt_utm, ev);
    } else if (tt_slice_istarts(vendor, "Palo Alto Networks")) {
        /* signature id = log type, name = subtype; cnt= the repeat count */
        tt_panos_judge(ctx, sig, name, f->act, ev);
        uint64_t rep;
        if (ev->metric != TT_METRIC_NONE && f->cnt.len && tt_slice_u64(f->cnt, &rep) == TT_OK && rep > 1)
            ev->count = rep > UINT32_MAX ? UINT32_MAX : (uint32_t)rep;
    } else if (tt_slice_istarts(vendor, "SonicWall") || tt_slice_istarts(vendor, "Dell SonicWALL")) {
        /* signature id = message id m, name = msg, cat = category bits */
        uint32_t m = 0, c = 0;
        tt_slice_u32(sig, &m);
        tt_slice_u32(f->cat, &c);
        struct tt_slice fa = f->fw_action; /* written fw_action="drop" */
        if (fa.len >= 2 && fa.p[0] == '"' && fa.p[fa.len - 1] == '"')
            fa = tt_slice_make(fa.p + 1, fa.len - 2);
        tt_sonicwall_judge(ctx, m, c, name, fa, ev);
    } else if (tt_slice_istarts(vendor, "Check Point")) {
        tt_checkpoint_judge(ctx, f->act, f->product.len ? f->product : product, ev);
        if (ev->metric != TT_METRIC_NONE && tt_cp_seen_check(state, f->loguid, ctx ? ctx->now_s : 0)) {
            ev->metric = TT_METRIC_NONE;
            ev->reason = TT_REASON_NONE;
            ev->why = "update of a log already counted (same loguid)";
        }
    } else {
        enum cef_word w = f->act.len ? cef_word_in(f->act, 1) : CW_NONE;
        if (w == CW_NONE)
            w = cef_word_in(leef ? sig : name, 0);
        int ips = cef_ips_hint(name) || cef_ips_hint(f->cat) || cef_ips_hint(product) || (leef && cef_ips_hint(sig));
        switch (w) {
        case CW_BLOCK:
            if (ips)
                tt_fw_ips_block(ev);
            else
                tt_fw_deny(ctx, ev);
            break;
        case CW_ALLOW:
            if (ips)
                tt_fw_ids_alert(ev);
            else
                tt_fw_allow(ev);
            break;
        case CW_DETECT:
            tt_fw_ids_alert(ev);
            break;
        default:
            tt_fw_set(ev, TT_VERDICT_OTHER, "event without a verdict word");
            break;
        }
    }
}

static enum tt_parse_rc cef_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                  struct tt_event *ev)
{
    int leef = 0;
    const char *p = cef_start(env, &leef);
    if (!p)
        return TT_PARSE_NOMATCH;
    const char *end = env->line.p + env->line.len;
    struct tt_slice version, vendor, product, dversion, sig, name = {NULL, 0}, sev, delim = {NULL, 0};
    int ok = cef_header_field(&p, end, &version) && cef_header_field(&p, end, &vendor) &&
             cef_header_field(&p, end, &product) && cef_header_field(&p, end, &dversion) && cef_header_field(&p, end, &sig);
    if (ok && !leef)
        ok = cef_header_field(&p, end, &name) && cef_header_field(&p, end, &sev);
    if (ok && leef && version.len >= 1 && version.p[0] == '2') {
        /* LEEF 2.0: the delimiter field is optional; it is short and has
         * no '=' (an attribute always has one). */
        const char *save = p;
        struct tt_slice d;
        if (cef_header_field(&p, end, &d) && d.len <= 4 && !memchr(d.p, '=', d.len))
            delim = d;
        else
            p = save;
    }
    if (!ok) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = leef ? "LEEF header cut short" : "CEF header cut short";
        return TT_PARSE_BAD;
    }
    TT_UNUSED(dversion);
    TT_UNUSED(sev);

    struct cef_fields f;
    memset(&f, 0, sizeof(f));
    struct tt_kv kv;
    tt_kv_init(&kv, p, (size_t)(end - p));
    struct tt_slice k, v;
    if (leef) {
        char d = delim.len ? cef_leef_delim(delim) : '\t';
        while (cef_leef_next(&kv, d, &k, &v))
            cef_take(&f, k, v);
    } else {
        while (tt_cef_ext_next(&kv, &k, &v))
            cef_take(&f, k, v);
    }

    if (tt_slice_addr(f.src, &ev->src) != TT_OK && f.src6.len)
        tt_slice_addr(f.src6, &ev->src);
    if (tt_slice_addr(f.dst, &ev->dst) != TT_OK && f.dst6.len)
        tt_slice_addr(f.dst6, &ev->dst);
    if (cef_read_time(f.rt, &ev->stamp) || cef_read_time(f.end, &ev->stamp) || cef_read_time(f.start, &ev->stamp))
        ev->has_stamp = 1;
    uint64_t n;
    if (f.count.len && tt_slice_u64(f.count, &n) == TT_OK && n > 1)
        ev->count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;

    cef_judge(state, ctx, vendor, product, sig, name, leef, &f, ev);
    if (ev->metric == TT_METRIC_NONE)
        ev->count = 1;
    return TT_PARSE_OK;
}

static void *cef_state_create(void)
{
    return tt_cp_seen_create();
}

static void cef_state_destroy(void *s)
{
    tt_cp_seen_destroy(s);
}

const struct tt_parser_ops tt_parser_cef = {
    .name = "cef",
    .help = "ArcSight CEF and QRadar LEEF 1.0/2.0 (generic; Fortinet and Check Point by their own rules)",
    .apps = NULL,
    .probe = cef_probe,
    .state_create = cef_state_create,
    .state_destroy = cef_state_destroy,
    .parse = cef_parse,
};
