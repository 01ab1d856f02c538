/* SPDX-License-Identifier: MIT
 *
 * kv.c -- the key=value, CEF-extension, Check Point and CSV scanners and
 * the verdict helpers shared by the firewall parsers (see kv.h). Hot path:
 * every function is a forward scan of a borrowed slice, no allocation.
 */
#include "collector/kv.h"

#include <stddef.h>

static inline int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static inline unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

int tt_kv_next(struct tt_kv *kv, char sep, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = kv->p, *end = kv->end;
    for (;;) {
        while (p < end && (is_blank(*p) || *p == sep))
            p++;
        if (p >= end) {
            kv->p = end;
            return 0;
        }
        const char *k = p;
        while (p < end && *p != '=' && !is_blank(*p) && *p != sep && *p != '"')
            p++;
        if (p >= end || *p != '=' || p == k) {
            /* not a pair: skip the token (a quoted run is skipped whole) */
            while (p < end && !is_blank(*p) && *p != sep) {
                if (*p == '"') {
                    p++;
                    while (p < end && *p != '"')
                        p += (*p == '\\' && p + 1 < end) ? 2 : 1;
                }
                if (p < end)
                    p++;
            }
            continue;
        }
        *out_key = tt_slice_make(k, (size_t)(p - k));
        p++; /* '=' */
        if (p < end && *p == '"') {
            /* closing quote: the next '"' not escaped by a backslash */
            const char *v = ++p;
            for (;;) {
                const char *q = memchr(p, '"', (size_t)(end - p));
                if (!q) {
                    p = end;
                    break;
                }
                size_t bs = 0;
                while (q - bs > v && q[-1 - (ptrdiff_t)bs] == '\\')
                    bs++;
                p = q;
                if (bs % 2 == 0)
                    break;
                p++;
            }
            *out_val = tt_slice_make(v, (size_t)(p - v));
            if (p < end)
                p++; /* closing quote */
        } else {
            const char *v = p;
            if (sep == ' ') {
                const char *q = memchr(p, ' ', (size_t)(end - p));
                const char *e = q ? q : end;
                while (p < e && *p != '\t' && *p != '\r')
                    p++;
            } else {
                while (p < end && !is_blank(*p) && *p != sep)
                    p++;
            }
            *out_val = tt_slice_make(v, (size_t)(p - v));
        }
        kv->p = p;
        return 1;
    }
}

static inline int cef_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-' || c == '[' || c == ']';
}

/* Position of the '=' of the key starting at p, or NULL when p does not
 * start a key. */
static const char *cef_key_at(const char *p, const char *end)
{
    const char *k = p;
    while (p < end && cef_key_char(*p))
        p++;
    return (p > k && p < end && *p == '=') ? p : NULL;
}

int tt_cef_ext_next(struct tt_kv *kv, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = kv->p, *end = kv->end;
    for (;;) {
        while (p < end && is_blank(*p))
            p++;
        if (p >= end) {
            kv->p = end;
            return 0;
        }
        const char *eq = cef_key_at(p, end);
        if (!eq) {
            /* junk before a key: skip to the next blank */
            while (p < end && !is_blank(*p))
                p++;
            continue;
        }
        *out_key = tt_slice_make(p, (size_t)(eq - p));
        const char *v = eq + 1, *q = v, *vend = end;
        while (q < end) {
            if (*q == '\\' && q + 1 < end) {
                q += 2;
                continue;
            }
            if (is_blank(*q)) {
                const char *n = q;
                while (n < end && is_blank(*n))
                    n++;
                if (n < end && cef_key_at(n, end)) {
                    vend = q;
                    break;
                }
                q = n;
                continue;
            }
            q++;
        }
        if (q >= end)
            vend = end;
        const char *t = vend;
        while (t > v && is_blank(t[-1]))
            t--;
        *out_val = tt_slice_make(v, (size_t)(t - v));
        kv->p = vend;
        return 1;
    }
}

int tt_cp_next(struct tt_kv *kv, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = kv->p, *end = kv->end;
    for (;;) {
        while (p < end && (is_blank(*p) || *p == ';' || *p == '[' || *p == ']'))
            p++;
        if (p >= end) {
            kv->p = end;
            return 0;
        }
        const char *k = p;
        while (p < end && *p != ':' && *p != ';' && *p != '"' && !is_blank(*p))
            p++;
        const char *kend = p;
        /* "sys_message::" has a doubled colon */
        while (p < end && *p == ':')
            p++;
        if (p >= end || *p != '"' || kend == k || p == kend) {
            while (p < end && *p != ';') {
                if (*p == '"') {
                    p++;
                    while (p < end && *p != '"')
                        p += (*p == '\\' && p + 1 < end) ? 2 : 1;
                }
                if (p < end)
                    p++;
            }
            continue;
        }
        const char *v = ++p;
        while (p < end && *p != '"')
            p += (*p == '\\' && p + 1 < end) ? 2 : 1;
        if (p > end)
            p = end;
        *out_key = tt_slice_make(k, (size_t)(kend - k));
        *out_val = tt_slice_make(v, (size_t)(p - v));
        if (p < end)
            p++;
        kv->p = p;
        return 1;
    }
}

int tt_csv_next(struct tt_kv *kv, struct tt_slice *out_field)
{
    const char *p = kv->p, *end = kv->end;
    if (p > end)
        return 0;
    if (p == end) {
        kv->p = end + 1; /* a trailing empty field once */
        *out_field = tt_slice_make(end, 0);
        return 1;
    }
    if (*p == '"') {
        const char *v = ++p;
        while (p < end) {
            if (*p == '"') {
                if (p + 1 < end && p[1] == '"') {
                    p += 2;
                    continue;
                }
                break;
            }
            p++;
        }
        *out_field = tt_slice_make(v, (size_t)(p - v));
        if (p < end)
            p++; /* closing quote */
        /* anything up to the comma belongs to nobody */
        const char *c = p < end ? memchr(p, ',', (size_t)(end - p)) : NULL;
        kv->p = c ? c + 1 : end + 1;
        return 1;
    }
    const char *c = memchr(p, ',', (size_t)(end - p));
    *out_field = tt_slice_make(p, (size_t)((c ? c : end) - p));
    kv->p = c ? c + 1 : end + 1;
    return 1;
}

int tt_slice_ieq(struct tt_slice s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.len != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s.p[i]) != lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

int tt_slice_istarts(struct tt_slice s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.len < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s.p[i]) != lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

int tt_slice_icontains(struct tt_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && tt_memcasemem(s.p, s.len, lit, n) != NULL;
}

int tt_slice_u64(struct tt_slice s, uint64_t *out)
{
    if (s.len == 0 || s.len > 19)
        return TT_ERR;
    uint64_t v = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return TT_ERR;
        v = v * 10 + (uint64_t)(s.p[i] - '0');
    }
    *out = v;
    return TT_OK;
}

int tt_slice_addr(struct tt_slice s, struct tt_addr *out)
{
    if (s.len == 0 || tt_addr_parse(s.p, s.len, out) != TT_OK) {
        memset(out, 0, sizeof(*out));
        return TT_ERR;
    }
    return TT_OK;
}

int tt_stamp_from_epoch_digits(struct tt_slice s, struct tt_stamp *out)
{
    uint64_t v;
    if (tt_slice_u64(s, &v) != TT_OK)
        return TT_ERR;
    switch (s.len) {
    case 10:
        break;
    case 13:
        v /= 1000u;
        break;
    case 16:
        v /= 1000000u;
        break;
    case 19:
        v /= 1000000000u;
        break;
    default:
        return TT_ERR;
    }
    memset(out, 0, sizeof(*out));
    out->kind = TT_STAMP_EPOCH;
    out->epoch_s = (int64_t)v;
    return TT_OK;
}

static int digits(const char *p, size_t n, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (unsigned)(p[i] - '0');
    }
    *out = v;
    return 1;
}

int tt_stamp_from_date_time(struct tt_slice date, struct tt_slice time, struct tt_stamp *out)
{
    unsigned y, mo, d, h, mi, s;
    if (date.len != 10 || (date.p[4] != '-' && date.p[4] != '/') || date.p[7] != date.p[4])
        return TT_ERR;
    if (time.len < 8 || time.p[2] != ':' || time.p[5] != ':')
        return TT_ERR;
    if (!digits(date.p, 4, &y) || !digits(date.p + 5, 2, &mo) || !digits(date.p + 8, 2, &d) ||
        !digits(time.p, 2, &h) || !digits(time.p + 3, 2, &mi) || !digits(time.p + 6, 2, &s))
        return TT_ERR;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return TT_ERR;
    memset(out, 0, sizeof(*out));
    out->kind = TT_STAMP_LOCAL;
    out->year = (int16_t)y;
    out->mon = (uint8_t)mo;
    out->mday = (uint8_t)d;
    out->hour = (uint8_t)h;
    out->min = (uint8_t)mi;
    out->sec = (uint8_t)(s > 59 ? 59 : s);
    return TT_OK;
}

size_t tt_parse_mdy_stamp(const char *p, size_t len, struct tt_stamp *out)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (len < 20 || p[3] != ' ')
        return 0;
    int mon = 0;
    for (int i = 0; i < 12; i++)
        if (memcmp(p, names + 3 * i, 3) == 0)
            mon = i + 1;
    if (!mon)
        return 0;
    unsigned d, y;
    if (p[4] == ' ' && p[5] >= '0' && p[5] <= '9')
        d = (unsigned)(p[5] - '0');
    else if (!digits(p + 4, 2, &d))
        return 0;
    if (p[6] != ' ' || !digits(p + 7, 4, &y) || p[11] != ' ')
        return 0;
    char date[10];
    date[0] = p[7], date[1] = p[8], date[2] = p[9], date[3] = p[10], date[4] = '-';
    date[5] = (char)('0' + mon / 10), date[6] = (char)('0' + mon % 10), date[7] = '-';
    date[8] = (char)('0' + d / 10), date[9] = (char)('0' + d % 10);
    if (tt_stamp_from_date_time(tt_slice_make(date, 10), tt_slice_make(p + 12, 8), out) != TT_OK)
        return 0;
    size_t i = 20;
    if (i < len && p[i] == '.')
        for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++)
            ;
    if (i + 1 < len && p[i] == ' ') {
        size_t j = i + 1, e = j;
        while (e < len && p[e] != ' ' && p[e] != ':' && e - j < 7)
            e++;
        int32_t off;
        if (tt_parse_utc_offset(tt_slice_make(p + j, e - j), &off) == TT_OK) {
            out->kind = TT_STAMP_OFFSET;
            out->offset_s = off;
            i = e;
        }
    }
    return i;
}

int tt_parse_utc_offset(struct tt_slice s, int32_t *out_s)
{
    if (tt_slice_ieq(s, "Z") || tt_slice_ieq(s, "UTC") || tt_slice_ieq(s, "GMT")) {
        *out_s = 0;
        return TT_OK;
    }
    if (s.len < 3 || (s.p[0] != '+' && s.p[0] != '-'))
        return TT_ERR;
    unsigned h, m = 0;
    if (!digits(s.p + 1, 2, &h))
        return TT_ERR;
    if (s.len == 5) {
        if (!digits(s.p + 3, 2, &m))
            return TT_ERR;
    } else if (s.len == 6) {
        if (s.p[3] != ':' || !digits(s.p + 4, 2, &m))
            return TT_ERR;
    } else if (s.len != 3) {
        return TT_ERR;
    }
    if (h > 14 || m > 59)
        return TT_ERR;
    int32_t v = (int32_t)(h * 3600 + m * 60);
    *out_s = s.p[0] == '-' ? -v : v;
    return TT_OK;
}

void tt_fw_deny(const struct tt_parse_ctx *ctx, struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_BLOCKED;
    static const uint8_t zero[16];
    if (ev->src.family == 0 || memcmp(ev->src.bytes, zero, 16) == 0) {
        /* docs/COUNTING.md#firewalls: an attack is a deny of traffic from outside --home-net; a
         * deny whose source cannot be read is not known to be one. */
        ev->metric = TT_METRIC_NONE;
        ev->reason = TT_REASON_NONE;
        ev->why = "deny without a source address";
    } else if (ctx && ctx->home_net && tt_cidr_set_contains(ctx->home_net, &ev->src)) {
        ev->metric = TT_METRIC_NONE;
        ev->reason = TT_REASON_NONE;
        ev->why = "outbound/internal deny, not an attack";
    } else {
        ev->metric = TT_METRIC_ATTACKS_BLOCKED;
        ev->reason = TT_REASON_FIREWALL;
        ev->why = "firewall deny from outside";
    }
}

void tt_fw_ips_block(struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_BLOCKED;
    ev->metric = TT_METRIC_ATTACKS_BLOCKED;
    ev->reason = TT_REASON_IPS;
    ev->why = "IPS block";
}

void tt_fw_ids_alert(struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_ALLOWED;
    ev->metric = TT_METRIC_IDS_ALERTS;
    ev->reason = TT_REASON_NONE;
    ev->why = "IDS alert, detected only";
}

void tt_fw_allow(struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_ALLOWED;
    ev->metric = TT_METRIC_CONNECTIONS_ALLOWED;
    ev->reason = TT_REASON_NONE;
    ev->why = "allowed connection record";
}

void tt_fw_set(struct tt_event *ev, enum tt_verdict v, const char *why)
{
    ev->verdict = v;
    ev->metric = TT_METRIC_NONE;
    ev->reason = TT_REASON_NONE;
    ev->why = why;
}
