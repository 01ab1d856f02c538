/* SPDX-License-Identifier: MIT
 *
 * parse_snort.h -- the Snort/Suricata "fast alert" pieces shared by
 * parse_snort.c and parse_suricata.c (their fast.log formats are the same
 * but for the year in the timestamp).
 */
#ifndef TT_PARSE_SNORT_H
#define TT_PARSE_SNORT_H

#include "collector/fwb_common.h"

/* "MM/DD/YYYY-hh:mm:ss[.frac]", "MM/DD/YY-..." or "MM/DD-..." at p: fills
 * out (local time, year 0 when absent) and *out_year_digits (4, 2 or 0);
 * returns bytes consumed or 0. */
size_t tt_fast_stamp(const char *p, size_t len, struct tt_stamp *out, int *out_year_digits);

/* The alert after the timestamp (or after a syslog tag): optional action
 * tokens ("[Drop]", "[wDrop]"), optional "[**]", "[gid:sid:rev]", message,
 * "{PROTO} SRC[:port] -> DST[:port]". Fills verdict/metric and addresses;
 * TT_PARSE_OK, or TT_PARSE_NOMATCH when body is not an alert. */
enum tt_parse_rc tt_fast_alert_body(struct tt_slice body, struct tt_event *ev);

#endif
