/* SPDX-License-Identifier: MIT
 *
 * parse_sonicwall.h -- the SonicWall verdict rules, shared with the CEF
 * parser (SonicOS CEF carries the message id as the signature id, msg as
 * the name, the category as cat= and fw_action= as in the key=value form).
 */
#ifndef TT_PARSE_SONICWALL_H
#define TT_PARSE_SONICWALL_H

#include "collector/fwb_common.h"

/* Sets verdict/metric/reason/why of ev from a SonicWall record's message
 * id m, category bits c, msg text and fw_action (empty when absent);
 * ev->src must already be set. */
void tt_sonicwall_judge(const struct tt_parse_ctx *ctx, uint32_t m, uint32_t c, struct tt_slice msg,
                        struct tt_slice act, struct tt_event *ev);

#endif
