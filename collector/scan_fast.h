/* SPDX-License-Identifier: MIT
 *
 * scan_fast.h -- the Snort/Suricata "fast alert" body, shared by the snort
 * and suricata-fast parsers (their fast.log formats are the same but for
 * the year in the timestamp; the timestamp is tt_fast_stamp in scan_time.h).
 */
#ifndef TT_SCAN_FAST_H
#define TT_SCAN_FAST_H

#include "collector/parser.h"

/* The alert after the timestamp (or after a syslog tag): optional action
 * tokens ("[Drop]", "[wDrop]"), optional "[**]", "[gid:sid:rev]", message,
 * "{PROTO} SRC[:port] -> DST[:port]". Fills verdict/metric and addresses;
 * TT_PARSE_OK, or TT_PARSE_NOMATCH when body is not an alert. */
enum tt_parse_rc tt_fast_alert_body(struct tt_slice body, struct tt_event *ev);

/* "SRC[:port] -> DST[:port]" into ev's addresses; 1 when both parsed. */
int tt_fast_pair(struct tt_slice s, struct tt_event *ev);

/* 1 when w (blanks trimmed) is a drop word of a CSV alert's action field:
 * drop, drops, sdrop, reject, block, blocked, dropped (any case). */
int tt_fast_drop_word(struct tt_slice w);

/* Length of a "[gid:sid:rev]" token at p, 0 when there is none. */
size_t tt_fast_gsr(const char *p, size_t len);

/* Skips "[Drop]"-style action tokens at p, setting *drop when one says so;
 * returns the bytes consumed. */
size_t tt_fast_actions(const char *p, size_t len, int *drop);

#endif
