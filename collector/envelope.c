/* SPDX-License-Identifier: MIT
 *
 * envelope.c -- splits the syslog header off a line (RFC 3164, RFC 5424, and
 * the ISO-timestamped form rsyslog writes by default on Debian), so that
 * format parsers see program name, pid, host and message as slices.
 *
 * Runs once per line on the hot path: a handful of byte compares, no copies.
 * Never fails; whatever is not a recognisable header stays in msg.
 */
#include "collector/envelope.h"

#include <string.h>

static inline int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "<PRI>" with 1..3 digits, value 0..191. Returns bytes consumed or 0. */
static size_t parse_pri(const char *p, size_t len, int *out)
{
    if (len < 3 || p[0] != '<')
        return 0;
    int v = 0;
    size_t i = 1;
    while (i < len && i <= 4 && is_digit(p[i]))
        v = v * 10 + (p[i++] - '0');
    if (i == 1 || i > 4 || i >= len || p[i] != '>' || v > 191)
        return 0;
    *out = v;
    return i + 1;
}

/* Next space-delimited token starting at *pos; advances past one space. */
static struct tt_slice next_token(const char *p, size_t len, size_t *pos)
{
    size_t s = *pos;
    const char *sp = s < len ? memchr(p + s, ' ', len - s) : NULL;
    size_t e = sp ? (size_t)(sp - p) : len;
    *pos = sp ? e + 1 : len;
    return tt_slice_make(p + s, e - s);
}

/* "tag[pid]: msg" or "tag: msg" starting at pos. A tag is at most 64 bytes of
 * printable non-space characters; without one the rest is the message. */
static void parse_tag(const char *p, size_t len, size_t pos, struct tt_envelope *env)
{
    size_t lim = TT_MIN(len, pos + 96);
    size_t i = pos;
    while (i < lim && p[i] != ':' && p[i] != '[' && p[i] != ' ' && (unsigned char)p[i] > 0x20)
        i++;
    if (i == pos || i >= lim) {
        env->msg = tt_slice_make(p + pos, len - pos);
        return;
    }
    size_t tag_end = i;
    struct tt_slice pid = {NULL, 0};
    if (p[i] == '[') {
        size_t j = i + 1;
        while (j < lim && p[j] != ']' && p[j] != ' ')
            j++;
        if (j >= lim || p[j] != ']') {
            env->msg = tt_slice_make(p + pos, len - pos);
            return;
        }
        pid = tt_slice_make(p + i + 1, j - i - 1);
        i = j + 1;
    }
    if (i < len && p[i] == ':') {
        i++;
        if (i < len && p[i] == ' ')
            i++;
    } else if (i < len && p[i] == ' ' && pid.len == 0) {
        /* "host message" with no tag: keep everything as the message. */
        env->msg = tt_slice_make(p + pos, len - pos);
        return;
    } else if (i < len && p[i] == ' ') {
        i++; /* "tag[pid] msg" without colon (seen from some appliances) */
    }
    env->app = tt_slice_make(p + pos, tag_end - pos);
    env->pid = pid;
    env->msg = tt_slice_make(p + i, len - i);
}

/* RFC 5424: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG] */
static int parse_5424(const char *p, size_t len, size_t pos, struct tt_envelope *env)
{
    if (pos + 2 > len || p[pos] != '1' || p[pos + 1] != ' ')
        return TT_ERR;
    pos += 2;
    struct tt_stamp st;
    memset(&st, 0, sizeof(st));
    if (pos < len && p[pos] == '-') {
        pos++;
    } else {
        size_t n = tt_parse_iso8601(p + pos, len - pos, &st);
        if (n == 0)
            return TT_ERR;
        pos += n;
    }
    if (pos >= len || p[pos] != ' ')
        return TT_ERR;
    pos++;
    struct tt_slice host = next_token(p, len, &pos);
    struct tt_slice app = next_token(p, len, &pos);
    struct tt_slice procid = next_token(p, len, &pos);
    struct tt_slice msgid = next_token(p, len, &pos);
    TT_UNUSED(msgid);
    /* STRUCTURED-DATA: "-" or one or more [id param="value" ...] elements;
     * inside quoted values '\' escapes '"', '\' and ']'. */
    if (pos < len && p[pos] == '-') {
        pos++;
    } else {
        while (pos < len && p[pos] == '[') {
            int quoted = 0;
            pos++;
            while (pos < len) {
                char c = p[pos];
                if (quoted && c == '\\' && pos + 1 < len) {
                    pos += 2;
                    continue;
                }
                if (c == '"')
                    quoted = !quoted;
                else if (c == ']' && !quoted)
                    break;
                pos++;
            }
            if (pos >= len)
                return TT_ERR;
            pos++;
        }
    }
    if (pos < len && p[pos] == ' ')
        pos++;
    /* UTF-8 BOM before MSG */
    if (pos + 3 <= len && (unsigned char)p[pos] == 0xEF && (unsigned char)p[pos + 1] == 0xBB &&
        (unsigned char)p[pos + 2] == 0xBF)
        pos += 3;
    /* rsyslog's RSYSLOG_SyslogProtocol23Format writes "%msg%" of a legacy
     * message, which keeps the space after "tag:": "- -  connect from". No
     * parser wants leading blanks, so they go. */
    while (pos < len && p[pos] == ' ')
        pos++;
    env->kind = TT_ENVELOPE_RFC5424;
    env->stamp = st;
    env->host = (host.len == 1 && host.p[0] == '-') ? tt_slice_make(NULL, 0) : host;
    env->app = (app.len == 1 && app.p[0] == '-') ? tt_slice_make(NULL, 0) : app;
    env->pid = (procid.len == 1 && procid.p[0] == '-') ? tt_slice_make(NULL, 0) : procid;
    env->msg = tt_slice_make(p + pos, len - pos);
    return TT_OK;
}

/* Could a syslog header start at p? Only a cheap look at the first bytes,
 * so that the messages of every line (a Postfix queue id, "[UFW BLOCK]")
 * are turned away at once: "<" and a digit (PRI), "YYYY-MM-" (ISO stamp), or
 * "Mmm " (a capital month abbreviation and a blank). */
static inline int may_start_header(const char *p, size_t n)
{
    if (n < 15)
        return 0;
    char c = p[0];
    if (c == '<')
        return is_digit(p[1]);
    if (is_digit(c))
        return p[4] == '-' && p[7] == '-';
    return (c == 'J' || c == 'F' || c == 'M' || c == 'A' || c == 'S' || c == 'O' || c == 'N' || c == 'D') &&
           p[1] >= 'a' && p[1] <= 'z' && p[2] >= 'a' && p[2] <= 'z' && p[3] == ' ';
}

/* Does a timestamp followed by a space start at p (after an optional
 * "<PRI>")? Used to see that a host is followed by a whole inner header
 * instead of a tag. */
static int stamp_at(const char *p, size_t n)
{
    int pri;
    size_t pos = parse_pri(p, n, &pri);
    struct tt_stamp st;
    size_t k = 0;
    if (pos + 2 < n && p[pos] == '1' && p[pos + 1] == ' ')
        return 1; /* "<PRI>1 " RFC 5424 */
    if (pos < n && is_digit(p[pos]))
        k = tt_parse_iso8601(p + pos, n - pos, &st);
    else if (pos < n)
        k = tt_parse_bsd_stamp(p + pos, n - pos, &st);
    return k > 0 && pos + k < n && p[pos + k] == ' ';
}

static void parse_one(const char *line, size_t len, struct tt_envelope *env)
{
    memset(env, 0, sizeof(*env));
    env->pri = -1;
    env->line = tt_slice_make(line, len);
    env->msg = env->line;
    size_t pos = parse_pri(line, len, &env->pri);
    if (pos && parse_5424(line, len, pos, env) == TT_OK)
        return;

    struct tt_stamp st;
    memset(&st, 0, sizeof(st));
    size_t n = 0;
    enum tt_envelope_kind kind = TT_ENVELOPE_NONE;
    if (pos < len && is_digit(line[pos])) {
        n = tt_parse_iso8601(line + pos, len - pos, &st);
        kind = TT_ENVELOPE_ISO;
    } else if (pos < len) {
        n = tt_parse_bsd_stamp(line + pos, len - pos, &st);
        kind = TT_ENVELOPE_RFC3164;
    }
    if (n == 0 || pos + n >= len || line[pos + n] != ' ') {
        /* No header timestamp: a bare "<PRI>msg" keeps the PRI only. */
        env->msg = tt_slice_make(line + pos, len - pos);
        return;
    }
    pos += n + 1;
    env->kind = kind;
    env->stamp = st;
    /* HOSTNAME, then the tag. Some senders omit the host ("Feb 1 00:00:01
     * postfix/smtpd[1]: ..."): a first token ending in ':' or containing
     * '[' is a tag, not a host. */
    size_t save = pos;
    struct tt_slice host = next_token(line, len, &pos);
    if (host.len > 0 && (host.p[host.len - 1] == ':' || memchr(host.p, '[', host.len))) {
        pos = save;
    } else {
        env->host = host;
    }
    if (pos >= len) {
        env->msg = tt_slice_make(line + len, 0);
        return;
    }
    /* A relay that wraps a whole line without a tag of its own (syslog-ng,
     * rsyslog imfile without Tag): "Dec  3 13:20:44 relay Feb  1 00:00:01
     * mx1 postfix/smtpd[1]: ...". The rest is the message; the caller
     * unwraps it. */
    if (may_start_header(line + pos, len - pos) && stamp_at(line + pos, len - pos)) {
        env->msg = tt_slice_make(line + pos, len - pos);
        return;
    }
    parse_tag(line, len, pos, env);
}

/* A relay (rsyslog imfile with its default template, syslog-ng, a second
 * rsyslog hop) puts its own header in front of a line that has one: the
 * inner header is the one that tells when, where and which program. It is
 * taken when it is a whole header: a timestamp, and a tag that ends in ':'
 * (or a complete RFC 5424 header), so that a message that merely starts
 * with a date (Exim's own log lines) stays as it is. One level only. */
static int unwrap(const struct tt_envelope *outer, struct tt_envelope *inner)
{
    const char *m = outer->msg.p;
    size_t n = outer->msg.len;
    if (!m || !may_start_header(m, n))
        return 0;
    parse_one(m, n, inner);
    if (inner->kind == TT_ENVELOPE_NONE || inner->stamp.kind == TT_STAMP_NONE || inner->app.len == 0)
        return 0;
    if (inner->kind != TT_ENVELOPE_RFC5424) {
        const char *q = inner->msg.p;
        if (q > m && q[-1] == ' ')
            q--;
        if (q <= m || q[-1] != ':')
            return 0;
    }
    return 1;
}

void tt_envelope_parse(const char *line, size_t len, struct tt_envelope *env)
{
    parse_one(line, len, env);
    if (env->kind == TT_ENVELOPE_NONE)
        return;
    struct tt_envelope inner;
    if (unwrap(env, &inner)) {
        inner.line = env->line;
        inner.wrapped = 1;
        *env = inner;
    }
}
