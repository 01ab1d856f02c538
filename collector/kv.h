/* SPDX-License-Identifier: MIT
 *
 * kv.h -- small scanners shared by the firewall parsers: FortiGate-style
 * `key=value key="quoted value"` lists, CEF extensions (`key=value with
 * spaces key2=v\=x`), Check Point `key:"value"; ` lists, plus the number,
 * timestamp and verdict helpers every firewall parser needs.
 *
 * Everything works on borrowed slices, one forward pass, no allocation.
 * Values are returned raw (escapes still in place): verdict words, numbers
 * and addresses never contain escapes, and nothing here copies text.
 */
#ifndef TT_KV_H
#define TT_KV_H

#include "collector/parser.h"

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

/* CEF extension: keys are [A-Za-z0-9_.-[]]+, a value runs to the blank
 * before the next "key=", '\=' and '\\' are escapes inside values (so an
 * escaped '=' never starts a key), trailing blanks are trimmed. */
int tt_cef_ext_next(struct tt_kv *kv, struct tt_slice *out_key, struct tt_slice *out_val);

/* Check Point syslog structured data: `key:"value"; key2:"value2"` (the
 * list may start with '[' and end with ']'); '\' escapes inside quotes. */
int tt_cp_next(struct tt_kv *kv, struct tt_slice *out_key, struct tt_slice *out_val);

/* Splits the next field of a comma-separated record with optional double
 * quotes ("" inside quotes is a quote). Returns 0 when nothing is left. */
int tt_csv_next(struct tt_kv *kv, struct tt_slice *out_field);

/* 1 when s equals lit, ASCII case-insensitively. */
int tt_slice_ieq(struct tt_slice s, const char *lit);
/* 1 when s starts with lit, any case. */
int tt_slice_istarts(struct tt_slice s, const char *lit);
/* 1 when lit occurs in s, any case (ASCII). */
int tt_slice_icontains(struct tt_slice s, const char *lit);

/* Unsigned decimal, whole slice; TT_OK or TT_ERR (empty, junk, overflow). */
int tt_slice_u64(struct tt_slice s, uint64_t *out);
/* Address of a whole slice (brackets and a zone suffix tolerated by net.c);
 * TT_OK or TT_ERR, out zeroed on error. */
int tt_slice_addr(struct tt_slice s, struct tt_addr *out);

/* Epoch time given as 10 (s), 13 (ms), 16 (us) or 19 (ns) digits, into an
 * EPOCH stamp; TT_ERR for any other shape. */
int tt_stamp_from_epoch_digits(struct tt_slice s, struct tt_stamp *out);
/* "YYYY-MM-DD" (or "YYYY/MM/DD") and "HH:MM:SS" into a LOCAL stamp; TT_ERR
 * when either is not of that shape. */
int tt_stamp_from_date_time(struct tt_slice date, struct tt_slice time, struct tt_stamp *out);
/* "+0900", "-05:00", "+09", "Z", "UTC", "GMT" into seconds east; TT_ERR
 * otherwise. */
int tt_parse_utc_offset(struct tt_slice s, int32_t *out_s);

/* "Mmm dd yyyy hh:mm:ss[.fff][ UTC|GMT|Z|+hh:mm]" (ASA with year, CEF rt,
 * LEEF devTime) at p: LOCAL stamp with year, OFFSET when a zone is given.
 * Returns the bytes consumed, 0 when p is not of that form. */
size_t tt_parse_mdy_stamp(const char *p, size_t len, struct tt_stamp *out);

/* Verdict helpers, the docs/COUNTING.md#firewalls rules in one place:
 * firewall deny: attacks_blocked:firewall when src is outside --home-net
 *   (or unknown), else blocked counting nothing;
 * IPS block: attacks_blocked:ips in any direction;
 * IDS alert: allowed, ids_alerts;
 * allowed connection: connections_allowed. */
void tt_fw_deny(const struct tt_parse_ctx *ctx, struct tt_event *ev);
void tt_fw_ips_block(struct tt_event *ev);
void tt_fw_ids_alert(struct tt_event *ev);
void tt_fw_allow(struct tt_event *ev);
/* blocked or allowed counting nothing (policy, web filter, ...). */
void tt_fw_set(struct tt_event *ev, enum tt_verdict v, const char *why);

#endif
