/* SPDX-License-Identifier: MIT
 *
 * zone.h -- time zones from the system's tz database, the middle layer of
 * time: above common/calendar.h, below the per-stream clock of
 * common/time.h. A zone is loaded once (TZif file plus the POSIX rule of
 * its footer) into a flat table of offset changes, then immutable and
 * shareable between threads. Unlike libc's localtime/mktime it answers the
 * question a log reader has: which instants show this wall time (both of a
 * repeated autumn hour, or none in the spring gap).
 */
#ifndef TT_ZONE_H
#define TT_ZONE_H

#include <stddef.h>
#include <stdint.h>

struct tt_stamp; /* common/stamp.h */

/* A time zone loaded from the system's tz database (TZ names such as
 * "Europe/London", "UTC"). NULL or "" means the system's local zone. */
struct tt_zone;

struct tt_zone *tt_zone_create(const char *name, char *err, size_t errlen);
void tt_zone_destroy(struct tt_zone *z);
const char *tt_zone_name(const struct tt_zone *z);
/* UTC offset (east positive, seconds) in force at utc_s. */
int32_t tt_zone_offset_at(const struct tt_zone *z, int64_t utc_s);
/* Local wall-clock seconds (as if the local time were UTC) to UTC. Returns
 * how many UTC instants show that wall time: 1 (normal), 2 (repeated autumn
 * hour: out_first is the earlier = summer-time one, out_second the later), or
 * 0 (spring gap: out_first is the time shifted forward, i.e. interpreted with
 * the offset in force before the gap). */
int tt_zone_local_to_utc(const struct tt_zone *z, int64_t local_s, int64_t *out_first, int64_t *out_second);
/* UTC to local broken-down time in zone z (kind TT_STAMP_OFFSET). */
void tt_zone_utc_to_local(const struct tt_zone *z, int64_t utc_s, struct tt_stamp *out);

/* What a wall time means in a zone. n == 1: one instant (first), and [lo, hi)
 * is the surrounding local span that maps with the same offset; n == 2: a
 * fold, first/second are the two instants and [lo, hi) is the repeated local
 * range; n == 0: a gap, first is the time shifted forward and [lo, hi) the
 * local range that does not exist. */
struct tt_zone_hit {
    int n;          /* number of instants showing this wall time */
    int64_t first;  /* earlier (or only, or shifted) instant */
    int64_t second; /* later instant of a fold */
    int64_t lo;     /* local span start, see above */
    int64_t hi;     /* local span end (exclusive) */
    int32_t off;    /* offset of the single instant when n == 1 */
};
void tt_zone_lookup_local(const struct tt_zone *z, int64_t local_s, struct tt_zone_hit *h);

#endif
