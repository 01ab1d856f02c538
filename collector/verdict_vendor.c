/* SPDX-License-Identifier: MIT
 *
 * verdict_vendor.c -- the vendor verdict rules that two parsers share: Check
 * Point, FortiGate, PAN-OS and SonicWall each in their native form and in
 * the CEF form (see verdict_vendor.h); plus Check Point's loguid memory
 */
#include "collector/verdict_vendor.h"
#include "collector/scan_kv.h"
#include "collector/verdict.h"

#include <stdlib.h>
#include <string.h>

#define CP_SEEN_SLOTS 65536
#define CP_SEEN_TTL_S 86400

struct verdict_vendor_cp_slot {
    uint64_t key; /* FNV-1a of the loguid, 0 = empty */
    int64_t t_s;  /* event time it was counted */
};

struct tt_cp_seen {
    struct verdict_vendor_cp_slot slot[CP_SEEN_SLOTS]; /* direct-mapped */
};

struct tt_cp_seen *tt_cp_seen_create(void)
{
    return calloc(1, sizeof(struct tt_cp_seen));
}

void tt_cp_seen_destroy(struct tt_cp_seen *s)
{
    free(s);
}

int tt_cp_seen_check(struct tt_cp_seen *s, struct tt_slice loguid, int64_t now_s)
{
    if (!s || loguid.len == 0)
        return 0;
    /* "{0x0,0x0,0x0,0x0}": no log identity (local, control and some
     * Log Exporter records); distinct events share it, never dedup */
    size_t k = 0;
    while (k < loguid.len && (loguid.p[k] == '{' || loguid.p[k] == '}' || loguid.p[k] == '0' ||
                              loguid.p[k] == 'x' || loguid.p[k] == ','))
        k++;
    if (k == loguid.len)
        return 0;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < loguid.len; i++)
        h = (h ^ (unsigned char)loguid.p[i]) * 1099511628211ULL;
    if (h == 0)
        h = 1;
    struct verdict_vendor_cp_slot *e = &s->slot[(h ^ (h >> 29)) & (CP_SEEN_SLOTS - 1)];
    if (e->key == h && now_s - e->t_s < CP_SEEN_TTL_S && e->t_s - now_s < CP_SEEN_TTL_S)
        return 1;
    e->key = h;
    e->t_s = now_s;
    return 0;
}

static int verdict_vendor_cp_product_has(struct tt_slice p, const char *w)
{
    return p.len && tt_memcasemem(p.p, p.len, w, strlen(w)) != NULL;
}

static int verdict_vendor_cp_threat_blade(struct tt_slice p)
{
    static const char *const names[] = {"IPS", "SmartDefense", "Anti-Bot", "Anti Bot", "Anti-Virus",
                                        "Anti Virus", "Anti-Malware", "Threat Emulation", "Threat Extraction",
                                        "Threat Prevention", "Zero Phishing", "Core Protections", "Anti-Spam"};
    for (size_t i = 0; i < TT_ARRAY_LEN(names); i++)
        if (verdict_vendor_cp_product_has(p, names[i]))
            return 1;
    return 0;
}

static int verdict_vendor_cp_firewall_blade(struct tt_slice p)
{
    return p.len == 0 || verdict_vendor_cp_product_has(p, "FireWall") || verdict_vendor_cp_product_has(p, "Log Update");
}

static int verdict_vendor_cp_policy_blade(struct tt_slice p)
{
    return verdict_vendor_cp_product_has(p, "URL Filtering") || verdict_vendor_cp_product_has(p, "Application Control") ||
           verdict_vendor_cp_product_has(p, "Content Awareness") || verdict_vendor_cp_product_has(p, "HTTPS Inspection");
}

void tt_checkpoint_judge(const struct tt_parse_ctx *ctx, struct tt_slice action, struct tt_slice product,
                         struct tt_event *ev)
{
    if (tt_slice_ieq(action, "accept") || tt_slice_ieq(action, "allow")) {
        if (verdict_vendor_cp_firewall_blade(product))
            tt_fw_allow(ev);
        else
            tt_fw_set(ev, TT_VERDICT_ALLOWED, "blade accept, not a connection record");
    } else if (tt_slice_ieq(action, "drop") || tt_slice_ieq(action, "reject") || tt_slice_ieq(action, "block")) {
        if (verdict_vendor_cp_threat_blade(product))
            tt_fw_ips_block(ev);
        else if (verdict_vendor_cp_policy_blade(product))
            tt_fw_set(ev, TT_VERDICT_BLOCKED, "URL/application policy block, not an attack");
        else
            tt_fw_deny(ctx, ev);
    } else if (tt_slice_ieq(action, "prevent")) {
        tt_fw_ips_block(ev);
    } else if (tt_slice_ieq(action, "detect")) {
        tt_fw_ids_alert(ev);
    } else {
        tt_fw_set(ev, TT_VERDICT_OTHER, action.len ? "action without a traffic verdict" : "no action");
    }
}

enum tt_fg_word tt_fortigate_word(struct tt_slice a)
{
    static const struct {
        const char *w;  /* action value */
        uint8_t len;    /* strlen(w) */
        enum tt_fg_word k; /* its class */
    } words[] = {
        {"deny", 4, TT_FG_BLOCK},          {"denied", 6, TT_FG_BLOCK},       {"drop", 4, TT_FG_BLOCK},
        {"dropped", 7, TT_FG_BLOCK},       {"block", 5, TT_FG_BLOCK},        {"blocked", 7, TT_FG_BLOCK},
        {"reject", 6, TT_FG_BLOCK},        {"reset", 5, TT_FG_BLOCK},        {"reset_client", 12, TT_FG_BLOCK},
        {"reset_server", 12, TT_FG_BLOCK}, {"reset_both", 10, TT_FG_BLOCK},  {"clear_session", 13, TT_FG_BLOCK},
        {"drop_session", 12, TT_FG_BLOCK}, {"quarantine", 10, TT_FG_BLOCK},  {"discard", 7, TT_FG_BLOCK},
        {"accept", 6, TT_FG_PASS},         {"allow", 5, TT_FG_PASS},         {"permit", 6, TT_FG_PASS},
        {"pass", 4, TT_FG_PASS},           {"passthrough", 11, TT_FG_PASS},  {"close", 5, TT_FG_PASS},
        {"timeout", 7, TT_FG_PASS},        {"client-rst", 10, TT_FG_PASS},   {"server-rst", 10, TT_FG_PASS},
        {"exempt", 6, TT_FG_PASS},         {"pass_session", 12, TT_FG_DETECT}, {"detected", 8, TT_FG_DETECT},
        {"monitored", 9, TT_FG_DETECT},    {"start", 5, TT_FG_START},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(words); i++)
        if (a.len == words[i].len && tt_slice_ieq(a, words[i].w))
            return words[i].k;
    return TT_FG_NONE;
}

/* The rules on words already classified: w of action (action_len its
 * length), utm of utmaction (TT_FG_NONE when absent). */
void tt_fortigate_judge_words(const struct tt_parse_ctx *ctx, struct tt_slice type, struct tt_slice subtype,
                              enum tt_fg_word w,
                     size_t action_len, enum tt_fg_word utm, struct tt_event *ev)
{
    if (tt_slice_ieq(type, "traffic")) {
        switch (w) {
        case TT_FG_BLOCK:
            tt_fw_deny(ctx, ev);
            return;
        case TT_FG_PASS:
            if (utm == TT_FG_BLOCK) {
                tt_fw_set(ev, TT_VERDICT_BLOCKED, "session ended by a UTM block (the UTM record counts an attack)");
                return;
            }
            tt_fw_allow(ev);
            return;
        case TT_FG_START:
            tt_fw_set(ev, TT_VERDICT_OTHER, "session start");
            return;
        default:
            tt_fw_set(ev, TT_VERDICT_OTHER, "traffic record without a verdict");
            return;
        }
    }
    /* FortiOS 5.0 wrote the UTM kind as the type itself. */
    struct tt_slice kind = tt_slice_ieq(type, "utm") ? subtype : type;
    if (tt_slice_ieq(kind, "ips") || tt_slice_ieq(kind, "anomaly") || tt_slice_ieq(kind, "virus")) {
        if (w == TT_FG_BLOCK)
            tt_fw_ips_block(ev);
        else if (w == TT_FG_DETECT || w == TT_FG_PASS || action_len == 0)
            tt_fw_ids_alert(ev);
        else
            tt_fw_set(ev, TT_VERDICT_OTHER, "UTM record without a verdict");
        return;
    }
    if (tt_slice_ieq(type, "event")) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "system/vpn/user event");
        return;
    }
    switch (w) {
    case TT_FG_BLOCK:
        tt_fw_set(ev, TT_VERDICT_BLOCKED, "UTM policy block (web/app/dlp/ssl/dns), not an attack");
        return;
    case TT_FG_PASS:
    case TT_FG_DETECT:
        tt_fw_set(ev, TT_VERDICT_ALLOWED, "UTM pass, the session is counted by its traffic record");
        return;
    default:
        tt_fw_set(ev, TT_VERDICT_OTHER, "record without a verdict");
        return;
    }
}

void tt_fortigate_judge(const struct tt_parse_ctx *ctx, struct tt_slice type, struct tt_slice subtype,
                        struct tt_slice action, struct tt_slice utmaction, struct tt_event *ev)
{
    tt_fortigate_judge_words(ctx, type, subtype, tt_fortigate_word(action), action.len,
             utmaction.len ? tt_fortigate_word(utmaction) : TT_FG_NONE, ev);
}

enum verdict_vendor_pan_class {
    VERDICT_VENDOR_PAN_NONE = 0, /* no verdict word */
    VERDICT_VENDOR_PAN_ALLOW,    /* allow, alert, continue, override */
    VERDICT_VENDOR_PAN_ALERT,    /* alert only */
    VERDICT_VENDOR_PAN_BLOCK,    /* deny, drop, reset-*, block-* */
    VERDICT_VENDOR_PAN_COUNT
};

static enum verdict_vendor_pan_class verdict_vendor_pan_action_class(struct tt_slice a)
{
    if (tt_slice_ieq(a, "alert"))
        return VERDICT_VENDOR_PAN_ALERT;
    if (tt_slice_ieq(a, "allow") || tt_slice_ieq(a, "continue") || tt_slice_ieq(a, "override") ||
        tt_slice_ieq(a, "allowed"))
        return VERDICT_VENDOR_PAN_ALLOW;
    if (tt_slice_istarts(a, "deny") || tt_slice_istarts(a, "drop") || tt_slice_istarts(a, "reset") ||
        tt_slice_istarts(a, "block") || tt_slice_ieq(a, "sinkhole") || tt_slice_ieq(a, "random-drop") ||
        tt_slice_istarts(a, "override-lockout"))
        return VERDICT_VENDOR_PAN_BLOCK;
    return VERDICT_VENDOR_PAN_NONE;
}

static int verdict_vendor_pan_threat_subtype(struct tt_slice s)
{
    static const char *const names[] = {"virus", "spyware", "vulnerability", "scan", "flood", "packet",
                                        "wildfire-virus", "ml-virus", "botnet"};
    for (size_t i = 0; i < TT_ARRAY_LEN(names); i++)
        if (tt_slice_ieq(s, names[i]))
            return 1;
    return 0;
}


void tt_panos_judge(const struct tt_parse_ctx *ctx, struct tt_slice type, struct tt_slice sub,
                    struct tt_slice action, struct tt_event *ev)
{
    int traffic = tt_slice_ieq(type, "TRAFFIC");
    int threat = tt_slice_ieq(type, "THREAT");
    if (!traffic && !threat && !tt_slice_ieq(type, "URL")) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "PAN-OS log type without a traffic verdict");
        return;
    }
    enum verdict_vendor_pan_class c = verdict_vendor_pan_action_class(action);
    if (traffic) {
        if (tt_slice_ieq(sub, "start")) {
            tt_fw_set(ev, TT_VERDICT_OTHER, "session start");
        } else if (c == VERDICT_VENDOR_PAN_BLOCK || tt_slice_ieq(sub, "deny") || tt_slice_ieq(sub, "drop")) {
            tt_fw_deny(ctx, ev);
        } else if (c == VERDICT_VENDOR_PAN_ALLOW || c == VERDICT_VENDOR_PAN_ALERT) {
            tt_fw_allow(ev);
        } else {
            tt_fw_set(ev, TT_VERDICT_OTHER, "traffic record without a verdict");
        }
    } else if (threat && verdict_vendor_pan_threat_subtype(sub)) {
        if (c == VERDICT_VENDOR_PAN_BLOCK)
            tt_fw_ips_block(ev);
        else if (c == VERDICT_VENDOR_PAN_ALERT || c == VERDICT_VENDOR_PAN_ALLOW)
            tt_fw_ids_alert(ev);
        else
            tt_fw_set(ev, TT_VERDICT_OTHER, "threat record without a verdict");
    } else if (threat && tt_slice_ieq(sub, "wildfire")) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "WildFire verdict report");
    } else {
        /* url, file, data: the site's policy about its own users */
        if (c == VERDICT_VENDOR_PAN_BLOCK)
            tt_fw_set(ev, TT_VERDICT_BLOCKED, "URL/file/data filtering block, not an attack");
        else if (c == VERDICT_VENDOR_PAN_ALLOW || c == VERDICT_VENDOR_PAN_ALERT)
            tt_fw_set(ev, TT_VERDICT_ALLOWED, "URL/file/data filtering pass");
        else
            tt_fw_set(ev, TT_VERDICT_OTHER, "filtering record without a verdict");
    }
}


static int verdict_vendor_sw_ends_word(struct tt_slice s, const char *w)
{
    size_t n = strlen(w);
    s = tt_slice_trim(s);
    if (s.len < n)
        return 0;
    struct tt_slice tail = tt_slice_make(s.p + s.len - n, n);
    return tt_slice_ieq(tail, w);
}


void tt_sonicwall_judge(const struct tt_parse_ctx *ctx, uint32_t m, uint32_t c, struct tt_slice msg,
                        struct tt_slice act, struct tt_event *ev)
{
    int attack_cat = (c & 32) != 0;
    int act_block = tt_slice_ieq(act, "drop") || tt_slice_ieq(act, "deny") || tt_slice_ieq(act, "reject") || tt_slice_ieq(act, "block");
    if (tt_slice_istarts(msg, "Application Control") || tt_slice_istarts(msg, "App Control")) {
        if (tt_slice_icontains(msg, "Prevention") || act_block)
            tt_fw_set(ev, TT_VERDICT_BLOCKED, "application control block (policy on our users)");
        else
            tt_fw_set(ev, TT_VERDICT_ALLOWED, "application control detection (an application, not an attack)");
    } else if (tt_slice_icontains(msg, "Prevention Alert") || tt_slice_istarts(msg, "Gateway Anti-Virus Alert") ||
        (tt_slice_icontains(msg, "Alert") && verdict_vendor_sw_ends_word(msg, "blocked"))) {
        tt_fw_ips_block(ev);
    } else if (tt_slice_icontains(msg, "Detection Alert") ||
               (attack_cat && !act_block &&
                (tt_slice_icontains(msg, " detected") || tt_slice_icontains(msg, "Flood") || tt_slice_icontains(msg, "attack")))) {
        if (tt_slice_icontains(msg, "ceased")) {
            ev->why = "attack ended";
        } else {
            tt_fw_ids_alert(ev);
            ev->why = "SonicWall detection alert";
        }
    } else if (m == 14 || tt_slice_istarts(msg, "Web site access denied") || (m == 97 && act_block)) {
        ev->verdict = TT_VERDICT_BLOCKED;
        ev->why = "content filter block, not an attack";
    } else if (tt_slice_icontains(msg, "login") || tt_slice_icontains(msg, "Administrator")) {
        ev->why = "administration / authentication";
    } else if (act_block || verdict_vendor_sw_ends_word(msg, "dropped") || verdict_vendor_sw_ends_word(msg, "denied") || verdict_vendor_sw_ends_word(msg, "blocked")) {
        if (attack_cat)
            tt_fw_ips_block(ev);
        else
            tt_fw_deny(ctx, ev);
    } else if (m == 537) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->metric = TT_METRIC_CONNECTIONS_ALLOWED;
        ev->why = "connection closed (allowed session)";
    } else if (m == 98) {
        ev->why = "connection opened: a session start never counts";
    } else if (m == 97) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "web site hit";
    } else {
        ev->why = "SonicWall record without verdict";
    }
}
