/* SPDX-License-Identifier: MIT
 *
 * redis_url.h -- parses --redis URLs (docs/COUNTING.md#command-line):
 *   redis://[user[:password]@]host[:port][/db]    unix:///path/to/socket[?db=N]
 * The password may also come from THREATTALLY_REDIS_PASSWORD (which wins over
 * none, and is the only way that keeps it off the command line).
 */
#ifndef TT_REDIS_URL_H
#define TT_REDIS_URL_H

#include <stddef.h>

struct tt_redis_url {
    char host[256];     /* TCP host, empty for unix sockets */
    int port;           /* TCP port (6379 default) */
    char path[512];     /* unix socket path, empty for TCP */
    char user[128];     /* ACL user, empty = default */
    char password[256]; /* empty = no AUTH */
    int db;             /* SELECT db, 0 default */
    char display[600];  /* the URL without password, for messages */
};

/* TT_OK or TT_ERR with a one-line reason in err. */
int tt_redis_url_parse(const char *url, struct tt_redis_url *out, char *err, size_t errlen);

#endif
