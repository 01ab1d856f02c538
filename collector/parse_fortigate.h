/* SPDX-License-Identifier: MIT
 *
 * parse_fortigate.h -- the FortiGate verdict rules, shared with the CEF
 * parser (FortiGate's CEF form carries the same type/subtype/action).
 */
#ifndef TT_PARSE_FORTIGATE_H
#define TT_PARSE_FORTIGATE_H

#include "collector/kv.h"

/* Sets verdict/metric/reason/why of ev from a FortiGate log's type,
 * subtype, action and utmaction (empty when absent; ev->src must already
 * be set). */
void tt_fortigate_judge(const struct tt_parse_ctx *ctx, struct tt_slice type, struct tt_slice subtype,
                        struct tt_slice action, struct tt_slice utmaction, struct tt_event *ev);

#endif
