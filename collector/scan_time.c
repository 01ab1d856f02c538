/* SPDX-License-Identifier: MIT
 *
 * scan_time.c -- vendor date/time texts -> struct tt_stamp (see scan_time.h),
 * built on common/time.h; the one place besides common/ that fills a
 * stamp's kind
 */
#include "collector/scan_time.h"
#include "collector/scan_kv.h"

#include <string.h>


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


static int scan_time_digits(const char *p, size_t n, unsigned *out)
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
    if (!scan_time_digits(date.p, 4, &y) || !scan_time_digits(date.p + 5, 2, &mo) || !scan_time_digits(date.p + 8, 2, &d) ||
        !scan_time_digits(time.p, 2, &h) || !scan_time_digits(time.p + 3, 2, &mi) || !scan_time_digits(time.p + 6, 2, &s))
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
    else if (!scan_time_digits(p + 4, 2, &d))
        return 0;
    if (p[6] != ' ' || !scan_time_digits(p + 7, 4, &y) || p[11] != ' ')
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
    if (!scan_time_digits(s.p + 1, 2, &h))
        return TT_ERR;
    if (s.len == 5) {
        if (!scan_time_digits(s.p + 3, 2, &m))
            return TT_ERR;
    } else if (s.len == 6) {
        if (s.p[3] != ':' || !scan_time_digits(s.p + 4, 2, &m))
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


int64_t tt_stamp_epoch_or(const struct tt_stamp *st, int64_t fallback)
{
    switch (st->kind) {
    case TT_STAMP_EPOCH:
        return st->epoch_s;
    case TT_STAMP_OFFSET:
    case TT_STAMP_LOCAL:
        if (st->year == 0)
            return fallback;
        return tt_timegm(st->year, st->mon, st->mday, st->hour, st->min, st->sec) -
               (st->kind == TT_STAMP_OFFSET ? st->offset_s : 0);
    default:
        return fallback;
    }
}


static inline int scan_time_is_digit(char c)
{
    return c >= '0' && c <= '9';
}


static int scan_time_two_digits(const char *p, unsigned *out)
{
    if (!scan_time_is_digit(p[0]) || !scan_time_is_digit(p[1]))
        return 0;
    *out = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
    return 1;
}


size_t tt_fast_stamp(const char *p, size_t len, struct tt_stamp *out, int *out_year_digits)
{
    unsigned mon, mday, y = 0, h, mi, s;
    size_t i = 0;
    if (len < 14 || !scan_time_two_digits(p, &mon) || p[2] != '/' || !scan_time_two_digits(p + 3, &mday))
        return 0;
    i = 5;
    int yd = 0;
    if (p[i] == '/') {
        i++;
        size_t b = i;
        while (i < len && i - b < 4 && scan_time_is_digit(p[i]))
            y = y * 10 + (unsigned)(p[i++] - '0');
        yd = (int)(i - b);
        if (yd != 2 && yd != 4)
            return 0;
        if (yd == 2)
            y += 2000;
    }
    if (i + 9 > len || p[i] != '-' || !scan_time_two_digits(p + i + 1, &h) || p[i + 3] != ':' || !scan_time_two_digits(p + i + 4, &mi) ||
        p[i + 6] != ':' || !scan_time_two_digits(p + i + 7, &s))
        return 0;
    i += 9;
    if (i < len && p[i] == '.') {
        i++;
        while (i < len && scan_time_is_digit(p[i]))
            i++;
    }
    if (mon < 1 || mon > 12 || mday < 1 || mday > 31 || h > 23 || mi > 59 || s > 60)
        return 0;
    memset(out, 0, sizeof(*out));
    out->kind = TT_STAMP_LOCAL;
    out->year = (int16_t)y;
    out->mon = (uint8_t)mon;
    out->mday = (uint8_t)mday;
    out->hour = (uint8_t)h;
    out->min = (uint8_t)mi;
    out->sec = (uint8_t)(s > 59 ? 59 : s);
    *out_year_digits = yd;
    return i;
}
