/* SPDX-License-Identifier: MIT
 *
 * mail_common.h -- small pieces shared by the mail-gateway parsers of the
 * mail-a family (exim, sendmail, rspamd, mailscanner, barracuda):
 *
 *   - (correlation tables: collector/idtab.h)
 *   - mc_reason_from_text(): the reason (COUNTING.md#metrics) of a refusal from its free text
 *     (virus -> malware, phish -> phishing, DNSBL -> reputation, ...).
 *   - mc_fix_envelope(): lines whose syslog header carries a "<facility.level>"
 *     word where the host should be (sendmail corpus) get host/app/pid/msg
 *     re-read from the rest of the line.
 *
 * Place in the pipeline: helpers of collector/parse_*.c; no globals.
 */
#ifndef TT_MAIL_COMMON_H
#define TT_MAIL_COMMON_H

#include "collector/idtab.h"
#include "collector/parser.h"

/* Reason of a refusal from its text (ASCII, any case): virus/malware/
 * infected/trojan -> malware (phishing when "phish" is there too); phish ->
 * phishing; DNSBL/RBL/blacklist/blocklist/"listed"/spamhaus/spamcop/sorbs/
 * barracudacentral/"blocked using"/reputation -> reputation; spam/junk/
 * "hits="/score -> spam; else deflt. */
enum tt_reason mc_reason_from_text(const char *p, size_t n, enum tt_reason deflt);

/* Copies in to out, re-reading "host app[pid]: msg" from in->msg when the
 * header's host is a "<facility.level>" label or absent while msg still
 * starts with "host app[pid]: ". Returns 1 when it changed anything. */
int mc_fix_envelope(const struct tt_envelope *in, struct tt_envelope *out);

/* The address inside the first "[...]" of [p, p+n) into out; TT_OK or TT_ERR. */
int mc_bracket_addr(const char *p, size_t n, struct tt_addr *out);

/* 1 when a is inside ctx->home_net (0 when either is absent). */
int mc_is_home(const struct tt_parse_ctx *ctx, const struct tt_addr *a);

#define MC_STARTS(p, n, lit) ((n) >= sizeof(lit) - 1 && memcmp((p), (lit), sizeof(lit) - 1) == 0)
#define MC_FIND(p, n, lit) tt_memmem((p), (n), (lit), sizeof(lit) - 1)
#define MC_IFIND(p, n, lit) tt_memcasemem((p), (n), (lit), sizeof(lit) - 1)

#endif
