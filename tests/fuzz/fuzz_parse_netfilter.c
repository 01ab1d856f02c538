/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_netfilter.c -- libFuzzer target for collector/parse_netfilter.c
 * (and the --prefix-map parser). The first input byte picks options (site
 * prefix rules, no home-net); the rest is one line, in a buffer of exactly
 * its length so ASan catches any read past the end. The line goes through
 * the real envelope, then through hand-made envelopes (no header, "kernel",
 * a tag inside the line). Checks that results are coherent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/envelope.h"
#include "collector/parse_netfilter.h"

static void check(const struct tt_parse_ctx *ctx, const struct tt_envelope *env)
{
    struct tt_event ev;
    tt_event_reset(&ev);
    enum tt_parse_rc rc = tt_parser_netfilter.parse(NULL, ctx, env, &ev);
    int probed = tt_parser_netfilter.probe(env);
    switch (rc) {
    case TT_PARSE_OK:
        if (!probed || !ev.why || ev.has_stamp || ev.count != 1)
            abort();
        if (ev.src.family != 4 && ev.src.family != 6)
            abort();
        if (ev.dst.family != 0 && ev.dst.family != 4 && ev.dst.family != 6)
            abort();
        if (ev.verdict == TT_VERDICT_BLOCKED) {
            int inside = ctx->home_net && tt_cidr_set_contains(ctx->home_net, &ev.src);
            if (inside ? ev.metric != TT_METRIC_NONE
                       : (ev.metric != TT_METRIC_ATTACKS_BLOCKED || ev.reason != TT_REASON_FIREWALL))
                abort();
        } else if (ev.verdict == TT_VERDICT_ALLOWED) {
            if (ev.metric != TT_METRIC_CONNECTIONS_ALLOWED)
                abort();
        } else if (ev.verdict != TT_VERDICT_OTHER || ev.metric != TT_METRIC_NONE) {
            abort();
        }
        break;
    case TT_PARSE_BAD:
        if (ev.reason != TT_REASON_MALFORMED || !ev.why || ev.metric != TT_METRIC_NONE)
            abort();
        break;
    case TT_PARSE_NOMATCH:
        break;
    default:
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    const char *line = (const char *)data + 1;
    size_t len = size - 1;

    static struct tt_cidr_set home;
    static int home_ready;
    if (!home_ready) {
        tt_cidr_set_default_home(&home);
        home_ready = 1;
    }
    struct tt_prefix_rule rules[TT_PREFIX_RULES_MAX];
    size_t n_rules = 0;
    char err[128];
    if (tt_prefix_rules_parse("FW-IN:blocked,OK-OUT:allowed,AUDIT:other,Shorewall:x:LOG::blocked", rules,
                              TT_PREFIX_RULES_MAX, &n_rules, err, sizeof(err)) != TT_OK)
        abort();
    struct tt_parse_ctx ctx = {
        .home_net = (flags & 2) ? NULL : &home,
        .prefix_rules = (flags & 1) ? rules : NULL,
        .n_prefix_rules = (flags & 1) ? n_rules : 0,
        .now_s = 0,
    };

    struct tt_envelope env;
    tt_envelope_parse(line, len, &env);
    check(&ctx, &env);

    /* no header */
    memset(&env, 0, sizeof(env));
    env.pri = -1;
    env.line = tt_slice_make(line, len);
    env.msg = env.line;
    check(&ctx, &env);

    /* routed as "kernel" (app outside the line) */
    static const char kernel[] = "kernel";
    env.app = tt_slice_make(kernel, 6);
    check(&ctx, &env);

    /* a tag inside the line, up to the first ':' */
    const char *colon = len ? memchr(line, ':', len) : NULL;
    if (colon && colon > line) {
        env.app = tt_slice_make(line, (size_t)(colon - line));
        env.msg = tt_slice_make(colon + 1, len - (size_t)(colon + 1 - line));
        check(&ctx, &env);
    }

    /* The input as a --prefix-map value. */
    if (len < 4096) {
        char *z = malloc(len + 1);
        if (!z)
            return 0;
        memcpy(z, line, len);
        z[len] = '\0';
        size_t n = 12345;
        if (tt_prefix_rules_parse(z, rules, (flags >> 2) % (TT_PREFIX_RULES_MAX + 1), &n, err, sizeof(err)) == TT_OK) {
            if (n > TT_PREFIX_RULES_MAX)
                abort();
            for (size_t i = 0; i < n; i++)
                if (rules[i].len == 0 || rules[i].len > 31 || strlen(rules[i].text) != rules[i].len)
                    abort();
        } else if (err[0] == '\0' || n != 12345) {
            abort();
        }
        free(z);
    }
    return 0;
}
