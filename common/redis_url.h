/* SPDX-License-Identifier: MIT
 *
 * redis_url.h -- parses --redis URLs (docs/COUNTING.md#command-line):
 *   redis://[user[:password]@]host[:port][,host[:port]...][/db]
 *   redis-sentinel://[user[:password]@]host[:port][,host[:port]...]/MASTER[/db]
 *   unix:///path/to/socket[?db=N]
 * Several hosts of a redis:// URL are seeds of a Redis Cluster (or one
 * standalone server, the first that answers); those of a redis-sentinel://
 * URL are Sentinels (port 26379 by default), asked in turn for MASTER.
 *
 * The password comes from THREATTALLY_REDIS_PASSWORD (which the programs
 * also fill from --redis-password-file); one written in the URL is accepted,
 * flagged in password_in_url so that the programs warn (it shows in ps),
 * and loses to the environment. A user without a password is sent only
 * with a password from the environment (AUTH user password): never the user
 * name as a password.
 */
#ifndef TT_REDIS_URL_H
#define TT_REDIS_URL_H

#include <stddef.h>

#define TT_REDIS_MAX_HOSTS 16

enum tt_redis_kind {
    TT_REDIS_TCP = 0,  /* redis:// standalone or cluster (detected at connect) */
    TT_REDIS_UNIX,     /* unix:// standalone */
    TT_REDIS_SENTINEL, /* redis-sentinel:// */
    TT_REDIS_KIND_COUNT
};

struct tt_redis_host {
    char host[256]; /* name or address, brackets of IPv6 removed */
    int port;       /* TCP port */
};

struct tt_redis_url {
    enum tt_redis_kind kind;                       /* which form */
    struct tt_redis_host hosts[TT_REDIS_MAX_HOSTS]; /* seeds or Sentinels, in the order given */
    size_t nhosts;                                 /* how many (at least 1 for TCP and Sentinel) */
    char host[256];     /* first host, empty for unix sockets */
    int port;           /* its port */
    char path[512];     /* unix socket path, empty for TCP */
    char master[128];   /* Sentinel: name of the master set */
    char user[128];     /* ACL user, empty = default */
    char password[256]; /* empty = no AUTH */
    int password_in_url; /* 1 when the URL itself held a password (warn: visible in ps) */
    int db;             /* SELECT db, 0 default */
    char display[600];  /* the URL without password, for messages */
};

/* TT_OK or TT_ERR with a one-line reason in err (never the password). */
int tt_redis_url_parse(const char *url, struct tt_redis_url *out, char *err, size_t errlen);

/* Copies url into out with the password (if any) replaced by "***": the
 * only form in which an unparsed URL may appear in a message. */
void tt_redis_url_mask(const char *url, char *out, size_t outlen);

/* --redis-password-file: the first line of path (without its newline) into
 * THREATTALLY_REDIS_PASSWORD, where tt_redis_url_parse finds it. TT_ERR
 * with a message naming the file (not its content) when it is unreadable. */
int tt_redis_password_file(const char *path, char *err, size_t errlen);

#endif
