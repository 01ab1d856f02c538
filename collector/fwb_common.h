/* SPDX-License-Identifier: MIT
 *
 * fwb_common.h -- small helpers shared by the firewall/IDS parsers of the
 * "fw-b" family (pfSense filterlog, Sophos XG, Juniper SRX, SonicWall,
 * MikroTik, Suricata, Snort): a key=value tokenizer over a borrowed slice,
 * and address/number helpers. The verdict words (docs/COUNTING.md#netfilter) are tt_prefix_verdict()
 * in parse_netfilter.h; verdict setters and slice comparisons are in kv.h.
 * Pure functions, no allocation.
 *
 * Place in the pipeline: called from the parse_*.c files only.
 */
#ifndef TT_FWB_COMMON_H
#define TT_FWB_COMMON_H

#include "collector/kv.h"
#include "collector/parse_netfilter.h"
#include "collector/parser.h"

/* One step of a key=value scan over [*pp, end): skips blanks and tokens
 * without '=', then returns 1 with key and value (quotes removed; a "..."
 * value may hold '\"'-escaped quotes, kept as written; '...' too), or 0 at the
 * end. An unterminated quote runs to end. *pp advances past the pair. */
int fwb_kv_next(const char **pp, const char *end, struct tt_slice *out_key, struct tt_slice *out_val);

/* Parses an address from an "addr", "addr:port", "[v6]:port", "addr/port"
 * or "addr(port)" token. TT_OK or TT_ERR (out zeroed). */
int fwb_addr_port(struct tt_slice tok, struct tt_addr *out);

/* Unsigned decimal of the whole slice (no sign, <= UINT32_MAX); TT_OK/TT_ERR. */
int fwb_u32(struct tt_slice s, uint32_t *out);

/* Trims blanks at both ends. */
struct tt_slice fwb_trim(struct tt_slice s);

#endif
