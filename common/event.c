/* SPDX-License-Identifier: MIT
 *
 * event.c -- names and definitions of verdicts, metrics and reasons
 * (docs/COUNTING.md#verdicts, #metrics). These strings are the public vocabulary: Redis fields, CLI
 * arguments, JSON keys and report definitions all come from the tables here.
 */
#include "common/event.h"

#include <string.h>

void tt_event_reset(struct tt_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    ev->verdict = TT_VERDICT_OTHER;
    ev->count = 1;
}

static const char *const verdict_names[TT_VERDICT_COUNT] = {
    [TT_VERDICT_UNPARSED] = "unparsed",
    [TT_VERDICT_BLOCKED] = "blocked",
    [TT_VERDICT_ALLOWED] = "allowed",
    [TT_VERDICT_OTHER] = "other",
};

/* One row per metric: its name, the reasons it is broken down by (bit mask
 * of enum tt_reason; 0 = none) and the definition printed beside figures. */
struct metric_row {
    const char *name;       /* public name */
    uint32_t reasons;       /* allowed reasons, 1u << TT_REASON_x */
    const char *definition; /* plain English, for reports */
};

#define R(x) (1u << TT_REASON_##x)
static const struct metric_row metric_rows[TT_METRIC_COUNT] = {
    [TT_METRIC_NONE] = {"none", 0, "counts nothing"},
    [TT_METRIC_EMAILS_BLOCKED] = {"emails_blocked", R(SPAM) | R(MALWARE) | R(PHISHING) | R(POLICY) | R(REPUTATION),
        "Incoming email messages the mail gateway refused, discarded or quarantined: one per message attempt, "
        "however many recipients it named."},
    [TT_METRIC_EMAILS_DELIVERED] = {"emails_delivered", 0,
        "Incoming email messages delivered to a mailbox or internal mail server: one per message."},
    [TT_METRIC_EMAILS_SENT] = {"emails_sent", 0,
        "Outgoing email messages handed to a mail server outside our networks: one per message."},
    [TT_METRIC_EMAILS_SENT_TLS] = {"emails_sent_tls", 0,
        "Of the outgoing email messages, those sent over an encrypted (TLS) connection."},
    [TT_METRIC_ATTACKS_BLOCKED] = {"attacks_blocked", R(FIREWALL) | R(IPS),
        "Connection attempts from the internet that the firewall refused, plus attacks an intrusion "
        "prevention system stopped in either direction."},
    [TT_METRIC_CONNECTIONS_ALLOWED] = {"connections_allowed", 0,
        "Connections the firewall let through (one per logged session with an allow decision)."},
    [TT_METRIC_IDS_ALERTS] = {"ids_alerts", 0,
        "Suspicious traffic an intrusion detection system reported but did not stop."},
    [TT_METRIC_ATTACK_SOURCES] = {"attack_sources", 0,
        "Different internet addresses that blocked attacks came from (estimated, within 2%)."},
    [TT_METRIC_LINES_TOTAL] = {"lines_total", 0, "Log lines read by the collector."},
    [TT_METRIC_LINES_UNPARSED] = {"lines_unparsed",
        R(NO_PARSER) | R(MALFORMED) | R(TOO_LONG) | R(BINARY) | R(INVALID_UTF8) | R(TRUNCATED) | R(BAD_TIME) | R(EMPTY),
        "Log lines the collector could not read as any known format."},
    [TT_METRIC_LINES_DROPPED] = {"lines_dropped", R(OVERFLOW) | R(CAPTURE),
        "Log messages lost before they could be read (network buffer overflow, capture drops)."},
};
#undef R

static const char *const reason_names[TT_REASON_COUNT] = {
    [TT_REASON_NONE] = "none",
    [TT_REASON_SPAM] = "spam",
    [TT_REASON_MALWARE] = "malware",
    [TT_REASON_PHISHING] = "phishing",
    [TT_REASON_POLICY] = "policy",
    [TT_REASON_REPUTATION] = "reputation",
    [TT_REASON_FIREWALL] = "firewall",
    [TT_REASON_IPS] = "ips",
    [TT_REASON_NO_PARSER] = "no_parser",
    [TT_REASON_MALFORMED] = "malformed",
    [TT_REASON_TOO_LONG] = "too_long",
    [TT_REASON_BINARY] = "binary",
    [TT_REASON_INVALID_UTF8] = "invalid_utf8",
    [TT_REASON_TRUNCATED] = "truncated",
    [TT_REASON_BAD_TIME] = "bad_time",
    [TT_REASON_EMPTY] = "empty",
    [TT_REASON_OVERFLOW] = "overflow",
    [TT_REASON_CAPTURE] = "capture",
};

const char *tt_verdict_name(enum tt_verdict v)
{
    return (unsigned)v < TT_VERDICT_COUNT ? verdict_names[v] : "?";
}

const char *tt_metric_name(enum tt_metric m)
{
    return (unsigned)m < TT_METRIC_COUNT ? metric_rows[m].name : "?";
}

const char *tt_reason_name(enum tt_reason r)
{
    return (unsigned)r < TT_REASON_COUNT ? reason_names[r] : "?";
}

const char *tt_metric_definition(enum tt_metric m)
{
    return (unsigned)m < TT_METRIC_COUNT ? metric_rows[m].definition : "";
}

int tt_metric_from_name(const char *name, enum tt_metric *out)
{
    for (int m = 1; m < TT_METRIC_COUNT; m++) {
        if (strcmp(metric_rows[m].name, name) == 0) {
            *out = (enum tt_metric)m;
            return TT_OK;
        }
    }
    return TT_ERR;
}

int tt_reason_from_name(const char *name, enum tt_reason *out)
{
    for (int r = 0; r < TT_REASON_COUNT; r++) {
        if (strcmp(reason_names[r], name) == 0) {
            *out = (enum tt_reason)r;
            return TT_OK;
        }
    }
    return TT_ERR;
}

int tt_metric_has_reasons(enum tt_metric m)
{
    return (unsigned)m < TT_METRIC_COUNT && metric_rows[m].reasons != 0;
}

int tt_metric_has_reason(enum tt_metric m, enum tt_reason r)
{
    if ((unsigned)m >= TT_METRIC_COUNT || (unsigned)r >= TT_REASON_COUNT)
        return 0;
    if (metric_rows[m].reasons == 0)
        return r == TT_REASON_NONE;
    return (metric_rows[m].reasons >> r) & 1u;
}

/* The stored fields, in a fixed order (see TT_FIELD_COUNT). */
static const struct {
    enum tt_metric m; /* metric */
    enum tt_reason r; /* reason, NONE for reasonless metrics */
} fields[TT_FIELD_COUNT] = {
    {TT_METRIC_EMAILS_BLOCKED, TT_REASON_SPAM},
    {TT_METRIC_EMAILS_BLOCKED, TT_REASON_MALWARE},
    {TT_METRIC_EMAILS_BLOCKED, TT_REASON_PHISHING},
    {TT_METRIC_EMAILS_BLOCKED, TT_REASON_POLICY},
    {TT_METRIC_EMAILS_BLOCKED, TT_REASON_REPUTATION},
    {TT_METRIC_EMAILS_DELIVERED, TT_REASON_NONE},
    {TT_METRIC_EMAILS_SENT, TT_REASON_NONE},
    {TT_METRIC_EMAILS_SENT_TLS, TT_REASON_NONE},
    {TT_METRIC_ATTACKS_BLOCKED, TT_REASON_FIREWALL},
    {TT_METRIC_ATTACKS_BLOCKED, TT_REASON_IPS},
    {TT_METRIC_CONNECTIONS_ALLOWED, TT_REASON_NONE},
    {TT_METRIC_IDS_ALERTS, TT_REASON_NONE},
    {TT_METRIC_LINES_TOTAL, TT_REASON_NONE},
    {TT_METRIC_LINES_UNPARSED, TT_REASON_NO_PARSER},
    {TT_METRIC_LINES_UNPARSED, TT_REASON_MALFORMED},
    {TT_METRIC_LINES_UNPARSED, TT_REASON_TOO_LONG},
    {TT_METRIC_LINES_UNPARSED, TT_REASON_BINARY},
    {TT_METRIC_LINES_UNPARSED, TT_REASON_INVALID_UTF8},
    {TT_METRIC_LINES_UNPARSED, TT_REASON_TRUNCATED},
    {TT_METRIC_LINES_UNPARSED, TT_REASON_BAD_TIME},
    {TT_METRIC_LINES_UNPARSED, TT_REASON_EMPTY},
    {TT_METRIC_LINES_DROPPED, TT_REASON_OVERFLOW},
    {TT_METRIC_LINES_DROPPED, TT_REASON_CAPTURE},
};

int tt_field_index(enum tt_metric m, enum tt_reason r)
{
    /* Fields of one metric are contiguous: find the metric's first field,
     * then its reason. 23 entries; called a few times per line. */
    for (int i = 0; i < TT_FIELD_COUNT; i++) {
        if (fields[i].m != m)
            continue;
        for (int j = i; j < TT_FIELD_COUNT && fields[j].m == m; j++)
            if (fields[j].r == r)
                return j;
        return -1;
    }
    return -1;
}

enum tt_metric tt_field_metric(int field)
{
    return field >= 0 && field < TT_FIELD_COUNT ? fields[field].m : TT_METRIC_NONE;
}

enum tt_reason tt_field_reason(int field)
{
    return field >= 0 && field < TT_FIELD_COUNT ? fields[field].r : TT_REASON_NONE;
}
