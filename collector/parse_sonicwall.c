/* SPDX-License-Identifier: MIT
 *
 * parse_sonicwall.c -- SonicWall SonicOS syslog (the default "enhanced"
 * key=value layout), behind any or no syslog header:
 *
 *   <134>  id=firewall sn=0040103CE114 time="2022-05-16 15:22:26 UTC"
 *     fw=192.0.2.96 pri=6 c=1024 m=537 msg="Connection Closed" app=12
 *     n=795 src=198.51.100.193:65055:X1 dst=10.0.0.96:443:X1 proto=tcp/https
 *     sent=1930 rcvd=1545 ... rule="Default Access Rule" fw_action="NA"
 *
 * The message id m= and text msg= say what happened; SonicOS 6.5+ adds
 * fw_action= ("drop", "forward", "mgmt", "NA"). Verdicts (docs/COUNTING.md#firewalls):
 *   - IPS / Anti-Spyware / GAV / Botnet "Prevention Alert" or "Alert ...
 *     blocked", Gateway Anti-Virus Alert (m=609, 794, 809, 1198...) ->
 *     attacks_blocked:ips; "Detection Alert" (m=608, 795) and the flood/
 *     scan detectors ("Possible SYN Flood", "Probable port scan detected",
 *     c=32 without a drop) -> ids_alerts; "... has ceased" -> other
 *   - fw_action drop/deny/reject/block, or a msg ending in "dropped" /
 *     "denied" / "blocked" (TCP/UDP/ICMP packet dropped, Xmas Tree
 *     dropped...) -> blocked: attacks_blocked:ips when the log category is
 *     Attack (c=32), else firewall from outside --home-net; "Web site access
 *     denied" (content filter) and login denials count nothing
 *   - m=537 Connection Closed -> connections_allowed (one per session);
 *     m=98 Connection Opened -> other (a start never counts)
 *   - m=97 Web site hit -> allowed, counts nothing; the rest -> other.
 * Addresses: src=/dst= "ip:port:iface[:host]", srcV6=/dstV6= for IPv6.
 * Time: time="YYYY-MM-DD hh:mm:ss[ UTC]" (local in --tz without "UTC").
 *
 * Keys may come in any order (SonicOS versions and log templates differ:
 * `id=firewall website-category="Weapons" sn=...`): a line is SonicWall's
 * when both id= and sn= are keys within its first 256 bytes.
 * App Control "Detection Alert"/"Prevention Alert" identify an application
 * (a policy on our own users' traffic, e.g. "SSL/TLS Protocol -- TLSv1.2"):
 * allowed / blocked, counting nothing. SonicWall's CEF output carries the
 * same m (signature id), msg (name), c (cat=) and fw_action: parse_cef.c
 * judges it with tt_sonicwall_judge().
 *
 * Place in the pipeline: envelope -> probe ("id=... sn=") -> this -> tally.
 */
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/verdict_vendor.h"
#include "collector/scan_time.h"
#include "collector/parser.h"

struct sonicwall_fields {
    uint32_t m;             /* message id, 0 when absent */
    uint32_t c;             /* category bits */
    struct tt_slice msg;    /* msg= (the first one) */
    struct tt_slice action; /* fw_action= */
    struct tt_slice time;   /* time= */
    struct tt_slice src;    /* src= */
    struct tt_slice dst;    /* dst= */
    struct tt_slice src6;   /* srcV6= */
    struct tt_slice dst6;   /* dstV6= */
    int has_msg;            /* msg= seen */
};

/* 1 when key (with its '=') occurs as a key (at p or after a blank) in
 * [p, p + n). */
static int sonicwall_has_key(const char *p, size_t n, const char *key)
{
    size_t kl = strlen(key);
    const char *s = p, *end = p + n;
    while (s < end) {
        const char *k = tt_memmem(s, (size_t)(end - s), key, kl);
        if (!k)
            return 0;
        if (k == p || k[-1] == ' ')
            return 1;
        s = k + 1;
    }
    return 0;
}

/* Start of the pairs (the message after its blanks) when both id= and sn=
 * are keys within its first 256 bytes, else NULL (not a SonicWall line). */
static const char *sonicwall_start(const struct tt_envelope *env)
{
    struct tt_slice m = env->msg;
    while (m.len && m.p[0] == ' ')
        m.p++, m.len--;
    size_t lim = TT_MIN(m.len, 256);
    if (lim < 8 || !sonicwall_has_key(m.p, lim, "id=") || !sonicwall_has_key(m.p, lim, "sn="))
        return NULL;
    return m.p;
}

static int sonicwall_probe(const struct tt_envelope *env)
{
    return sonicwall_start(env) != NULL;
}

#define SONICWALL_KEY(k, lit) ((k).len == sizeof(lit) - 1 && memcmp((k).p, lit, sizeof(lit) - 1) == 0)

static void sonicwall_scan(const char *p, const char *end, struct sonicwall_fields *f)
{
    struct tt_slice k, v;
    while (tt_kv_scan(&p, end, &k, &v)) {
        if (SONICWALL_KEY(k, "m"))
            tt_slice_u32(v, &f->m);
        else if (SONICWALL_KEY(k, "c"))
            tt_slice_u32(v, &f->c);
        else if (SONICWALL_KEY(k, "msg")) {
            if (!f->has_msg || f->msg.len == 0)
                f->msg = v;
            f->has_msg = 1;
        } else if (SONICWALL_KEY(k, "fw_action"))
            f->action = v;
        else if (SONICWALL_KEY(k, "time"))
            f->time = v;
        else if (SONICWALL_KEY(k, "src"))
            f->src = v;
        else if (SONICWALL_KEY(k, "dst"))
            f->dst = v;
        else if (SONICWALL_KEY(k, "srcV6"))
            f->src6 = v;
        else if (SONICWALL_KEY(k, "dstV6"))
            f->dst6 = v;
    }
}

/* "ip:port:iface[:host]", "ip", ":port:iface" (no IPv4: see srcV6). */
static void sonicwall_addr(struct tt_slice v, struct tt_slice v6, struct tt_addr *out)
{
    if (v6.len) {
        if (tt_slice_addr_port(v6, out) == TT_OK)
            return;
    }
    if (v.len == 0) {
        memset(out, 0, sizeof(*out));
        return;
    }
    const char *c = memchr(v.p, ':', v.len);
    struct tt_slice a = c ? tt_slice_make(v.p, (size_t)(c - v.p)) : v;
    if (a.len == 0 || tt_addr_parse(a.p, a.len, out) != TT_OK)
        memset(out, 0, sizeof(*out));
}

static enum tt_parse_rc sonicwall_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                        struct tt_event *ev)
{
    TT_UNUSED(state);
    const char *start = sonicwall_start(env);
    if (!start)
        return TT_PARSE_NOMATCH;
    struct sonicwall_fields f;
    memset(&f, 0, sizeof(f));
    sonicwall_scan(start, env->msg.p + env->msg.len, &f);
    if (f.time.len) {
        size_t n = tt_parse_iso8601(f.time.p, f.time.len, &ev->stamp);
        if (n == 0) {
            ev->reason = TT_REASON_BAD_TIME;
            ev->why = "unreadable SonicWall time=";
            return TT_PARSE_BAD;
        }
        struct tt_slice rest = tt_slice_trim(tt_slice_make(f.time.p + n, f.time.len - n));
        if (rest.len && (tt_slice_ieq(rest, "UTC") || tt_slice_ieq(rest, "GMT"))) {
            tt_stamp_set_offset(&ev->stamp, 0);
        }
        ev->has_stamp = 1;
    }
    sonicwall_addr(f.src, f.src6, &ev->src);
    sonicwall_addr(f.dst, f.dst6, &ev->dst);
    tt_sonicwall_judge(ctx, f.m, f.c, f.msg, f.action, ev);
    return TT_PARSE_OK;
}

const struct tt_parser_ops tt_parser_sonicwall = {
    .name = "sonicwall",
    .help = "SonicWall SonicOS key=value syslog (m= message ids, fw_action=)",
    .apps = NULL,
    .probe = sonicwall_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = sonicwall_parse,
};
