/* SPDX-License-Identifier: MIT
 *
 * lease.h -- who a collector is: the default instance name and the token of
 * the lease a collector holds in Redis for its (site, instance) name
 * (docs/COUNTING.md, "Collectors never take each other's counts").
 *
 * A lease token names the machine and process that hold it. A collector
 * that finds the lease of its name held by a process of the same machine
 * that no longer exists (kill -9, a crash) takes it over at once; one held
 * by a live process, or by another machine, is live until it expires
 * unrenewed. Pure: no Redis here (out_redis.c stores the token).
 */
#ifndef TT_LEASE_H
#define TT_LEASE_H

#include <stddef.h>

#define TT_LEASE_TOKEN_MAX 256
#define TT_INSTANCE_MAX 64

/* This process's token: "host=H boot=B pidns=N pid=P run=R since=S". */
void tt_lease_token(const char *run_id, char *out, size_t outlen);

enum tt_lease_holder {
    TT_LEASE_HOLDER_LIVE = 0,  /* this machine, and the process exists */
    TT_LEASE_HOLDER_DEAD,      /* this machine, and the process is gone */
    TT_LEASE_HOLDER_ELSEWHERE, /* another machine (or a token we cannot read) */
    TT_LEASE_HOLDER_COUNT
};

/* What the holder of a token is, seen from this process. */
enum tt_lease_holder tt_lease_holder(const char *token);

/* One field ("host", "pid", "since") of a token into out ("?" when absent). */
void tt_lease_field(const char *token, const char *name, char *out, size_t outlen);

/* The default --instance: the host name and a short hash of the sources
 * (files made absolute, then sorted), so that collectors on one host that
 * read different sources have different names, and the same collector
 * started again has the same one. Always a valid instance name. */
void tt_lease_default_instance(const char *const *sources, size_t n, char *out, size_t outlen);

#endif
