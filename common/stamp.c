/* SPDX-License-Identifier: MIT
 *
 * stamp.c -- text -> struct tt_stamp (common/stamp.h): the timestamp forms
 * that format parsers meet (RFC 3164, ISO 8601 / RFC 3339) and the ISO form
 * of the command line. What the text says is recorded as it is; zones and
 * missing years are common/time.c's business.
 */
#include "common/stamp.h"

#include <string.h>

/* ------------------------------------------------------------------------
 * Text parsers. They read only [p, p+len), never allocate, and return 0 on
 * anything that is not exactly their form.
 * ------------------------------------------------------------------------ */

static int stamp_is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int stamp_two_digits(const char *p, unsigned *out)
{
    if (!stamp_is_digit(p[0]) || !stamp_is_digit(p[1]))
        return 0;
    *out = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
    return 1;
}

/* "hh:mm:ss" at p (8 bytes available). */
static int stamp_parse_hms(const char *p, unsigned *h, unsigned *mi, unsigned *s)
{
    return stamp_two_digits(p, h) && p[2] == ':' && stamp_two_digits(p + 3, mi) && p[5] == ':' && stamp_two_digits(p + 6, s) &&
           *h <= 23 && *mi <= 59 && *s <= 60;
}

/* Optional ".123456" / ",123": consumed and dropped, since buckets are
 * minutes. A separator without digits is not part of the stamp. */
static size_t stamp_skip_fraction(const char *p, size_t len, size_t i)
{
    if (i + 1 < len && (p[i] == '.' || p[i] == ',') && stamp_is_digit(p[i + 1])) {
        i++;
        while (i < len && stamp_is_digit(p[i]))
            i++;
    }
    return i;
}

static int stamp_month_from_name(const char *p)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char l[3];
    for (int i = 0; i < 3; i++)
        l[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
    for (int m = 0; m < 12; m++)
        if (memcmp(names + 3 * m, l, 3) == 0)
            return m + 1;
    return 0;
}

size_t tt_parse_bsd_stamp(const char *p, size_t len, struct tt_stamp *out)
{
    unsigned mday, h, mi, s;
    size_t i;
    if (!p || len < 14)
        return 0;
    int mon = stamp_month_from_name(p);
    if (mon == 0 || p[3] != ' ')
        return 0;
    if (p[4] == ' ' && stamp_is_digit(p[5])) { /* "Feb  1" */
        mday = (unsigned)(p[5] - '0');
        i = 6;
    } else if (stamp_two_digits(p + 4, &mday)) { /* "Feb 01", "Feb 21" */
        i = 6;
    } else if (stamp_is_digit(p[4]) && p[5] == ' ') { /* "Feb 1", not RFC but common */
        mday = (unsigned)(p[4] - '0');
        i = 5;
    } else {
        return 0;
    }
    if (mday < 1 || mday > 31 || i + 9 > len || p[i] != ' ' || !stamp_parse_hms(p + i + 1, &h, &mi, &s))
        return 0;
    i = stamp_skip_fraction(p, len, i + 9);
    if (i < len && stamp_is_digit(p[i]))
        return 0;
    memset(out, 0, sizeof(*out));
    out->kind = TT_STAMP_LOCAL;
    out->mon = (uint8_t)mon;
    out->mday = (uint8_t)mday;
    out->hour = (uint8_t)h;
    out->min = (uint8_t)mi;
    out->sec = (uint8_t)(s == 60 ? 59 : s);
    return i;
}

#define STAMP_ISO_DATE_ONLY 1u  /* accept "2018-02-01" alone (command line) */
#define STAMP_ISO_NO_SECONDS 2u /* accept "2018-02-01T00:00" (command line) */

/* "+hh:mm", "+hhmm", "+hh", "Z" at p[i]; returns the index after it, or i
 * when there is none. *found is 1 for an offset, 0 for none and -1 for a
 * sign that does not start a well-formed offset ("+5", "+05:3", "+25:00"). */
static size_t stamp_parse_offset(const char *p, size_t len, size_t i, int32_t *out, int *found)
{
    unsigned hh, mm = 0;
    *found = 0;
    if (i < len && (p[i] == 'Z' || p[i] == 'z')) {
        *out = 0;
        *found = 1;
        return i + 1;
    }
    if (i >= len || (p[i] != '+' && p[i] != '-'))
        return i;
    *found = -1;
    if (i + 3 > len || !stamp_two_digits(p + i + 1, &hh))
        return i;
    size_t j = i + 3;
    if (j < len && p[j] == ':') { /* "+hh:" must go on with two digits */
        if (j + 3 > len || !stamp_two_digits(p + j + 1, &mm))
            return i;
        j += 3;
    } else if (j + 2 <= len && stamp_two_digits(p + j, &mm)) {
        j += 2;
    }
    if ((j < len && stamp_is_digit(p[j])) || hh > 23 || mm > 59)
        return i;
    *out = (p[i] == '-' ? -1 : 1) * (int32_t)(hh * 3600 + mm * 60);
    *found = 1;
    return j;
}

static size_t stamp_parse_iso(const char *p, size_t len, struct tt_stamp *out, unsigned flags)
{
    unsigned y4, y2, mon, mday, h = 0, mi = 0, s = 0;
    if (!p || len < 10)
        return 0;
    if (!stamp_two_digits(p, &y4) || !stamp_two_digits(p + 2, &y2) || p[4] != '-' || !stamp_two_digits(p + 5, &mon) ||
        p[7] != '-' || !stamp_two_digits(p + 8, &mday))
        return 0;
    int year = (int)(y4 * 100 + y2);
    if (year == 0 || mon < 1 || mon > 12 || mday < 1 || mday > 31)
        return 0;
    size_t i = 10;
    if (i + 6 <= len && (p[i] == 'T' || p[i] == 't' || p[i] == ' ') && stamp_two_digits(p + i + 1, &h) &&
        p[i + 3] == ':' && stamp_two_digits(p + i + 4, &mi)) {
        i += 6;
        if (i + 3 <= len && p[i] == ':' && stamp_two_digits(p + i + 1, &s)) {
            i += 3;
            i = stamp_skip_fraction(p, len, i);
        } else if (!(flags & STAMP_ISO_NO_SECONDS)) {
            return 0;
        }
        if (h > 23 || mi > 59 || s > 60)
            return 0;
    } else if (!(flags & STAMP_ISO_DATE_ONLY)) {
        return 0;
    }
    memset(out, 0, sizeof(*out));
    int found;
    int32_t off = 0;
    if (i > 10) /* an offset only follows a time of day */
        i = stamp_parse_offset(p, len, i, &off, &found);
    else
        found = 0;
    if (found < 0 || (i < len && stamp_is_digit(p[i])))
        return 0;
    out->kind = found ? TT_STAMP_OFFSET : TT_STAMP_LOCAL;
    out->offset_s = off;
    out->year = (int16_t)year;
    out->mon = (uint8_t)mon;
    out->mday = (uint8_t)mday;
    out->hour = (uint8_t)h;
    out->min = (uint8_t)mi;
    out->sec = (uint8_t)(s == 60 ? 59 : s);
    return i;
}

size_t tt_parse_iso8601(const char *p, size_t len, struct tt_stamp *out)
{
    return stamp_parse_iso(p, len, out, 0);
}

size_t tt_parse_iso8601_arg(const char *p, size_t len, struct tt_stamp *out)
{
    return stamp_parse_iso(p, len, out, STAMP_ISO_DATE_ONLY | STAMP_ISO_NO_SECONDS);
}
