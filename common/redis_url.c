/* SPDX-License-Identifier: MIT
 *
 * redis_url.c -- see redis_url.h. Shared by both programs so that they accept
 * exactly the same URLs and never print a password: every message names the
 * URL through display (parsed) or tt_redis_url_mask (not parsed).
 */
#include "common/redis_url.h"
#include "common/tt.h"

#include <errno.h>
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

void tt_redis_url_mask(const char *url, char *out, size_t outlen)
{
    const char *scheme = strstr(url, "://");
    const char *p = scheme ? scheme + 3 : url;
    const char *at = strrchr(p, '@');
    const char *colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
    if (!colon) {
        snprintf(out, outlen, "%s", url);
        return;
    }
    snprintf(out, outlen, "%.*s:***%s", (int)(colon - url), url, at);
}

/* host[:port] of length n into h; [v6]:port too. */
static int parse_host(const char *p, size_t n, int def_port, struct tt_redis_host *h, char *err, size_t errlen)
{
    const char *port = NULL;
    size_t plen = 0;
    if (n > 0 && p[0] == '[') { /* [::1]:6379 */
        const char *rb = memchr(p, ']', n);
        if (!rb || copy_part(h->host, sizeof(h->host), p + 1, (size_t)(rb - p - 1)) != TT_OK) {
            snprintf(err, errlen, "bad Redis URL: unclosed '[' or host too long");
            return TT_ERR;
        }
        if (rb + 1 < p + n) {
            if (rb[1] != ':') {
                snprintf(err, errlen, "bad Redis URL: expected ':' after ']'");
                return TT_ERR;
            }
            port = rb + 2;
            plen = (size_t)(p + n - port);
        }
    } else {
        const char *colon = memchr(p, ':', n);
        size_t hl = colon ? (size_t)(colon - p) : n;
        if (copy_part(h->host, sizeof(h->host), p, hl) != TT_OK) {
            snprintf(err, errlen, "bad Redis URL: host name too long");
            return TT_ERR;
        }
        if (colon) {
            port = colon + 1;
            plen = (size_t)(p + n - port);
        }
    }
    if (h->host[0] == '\0')
        strcpy(h->host, "127.0.0.1");
    h->port = def_port;
    if (port) {
        char buf[8];
        char *end;
        if (plen == 0 || plen >= sizeof(buf)) {
            snprintf(err, errlen, "bad Redis URL: port must be 1..65535");
            return TT_ERR;
        }
        memcpy(buf, port, plen);
        buf[plen] = '\0';
        long v = strtol(buf, &end, 10);
        if (*end || v <= 0 || v > 65535) {
            snprintf(err, errlen, "bad Redis URL: port must be 1..65535");
            return TT_ERR;
        }
        h->port = (int)v;
    }
    return TT_OK;
}

static int parse_db(const char *s, int *out, char *err, size_t errlen)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0 || v > 100000) {
        snprintf(err, errlen, "bad Redis URL: database must be a number");
        return TT_ERR;
    }
    *out = (int)v;
    return TT_OK;
}

/* [user[:password]@]h[:p][,h[:p]...] then what follows the first '/'. */
static int parse_net(const char *p, int def_port, struct tt_redis_url *out, const char **out_rest, char *err,
                     size_t errlen)
{
    const char *slash0 = strchr(p, '/');
    const char *at = strrchr(p, '@');
    /* a '/' in a password is allowed: the authority ends at the last '@' */
    if (at) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        size_t ulen = colon ? (size_t)(colon - p) : (size_t)(at - p);
        if (copy_part(out->user, sizeof(out->user), p, ulen) != TT_OK ||
            (colon && copy_part(out->password, sizeof(out->password), colon + 1, (size_t)(at - colon - 1)) != TT_OK)) {
            snprintf(err, errlen, "bad Redis URL: user or password too long");
            return TT_ERR;
        }
        out->password_in_url = out->password[0] != '\0';
        p = at + 1;
        slash0 = strchr(p, '/');
    }
    size_t hlen = slash0 ? (size_t)(slash0 - p) : strlen(p);
    const char *end = p + hlen;
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        size_t n = comma ? (size_t)(comma - p) : (size_t)(end - p);
        if (out->nhosts == TT_REDIS_MAX_HOSTS) {
            snprintf(err, errlen, "bad Redis URL: more than %d hosts", TT_REDIS_MAX_HOSTS);
            return TT_ERR;
        }
        if (n == 0 && (comma || out->nhosts > 0)) {
            snprintf(err, errlen, "bad Redis URL: empty host in the list");
            return TT_ERR;
        }
        if (parse_host(p, n, def_port, &out->hosts[out->nhosts++], err, errlen) != TT_OK)
            return TT_ERR;
        if (!comma)
            break;
        p = comma + 1;
    }
    snprintf(out->host, sizeof(out->host), "%s", out->hosts[0].host);
    out->port = out->hosts[0].port;
    *out_rest = slash0;
    return TT_OK;
}

static void make_display(struct tt_redis_url *u, const char *scheme)
{
    size_t n = (size_t)snprintf(u->display, sizeof(u->display), "%s://%s%s", scheme, u->user, u->user[0] ? "@" : "");
    for (size_t i = 0; i < u->nhosts && n < sizeof(u->display); i++) {
        int v6 = strchr(u->hosts[i].host, ':') != NULL;
        n += (size_t)snprintf(u->display + n, sizeof(u->display) - n, "%s%s%s%s:%d", i ? "," : "", v6 ? "[" : "",
                              u->hosts[i].host, v6 ? "]" : "", u->hosts[i].port);
    }
    if (n < sizeof(u->display)) {
        if (u->kind == TT_REDIS_SENTINEL)
            snprintf(u->display + n, sizeof(u->display) - n, "/%s/%d", u->master, u->db);
        else
            snprintf(u->display + n, sizeof(u->display) - n, "/%d", u->db);
    }
}

static int parse_unix(const char *url, struct tt_redis_url *out, char *err, size_t errlen)
{
    const char *p = url + 7;
    const char *q = strchr(p, '?');
    size_t n = q ? (size_t)(q - p) : strlen(p);
    out->kind = TT_REDIS_UNIX;
    if (n == 0 || p[0] != '/' || copy_part(out->path, sizeof(out->path), p, n) != TT_OK) {
        snprintf(err, errlen, "bad Redis URL: expected unix:///absolute/path/to/socket");
        return TT_ERR;
    }
    if (q && strncmp(q, "?db=", 4) == 0 && parse_db(q + 4, &out->db, err, errlen) != TT_OK)
        return TT_ERR;
    snprintf(out->display, sizeof(out->display), "unix://%s", out->path);
    return TT_OK;
}

static int parse_sentinel(const char *url, struct tt_redis_url *out, char *err, size_t errlen)
{
    const char *rest = NULL;
    out->kind = TT_REDIS_SENTINEL;
    if (parse_net(url + 17, 26379, out, &rest, err, errlen) != TT_OK)
        return TT_ERR;
    if (!rest || !rest[1]) {
        snprintf(err, errlen, "bad Redis URL: redis-sentinel://HOST:PORT[,HOST:PORT...]/MASTER[/DB] needs MASTER");
        return TT_ERR;
    }
    const char *m = rest + 1, *slash = strchr(m, '/');
    size_t mlen = slash ? (size_t)(slash - m) : strlen(m);
    if (mlen == 0 || copy_part(out->master, sizeof(out->master), m, mlen) != TT_OK) {
        snprintf(err, errlen, "bad Redis URL: master name empty or too long");
        return TT_ERR;
    }
    if (slash && slash[1] && parse_db(slash + 1, &out->db, err, errlen) != TT_OK)
        return TT_ERR;
    make_display(out, "redis-sentinel");
    return TT_OK;
}

int tt_redis_url_parse(const char *url, struct tt_redis_url *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    out->port = 6379;
    int rc;
    if (strncmp(url, "unix://", 7) == 0) {
        rc = parse_unix(url, out, err, errlen);
    } else if (strncmp(url, "redis-sentinel://", 17) == 0) {
        rc = parse_sentinel(url, out, err, errlen);
    } else if (strncmp(url, "redis://", 8) == 0) {
        const char *rest = NULL;
        out->kind = TT_REDIS_TCP;
        rc = parse_net(url + 8, 6379, out, &rest, err, errlen);
        if (rc == TT_OK && rest && rest[1])
            rc = parse_db(rest + 1, &out->db, err, errlen);
        if (rc == TT_OK)
            make_display(out, "redis");
    } else {
        snprintf(err, errlen,
                 "bad Redis URL: expected redis://host[:port][,host:port...][/db], "
                 "redis-sentinel://host:port[,host:port...]/MASTER[/db] or unix:///path");
        rc = TT_ERR;
    }
    if (rc != TT_OK) {
        char masked[600];
        size_t n = strlen(err);
        tt_redis_url_mask(url, masked, sizeof(masked));
        snprintf(err + n, errlen > n ? errlen - n : 0, " (in '%s')", masked);
        memset(out->password, 0, sizeof(out->password));
        return TT_ERR;
    }
    const char *env = getenv("THREATTALLY_REDIS_PASSWORD");
    if (env && env[0])
        snprintf(out->password, sizeof(out->password), "%s", env);
    return TT_OK;
}

int tt_redis_password_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "--redis-password-file: cannot read %s: %s", path, strerror(errno));
        return TT_ERR;
    }
    char buf[512];
    if (!fgets(buf, sizeof(buf), f))
        buf[0] = '\0';
    fclose(f);
    buf[strcspn(buf, "\r\n")] = '\0';
    setenv("THREATTALLY_REDIS_PASSWORD", buf, 1);
    memset(buf, 0, sizeof(buf));
    return TT_OK;
}
