/* SPDX-License-Identifier: MIT
 *
 * verdict.c -- vendor words -> verdict, the docs/COUNTING.md rules in one
 * place (see verdict.h): log-prefix words and the --prefix-map rules, the
 * firewall/IPS/IDS verdict setters, and the reason of a refusal text
 */
#include "collector/verdict.h"
#include "collector/scan_kv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static inline int verdict_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static inline unsigned char verdict_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}


/* 1 when the word w (lower case) starts at p[i], any case. */
static inline int verdict_word_at(const char *p, size_t len, size_t i, const char *w, size_t wlen)
{
    if (len - i < wlen)
        return 0;
    for (size_t k = 1; k < wlen; k++)
        if (verdict_lower((unsigned char)p[i + k]) != (unsigned char)w[k])
            return 0;
    return 1;
}


/* The words of docs/COUNTING.md#netfilter, in one pass over the text: DROP, DENY, DENIED, DISALLOW,
 * REJECT, BLOCK -> blocked (wins); ACCEPT, ALLOW, PERMIT, PASS -> allowed. */
enum tt_verdict tt_keyword_verdict(struct tt_slice pre)
{
    int allowed = 0;
    for (size_t i = 0; i < pre.len; i++) {
        switch (verdict_lower((unsigned char)pre.p[i])) {
        case 'd':
            if (verdict_word_at(pre.p, pre.len, i, "drop", 4) || verdict_word_at(pre.p, pre.len, i, "deny", 4) ||
                verdict_word_at(pre.p, pre.len, i, "denied", 6) || verdict_word_at(pre.p, pre.len, i, "disallow", 8))
                return TT_VERDICT_BLOCKED;
            break;
        case 'r':
            if (verdict_word_at(pre.p, pre.len, i, "reject", 6))
                return TT_VERDICT_BLOCKED;
            break;
        case 'b':
            if (verdict_word_at(pre.p, pre.len, i, "block", 5))
                return TT_VERDICT_BLOCKED;
            break;
        case 'a':
            if (verdict_word_at(pre.p, pre.len, i, "accept", 6) || verdict_word_at(pre.p, pre.len, i, "allow", 5))
                allowed = 1;
            break;
        case 'p':
            if (verdict_word_at(pre.p, pre.len, i, "permit", 6) || verdict_word_at(pre.p, pre.len, i, "pass", 4))
                allowed = 1;
            break;
        default:
            break;
        }
    }
    return allowed ? TT_VERDICT_ALLOWED : TT_VERDICT_OTHER;
}


/* --prefix-map rules first (substring, any case, first match), or UNPARSED. */
enum tt_verdict tt_site_rule_verdict(const struct tt_parse_ctx *ctx, struct tt_slice pre)
{
    if (ctx && ctx->prefix_rules) {
        for (size_t i = 0; i < ctx->n_prefix_rules; i++) {
            const struct tt_prefix_rule *r = &ctx->prefix_rules[i];
            if (r->len > 0 && pre.len && tt_memcasemem(pre.p, pre.len, r->text, r->len))
                return r->verdict;
        }
    }
    return TT_VERDICT_UNPARSED;
}


enum tt_verdict tt_prefix_verdict(const struct tt_parse_ctx *ctx, struct tt_slice text)
{
    enum tt_verdict v = tt_site_rule_verdict(ctx, text);
    return v != TT_VERDICT_UNPARSED ? v : tt_keyword_verdict(text);
}


static int verdict_name(const char *p, size_t len, enum tt_verdict *out)
{
    static const struct {
        const char *name;  /* as written in the option */
        enum tt_verdict v; /* what it means */
    } names[] = {
        {"blocked", TT_VERDICT_BLOCKED},
        {"allowed", TT_VERDICT_ALLOWED},
        {"other", TT_VERDICT_OTHER},
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(names); i++) {
        if (strlen(names[i].name) == len && strncasecmp(names[i].name, p, len) == 0) {
            *out = names[i].v;
            return TT_OK;
        }
    }
    return TT_ERR;
}


int tt_prefix_rules_parse(const char *spec, struct tt_prefix_rule *out, size_t max, size_t *out_n, char *err,
                          size_t errlen)
{
    char dummy[1];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    err[0] = '\0';
    size_t n = 0;
    if (!spec) {
        *out_n = 0;
        return TT_OK;
    }
    const char *b0 = spec;
    while (verdict_is_blank(*b0))
        b0++;
    if (*b0 == '\0') {
        *out_n = 0;
        return TT_OK;
    }
    const char *s = spec;
    size_t item = 0;
    struct tt_slice it;
    while (tt_list_next(&s, &it)) {
        const char *b = it.p, *t = it.p + it.len;
        item++;
        int ilen = (int)TT_MIN((size_t)(t - b), 80);
        if (t == b) {
            snprintf(err, errlen, "empty item %zu in prefix map", item);
            return TT_ERR;
        }
        const char *colon = NULL;
        for (const char *c = t; c > b; c--)
            if (c[-1] == ':') {
                colon = c - 1;
                break;
            }
        if (!colon) {
            snprintf(err, errlen, "invalid prefix rule \"%.*s\" (item %zu): expected TEXT:blocked|allowed|other",
                     ilen, b, item);
            return TT_ERR;
        }
        const char *tb = b, *te = colon;
        while (te > tb && verdict_is_blank(te[-1]))
            te--;
        const char *vb = colon + 1;
        while (vb < t && verdict_is_blank(*vb))
            vb++;
        enum tt_verdict v;
        if (verdict_name(vb, (size_t)(t - vb), &v) != TT_OK) {
            snprintf(err, errlen, "invalid prefix rule \"%.*s\" (item %zu): verdict must be blocked, allowed or other",
                     ilen, b, item);
            return TT_ERR;
        }
        size_t tlen = (size_t)(te - tb);
        if (tlen == 0) {
            snprintf(err, errlen, "invalid prefix rule \"%.*s\" (item %zu): empty prefix text", ilen, b, item);
            return TT_ERR;
        }
        if (tlen >= sizeof(out[0].text)) {
            snprintf(err, errlen, "invalid prefix rule \"%.*s\" (item %zu): prefix text longer than %zu bytes", ilen,
                     b, item, sizeof(out[0].text) - 1);
            return TT_ERR;
        }
        if (n >= max) {
            snprintf(err, errlen, "too many prefix rules (at most %zu): \"%.*s\"", max, ilen, b);
            return TT_ERR;
        }
        memcpy(out[n].text, tb, tlen);
        out[n].text[tlen] = '\0';
        out[n].len = tlen;
        out[n].verdict = v;
        n++;
    }
    *out_n = n;
    return TT_OK;
}


void tt_fw_deny(const struct tt_parse_ctx *ctx, struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_BLOCKED;
    static const uint8_t zero[16];
    if (ev->src.family == 0 || memcmp(ev->src.bytes, zero, 16) == 0) {
        /* docs/COUNTING.md#firewalls: an attack is a deny of traffic from outside --home-net; a
         * deny whose source cannot be read is not known to be one. */
        ev->metric = TT_METRIC_NONE;
        ev->reason = TT_REASON_NONE;
        ev->why = "deny without a source address";
    } else if (ctx && ctx->home_net && tt_cidr_set_contains(ctx->home_net, &ev->src)) {
        ev->metric = TT_METRIC_NONE;
        ev->reason = TT_REASON_NONE;
        ev->why = "outbound/internal deny, not an attack";
    } else {
        ev->metric = TT_METRIC_ATTACKS_BLOCKED;
        ev->reason = TT_REASON_FIREWALL;
        ev->why = "firewall deny from outside";
    }
}


void tt_fw_ips_block(struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_BLOCKED;
    ev->metric = TT_METRIC_ATTACKS_BLOCKED;
    ev->reason = TT_REASON_IPS;
    ev->why = "IPS block";
}


void tt_fw_ids_alert(struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_ALLOWED;
    ev->metric = TT_METRIC_IDS_ALERTS;
    ev->reason = TT_REASON_NONE;
    ev->why = "IDS alert, detected only";
}


void tt_fw_allow(struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_ALLOWED;
    ev->metric = TT_METRIC_CONNECTIONS_ALLOWED;
    ev->reason = TT_REASON_NONE;
    ev->why = "allowed connection record";
}


void tt_fw_set(struct tt_event *ev, enum tt_verdict v, const char *why)
{
    ev->verdict = v;
    ev->metric = TT_METRIC_NONE;
    ev->reason = TT_REASON_NONE;
    ev->why = why;
}


enum tt_reason tt_reason_from_text(const char *p, size_t n, enum tt_reason deflt)
{
    int phish = TT_IFIND(p, n, "phish") != NULL;
    if (TT_IFIND(p, n, "virus") || TT_IFIND(p, n, "malware") || TT_IFIND(p, n, "infected") ||
        TT_IFIND(p, n, "trojan"))
        return phish ? TT_REASON_PHISHING : TT_REASON_MALWARE;
    if (phish)
        return TT_REASON_PHISHING;
    if (TT_IFIND(p, n, "dnsbl") || TT_IFIND(p, n, "rbl") || TT_IFIND(p, n, "black list") ||
        TT_IFIND(p, n, "blacklist") || TT_IFIND(p, n, "blocklist") || TT_IFIND(p, n, "listed ") ||
        TT_IFIND(p, n, "spamhaus") || TT_IFIND(p, n, "spamcop") || TT_IFIND(p, n, "sorbs") ||
        TT_IFIND(p, n, "barracudacentral") || TT_IFIND(p, n, "blocked using") || TT_IFIND(p, n, "reputation"))
        return TT_REASON_REPUTATION;
    if (TT_IFIND(p, n, "spam") || TT_IFIND(p, n, "junk") || TT_IFIND(p, n, "hits=") || TT_IFIND(p, n, "score"))
        return TT_REASON_SPAM;
    return deflt;
}
