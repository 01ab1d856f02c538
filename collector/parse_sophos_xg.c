/* SPDX-License-Identifier: MIT
 *
 * parse_sophos_xg.c -- Sophos XG / SFOS (Sophos Firewall) key=value logs:
 *
 *   device="SFW" date=2018-05-23 time=16:16:43 timezone="BST"
 *     device_name="XG750" device_id=SFDemo-0 log_id=020704406002
 *     log_type="IDP" log_component="Anomaly" log_subtype="Drop" ...
 *     src_ip=198.51.100.31 dst_ip=10.1.0.115 protocol="TCP" ...
 *
 * and the SFOS 18.5/19/20 layouts without device= ("device_name=...
 * timestamp="2021-11-15T18:28:48-0600" ... log_type=...", or starting with
 * date=/timestamp=/device_model=), with or without a syslog header.
 *
 * Verdicts by log_type / log_subtype (docs/COUNTING.md#firewalls):
 *   Firewall     Denied -> blocked, attacks_blocked:firewall when src_ip is
 *                outside --home-net; Allowed -> connections_allowed (SFOS
 *                logs an allowed connection once, with its byte counts)
 *   IDP, ATP     Drop/Block/Reset -> attacks_blocked:ips; Detect/Alert ->
 *                ids_alerts
 *   Anti-Virus   Virus on a mail protocol (SMTP[S], POP3/POPS, IMAP[S]) ->
 *                emails_blocked:malware (phishing when the name says so);
 *                on web/FTP -> attacks_blocked:ips
 *   Anti-Spam    one line per message. spamaction DROP/REJECT/QUARANTINE
 *                -> emails_blocked: RBL/IP reputation -> reputation, Virus/
 *                Sandstorm malicious -> malware, phishing, else spam (Spam,
 *                Probable Spam) or policy; "Outbound ..." subtypes, DLP and
 *                SPX (outbound data/encryption policy) count nothing;
 *                TMPREJECT (temporary) and QUEUED are other; DELIVERED ->
 *                emails_delivered (dst_ip inside --home-net) or emails_sent;
 *                accepted/tagged mail is allowed and counts nothing.
 *   Content Filtering Denied -> blocked (web policy, counts nothing);
 *   Sandbox      verdicts only (the AV/Anti-Spam line counts the block);
 *   Event, System Health, Wireless, ... -> other.
 * Time: date + time, with the
 * "timezone" abbreviation when it is an unambiguous one, else --tz; SFOS 19
 * lines carry "timestamp" with an offset instead (older lines may have an
 * epoch "timestamp" that belongs to the event, e.g. a login: ignored).
 *
 * Place in the pipeline: envelope (any or none) -> probe (device="SFW" or
 * device_name=... log_type=) -> this -> tally. One key=value pass.
 */
#include "collector/scan_kv.h"
#include "collector/verdict.h"
#include "collector/scan_time.h"
#include "collector/parser.h"

#include <strings.h>

enum sophos_type {
    SOPHOS_OTHER = 0,
    SOPHOS_FIREWALL,
    SOPHOS_IDP,
    SOPHOS_ATP,
    SOPHOS_AV,
    SOPHOS_SPAM,
    SOPHOS_CFILTER,
    SOPHOS_SANDBOX,
    SOPHOS_TYPE_COUNT
};

struct sophos_fields {
    enum sophos_type type;         /* log_type */
    struct tt_slice component; /* log_component */
    struct tt_slice subtype;   /* log_subtype */
    struct tt_slice spamaction;/* Anti-Spam action */
    struct tt_slice qreason;   /* quarantine_reason */
    struct tt_slice reason;    /* reason */
    struct tt_slice virus;     /* virus name */
    struct tt_slice action;    /* action (web content policy) */
    struct tt_slice status;    /* status= ("Deny", "Allow"): the verdict when log_subtype is missing */
    struct tt_slice date;      /* date=YYYY-MM-DD */
    struct tt_slice time;      /* time=hh:mm:ss */
    struct tt_slice tz;        /* timezone abbreviation */
    struct tt_slice stamp;     /* timestamp= (SFOS 19) */
    struct tt_slice src;       /* src_ip / sourceip */
    struct tt_slice dst;       /* dst_ip / destinationip */
    int seen_type;             /* log_type present */
};

static struct tt_slice sophos_region(const struct tt_envelope *env)
{
    struct tt_slice m = env->msg;
    while (m.len && m.p[0] == ' ')
        m.p++, m.len--;
    return m;
}

/* SFOS writes device="SFW" first up to v18; SFOS 18.5+/19/20 templates
 * start with device_name=, date=, timestamp= or device_model= and carry no
 * device= at all: those need log_type= (and log_id=) near the start. */
static int sophos_probe(const struct tt_envelope *env)
{
    struct tt_slice m = sophos_region(env);
    if (tt_slice_starts(m, "device=\"SFW\""))
        return 1;
    if (!tt_slice_starts(m, "device_name=\"") && !tt_slice_starts(m, "date=") && !tt_slice_starts(m, "timestamp=") &&
        !tt_slice_starts(m, "device_model=") && !tt_slice_starts(m, "device_serial_id="))
        return 0;
    size_t n = TT_MIN(m.len, 400);
    return tt_memmem(m.p, n, "log_type=", 9) != NULL && tt_memmem(m.p, n, "log_id=", 7) != NULL;
}

static enum sophos_type sophos_type_of(struct tt_slice v)
{
    if (tt_slice_ieq(v, "Firewall"))
        return SOPHOS_FIREWALL;
    if (tt_slice_ieq(v, "IDP"))
        return SOPHOS_IDP;
    if (tt_slice_ieq(v, "ATP"))
        return SOPHOS_ATP;
    if (tt_slice_ieq(v, "Anti-Virus"))
        return SOPHOS_AV;
    if (tt_slice_ieq(v, "Anti-Spam"))
        return SOPHOS_SPAM;
    if (tt_slice_ieq(v, "Content Filtering"))
        return SOPHOS_CFILTER;
    if (tt_slice_ieq(v, "Sandbox"))
        return SOPHOS_SANDBOX;
    return SOPHOS_OTHER;
}

#define SOPHOS_KEY(k, lit) ((k).len == sizeof(lit) - 1 && memcmp((k).p, lit, sizeof(lit) - 1) == 0)

static void sophos_scan(struct tt_slice m, struct sophos_fields *f)
{
    const char *p = m.p, *end = m.p + m.len;
    struct tt_slice k, v;
    while (tt_kv_scan(&p, end, &k, &v)) {
        switch (k.len) {
        case 4:
            if (SOPHOS_KEY(k, "date"))
                f->date = v;
            else if (SOPHOS_KEY(k, "time"))
                f->time = v;
            break;
        case 5:
            if (SOPHOS_KEY(k, "virus"))
                f->virus = v;
            break;
        case 6:
            if (SOPHOS_KEY(k, "src_ip"))
                f->src = v;
            else if (SOPHOS_KEY(k, "dst_ip"))
                f->dst = v;
            else if (SOPHOS_KEY(k, "reason"))
                f->reason = v;
            else if (SOPHOS_KEY(k, "action"))
                f->action = v;
            else if (SOPHOS_KEY(k, "status"))
                f->status = v;
            break;
        case 8:
            if (SOPHOS_KEY(k, "log_type")) {
                f->type = sophos_type_of(v);
                f->seen_type = 1;
            } else if (SOPHOS_KEY(k, "sourceip")) {
                f->src = v;
            } else if (SOPHOS_KEY(k, "timezone")) {
                f->tz = v;
            }
            break;
        case 9:
            if (SOPHOS_KEY(k, "timestamp"))
                f->stamp = v;
            break;
        case 10:
            if (SOPHOS_KEY(k, "spamaction"))
                f->spamaction = v;
            break;
        case 11:
            if (SOPHOS_KEY(k, "log_subtype"))
                f->subtype = v;
            break;
        case 13:
            if (SOPHOS_KEY(k, "log_component"))
                f->component = v;
            else if (SOPHOS_KEY(k, "destinationip"))
                f->dst = v;
            break;
        case 17:
            if (SOPHOS_KEY(k, "quarantine_reason"))
                f->qreason = v;
            break;
        default:
            break;
        }
    }
}

/* Unambiguous zone abbreviations SFOS writes; others (IST, CST, BST...) are
 * read in --tz. */
static int sophos_tz_offset(struct tt_slice tz, int32_t *out)
{
    static const struct {
        const char *name; /* abbreviation */
        int32_t off_s;    /* UTC offset */
    } zones[] = {
        {"UTC", 0},         {"GMT", 0},         {"CET", 3600},      {"CEST", 7200},     {"EET", 7200},
        {"EEST", 10800},    {"WET", 0},         {"WEST", 3600},     {"EST", -18000},    {"EDT", -14400},
        {"PST", -28800},    {"PDT", -25200},    {"MST", -25200},    {"MDT", -21600},    {"JST", 32400},
        {"AEST", 36000},    {"AEDT", 39600},    {"MSK", 10800},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(zones); i++)
        if (tt_slice_ieq(tz, zones[i].name)) {
            *out = zones[i].off_s;
            return 1;
        }
    return 0;
}

/* Sets ev->stamp; TT_ERR when a date/time is present but unreadable. */
static int sophos_time(const struct sophos_fields *f, struct tt_event *ev)
{
    if (f->stamp.len && f->date.len == 0 && memchr(f->stamp.p, '-', f->stamp.len)) {
        if (tt_parse_iso8601(f->stamp.p, f->stamp.len, &ev->stamp) != f->stamp.len)
            return TT_ERR;
        ev->has_stamp = 1;
        return TT_OK;
    }
    if (f->date.len == 0 || f->time.len == 0)
        return f->date.len == f->time.len ? TT_OK : TT_ERR;
    char buf[40];
    if (f->date.len != 10 || f->time.len < 8 || f->time.len > 15)
        return TT_ERR;
    memcpy(buf, f->date.p, 10);
    buf[10] = 'T';
    memcpy(buf + 11, f->time.p, f->time.len);
    size_t n = 11 + f->time.len;
    if (tt_parse_iso8601(buf, n, &ev->stamp) != n)
        return TT_ERR;
    int32_t off;
    if (sophos_tz_offset(f->tz, &off)) {
        tt_stamp_set_offset(&ev->stamp, off);
    }
    ev->has_stamp = 1;
    return TT_OK;
}

static int sophos_is_mail(struct tt_slice comp)
{
    return tt_slice_istarts(comp, "SMTP") || tt_slice_istarts(comp, "POP") || tt_slice_istarts(comp, "IMAP");
}

static int sophos_block_action(struct tt_slice a)
{
    return tt_slice_ieq(a, "DROP") || tt_slice_ieq(a, "REJECT") || tt_slice_istarts(a, "QUARANTINE") || tt_slice_ieq(a, "DISCARD") ||
           tt_slice_ieq(a, "BLOCK") || tt_slice_ieq(a, "DENY");
}

static void sophos_antispam(const struct tt_parse_ctx *ctx, const struct sophos_fields *f, struct tt_event *ev)
{
    struct tt_slice a = f->spamaction, st = f->subtype;
    if (tt_slice_ieq(a, "TMPREJECT") || tt_slice_ieq(a, "QUEUED")) {
        ev->verdict = TT_VERDICT_OTHER;
        ev->why = tt_slice_ieq(a, "QUEUED") ? "queued for scanning" : "temporary reject";
        return;
    }
    if (tt_slice_ieq(a, "DELIVERED")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        if (ctx && ctx->home_net && ev->dst.family && !tt_cidr_set_contains(ctx->home_net, &ev->dst)) {
            ev->metric = TT_METRIC_EMAILS_SENT;
            ev->why = "delivered to an external host";
        } else {
            ev->metric = TT_METRIC_EMAILS_DELIVERED;
            ev->why = "delivered to an internal host";
        }
        return;
    }
    if (!sophos_block_action(a)) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "accepted or tagged; the delivery counts";
        return;
    }
    ev->verdict = TT_VERDICT_BLOCKED;
    if (tt_slice_istarts(st, "Outbound") || tt_slice_ieq(st, "DLP") || tt_slice_ieq(st, "SPX")) {
        ev->why = "outbound mail policy, not inbound";
        return;
    }
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    if (tt_slice_ieq(f->qreason, "RBL") || tt_slice_icontains(f->reason, "blacklist") || tt_slice_icontains(f->reason, "blocklist") ||
        tt_slice_icontains(f->reason, "reputation") || tt_slice_ieq(st, "RBL")) {
        ev->reason = TT_REASON_REPUTATION;
        ev->why = "sender reputation (RBL)";
    } else if (tt_slice_icontains(st, "phish") || tt_slice_icontains(f->reason, "phish")) {
        ev->reason = TT_REASON_PHISHING;
        ev->why = "phishing";
    } else if (tt_slice_ieq(st, "Virus") || tt_slice_icontains(f->qreason, "infected") || tt_slice_icontains(f->reason, "malicious")) {
        ev->reason = TT_REASON_MALWARE;
        ev->why = "malware / Sandstorm malicious";
    } else if (tt_slice_icontains(st, "spam") || tt_slice_ieq(f->qreason, "Spam")) {
        ev->reason = TT_REASON_SPAM;
        ev->why = "spam";
    } else {
        ev->reason = TT_REASON_POLICY;
        ev->why = "mail policy";
    }
}

static enum tt_parse_rc sophos_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    TT_UNUSED(state);
    struct tt_slice m = sophos_region(env);
    if (!sophos_probe(env))
        return TT_PARSE_NOMATCH;
    struct sophos_fields f;
    memset(&f, 0, sizeof(f));
    sophos_scan(m, &f);
    if (!f.seen_type) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "Sophos line without log_type";
        return TT_PARSE_BAD;
    }
    if (sophos_time(&f, ev) != TT_OK) {
        ev->has_stamp = 0;
        ev->reason = TT_REASON_BAD_TIME;
        ev->why = "unreadable Sophos date/time";
        return TT_PARSE_BAD;
    }
    if (f.src.len && tt_addr_parse(f.src.p, f.src.len, &ev->src) != TT_OK)
        memset(&ev->src, 0, sizeof(ev->src));
    if (f.dst.len && tt_addr_parse(f.dst.p, f.dst.len, &ev->dst) != TT_OK)
        memset(&ev->dst, 0, sizeof(ev->dst));

    struct tt_slice st = f.subtype;
    if (f.type == SOPHOS_FIREWALL && !st.len)
        st = tt_slice_ieq(f.status, "Allow") ? tt_slice_make("Allowed", 7) : f.status;
    switch (f.type) {
    case SOPHOS_FIREWALL:
        if (tt_slice_ieq(st, "Denied") || tt_slice_ieq(st, "Drop") || tt_slice_ieq(st, "Deny")) {
            tt_fw_deny(ctx, ev);
        } else if (tt_slice_ieq(st, "Allowed")) {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->metric = TT_METRIC_CONNECTIONS_ALLOWED;
            ev->why = "firewall connection allowed";
        } else {
            ev->why = "firewall record without verdict";
        }
        break;
    case SOPHOS_IDP:
    case SOPHOS_ATP:
        if (tt_slice_ieq(st, "Drop") || tt_slice_ieq(st, "Block") || tt_slice_ieq(st, "Reset") || tt_slice_ieq(st, "Reject") ||
            tt_slice_ieq(st, "Denied"))
            tt_fw_ips_block(ev);
        else if (tt_slice_ieq(st, "Detect") || tt_slice_ieq(st, "Alert"))
            tt_fw_ids_alert(ev);
        else
            ev->why = "IDP/ATP record without verdict";
        break;
    case SOPHOS_AV:
        if (tt_slice_ieq(st, "Virus") || tt_slice_ieq(st, "Denied") || tt_slice_ieq(st, "Blocked")) {
            if (sophos_is_mail(f.component)) {
                ev->verdict = TT_VERDICT_BLOCKED;
                ev->metric = TT_METRIC_EMAILS_BLOCKED;
                ev->reason = tt_slice_icontains(f.virus, "phish") ? TT_REASON_PHISHING : TT_REASON_MALWARE;
                ev->why = "infected mail blocked";
            } else {
                tt_fw_ips_block(ev);
                ev->why = "malware download blocked";
            }
        } else if (tt_slice_ieq(st, "Allowed") || tt_slice_ieq(st, "Clean")) {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "scanned clean";
        } else {
            ev->why = "anti-virus record without verdict";
        }
        break;
    case SOPHOS_SPAM:
        sophos_antispam(ctx, &f, ev);
        break;
    case SOPHOS_CFILTER:
        if (tt_slice_ieq(st, "Denied") || (tt_slice_ieq(st, "Alert") && tt_prefix_verdict(NULL, f.action) == TT_VERDICT_BLOCKED)) {
            ev->verdict = TT_VERDICT_BLOCKED;
            ev->why = "web/application policy block, not an attack";
        } else if (tt_slice_ieq(st, "Allowed")) {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "web request allowed";
        } else {
            ev->why = "content-filter record without verdict";
        }
        break;
    case SOPHOS_SANDBOX:
        if (tt_slice_ieq(st, "Denied")) {
            ev->verdict = TT_VERDICT_BLOCKED;
            ev->why = "Sandstorm verdict; the AV/Anti-Spam line counts the block";
        } else if (tt_slice_ieq(st, "Allowed")) {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "Sandstorm clean";
        } else {
            ev->why = "Sandstorm pending";
        }
        break;
    default:
        ev->why = "event, health or system record";
        break;
    }
    return TT_PARSE_OK;
}

const struct tt_parser_ops tt_parser_sophos_xg = {
    .name = "sophos-xg",
    .help = "Sophos XG / SFOS key=value (Firewall, IDP, ATP, Anti-Virus, Anti-Spam, Content Filtering)",
    .apps = NULL,
    .probe = sophos_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = sophos_parse,
};
