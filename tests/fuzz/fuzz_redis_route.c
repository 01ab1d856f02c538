/* SPDX-License-Identifier: MIT
 * fuzz_redis_route.c -- libFuzzer target: the text the connection layer
 * parses. The first byte picks what the rest is: a --redis URL (parsed and
 * masked: the mask never leaves a password that parsing found), a key
 * (its slot is in range), or an error reply (MOVED/ASK redirections). */
#include "common/redis_route.h"
#include "common/redis_url.h"
#include "common/tt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char *s = malloc(size);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    switch (data[0] % 3) {
    case 0: {
        static const char *const schemes[] = {"redis://", "redis-sentinel://", "unix://", ""};
        char url[4200], err[1024], masked[4300];
        snprintf(url, sizeof(url), "%s%s", schemes[(data[0] / 3) % 4], s);
        struct tt_redis_url u;
        unsetenv("THREATTALLY_REDIS_PASSWORD");
        int rc = tt_redis_url_parse(url, &u, err, sizeof(err));
        tt_redis_url_mask(url, masked, sizeof(masked));
        if (rc == TT_OK && u.password_in_url) { /* the mask hides what parsing took as the password */
            char pw[300];
            snprintf(pw, sizeof(pw), ":%s@", u.password);
            const char *after = strstr(masked, "://");
            if (strstr(after ? after + 3 : masked, pw))
                abort();
        }
        if (rc == TT_OK && (u.nhosts > TT_REDIS_MAX_HOSTS || (u.kind != TT_REDIS_UNIX && u.nhosts == 0)))
            abort();
        if (rc != TT_OK && u.password[0])
            abort(); /* a failed parse keeps no password */
        break;
    }
    case 1: {
        int slot = tt_route_key_slot(s, size - 1);
        if (slot < 0 || slot >= TT_ROUTE_SLOTS)
            abort();
        break;
    }
    default: {
        redisReply r = {.type = REDIS_REPLY_ERROR, .str = s, .len = size - 1};
        char host[256];
        int slot = -1, port = 0;
        enum tt_route_redir k = tt_route_classify(&r, &slot, host, sizeof(host), &port);
        if ((k == TT_ROUTE_REPLY_MOVED || k == TT_ROUTE_REPLY_ASK) &&
            (slot < 0 || slot >= TT_ROUTE_SLOTS || port <= 0 || port > 65535 || strlen(host) >= sizeof(host)))
            abort();
        break;
    }
    }
    free(s);
    return 0;
}
