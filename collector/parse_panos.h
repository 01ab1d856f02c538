/* SPDX-License-Identifier: MIT
 *
 * parse_panos.h -- the PAN-OS verdict rules, shared with the CEF parser
 * (PAN-OS / Cortex Data Lake CEF: signature id = log type, name = subtype,
 * act = action).
 */
#ifndef TT_PARSE_PANOS_H
#define TT_PARSE_PANOS_H

#include "collector/kv.h"

/* Sets verdict/metric/reason/why of ev from a PAN-OS record's type
 * (TRAFFIC, THREAT, URL, ...), subtype and action; ev->src must already be
 * set. The caller applies the repeat count. */
void tt_panos_judge(const struct tt_parse_ctx *ctx, struct tt_slice type, struct tt_slice sub,
                    struct tt_slice action, struct tt_event *ev);

#endif
