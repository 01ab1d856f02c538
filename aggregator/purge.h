/* SPDX-License-Identifier: MIT
 *
 * purge.h -- `threattally-aggregator purge`: deletes the stored counts of
 * UTC days before a date, per site and key family (the day buckets and
 * top-networks sets are otherwise kept until someone deletes them). See
 * purge.c.
 */
#ifndef AGG_PURGE_H
#define AGG_PURGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct store;

/* What to delete: bits of (1 << enum store_family). */
#define PURGE_DAYS 0x09u    /* day counts and day attack-source estimates */
#define PURGE_HOURS 0x12u   /* hour counts and hour estimates */
#define PURGE_MINUTES 0x24u /* minute counts and minute estimates */
#define PURGE_TOP 0x40u     /* top-networks sets */
#define PURGE_ALL 0x7fu

/* "days", "hours", "minutes", "top", "all" (comma-separated) -> bits;
 * TT_ERR for anything else. */
int purge_parse_what(const char *what, unsigned *out_bits);

/* Deletes (or with dry_run only lists) the keys of the families in bits
 * whose UTC day is before before_day (days since 1970) for each site, and
 * writes what it did to out. Nothing else is touched: read positions, the
 * source list, collector health and the site list stay. TT_ERR with the
 * store's message. */
int purge_run(struct store *s, char *const *sites, size_t nsites, int64_t before_day, unsigned bits, int dry_run,
              FILE *out);

#endif
