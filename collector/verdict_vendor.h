/* SPDX-License-Identifier: MIT
 *
 * verdict_vendor.h -- vendor verdict rules used by a vendor's own parser
 * and by the CEF parser (the vendor's CEF form carries the same words):
 * Check Point (action, product blade; loguid memory), FortiGate
 * (type/subtype/action/utmaction), PAN-OS (type/subtype/action) and
 * SonicWall (message id, category, msg, fw_action).
 */
#ifndef TT_VERDICT_VENDOR_H
#define TT_VERDICT_VENDOR_H

#include "collector/parser.h"

/* Bounded memory of counted Check Point loguids (direct-mapped, 1 day). */
struct tt_cp_seen;
struct tt_cp_seen *tt_cp_seen_create(void);
void tt_cp_seen_destroy(struct tt_cp_seen *s);
/* 1 when loguid was already counted within a day (an update of the same
 * log); otherwise remembers it and returns 0. NULL s remembers nothing. */
int tt_cp_seen_check(struct tt_cp_seen *s, struct tt_slice loguid, int64_t now_s);

/* Sets the verdict of ev from a Check Point action and product (blade). */
void tt_checkpoint_judge(const struct tt_parse_ctx *ctx, struct tt_slice action, struct tt_slice product,
                         struct tt_event *ev);

/* FortiGate action words, classified. */
enum tt_fg_word {
    TT_FG_NONE = 0, /* unknown or empty action */
    TT_FG_BLOCK,    /* deny, drop, block, reset, clear_session, quarantine ... */
    TT_FG_PASS,     /* accept, pass, allow, passthrough, close, timeout ... */
    TT_FG_DETECT,   /* detected, monitored */
    TT_FG_START,    /* session start */
    TT_FG_WORD_COUNT
};
enum tt_fg_word tt_fortigate_word(struct tt_slice a);
/* The rules on words already classified: w of action (action_len its
 * length), utm of utmaction (TT_FG_NONE when absent). */
void tt_fortigate_judge_words(const struct tt_parse_ctx *ctx, struct tt_slice type, struct tt_slice subtype,
                              enum tt_fg_word w, size_t action_len, enum tt_fg_word utm, struct tt_event *ev);
/* Sets verdict/metric/reason/why of ev from a FortiGate log's type,
 * subtype, action and utmaction (empty when absent; ev->src must already
 * be set). */
void tt_fortigate_judge(const struct tt_parse_ctx *ctx, struct tt_slice type, struct tt_slice subtype,
                        struct tt_slice action, struct tt_slice utmaction, struct tt_event *ev);

/* Sets verdict/metric/reason/why of ev from a PAN-OS record's type
 * (TRAFFIC, THREAT, URL, ...), subtype and action; ev->src must already be
 * set. The caller applies the repeat count. */
void tt_panos_judge(const struct tt_parse_ctx *ctx, struct tt_slice type, struct tt_slice sub,
                    struct tt_slice action, struct tt_event *ev);

/* Sets verdict/metric/reason/why of ev from a SonicWall record's message
 * id m, category bits c, msg text and fw_action (empty when absent);
 * ev->src must already be set. */
void tt_sonicwall_judge(const struct tt_parse_ctx *ctx, uint32_t m, uint32_t c, struct tt_slice msg,
                        struct tt_slice act, struct tt_event *ev);

#endif
