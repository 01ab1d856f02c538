/* SPDX-License-Identifier: MIT
 *
 * scan_addr.h -- addresses out of log text, and the --home-net test every
 * parser's verdict depends on. Borrowed slices, no allocation.
 */
#ifndef TT_SCAN_ADDR_H
#define TT_SCAN_ADDR_H

#include "collector/parser.h"

/* Address of a whole slice (brackets and a zone suffix tolerated by net.c);
 * TT_OK or TT_ERR, out zeroed on error. */
int tt_slice_addr(struct tt_slice s, struct tt_addr *out);

/* Parses an address from an "addr", "addr:port", "[v6]:port", "addr/port"
 * or "addr(port)" token. TT_OK or TT_ERR (out zeroed). */
int tt_slice_addr_port(struct tt_slice tok, struct tt_addr *out);

/* The address inside the first "[...]" of [p, p+n) into out; TT_OK or TT_ERR. */
int tt_bracket_addr(const char *p, size_t n, struct tt_addr *out);

/* 1 when a is inside ctx->home_net (0 when either is absent). */
int tt_is_home(const struct tt_parse_ctx *ctx, const struct tt_addr *a);

#endif
