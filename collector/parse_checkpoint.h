/* SPDX-License-Identifier: MIT
 *
 * parse_checkpoint.h -- Check Point verdict rules and the loguid memory,
 * shared with the CEF parser (Log Exporter's CEF form).
 */
#ifndef TT_PARSE_CHECKPOINT_H
#define TT_PARSE_CHECKPOINT_H

#include "collector/kv.h"

/* Bounded memory of counted loguids (direct-mapped, 1 day). */
struct tt_cp_seen;
struct tt_cp_seen *tt_cp_seen_create(void);
void tt_cp_seen_destroy(struct tt_cp_seen *s);
/* 1 when loguid was already counted within a day (an update of the same
 * log); otherwise remembers it and returns 0. NULL s remembers nothing. */
int tt_cp_seen_check(struct tt_cp_seen *s, struct tt_slice loguid, int64_t now_s);

/* Sets the verdict of ev from a Check Point action and product (blade). */
void tt_checkpoint_judge(const struct tt_parse_ctx *ctx, struct tt_slice action, struct tt_slice product,
                         struct tt_event *ev);

#endif
