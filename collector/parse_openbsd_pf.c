/* SPDX-License-Identifier: MIT
 *
 * parse_openbsd_pf.c -- OpenBSD pf log records as tcpdump prints them from
 * pflog (`tcpdump -n -e -ttt -r /var/log/pflog`, or `tcpdump -l -n -e -ttt
 * -i pflog0 | logger -t pf` to send them through syslog), --format
 * openbsd-pf:
 *
 *   Mar 10 13:45:01.543210 rule 2/0(match): block in on em0: 192.0.2.7.51234 > 198.51.100.1.22: S ...
 *   Mar 10 13:45:01 fw1 pf: rule 0/(match) pass out on em1: 10.0.0.5.40000 > 198.51.100.9.443: S ...
 *
 * The pf header is "rule NR/SUBNR(REASON)" (older tcpdump: a ':' after the
 * reason), then the action, the direction and "on IFACE:", then tcpdump's
 * "SRC.PORT > DST.PORT:" (no ports for ICMP; an IPv6 address keeps its
 * ':'s, the port follows the last '.').
 *
 * Verdicts (docs/COUNTING.md#firewalls, as for the other firewalls): block
 * -> blocked, attacks_blocked:firewall when SRC is outside --home-net,
 * counting nothing when it is inside; pass -> connections_allowed; match,
 * scrub, nat, rdr, binat -> other. A record without a readable SRC is
 * unparsed malformed. The time is tcpdump's "-ttt" stamp (month, day, time,
 * no year, no zone: --tz and the inferred year), or the syslog header's.
 *
 * Place in the pipeline: envelope (program "pf", "pflog", "pflogd") or probe -> this.
 */
#include "collector/scan_addr.h"
#include "collector/scan_kv.h"
#include "collector/scan_time.h"
#include "collector/verdict.h"
#include "collector/parser.h"

/* The pf record in env: the message, or (a bare tcpdump line the envelope
 * could not split) the line after tcpdump's own stamp, read into *out_st. */
static struct tt_slice openbsd_pf_record(const struct tt_envelope *env, struct tt_stamp *out_st, int *out_has_st)
{
    *out_has_st = 0;
    struct tt_slice m = env->msg;
    if (m.len > 5 && (m.p[0] == 'r' || m.p[0] == ' ' || m.p[0] == '\t')) {
        m = tt_slice_trim(m);
        if (TT_STARTS(m.p, m.len, "rule "))
            return m;
    }
    /* tcpdump's stamp is "Mmm dd hh:mm:ss" or with ".uuuuuu": look for the
     * record where one of those ends before reading the stamp, so that lines
     * of other formats cost a few byte compares here in --format auto */
    struct tt_slice l = env->line;
    int at15 = l.len > 21 && l.p[16] == 'r' && memcmp(l.p + 15, " rule ", 6) == 0;
    int at22 = l.len > 28 && l.p[23] == 'r' && memcmp(l.p + 22, " rule ", 6) == 0;
    size_t n = (at15 || at22) ? tt_parse_bsd_stamp(l.p, l.len, out_st) : 0;
    if (n && n < l.len && l.p[n] == ' ') {
        struct tt_slice r = tt_slice_trim(tt_slice_make(l.p + n, l.len - n));
        if (TT_STARTS(r.p, r.len, "rule ")) {
            *out_has_st = 1;
            return r;
        }
    }
    return tt_slice_make(m.p, 0);
}

static int openbsd_pf_probe(const struct tt_envelope *env)
{
    struct tt_stamp st;
    int has_st;
    struct tt_slice r = openbsd_pf_record(env, &st, &has_st);
    return r.len > 12 && memchr(r.p, '(', TT_MIN(r.len, 32)) != NULL && TT_FIND(r.p, TT_MIN(r.len, 64), " on ");
}

/* The next blank-separated word of [*p, end), advancing *p past it. */
static struct tt_slice openbsd_pf_word(const char **p, const char *end)
{
    while (*p < end && **p == ' ')
        (*p)++;
    const char *b = *p;
    while (*p < end && **p != ' ')
        (*p)++;
    return tt_slice_make(b, (size_t)(*p - b));
}

/* tcpdump's "ADDR.PORT" (or "ADDR" alone), a trailing ':' dropped: an IPv4
 * address with a port has four dots, an IPv6 one any dot at all. */
static int openbsd_pf_endpoint(struct tt_slice t, struct tt_addr *out)
{
    if (t.len && t.p[t.len - 1] == ':')
        t.len--;
    int v6 = memchr(t.p, ':', t.len) != NULL;
    size_t dots = 0, last = 0;
    for (size_t i = 0; i < t.len; i++)
        if (t.p[i] == '.') {
            dots++;
            last = i;
        }
    if ((v6 && dots > 0) || (!v6 && dots == 4))
        t.len = last;
    return tt_slice_addr(t, out);
}

static enum tt_parse_rc openbsd_pf_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                         struct tt_event *ev)
{
    TT_UNUSED(state);
    struct tt_stamp st;
    int has_st;
    struct tt_slice r = openbsd_pf_record(env, &st, &has_st);
    const char *close = r.len ? memchr(r.p, ')', TT_MIN(r.len, 48)) : NULL;
    if (!close || !memchr(r.p, '(', (size_t)(close - r.p)))
        return TT_PARSE_NOMATCH;
    const char *p = close + 1, *end = r.p + r.len;
    if (p < end && *p == ':')
        p++;
    struct tt_slice action = openbsd_pf_word(&p, end);
    struct tt_slice dir = openbsd_pf_word(&p, end);
    struct tt_slice on = openbsd_pf_word(&p, end);
    struct tt_slice ifc = openbsd_pf_word(&p, end);
    if (!action.len || !tt_slice_ieq(on, "on") || !ifc.len || (!tt_slice_ieq(dir, "in") && !tt_slice_ieq(dir, "out")))
        return TT_PARSE_NOMATCH;
    if (has_st) {
        ev->stamp = st;
        ev->has_stamp = 1;
    }
    struct tt_slice src = openbsd_pf_word(&p, end);
    struct tt_slice arrow = openbsd_pf_word(&p, end);
    struct tt_slice dst = openbsd_pf_word(&p, end);
    if (!tt_slice_ieq(arrow, ">") || openbsd_pf_endpoint(src, &ev->src) != TT_OK) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "pf record without a readable source address";
        return TT_PARSE_BAD;
    }
    if (openbsd_pf_endpoint(dst, &ev->dst) != TT_OK)
        memset(&ev->dst, 0, sizeof(ev->dst));
    if (tt_slice_ieq(action, "block"))
        tt_fw_deny(ctx, ev);
    else if (tt_slice_ieq(action, "pass"))
        tt_fw_allow(ev);
    else
        tt_fw_set(ev, TT_VERDICT_OTHER, "pf match/scrub/translation record");
    return TT_PARSE_OK;
}

static const char *const openbsd_pf_apps[] = {"pf", "pflog", "pflogd", NULL};

const struct tt_parser_ops tt_parser_openbsd_pf = {
    .name = "openbsd-pf",
    .help = "OpenBSD pf log as printed by tcpdump -n -e -ttt from pflog (block/pass)",
    .apps = openbsd_pf_apps,
    .probe = openbsd_pf_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = openbsd_pf_parse,
};
