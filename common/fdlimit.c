/* SPDX-License-Identifier: MIT
 *
 * fdlimit.c -- see fdlimit.h.
 */
#include "common/fdlimit.h"

#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#define BACKOFF_MS 250 /* pause of accept after EMFILE/ENFILE */

long tt_fd_limit_raise(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    if (rl.rlim_cur < rl.rlim_max) {
        struct rlimit up = rl;
        up.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &up) == 0)
            rl = up;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (rlim_t)1 << 20)
        return 1L << 20;
    return (long)rl.rlim_cur;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int tt_fd_backoff_hit(struct tt_fd_backoff *b, int err, const char *who)
{
    if (err != EMFILE && err != ENFILE)
        return 0;
    if (b->events++ == 0)
        fprintf(stderr, "%s: out of file descriptors (%s): not accepting connections for %d ms at a time until "
                        "some close (said once; raise LimitNOFILE or lower the connection limit)\n",
                who, err == EMFILE ? "process limit" : "system limit", BACKOFF_MS);
    b->until_ms = mono_ms() + BACKOFF_MS;
    return 1;
}

int tt_fd_backoff_ready(const struct tt_fd_backoff *b)
{
    return b->until_ms == 0 || mono_ms() >= b->until_ms;
}

int tt_fd_backoff_wait_ms(const struct tt_fd_backoff *b)
{
    int64_t left = b->until_ms - mono_ms();
    return left > 0 ? (int)left : 0;
}
