/* SPDX-License-Identifier: MIT
 *
 * calendar.c -- calendar arithmetic, the bottom layer of time
 * (common/calendar.h). Pure integer functions: zone.c and time.c use them,
 * they use nothing.
 */
#include "common/calendar.h"

#define CALENDAR_DAY_S 86400

/* ------------------------------------------------------------------------
 * Civil calendar. Howard Hinnant's days_from_civil / civil_from_days: exact
 * for the proleptic Gregorian calendar over the whole int range, no tables,
 * no libc. https://howardhinnant.github.io/date_algorithms.html
 * ------------------------------------------------------------------------ */

int64_t tt_days_from_civil(int y, unsigned m, unsigned d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;                                        /* [0, 399] */
    int64_t doy = (153 * ((int64_t)m + (m > 2 ? -3 : 9)) + 2) / 5 + (int64_t)d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                 /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void tt_civil_from_days(int64_t days, int *out_y, unsigned *out_m, unsigned *out_d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    unsigned d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *out_y = (int)(y + (m <= 2));
    *out_m = m;
    *out_d = d;
}

int64_t tt_timegm(int y, unsigned mon, unsigned mday, unsigned h, unsigned mi, unsigned s)
{
    return tt_days_from_civil(y, mon, mday) * CALENDAR_DAY_S + (int64_t)h * 3600 + (int64_t)mi * 60 + (int64_t)s;
}

static int calendar_is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned tt_days_in_month(int y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 ? 28u + (unsigned)calendar_is_leap(y) : dim[m - 1];
}

/* Second 60 is accepted: a leap second is a real (if rare) calendar time, and
 * the clock folds it into :59. */
int tt_civil_valid(int y, unsigned m, unsigned d, unsigned h, unsigned mi, unsigned s)
{
    if (m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || s > 60)
        return 0;
    return d <= tt_days_in_month(y, m);
}

/* Floor division by a day, correct for instants before 1970. */
int64_t tt_floor_days(int64_t t)
{
    int64_t d = t / CALENDAR_DAY_S;
    return (t % CALENDAR_DAY_S < 0) ? d - 1 : d;
}
