/* SPDX-License-Identifier: MIT
 *
 * vgen.h -- the vendor-format half of ttgen. `ttgen --kind fortigate` (or a
 * comma list, for a mixed multi-vendor stream) is served here instead of by
 * the Postfix/netfilter simulator in ttgen.c.
 *
 * A format generator is one bench/gen_<family>.c file holding one or more
 * `const struct vgen_format` and one line in vgen_formats.c. Its event()
 * writes the whole line(s) of one event at time t_us (it owns the stamp
 * layout: syslog header, ISO field, CSV column...) and declares the truth:
 * what the collector must count for them, at which minute. Events arrive in
 * time order per format; a format may spread one event's lines over a few
 * seconds (correlated mail logs) as long as it counts each metric at the
 * minute of the line that carries it.
 *
 * Truth is written in ttgen's format (tests/integration/truth_sum.sh reads
 * it): "<minute_epoch> <metric> <reason|-> <count>", plus TRUTH.sources with
 * one distinct attack source per line.
 */
#ifndef TT_VGEN_H
#define TT_VGEN_H

#include <stdint.h>

struct vgen; /* opaque generator state */

struct vgen_format {
    const char *name;                            /* --kind name, e.g. "fortigate" */
    const char *help;                            /* one line for ttgen --help */
    void (*event)(struct vgen *g, int64_t t_us); /* writes one event's lines */
};

/* Randomness: the one seeded stream (--seed), so runs are reproducible. */
uint32_t vg_rand(struct vgen *g, uint32_t n);          /* uniform in [0, n) */
int vg_chance(struct vgen *g, unsigned permille);       /* true with p = permille/1000 */
const char *vg_pick(struct vgen *g, const char *const *list, unsigned n);
#define VG_PICK(g, arr) vg_pick((g), (arr), (unsigned)(sizeof(arr) / sizeof((arr)[0])))

/* Addresses, written into caller buffers of at least 48 bytes. Public
 * attackers are drawn from a bounded pool (so sources repeat), home
 * addresses from 10.0.0.0/16 and 2001:db8:10::/48. */
char *vg_attacker_ip(struct vgen *g, char *out, int allow_v6);
char *vg_public_ip(struct vgen *g, char *out);
char *vg_home_ip(struct vgen *g, char *out);

/* Time. vg_local() gives the wall clock in --tz at t_s, and its UTC
 * offset in seconds; the name of the zone (--tz) is vg_zone(). */
struct vg_wall {
    int year, mon, mday, hour, min, sec; /* mon 1..12 */
    int32_t off_s;                       /* UTC offset, seconds east */
};
void vg_local(struct vgen *g, int64_t t_s, struct vg_wall *out);
const char *vg_zone(struct vgen *g);
const char *vg_host(struct vgen *g, const char *deflt); /* --host, or deflt */
/* "Feb  1 00:00:00" (RFC 3164, local time) into out (>= 16 bytes). */
char *vg_stamp3164(struct vgen *g, int64_t t_us, char *out);
/* "2018-02-01T00:00:00.123+00:00" (local time with offset) into out (>= 40). */
char *vg_stamp_iso(struct vgen *g, int64_t t_us, char *out);

/* Output: one whole line, printf-style, without the newline. t_us is the
 * time the collector will read from it (lines_total counts there). */
void vg_line(struct vgen *g, int64_t t_us, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A line with no time of its own (a file header): counted where a
 * collector counts it (the last dated line's minute, or arrival). */
void vg_line_untimed(struct vgen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Truth: the line(s) at t_us count once for metric[:reason] (reason NULL
 * for none). vg_source() adds a distinct attack source. */
void vg_count(struct vgen *g, int64_t t_us, const char *metric, const char *reason);
void vg_source(struct vgen *g, const char *ip);

/* The registry (vgen_formats.c) and the entry point ttgen.c calls when
 * --kind names vendor formats. */
const struct vgen_format *vgen_find(const char *name);
void vgen_list(void); /* prints "  name  help" lines */
/* find is vgen_find: the engine is handed the registry rather than calling
 * it, so that vgen.c (below the formats) never depends on the list of
 * formats (above them). */
int vgen_main(int argc, char **argv, const struct vgen_format *(*find)(const char *name));

#endif
