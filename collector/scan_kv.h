/* SPDX-License-Identifier: MIT
 *
 * scan_kv.h -- key=value scanning shared by every parser: FortiGate-style
 * `key=value key="quoted value"` lists, Check Point `key:"value"; ` lists,
 * CSV fields, the lookup of one key or of a set of keys in one pass, slice
 * comparisons and whole-slice unsigned numbers.
 *
 * Everything works on borrowed slices, one forward pass, no allocation.
 * Values are returned raw (escapes still in place): verdict words, numbers
 * and addresses never contain escapes, and nothing here copies text.
 */
#ifndef TT_SCAN_KV_H
#define TT_SCAN_KV_H

#include "collector/parser.h"

#include <string.h>

/* A cursor over [p, end). */
struct tt_kv {
    const char *p;   /* next byte to read */
    const char *end; /* end of the list */
};

static inline void tt_kv_init(struct tt_kv *kv, const char *p, size_t len)
{
    kv->p = p;
    kv->end = p + len;
}

/* FortiGate / Log Exporter "generic": pairs separated by blanks (or '|'
 * when sep is '|'), value bare or in double quotes (a backslash escapes the
 * next byte inside quotes). Returns 1 and the next pair (quotes stripped),
 * 0 at the end. A token without '=' is skipped. */
int tt_kv_next(struct tt_kv *kv, char sep, struct tt_slice *out_key, struct tt_slice *out_val);

/* One step of a blank-separated key=value scan over [*pp, end): skips
 * blanks and tokens without '=', then returns 1 with key and value (quotes
 * removed; a "..." value may hold '\"'-escaped quotes, kept as written;
 * '...' too), or 0 at the end. An unterminated quote runs to end. *pp
 * advances past the pair. (Unlike tt_kv_next, single quotes quote too and a
 * value's escapes do not hide its closing quote from a relay's cut.) */
int tt_kv_scan(const char **pp, const char *end, struct tt_slice *out_key, struct tt_slice *out_val);

/* Check Point syslog structured data: `key:"value"; key2:"value2"` (the
 * list may start with '[' and end with ']'); '\' escapes inside quotes. */
int tt_cp_next(struct tt_kv *kv, struct tt_slice *out_key, struct tt_slice *out_val);

/* Splits the next field of a comma-separated record with optional double
 * quotes ("" inside quotes is a quote). Returns 0 when nothing is left. */
int tt_csv_next(struct tt_kv *kv, struct tt_slice *out_field);

/* key=value separated by sep: the key starts the line or follows sep (or a
 * blank when sep is ' '); the value runs to the next sep or the end. 1 and
 * the value when found, else 0. */
int tt_kv_find(const char *p, size_t n, const char *key, size_t key_len, char sep, struct tt_slice *out);
#define TT_KV_FIND(p, n, lit, sep, out) tt_kv_find((p), (n), (lit), sizeof(lit) - 1, (sep), (out))

/* One pass over a record: for each wanted key (keys[i], n of them, at most
 * 64) the value of its first occurrence goes to out[i] and bit i of the
 * result is set. json != 0: a JSON object (keys are the strings followed by
 * ':'); else "key=value" items separated by sep. Values as tt_json_find /
 * tt_kv_find return them. Linear in the record, whatever the number of keys. */
uint64_t tt_kv_pick(const char *p, size_t n, int json, char sep, const char *const *keys, size_t nkeys,
                    struct tt_slice *out);

/* 1 when s equals lit, ASCII case-insensitively. */
int tt_slice_ieq(struct tt_slice s, const char *lit);
/* 1 when s starts with lit, any case. */
int tt_slice_istarts(struct tt_slice s, const char *lit);
/* 1 when lit occurs in s, any case (ASCII). */
int tt_slice_icontains(struct tt_slice s, const char *lit);
/* Trims blanks at both ends. */
struct tt_slice tt_slice_trim(struct tt_slice s);
/* The envelope's message without the blanks a relay may pad it with: spaces
 * and tabs before it, spaces after it (Suricata's EVE and fast.log). */
struct tt_slice tt_msg_padded(const struct tt_envelope *env);

/* Unsigned decimal, whole slice; TT_OK or TT_ERR (empty, junk, overflow). */
int tt_slice_u64(struct tt_slice s, uint64_t *out);
/* The same, at most UINT32_MAX. */
int tt_slice_u32(struct tt_slice s, uint32_t *out);

/* Literal tests on [p, p+n). */
#define TT_STARTS(p, n, lit) ((n) >= sizeof(lit) - 1 && memcmp((p), (lit), sizeof(lit) - 1) == 0)
#define TT_FIND(p, n, lit) tt_memmem((p), (n), (lit), sizeof(lit) - 1)
#define TT_IFIND(p, n, lit) tt_memcasemem((p), (n), (lit), sizeof(lit) - 1)

#endif
