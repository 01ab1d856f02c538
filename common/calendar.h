/* SPDX-License-Identifier: MIT
 *
 * calendar.h -- the bottom layer of time: proleptic Gregorian calendar
 * arithmetic on plain integers. No zones, no text, no libc time functions;
 * common/zone.c and common/time.c build on it, and anything that only needs
 * "days since 1970" or "is this a real date" includes this header alone.
 */
#ifndef TT_CALENDAR_H
#define TT_CALENDAR_H

#include <stdint.h>

/* Civil calendar (proleptic Gregorian) <-> days since 1970-01-01. */
int64_t tt_days_from_civil(int y, unsigned m, unsigned d);
void tt_civil_from_days(int64_t days, int *out_y, unsigned *out_m, unsigned *out_d);
/* Seconds since epoch of a broken-down time read as UTC (no validation). */
int64_t tt_timegm(int y, unsigned mon, unsigned mday, unsigned h, unsigned mi, unsigned s);
/* 1 when y-m-d h:mi:s is a real calendar time (second 60 accepted). */
int tt_civil_valid(int y, unsigned m, unsigned d, unsigned h, unsigned mi, unsigned s);
/* floor(t / 86400), correct before 1970. */
int64_t tt_floor_days(int64_t t);
/* The days of month m (1..12) of year y. */
unsigned tt_days_in_month(int y, unsigned m);

#endif
