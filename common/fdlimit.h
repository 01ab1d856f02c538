/* SPDX-License-Identifier: MIT
 *
 * fdlimit.h -- descriptors as a resource: raise the soft RLIMIT_NOFILE to
 * the hard limit at start (Debian's default soft limit, 1,024, is what one
 * busy listener needs), and an accept loop's back-off when the process or
 * the system runs out of descriptors anyway (EMFILE, ENFILE), so that a
 * listener that stays readable does not spin the loop at 100 % CPU.
 */
#ifndef TT_FDLIMIT_H
#define TT_FDLIMIT_H

#include <stdint.h>

/* Raises the soft limit to the hard one; returns the soft limit in force
 * afterwards (what connection limits are sized from). */
long tt_fd_limit_raise(void);

/* Back-off state of one accept loop. */
struct tt_fd_backoff {
    int64_t until_ms;  /* monotonic: accept nothing before this */
    uint64_t events;   /* times the limit was hit */
};

/* After accept() failed with errno: 1 when it was EMFILE/ENFILE (the loop
 * must stop accepting until tt_fd_backoff_ready); the first time, says so
 * on stderr, naming who (e.g. "threattally-collector: tcp://:514"). */
int tt_fd_backoff_hit(struct tt_fd_backoff *b, int err, const char *who);
/* 1 when accepting may resume. */
int tt_fd_backoff_ready(const struct tt_fd_backoff *b);
/* Milliseconds until then (0 when ready), to bound a poll timeout. */
int tt_fd_backoff_wait_ms(const struct tt_fd_backoff *b);

#endif
