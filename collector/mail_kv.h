/* SPDX-License-Identifier: MIT
 *
 * mail_kv.h -- field lookup in one borrowed line for the mail-gateway
 * parsers of the mail-b family: JSON objects (scanned for the few keys a
 * parser needs, never parsed into a tree), "key=value" runs with a separator
 * (Mimecast "|", Proofpoint " "), and CEF extensions (values may hold
 * blanks; a value ends where the next " key=" begins).
 *
 * All functions read only [p, p+n), return 1 and a slice into the line when
 * the field is there, 0 otherwise. JSON string values are returned raw
 * (escapes not decoded), without their quotes; other JSON values (numbers,
 * true/false/null) as written. A key only matches where a key can stand (after
 * '{', ',' or blanks), so text inside a string value never matches.
 */
#ifndef TT_MAIL_KV_H
#define TT_MAIL_KV_H

#include "collector/kv.h"
#include "common/tt.h"

/* JSON: the value of "key" (key given without quotes). */
int mail_json(const char *p, size_t n, const char *key, size_t key_len, struct tt_slice *out);
#define MAIL_JSON(p, n, lit, out) mail_json((p), (n), (lit), sizeof(lit) - 1, (out))

/* One pass over a record: for each wanted key (keys[i], n of them, at most
 * 64) the value of its first occurrence goes to out[i] and bit i of the
 * result is set. json != 0: a JSON object (keys are the strings followed by
 * ':'); else "key=value" items separated by sep. Values as mail_json /
 * mail_kv return them. Linear in the record, whatever the number of keys. */
uint64_t mail_scan(const char *p, size_t n, int json, char sep, const char *const *keys, size_t nkeys,
                   struct tt_slice *out);

/* key=value separated by sep: the key starts the line or follows sep (or a
 * blank when sep is ' '); the value runs to the next sep or the end. */
int mail_kv(const char *p, size_t n, const char *key, size_t key_len, char sep, struct tt_slice *out);
#define MAIL_KV(p, n, lit, sep, out) mail_kv((p), (n), (lit), sizeof(lit) - 1, (sep), (out))

/* CEF extension value of key (after " key=" or at the start). */
int mail_cef(const char *p, size_t n, const char *key, size_t key_len, struct tt_slice *out);
#define MAIL_CEF(p, n, lit, out) mail_cef((p), (n), (lit), sizeof(lit) - 1, (out))

/* Case-insensitive equality / containment of a slice with a literal. */



#include "common/time.h"
/* Seconds since 1970 of a stamp a parser just read, for the expiry of its
 * own state (the pipeline's ctx->now_s is the previous line's time when a
 * line has no syslog header): offset and epoch stamps exactly, local stamps
 * read as UTC (off by the zone offset, consistently within a stream);
 * fallback when the stamp is empty or has no year. */
int64_t mail_stamp_epoch(const struct tt_stamp *st, int64_t fallback);
#endif
