/* SPDX-License-Identifier: MIT
 *
 * verdict.h -- vendor words -> verdict, the docs/COUNTING.md rules in one
 * place: the verdict of a free-text log prefix or rule name (with the
 * site's --prefix-map rules), the firewall/IPS/IDS verdict setters, and the
 * reason of a refusal from its text. Vendor-specific rules that two parsers
 * share are in verdict_vendor.h.
 */
#ifndef TT_VERDICT_H
#define TT_VERDICT_H

#include "collector/parser.h"

/* The verdict a free-text log prefix or rule name says: the site's
 * --prefix-map rules first, then the COUNTING.md words (DROP, DENY, DENIED,
 * DISALLOW, REJECT, BLOCK -> blocked, which wins; ACCEPT, ALLOW, PERMIT,
 * PASS -> allowed), any case; else other. Shared by every firewall parser
 * whose verdict lives in text. */
enum tt_verdict tt_prefix_verdict(const struct tt_parse_ctx *ctx, struct tt_slice text);
/* The --prefix-map rules alone (substring, any case, first match), or
 * TT_VERDICT_UNPARSED when none matches. */
enum tt_verdict tt_site_rule_verdict(const struct tt_parse_ctx *ctx, struct tt_slice text);
/* The COUNTING.md words alone, as tt_prefix_verdict reads them. */
enum tt_verdict tt_keyword_verdict(struct tt_slice text);

/* Parses "FW-IN:blocked,OK-OUT:allowed,AUDIT:other" into out[0..max) and sets
 * *out_n. Items are comma-separated, blanks around items and around TEXT are
 * ignored; TEXT is everything before the item's last ':' (so it may itself
 * contain ':'), 1..31 bytes, matched as a substring in any case; the verdict
 * is blocked, allowed or other (any case). An empty or blank spec gives zero
 * rules. On TT_ERR a message naming the bad item is written to err, *out_n is
 * left alone and out may be partly written. */
int tt_prefix_rules_parse(const char *spec, struct tt_prefix_rule *out, size_t max, size_t *out_n, char *err,
                          size_t errlen);

/* Verdict setters, the docs/COUNTING.md#firewalls rules:
 * firewall deny: attacks_blocked:firewall when src is outside --home-net
 *   (or unknown), else blocked counting nothing;
 * IPS block: attacks_blocked:ips in any direction;
 * IDS alert: allowed, ids_alerts;
 * allowed connection: connections_allowed. */
void tt_fw_deny(const struct tt_parse_ctx *ctx, struct tt_event *ev);
void tt_fw_ips_block(struct tt_event *ev);
void tt_fw_ids_alert(struct tt_event *ev);
void tt_fw_allow(struct tt_event *ev);
/* blocked or allowed counting nothing (policy, web filter, ...). */
void tt_fw_set(struct tt_event *ev, enum tt_verdict v, const char *why);

/* Reason of a refusal from its text (ASCII, any case): virus/malware/
 * infected/trojan -> malware (phishing when "phish" is there too); phish ->
 * phishing; DNSBL/RBL/blacklist/blocklist/"listed"/spamhaus/spamcop/sorbs/
 * barracudacentral/"blocked using"/reputation -> reputation; spam/junk/
 * "hits="/score -> spam; else deflt. */
enum tt_reason tt_reason_from_text(const char *p, size_t n, enum tt_reason deflt);

#endif
