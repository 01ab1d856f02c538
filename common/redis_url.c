/* SPDX-License-Identifier: MIT
 *
 * redis_url.c -- see redis_url.h. Shared by both programs so that they accept
 * exactly the same URLs and never print a password.
 */
#include "common/redis_url.h"
#include "common/tt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int copy_part(char *dst, size_t cap, const char *src, size_t n)
{
    if (n >= cap)
        return TT_ERR;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return TT_OK;
}

int tt_redis_url_parse(const char *url, struct tt_redis_url *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    out->port = 6379;
    const char *env = getenv("THREATTALLY_REDIS_PASSWORD");
    if (strncmp(url, "unix://", 7) == 0) {
        const char *p = url + 7;
        const char *q = strchr(p, '?');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n == 0 || p[0] != '/' || copy_part(out->path, sizeof(out->path), p, n) != TT_OK) {
            snprintf(err, errlen, "bad Redis URL '%s': expected unix:///absolute/path/to/socket", url);
            return TT_ERR;
        }
        if (q && strncmp(q, "?db=", 4) == 0)
            out->db = atoi(q + 4);
        snprintf(out->display, sizeof(out->display), "unix://%s", out->path);
    } else if (strncmp(url, "redis://", 8) == 0) {
        const char *p = url + 8;
        const char *at = strrchr(p, '@');
        if (at) {
            const char *colon = memchr(p, ':', (size_t)(at - p));
            size_t ulen = colon ? (size_t)(colon - p) : (size_t)(at - p);
            if (copy_part(out->user, sizeof(out->user), p, ulen) != TT_OK ||
                (colon && copy_part(out->password, sizeof(out->password), colon + 1, (size_t)(at - colon - 1)) != TT_OK)) {
                snprintf(err, errlen, "bad Redis URL: user or password too long");
                return TT_ERR;
            }
            if (!colon && ulen > 0 && !env) {
                /* redis://password@host is the common short form */
                snprintf(out->password, sizeof(out->password), "%s", out->user);
                out->user[0] = '\0';
            }
            p = at + 1;
        }
        const char *slash = strchr(p, '/');
        size_t hlen = slash ? (size_t)(slash - p) : strlen(p);
        const char *hp = p;
        const char *port = NULL;
        if (hlen > 0 && hp[0] == '[') { /* [::1]:6379 */
            const char *rb = memchr(hp, ']', hlen);
            if (!rb) {
                snprintf(err, errlen, "bad Redis URL '%s': unclosed '['", url);
                return TT_ERR;
            }
            if (copy_part(out->host, sizeof(out->host), hp + 1, (size_t)(rb - hp - 1)) != TT_OK)
                return TT_ERR;
            if (rb + 1 < hp + hlen && rb[1] == ':')
                port = rb + 2;
        } else {
            const char *colon = memchr(hp, ':', hlen);
            size_t n = colon ? (size_t)(colon - hp) : hlen;
            if (copy_part(out->host, sizeof(out->host), hp, n) != TT_OK)
                return TT_ERR;
            if (colon)
                port = colon + 1;
        }
        if (out->host[0] == '\0')
            strcpy(out->host, "127.0.0.1");
        if (port) {
            char *end;
            long v = strtol(port, &end, 10);
            if (end == port || v <= 0 || v > 65535 || (*end && *end != '/')) {
                snprintf(err, errlen, "bad Redis URL: port must be 1..65535");
                return TT_ERR;
            }
            out->port = (int)v;
        }
        if (slash && slash[1]) {
            char *end;
            long v = strtol(slash + 1, &end, 10);
            if (*end || v < 0 || v > 100000) {
                snprintf(err, errlen, "bad Redis URL: database must be a number");
                return TT_ERR;
            }
            out->db = (int)v;
        }
        snprintf(out->display, sizeof(out->display), "redis://%s%s%s:%d/%d", out->user, out->user[0] ? "@" : "",
                 out->host, out->port, out->db);
    } else {
        snprintf(err, errlen, "bad Redis URL '%s': expected redis://host[:port][/db] or unix:///path", url);
        return TT_ERR;
    }
    if (env && env[0])
        snprintf(out->password, sizeof(out->password), "%s", env);
    return TT_OK;
}
