/* SPDX-License-Identifier: MIT
 *
 * postfix_words.h -- the words of Postfix log messages (program classes,
 * queue ids, action verbs, SMTP stages), read by collector/parse_postfix.c.
 * Pure functions on borrowed text; see postfix_words.c.
 */
#ifndef TT_POSTFIX_WORDS_H
#define TT_POSTFIX_WORDS_H

#include "common/tt.h"

/* Postfix programs whose delivery lines mean something different. */
enum tt_postfix_prog {
    TT_POSTFIX_PROG_OTHER = 0,  /* any other or a site-specific syslog_name */
    TT_POSTFIX_PROG_SMTPD,      /* smtpd */
    TT_POSTFIX_PROG_POSTSCREEN, /* postscreen */
    TT_POSTFIX_PROG_CLEANUP,    /* cleanup */
    TT_POSTFIX_PROG_SMTP,       /* smtp client */
    TT_POSTFIX_PROG_LMTP,       /* lmtp client */
    TT_POSTFIX_PROG_MAILBOX,    /* local, virtual, pipe: final delivery agents */
    TT_POSTFIX_PROG_DISCARD,    /* discard(8) */
    TT_POSTFIX_PROG_NODELIVER,  /* error, retry, qmgr, bounce, ... never deliver */
    TT_POSTFIX_PROG_COUNT
};

/* The reject/discard verbs logged before "STAGE from client: ..." */
enum tt_postfix_action {
    TT_POSTFIX_ACT_NONE = 0,     /* not an action line */
    TT_POSTFIX_ACT_REJECT,       /* reject: */
    TT_POSTFIX_ACT_MILTER_REJECT,/* milter-reject: */
    TT_POSTFIX_ACT_DISCARD,      /* discard: / milter-discard: */
    TT_POSTFIX_ACT_HOLD,         /* hold: / milter-hold: */
    TT_POSTFIX_ACT_PROXY_REJECT, /* proxy-reject: (before-queue content filter said no) */
    TT_POSTFIX_ACT_PROXY_ACCEPT, /* proxy-accept: (before-queue content filter took it) */
    TT_POSTFIX_ACT_INFO,         /* reject_warning:, warning:, filter:, redirect:, ... */
    TT_POSTFIX_ACT_COUNT
};

/* SMTP stages of "reject: STAGE from ...". */
enum tt_postfix_stage {
    TT_POSTFIX_STAGE_EARLY = 0, /* CONNECT, HELO/EHLO, STARTTLS, AUTH, VRFY, ETRN, ...: before MAIL FROM */
    TT_POSTFIX_STAGE_MAIL,      /* MAIL */
    TT_POSTFIX_STAGE_RCPT,      /* RCPT */
    TT_POSTFIX_STAGE_DATA,      /* DATA, BDAT */
    TT_POSTFIX_STAGE_EOM,       /* END-OF-MESSAGE */
    TT_POSTFIX_STAGE_CONTENT,   /* cleanup header_checks/body_checks: header, body, ... */
    TT_POSTFIX_STAGE_COUNT
};

/* The class of the Postfix program named by the last path component of a
 * syslog app ("postfix/submission/smtpd" -> smtpd). */
enum tt_postfix_prog tt_postfix_prog(struct tt_slice app);

/* A queue id at the start of msg: "NOQUEUE" or 5..20 alphanumerics, then
 * ": ". Returns the bytes consumed (id + ": ") or 0; *out_noqueue says which. */
size_t tt_postfix_queue_id(const char *p, size_t n, struct tt_slice *out_qid, int *out_noqueue);

/* The action verb at p ("reject: ", "milter-hold: ", ...): its kind, its
 * length in *out_len (0 for NONE) and whether a milter said it. */
enum tt_postfix_action tt_postfix_action(const char *p, size_t n, size_t *out_len, int *out_milter);

/* The SMTP stage word of "reject: STAGE from ..." ([p, p+n) is the word). */
enum tt_postfix_stage tt_postfix_stage(const char *p, size_t n);

/* The program of a line whose header lost it, from the message's shape. */
enum tt_postfix_prog tt_postfix_infer_prog(const char *p, size_t n);

#endif
