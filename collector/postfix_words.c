/* SPDX-License-Identifier: MIT
 *
 * postfix_words.c -- the words of Postfix log messages, as pure functions on
 * text: which Postfix program wrote a line (from the syslog tag, or from the
 * message's shape when a relay cut the tag to "postfix"), queue ids, the
 * reject/discard/hold verbs and the SMTP stage they name. No state, no event:
 * collector/parse_postfix.c turns these into counts.
 *
 *   postfix/smtpd[1234]: NOQUEUE: reject: RCPT from unknown[192.0.2.10]: 554 ...
 *                        ^queue id ^verb   ^stage
 */
#include "collector/postfix_words.h"

#include <string.h>

static inline int postfix_words_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int postfix_words_alnum(char c)
{
    return postfix_words_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int postfix_words_eq(const char *p, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    return n == m && memcmp(p, lit, m) == 0;
}

/* [p, p+n) starts with literal lit (sizeof-based, so only for literals). */
#define POSTFIX_WORDS_STARTS(p, n, lit) ((n) >= sizeof(lit) - 1 && memcmp((p), (lit), sizeof(lit) - 1) == 0)

/* Last path component of the app ("postfix/submission/smtpd" -> "smtpd"). A
 * local copy of tt_app_program() (registry.c) so the parser links on its own. */
static struct tt_slice postfix_words_program(struct tt_slice app)
{
    const char *s = app.p + app.len;
    while (s > app.p && s[-1] != '/')
        s--;
    return tt_slice_make(s, (size_t)(app.p + app.len - s));
}

enum tt_postfix_prog tt_postfix_prog(struct tt_slice app)
{
    struct tt_slice prog = postfix_words_program(app);
    const char *p = prog.p;
    size_t n = prog.len;
    if (n == 0)
        return TT_POSTFIX_PROG_OTHER;
    switch (p[0]) {
    case 's':
        if (postfix_words_eq(p, n, "smtpd"))
            return TT_POSTFIX_PROG_SMTPD;
        if (postfix_words_eq(p, n, "smtp"))
            return TT_POSTFIX_PROG_SMTP;
        break;
    case 'p':
        if (postfix_words_eq(p, n, "postscreen"))
            return TT_POSTFIX_PROG_POSTSCREEN;
        if (postfix_words_eq(p, n, "pipe"))
            return TT_POSTFIX_PROG_MAILBOX;
        if (postfix_words_eq(p, n, "pickup") || postfix_words_eq(p, n, "postsuper"))
            return TT_POSTFIX_PROG_NODELIVER;
        break;
    case 'c':
        if (postfix_words_eq(p, n, "cleanup"))
            return TT_POSTFIX_PROG_CLEANUP;
        break;
    case 'l':
        if (postfix_words_eq(p, n, "lmtp"))
            return TT_POSTFIX_PROG_LMTP;
        if (postfix_words_eq(p, n, "local"))
            return TT_POSTFIX_PROG_MAILBOX;
        break;
    case 'v':
        if (postfix_words_eq(p, n, "virtual"))
            return TT_POSTFIX_PROG_MAILBOX;
        break;
    case 'd':
        if (postfix_words_eq(p, n, "discard"))
            return TT_POSTFIX_PROG_DISCARD;
        break;
    case 'q':
    case 'e':
    case 'r':
    case 'b':
        if (postfix_words_eq(p, n, "qmgr") || postfix_words_eq(p, n, "error") || postfix_words_eq(p, n, "retry") ||
            postfix_words_eq(p, n, "bounce") || postfix_words_eq(p, n, "nqmgr"))
            return TT_POSTFIX_PROG_NODELIVER;
        break;
    default:
        break;
    }
    return TT_POSTFIX_PROG_OTHER;
}

/* A queue id at the start of msg: "NOQUEUE" or 5..20 alphanumerics, then
 * ": ". Returns the bytes consumed (id + ": ") or 0; *out_noqueue says which. */
size_t tt_postfix_queue_id(const char *p, size_t n, struct tt_slice *out_qid, int *out_noqueue)
{
    size_t i = 0;
    int digits = 0, upper_hex = 1, vowels = 0;
    while (i < n && i < 21 && postfix_words_alnum(p[i])) {
        char c = p[i++];
        digits |= postfix_words_digit(c);
        upper_hex &= postfix_words_digit(c) || (c >= 'A' && c <= 'F');
        vowels |= strchr("AEIOUaeiou", c) != NULL;
    }
    if (i < 5 || i > 20 || i + 1 >= n || p[i] != ':' || p[i + 1] != ' ')
        return 0;
    *out_noqueue = (i == 7 && memcmp(p, "NOQUEUE", 7) == 0);
    /* Short ids are upper-case hex ("FABCAADDBDB" happens), long ids use an
     * alphabet without vowels; either may lack a digit. Words such as
     * "warning: " are neither. */
    if (!digits && !upper_hex && (vowels || i < 12) && !*out_noqueue)
        return 0;
    *out_qid = tt_slice_make(p, i);
    return i + 2;
}

enum tt_postfix_action tt_postfix_action(const char *p, size_t n, size_t *out_len, int *out_milter)
{
    *out_milter = 0;
#define POSTFIX_WORDS_ACT(lit, act, mil)                                                                                          \
    if (POSTFIX_WORDS_STARTS(p, n, lit)) {                                                                                        \
        *out_len = sizeof(lit) - 1;                                                                                    \
        *out_milter = (mil);                                                                                           \
        return (act);                                                                                                  \
    }
    switch (n ? p[0] : 0) {
    case 'r':
        POSTFIX_WORDS_ACT("reject: ", TT_POSTFIX_ACT_REJECT, 0)
        POSTFIX_WORDS_ACT("reject_warning: ", TT_POSTFIX_ACT_INFO, 0)
        POSTFIX_WORDS_ACT("redirect: ", TT_POSTFIX_ACT_INFO, 0)
        POSTFIX_WORDS_ACT("replace: ", TT_POSTFIX_ACT_INFO, 0)
        break;
    case 'm':
        POSTFIX_WORDS_ACT("milter-reject: ", TT_POSTFIX_ACT_MILTER_REJECT, 1)
        POSTFIX_WORDS_ACT("milter-discard: ", TT_POSTFIX_ACT_DISCARD, 1)
        POSTFIX_WORDS_ACT("milter-hold: ", TT_POSTFIX_ACT_HOLD, 1)
        break;
    case 'd':
        POSTFIX_WORDS_ACT("discard: ", TT_POSTFIX_ACT_DISCARD, 0)
        break;
    case 'h':
        POSTFIX_WORDS_ACT("hold: ", TT_POSTFIX_ACT_HOLD, 0)
        break;
    case 'p':
        POSTFIX_WORDS_ACT("proxy-reject: ", TT_POSTFIX_ACT_PROXY_REJECT, 0)
        POSTFIX_WORDS_ACT("proxy-accept: ", TT_POSTFIX_ACT_PROXY_ACCEPT, 0)
        POSTFIX_WORDS_ACT("prepend: ", TT_POSTFIX_ACT_INFO, 0)
        break;
    case 'w':
        POSTFIX_WORDS_ACT("warning: ", TT_POSTFIX_ACT_INFO, 0)
        break;
    case 'f':
        POSTFIX_WORDS_ACT("filter: ", TT_POSTFIX_ACT_INFO, 0)
        break;
    case 'i':
        POSTFIX_WORDS_ACT("info: ", TT_POSTFIX_ACT_INFO, 0)
        break;
    default:
        break;
    }
#undef POSTFIX_WORDS_ACT
    *out_len = 0;
    return TT_POSTFIX_ACT_NONE;
}

enum tt_postfix_stage tt_postfix_stage(const char *p, size_t n)
{
    if (postfix_words_eq(p, n, "RCPT"))
        return TT_POSTFIX_STAGE_RCPT;
    if (postfix_words_eq(p, n, "MAIL"))
        return TT_POSTFIX_STAGE_MAIL;
    if (postfix_words_eq(p, n, "DATA") || postfix_words_eq(p, n, "BDAT"))
        return TT_POSTFIX_STAGE_DATA;
    if (postfix_words_eq(p, n, "END-OF-MESSAGE"))
        return TT_POSTFIX_STAGE_EOM;
    if (postfix_words_eq(p, n, "header") || postfix_words_eq(p, n, "body") || postfix_words_eq(p, n, "mime-header") ||
        postfix_words_eq(p, n, "nested-header"))
        return TT_POSTFIX_STAGE_CONTENT;
    return TT_POSTFIX_STAGE_EARLY;
}

/* The Postfix program of a line whose header lost it ("postfix" alone, as
 * rsyslog's RFC 5424 template writes APP-NAME), from the message's shape:
 * what only postscreen writes (a client "[ip]:port" with no name, its
 * CONNECT/DISCONNECT/PASS/PREGREET/DNSBL words), what only cleanup writes
 * (content checks and end-of-message milter verdicts on a queued message).
 * Everything else behaves as smtpd/smtp would; delivery lines are told
 * apart by their relay (pf_delivery_line). */
enum tt_postfix_prog tt_postfix_infer_prog(const char *p, size_t n)
{
    struct tt_slice qid;
    int noqueue = 0;
    size_t q = tt_postfix_queue_id(p, n, &qid, &noqueue);
    if (!q) {
        if (POSTFIX_WORDS_STARTS(p, n, "CONNECT from [") || POSTFIX_WORDS_STARTS(p, n, "DISCONNECT [") || POSTFIX_WORDS_STARTS(p, n, "PASS ") ||
            POSTFIX_WORDS_STARTS(p, n, "PREGREET ") || POSTFIX_WORDS_STARTS(p, n, "DNSBL rank ") || POSTFIX_WORDS_STARTS(p, n, "HANGUP ") ||
            POSTFIX_WORDS_STARTS(p, n, "WHITELISTED [") || POSTFIX_WORDS_STARTS(p, n, "BLACKLISTED [") || POSTFIX_WORDS_STARTS(p, n, "COMMAND "))
            return TT_POSTFIX_PROG_POSTSCREEN;
        return TT_POSTFIX_PROG_OTHER;
    }
    const char *r = p + q;
    size_t rn = n - q;
    size_t alen;
    int milter;
    enum tt_postfix_action act = tt_postfix_action(r, rn, &alen, &milter);
    if (act == TT_POSTFIX_ACT_NONE || act == TT_POSTFIX_ACT_INFO || act == TT_POSTFIX_ACT_PROXY_REJECT || act == TT_POSTFIX_ACT_PROXY_ACCEPT)
        return TT_POSTFIX_PROG_OTHER;
    const char *b = r + alen;
    size_t bn = rn - alen;
    const char *sp = memchr(b, ' ', bn);
    if (!sp)
        return TT_POSTFIX_PROG_OTHER;
    enum tt_postfix_stage st = tt_postfix_stage(b, (size_t)(sp - b));
    if (noqueue && POSTFIX_WORDS_STARTS(sp, (size_t)(b + bn - sp), " from ["))
        return TT_POSTFIX_PROG_POSTSCREEN;
    if (!noqueue && (st == TT_POSTFIX_STAGE_CONTENT || (milter && (st == TT_POSTFIX_STAGE_EOM || st == TT_POSTFIX_STAGE_DATA))))
        return TT_POSTFIX_PROG_CLEANUP;
    return TT_POSTFIX_PROG_OTHER;
}

