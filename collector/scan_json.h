/* SPDX-License-Identifier: MIT
 *
 * scan_json.h -- a tiny, escape-aware scanner for one JSON object per line
 * (Suricata EVE, Mimecast, Proofpoint, ...). It builds no tree: a cursor
 * walks the members of one object, handing out each key and the raw span of
 * its value; nested objects/arrays are skipped (string-aware, depth
 * counted, no recursion) or entered on request. tt_json_find looks one key
 * up directly. Pure, no allocation, never reads outside [p, end).
 */
#ifndef TT_SCAN_JSON_H
#define TT_SCAN_JSON_H

#include "common/tt.h"

struct tt_json_cur {
    const char *p;   /* next byte to read */
    const char *end; /* one past the last byte */
};

/* Positions c inside the object that starts at the first non-blank byte of
 * [p, end) ('{'). TT_OK, or TT_ERR when that byte is not '{'. */
int tt_json_open(struct tt_json_cur *c, const char *p, const char *end);

/* Next member of the object: 1 with the key (raw, without quotes, escapes
 * kept) and the raw value span (a string value keeps its quotes), 0 at the
 * closing '}', -1 on malformed input (the cursor is then unusable). */
int tt_json_next(struct tt_json_cur *c, struct tt_slice *out_key, struct tt_slice *out_val);

/* The raw content of a string value (without its quotes, escapes kept):
 * TT_OK, or TT_ERR when val is not a string. */
int tt_json_str(struct tt_slice val, struct tt_slice *out);

/* Past the closing quote of a string whose opening quote is at p[-1], or
 * NULL when it does not close before end. */
const char *tt_json_skip_string(const char *p, const char *end);

/* Past one value starting at p (after blanks), or NULL when malformed. */
const char *tt_json_skip_value(const char *p, const char *end);

/* The value of "key" (key given without quotes) anywhere in [p, p+n) where
 * a key can stand: 1 and the value (a string raw, without its quotes; other
 * values as written), else 0. */
int tt_json_find(const char *p, size_t n, const char *key, size_t key_len, struct tt_slice *out);
#define TT_JSON_FIND(p, n, lit, out) tt_json_find((p), (n), (lit), sizeof(lit) - 1, (out))

#endif
