/* SPDX-License-Identifier: MIT
 *
 * parse_juniper_srx.c -- Juniper SRX security logs, in both shapes Junos writes:
 *
 * structured (RFC 5424, "set system syslog ... structured-data"):
 *   <14>1 2019-11-14T11:12:46.573+01:00 srx1 RT_FLOW - RT_FLOW_SESSION_DENY
 *     [junos@2636.1.1.1.2.129 source-address="198.51.100.26" source-port=
 *     "37233" destination-address="10.0.0.13" destination-port="161" ...]
 * plain (RFC 3164):
 *   Nov 14 11:12:46 srx1 RT_FLOW: RT_FLOW_SESSION_DENY: session denied
 *     198.51.100.26/37233->10.0.0.13/161 0x0 None 17(0) deny-all untrust
 *     trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 No Denied by policy 7087
 *
 * relayed: a structured record forwarded by another syslog daemon, which put
 * its own RFC 3164 header in front (the inner ISO 8601 time is the event's):
 *   Sep 23 13:54:55 10.0.0.1 junos-flow: 2017-09-23T13:54:54.803Z srx1
 *     RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.39 source-...]
 * firewall filter (stateless `then syslog` terms of any Junos device):
 *   Mar  3 19:11:42 mx1 PFE_FW_SYSLOG_IP: FW: ge-0/0/0.0 D tcp 198.51.100.1
 *     10.0.0.2 40000 22 (1 packets)
 *   action A (accept) -> connections_allowed, D (discard) / R (reject) -> a
 *   firewall deny; "(N packets)" says how many packets the line stands for.
 *
 * The event tag (MSGID, or the word before ": " in plain lines; a "_LS"
 * logical-system suffix is ignored) decides, with the action where it has
 * one (docs/COUNTING.md#allowed-once):
 *   RT_FLOW_SESSION_DENY            blocked, attacks_blocked:firewall when
 *                                   the source is outside --home-net
 *   RT_FLOW_SESSION_CLOSE           allowed, connections_allowed (one record
 *                                   per permitted session)
 *   RT_FLOW_SESSION_CREATE          other: a session start never counts
 *   APPTRACK_SESSION_*              other (repeats the RT_FLOW records)
 *   IDP_ATTACK_LOG_EVENT, IDP_APPDDOS_APP_ATTACK_EVENT
 *                                   action DROP*, CLOSE*, BLOCK*, RESET* ->
 *                                   attacks_blocked:ips, else ids_alerts;
 *                                   repeat-count > 1 counts that many
 *   RT_SCREEN_* (RT_IDS)            action drop -> attacks_blocked:ips;
 *                                   alarm-without-drop -> ids_alerts
 *   SECINTEL_ACTION_LOG, *AAMW_ACTION_LOG
 *                                   action BLOCK/DROP/CLOSE -> attacks_blocked:
 *                                   ips; PERMIT -> allowed
 *   AV_VIRUS_DETECTED*              attacks_blocked:ips (the file is dropped)
 *   ANTISPAM_SPAM_DETECTED*         action drop/block -> emails_blocked:spam
 *                                   (reputation when the reason names a
 *                                   block/black list); tagging -> allowed
 *   WEBFILTER_URL_BLOCKED, CONTENT_FILTERING_BLOCKED*, AV_*DROP*
 *                                   blocked, counts nothing (policy)
 *   WEBFILTER_URL_PERMITTED         allowed, counts nothing
 *   anything else                   other
 * Other Junos daemons' events ("mgd[1]: UI_LOGIN_EVENT: ...", rpd, l2ald,
 * chassisd, kmd, ...): other.
 * Time: the syslog header's; a relayed record's own ISO 8601 time.
 *
 * Place in the pipeline: envelope (programs RT_FLOW, RT_IDP, RT_IDS, RT_UTM,
 * RT_SECINTEL, RT_AAMW, RT_SCREEN) -> this -> tally.
 */
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/verdict.h"
#include "collector/parser.h"

struct juniper_fields {
    struct tt_slice tag;    /* event tag, "_LS" removed */
    struct tt_slice action; /* action value */
    struct tt_slice reason; /* reason text (UTM antispam) */
    struct tt_slice src;    /* source address token */
    struct tt_slice dst;    /* destination address token */
    uint32_t repeat;        /* repeat-count / repeat= */
};

/* The structured-data element of the line ("[junos@...", or "[key=" after
 * an RT_* APP-NAME: some screens write no SD-ID), or NULL. A relayed record
 * (another header in front) has its "[junos@" further in the line. */
static const char *juniper_sd(const struct tt_envelope *env)
{
    struct tt_slice l = env->line;
    size_t lim = TT_MIN(l.len, 320);
    if (env->kind != TT_ENVELOPE_RFC5424) {
        struct tt_slice m = env->msg;
        /* "2017-09-23T13:54:54.803Z host RT_FLOW - TAG [junos@" behind a
         * relay's header, or its remains when an envelope took the inner
         * header apart ("RT_FLOW" the program, "- TAG [junos@" the message) */
        int iso = m.len >= 24 && m.p[4] == '-' && m.p[10] == 'T';
        if (!iso && !(env->app.len > 3 && memcmp(env->app.p, "RT_", 3) == 0))
            return NULL;
        return m.len > 8 ? tt_memmem(m.p, TT_MIN(m.len, 320), " [junos@", 8) : NULL;
    }
    const char *sd = tt_memmem(l.p, lim, " [junos@", 8);
    if (!sd && env->app.len > 3 && memcmp(env->app.p, "RT_", 3) == 0)
        sd = tt_memmem(l.p, lim, " [", 2);
    return sd;
}

static int juniper_is_tag_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static struct tt_slice juniper_strip_ls(struct tt_slice t)
{
    if (t.len > 3 && memcmp(t.p + t.len - 3, "_LS", 3) == 0)
        t.len -= 3;
    return t;
}

#define JUNIPER_KEY(k, lit) ((k).len == sizeof(lit) - 1 && memcmp((k).p, lit, sizeof(lit) - 1) == 0)

static void juniper_structured(const char *sd, const struct tt_envelope *env, struct juniper_fields *f)
{
    /* MSGID is the token before " [junos@" */
    const char *b = sd;
    while (b > env->line.p && b[-1] != ' ')
        b--;
    f->tag = juniper_strip_ls(tt_slice_make(b, (size_t)(sd - b)));
    const char *end = env->line.p + env->line.len;
    /* pairs start after the SD-ID ("[junos@2636.1.1.1.2.39 ") or right
     * after '[' when there is none ("[attack-name=...") */
    const char *p = sd + 2;
    const char *sp = memchr(p, ' ', (size_t)(end - p)), *eq = memchr(p, '=', (size_t)(end - p));
    if (eq && (!sp || eq < sp))
        p = sd + 1;
    else if (sp)
        p = sp;
    else
        return;
    /* Stop once the fields this tag needs are known: session records need
     * only the addresses (their long NAT/byte-count tail is never read). */
    enum { J_SRC = 1, J_DST = 2, J_ACT = 4, J_REASON = 8, J_REP = 16 };
    unsigned need = J_SRC | J_DST, have = 0;
    if (tt_slice_starts(f->tag, "IDP_"))
        need |= J_ACT | J_REP;
    else if (!tt_slice_starts(f->tag, "RT_FLOW_") && !tt_slice_starts(f->tag, "APPTRACK_"))
        need |= J_ACT | J_REASON;
    struct tt_slice k, v;
    while ((have & need) != need && tt_kv_scan(&p, end, &k, &v)) {
        if (JUNIPER_KEY(k, "source-address") || JUNIPER_KEY(k, "client-ip")) {
            f->src = v;
            have |= J_SRC;
        } else if (JUNIPER_KEY(k, "destination-address")) {
            f->dst = v;
            have |= J_DST;
        } else if (JUNIPER_KEY(k, "action")) {
            f->action = v;
            have |= J_ACT;
        } else if (JUNIPER_KEY(k, "reason")) {
            f->reason = v;
            have |= J_REASON;
        } else if (JUNIPER_KEY(k, "repeat-count")) {
            tt_slice_u32(v, &f->repeat);
            have |= J_REP;
        }
    }
}

/* Value after "key" (e.g. "action=" or "action: ") in plain text, up to ',',
 * ' ' or end. */
static struct tt_slice juniper_plain_value(struct tt_slice m, const char *key)
{
    size_t kl = strlen(key);
    const char *k = tt_memcasemem(m.p, m.len, key, kl);
    if (!k)
        return tt_slice_make(NULL, 0);
    const char *v = k + kl, *end = m.p + m.len;
    if (v < end && *v == '"') {
        v++;
        const char *q = memchr(v, '"', (size_t)(end - v));
        return tt_slice_make(v, (size_t)((q ? q : end) - v));
    }
    const char *e = v;
    while (e < end && *e != ',' && *e != ' ')
        e++;
    return tt_slice_make(v, (size_t)(e - v));
}

static void juniper_plain(struct tt_slice m, struct juniper_fields *f)
{
    size_t i = 0;
    while (i < m.len && juniper_is_tag_char(m.p[i]))
        i++;
    f->tag = juniper_strip_ls(tt_slice_make(m.p, i));
    struct tt_slice rest = tt_slice_make(m.p + i, m.len - i);
    if (tt_slice_starts(f->tag, "RT_FLOW_") || tt_slice_starts(f->tag, "APPTRACK_"))
        goto arrow; /* no action field: the addresses are all we need */
    f->action = juniper_plain_value(rest, "action=");
    if (!f->action.len)
        f->action = juniper_plain_value(rest, "action: ");
    f->reason = juniper_plain_value(rest, "reason=");
    struct tt_slice rep = juniper_plain_value(rest, "repeat=");
    if (rep.len)
        tt_slice_u32(rep, &f->repeat);
    /* screens: "source: a:p, destination: b:p" */
    struct tt_slice s = juniper_plain_value(rest, "source: ");
    if (s.len) {
        f->src = s;
        f->dst = juniper_plain_value(rest, "destination: ");
        return;
    }
    s = juniper_plain_value(rest, "source-address=");
    if (s.len) {
        f->src = s;
        f->dst = juniper_plain_value(rest, "destination-address=");
        return;
    }
arrow:
    /* "a/p->b/p", "<a/p->b/p>", "a(p)->b(p)" */
    ;
    const char *arrow = tt_memmem(rest.p, rest.len, "->", 2);
    if (!arrow)
        return;
    const char *sb = arrow;
    while (sb > rest.p && sb[-1] != ' ' && sb[-1] != '<')
        sb--;
    f->src = tt_slice_make(sb, (size_t)(arrow - sb));
    const char *de = arrow + 2, *end = rest.p + rest.len;
    while (de < end && *de != ' ' && *de != '>' && *de != ',')
        de++;
    f->dst = tt_slice_make(arrow + 2, (size_t)(de - arrow - 2));
}

static int juniper_starts(struct tt_slice t, const char *lit)
{
    return tt_slice_starts(t, lit);
}

static int juniper_blocking_action(struct tt_slice a)
{
    return tt_slice_istarts(a, "drop") || tt_slice_istarts(a, "close") || tt_slice_istarts(a, "block") || tt_slice_istarts(a, "reset") ||
           tt_slice_istarts(a, "deny") || tt_slice_istarts(a, "reject");
}

/* "FW: ..." of a firewall filter, or NULL: the message itself, or after a
 * "PFE_FW_SYSLOG_*: " tag (MX line cards write "fpc0 PFE_FW_SYSLOG_IP: FW:",
 * so the program may be "fpc0" or missing). */
static const char *juniper_fw(struct tt_slice m)
{
    if (tt_slice_starts(m, "FW: "))
        return m.p;
    const char *t = m.len > 20 ? tt_memmem(m.p, TT_MIN(m.len, 24), "PFE_FW_SYSLOG", 13) : NULL;
    if (t && (t == m.p || t[-1] == ' ')) {
        const char *f = tt_memmem(t, TT_MIN((size_t)(m.p + m.len - t), 40), ": FW: ", 6);
        return f ? f + 2 : NULL;
    }
    return NULL;
}

/* Junos daemons whose "TAG_NAME: text" events are recognised (as other). */
static int juniper_daemon(struct tt_slice app)
{
    static const char *const d[] = {"mgd",   "rpd",   "l2ald",  "chassisd", "dcd",   "kmd",  "eventd", "mib2d",
                                    "jsrpd", "pfed",  "alarmd", "craftd",   "lacpd", "dfwd", "smid",   "authd",
                                    "jdhcpd", "bfdd", "cosd",   "ppmd",     "sampled", "utmd", "idpd", "flowd"};
    struct tt_slice prog = tt_app_program(app, NULL);
    for (size_t i = 0; i < TT_ARRAY_LEN(d); i++)
        if (tt_slice_eq(prog, d[i]))
            return 1;
    return 0;
}

static int juniper_probe(const struct tt_envelope *env)
{
    if (juniper_sd(env))
        return 1;
    struct tt_slice m = env->msg;
    if (juniper_fw(m))
        return 1;
    return (tt_slice_starts(m, "RT_FLOW_SESSION_") || tt_slice_starts(m, "IDP_ATTACK_LOG_EVENT") ||
            tt_slice_starts(m, "RT_SCREEN_")) &&
           tt_memmem(m.p, TT_MIN(m.len, 40), ": ", 2) != NULL;
}

/* "FW: IFACE ACTION PROTO SRC DST [SPORT DPORT] (N packets)": fills ev and
 * returns TT_OK, or TT_ERR when the line is not of that shape. */
static int juniper_filter(const struct tt_parse_ctx *ctx, const char *fw, const char *end, struct tt_event *ev)
{
    const char *p = fw + 4;
    struct tt_slice tok[8];
    size_t n = 0;
    while (p < end && n < TT_ARRAY_LEN(tok)) {
        while (p < end && *p == ' ')
            p++;
        if (p >= end || *p == '(')
            break;
        const char *b = p;
        while (p < end && *p != ' ')
            p++;
        tok[n++] = tt_slice_make(b, (size_t)(p - b));
    }
    /* interface, one-letter action, protocol, then the two addresses */
    if (n < 5 || tok[1].len != 1)
        return TT_ERR;
    char a = tok[1].p[0];
    if (a != 'A' && a != 'D' && a != 'R')
        return TT_ERR;
    size_t i = 3;
    while (i < n && tt_slice_addr(tok[i], &ev->src) != TT_OK)
        i++;
    if (i + 1 >= n)
        return TT_ERR;
    tt_slice_addr(tok[i + 1], &ev->dst);
    if (a == 'A') {
        tt_fw_allow(ev);
        ev->why = "firewall filter accept";
    } else {
        tt_fw_deny(ctx, ev);
    }
    /* "(3 packets)": the line stands for that many */
    const char *c = p < end ? memchr(p, '(', (size_t)(end - p)) : NULL;
    if (c) {
        const char *d = c + 1;
        while (d < end && *d >= '0' && *d <= '9')
            d++;
        uint32_t k;
        if (d > c + 1 && tt_slice_u32(tt_slice_make(c + 1, (size_t)(d - c - 1)), &k) == TT_OK && k > 1 &&
            ev->metric != TT_METRIC_NONE)
            ev->count = k;
    }
    return TT_OK;
}

static void juniper_judge(const struct tt_parse_ctx *ctx, const struct juniper_fields *f, struct tt_event *ev)
{
    struct tt_slice t = f->tag;
    if (tt_slice_eq(t, "RT_FLOW_SESSION_DENY")) {
        tt_fw_deny(ctx, ev);
    } else if (tt_slice_eq(t, "RT_FLOW_SESSION_CLOSE")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->metric = TT_METRIC_CONNECTIONS_ALLOWED;
        ev->why = "permitted session closed";
    } else if (tt_slice_eq(t, "RT_FLOW_SESSION_CREATE")) {
        ev->why = "session start, never counted";
    } else if (tt_slice_eq(t, "IDP_ATTACK_LOG_EVENT") || tt_slice_eq(t, "IDP_APPDDOS_APP_ATTACK_EVENT")) {
        if (juniper_blocking_action(f->action))
            tt_fw_ips_block(ev);
        else
            tt_fw_ids_alert(ev);
        if (f->repeat > 1)
            ev->count = f->repeat;
    } else if (juniper_starts(t, "RT_SCREEN_")) {
        if (juniper_blocking_action(f->action))
            tt_fw_ips_block(ev);
        else
            tt_fw_ids_alert(ev);
        ev->why = juniper_blocking_action(f->action) ? "screen drop" : "screen alarm without drop";
    } else if (tt_slice_eq(t, "SECINTEL_ACTION_LOG") || tt_slice_eq(t, "SRX_AAMW_ACTION_LOG") ||
               tt_slice_eq(t, "AAMW_ACTION_LOG")) {
        if (juniper_blocking_action(f->action)) {
            tt_fw_ips_block(ev);
            ev->why = "threat-intelligence / malware block";
        } else if (tt_slice_istarts(f->action, "permit")) {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "threat-intelligence permit";
        } else {
            ev->why = "threat-intelligence record without verdict";
        }
    } else if (juniper_starts(t, "AV_VIRUS_DETECTED")) {
        tt_fw_ips_block(ev);
        ev->why = "virus detected, file dropped";
    } else if (juniper_starts(t, "ANTISPAM_SPAM_DETECTED")) {
        if (juniper_blocking_action(f->action)) {
            ev->verdict = TT_VERDICT_BLOCKED;
            ev->metric = TT_METRIC_EMAILS_BLOCKED;
            if (tt_slice_icontains(f->reason, "blacklist") || tt_slice_icontains(f->reason, "black list") ||
                tt_slice_icontains(f->reason, "blocklist") || tt_slice_icontains(f->reason, "sbl"))
                ev->reason = TT_REASON_REPUTATION;
            else
                ev->reason = TT_REASON_SPAM;
            ev->why = "UTM anti-spam block";
        } else {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "UTM anti-spam tag";
        }
    } else if (tt_slice_eq(t, "WEBFILTER_URL_BLOCKED") || juniper_starts(t, "CONTENT_FILTERING_BLOCKED") ||
               (juniper_starts(t, "AV_") && tt_memmem(t.p, t.len, "DROP", 4))) {
        ev->verdict = TT_VERDICT_BLOCKED;
        ev->why = "UTM policy block, not an attack";
    } else if (tt_slice_eq(t, "WEBFILTER_URL_PERMITTED")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "web filter permit";
    } else {
        ev->why = juniper_starts(t, "APPTRACK_") ? "AppTrack record (repeats RT_FLOW)" : "Junos record without verdict";
    }
}

static enum tt_parse_rc juniper_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                      struct tt_event *ev)
{
    TT_UNUSED(state);
    struct juniper_fields f;
    memset(&f, 0, sizeof(f));
    const char *sd = juniper_sd(env);
    const char *fw = sd ? NULL : juniper_fw(env->msg);
    if (fw) {
        if (juniper_filter(ctx, fw, env->msg.p + env->msg.len, ev) != TT_OK) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "firewall filter line without action and addresses";
            return TT_PARSE_BAD;
        }
        return TT_PARSE_OK;
    }
    if (sd) {
        juniper_structured(sd, env, &f);
        /* a relayed record: its own time starts the message */
        if (env->kind != TT_ENVELOPE_RFC5424 && env->msg.len > 20 && env->msg.p[4] == '-' &&
            tt_parse_iso8601(env->msg.p, env->msg.len, &ev->stamp))
            ev->has_stamp = 1;
    } else {
        struct tt_slice m = env->msg;
        size_t i = 0;
        while (i < m.len && juniper_is_tag_char(m.p[i]))
            i++;
        if (i < 4 || i + 1 >= m.len || m.p[i] != ':') {
            if (env->app.len > 3 && memcmp(env->app.p, "RT_", 3) == 0) {
                ev->why = "Junos record without verdict";
                return TT_PARSE_OK;
            }
            return TT_PARSE_NOMATCH;
        }
        if (juniper_daemon(env->app) && memchr(m.p, '_', i)) {
            tt_fw_set(ev, TT_VERDICT_OTHER, "Junos system event");
            return TT_PARSE_OK;
        }
        juniper_plain(m, &f);
    }
    if (f.tag.len == 0)
        return TT_PARSE_NOMATCH;
    if (f.src.len)
        tt_slice_addr_port(f.src, &ev->src);
    if (f.dst.len)
        tt_slice_addr_port(f.dst, &ev->dst);
    if (tt_slice_eq(f.tag, "RT_FLOW_SESSION_DENY") && ev->src.family == 0) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "session deny without a source address";
        return TT_PARSE_BAD;
    }
    juniper_judge(ctx, &f, ev);
    return TT_PARSE_OK;
}

static const char *const juniper_apps[] = {"RT_FLOW",   "RT_IDP",  "RT_IDS",    "RT_UTM",   "RT_SECINTEL",
                                           "RT_AAMW",   "RT_SCREEN", "junos-flow", "junos-ids", "junos-idp",
                                           "PFE_FW_SYSLOG_IP", "PFE_FW_SYSLOG_IP6_GEN", "mgd", "rpd", "l2ald",
                                           "chassisd", "kmd", NULL};

const struct tt_parser_ops tt_parser_juniper_srx = {
    .name = "juniper-srx",
    .help = "Juniper SRX RT_FLOW/RT_IDP/RT_IDS/RT_UTM/RT_SECINTEL/RT_AAMW, structured or plain",
    .apps = juniper_apps,
    .probe = juniper_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = juniper_parse,
};
