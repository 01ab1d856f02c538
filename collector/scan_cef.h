/* SPDX-License-Identifier: MIT
 *
 * scan_cef.h -- CEF extensions: keys are [A-Za-z0-9_.-[]]+, a value runs
 * to the blank before the next "key=", '\=' and '\\' are escapes inside
 * values (so an escaped '=' never starts a key), trailing blanks are
 * trimmed. A cursor for parsers that read every pair, a lookup for those
 * that want a few keys.
 */
#ifndef TT_SCAN_CEF_H
#define TT_SCAN_CEF_H

#include "collector/scan_kv.h"

/* The next extension pair; 1, or 0 at the end. */
int tt_cef_ext_next(struct tt_kv *kv, struct tt_slice *out_key, struct tt_slice *out_val);

/* CEF extension value of key (after " key=" or at the start); 1 or 0. */
int tt_cef_find(const char *p, size_t n, const char *key, size_t key_len, struct tt_slice *out);
#define TT_CEF_FIND(p, n, lit, out) tt_cef_find((p), (n), (lit), sizeof(lit) - 1, (out))

#endif
