/* SPDX-License-Identifier: MIT
 *
 * serve.c -- `serve`: a small read-only HTTP server (libmicrohttpd) for the
 * live dashboard, the JSON API and Prometheus.
 *
 *   GET /                 dashboards/index.html (auto-refreshing charts and headline figures)
 *   GET /dashboard.js     the page's script; /dashboard.css its style (dashboards/, embedded)
 *   GET /api/report?...   exactly `report --format json` for the same window, site and
 *                         top_sources (= --top-sources)
 *   GET /api/query?metric=M[&by=reason]&...   exactly `query M --json`
 *   GET /api/sites        the site names, a JSON array
 *   GET /metrics          Prometheus text format (aggregator/metrics.c), ?site= honoured
 *   GET /healthz          "ok" when Redis answers
 *
 * Window parameters are the options without dashes: month, from, to, last,
 * at; plus site. One internal polling thread (epoll/poll as available) runs
 * every request in turn, so the one Redis connection needs no lock; it is
 * reopened after an error. Short timeouts, a connection limit (overall and
 * per client address), small per-connection memory, GET and HEAD only, no
 * request bodies, no CORS, and security headers on every answer (a CSP that
 * allows scripts from this origin only, never inline). Bound to 127.0.0.1 by
 * default; on a loopback address the Host header must name a loopback host,
 * so a web page elsewhere cannot read the API through DNS rebinding. Started
 * as root with --user, it drops to that user once the socket is bound.
 */
#include "aggregator/serve.h"
#include "aggregator/assets.h"
#include "aggregator/figures.h"
#include "aggregator/metrics.h"
#include "aggregator/query.h"
#include "aggregator/render.h"
#include "aggregator/store.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/schema.h"
#include "common/tt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SERVE_TIMEOUT_S 10          /* idle connection timeout */
#define SERVE_MAX_CONNECTIONS 64    /* at once, all clients */
#define SERVE_MAX_PER_CLIENT 16     /* at once, per client address */
#define SERVE_CONN_MEMORY (32 * 1024) /* bytes per connection (headers) */

struct serve {
    const struct serve_config *cfg; /* borrowed */
    struct store *store;            /* NULL until first use, or after an error */
    char redis_err[512];            /* why the store is closed */
    int loopback;                   /* bound to a loopback address: check Host */
    unsigned port;                  /* bound port */
};

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                          "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/* ---- responses ------------------------------------------------------- */

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type, void *data, size_t len,
                                int owned, int cache)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, data, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (owned)
            free(data);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", cache ? "max-age=300" : "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "GET, HEAD");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    struct tt_buf b;
    tt_buf_init(&b);
    tt_buf_puts(&b, "{\"error\":");
    tt_buf_json_str(&b, msg, strlen(msg));
    tt_buf_puts(&b, "}\n");
    return send_buf(c, status, "application/json; charset=utf-8", b.p, b.len, 1, 0);
}

/* ---- the store ------------------------------------------------------- */

static struct store *get_store(struct serve *sv)
{
    if (!sv->store)
        sv->store = store_open(sv->cfg->redis_url, sv->redis_err, sizeof(sv->redis_err));
    return sv->store;
}

static void drop_store(struct serve *sv)
{
    if (sv->store) {
        snprintf(sv->redis_err, sizeof(sv->redis_err), "%s", store_errstr(sv->store));
        store_close(sv->store);
        sv->store = NULL;
    }
}

/* ---- request parameters ---------------------------------------------- */

static const char *arg(struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
    return v && v[0] ? v : NULL;
}

/* Window and sites of an API request; on failure an answer was queued and
 * *out_rc says what to return. */
static int request_scope(struct serve *sv, struct MHD_Connection *c, const char *default_last, struct tt_window *w,
                         const char **out_site, char ***out_sites, size_t *out_n, enum MHD_Result *out_rc)
{
    char err[512];
    struct query_window_args wa = {
        .month = arg(c, "month"),
        .from = arg(c, "from"),
        .to = arg(c, "to"),
        .last = arg(c, "last"),
        .at = arg(c, "at"),
        .default_last = default_last,
    };
    if (query_window(&wa, sv->cfg->zone, (int64_t)time(NULL), w, err, sizeof(err)) != TT_OK) {
        *out_rc = send_error(c, MHD_HTTP_BAD_REQUEST, err);
        return TT_ERR;
    }
    const char *site = arg(c, "site") ? arg(c, "site") : sv->cfg->site;
    if (query_site_check(site, err, sizeof(err)) != TT_OK) {
        *out_rc = send_error(c, MHD_HTTP_BAD_REQUEST, err);
        return TT_ERR;
    }
    struct store *s = get_store(sv);
    if (!s) {
        *out_rc = send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, sv->redis_err);
        return TT_ERR;
    }
    int missing;
    if (query_sites(s, site, out_sites, out_n, &missing, err, sizeof(err)) != TT_OK) {
        if (!missing)
            drop_store(sv);
        *out_rc = send_error(c, missing ? MHD_HTTP_NOT_FOUND : MHD_HTTP_SERVICE_UNAVAILABLE, err);
        return TT_ERR;
    }
    *out_site = site;
    return TT_OK;
}

/* ---- handlers -------------------------------------------------------- */

static enum MHD_Result api_report(struct serve *sv, struct MHD_Connection *c)
{
    struct tt_window w;
    const char *site;
    char **sites;
    size_t nsites;
    enum MHD_Result rc;
    long top = 0;
    if (arg(c, "top_sources")) {
        char *end;
        top = strtol(arg(c, "top_sources"), &end, 10);
        if (*end || top < 1 || top > FIG_TOP_MAX)
            return send_error(c, MHD_HTTP_BAD_REQUEST, "top_sources must be a number of networks, 1..100");
    }
    if (request_scope(sv, c, "7d", &w, &site, &sites, &nsites, &rc) != TT_OK)
        return rc;
    struct figures f;
    char err[512];
    struct figures_request req = {
        .site = site,
        .sites = sites,
        .nsites = nsites,
        .zone = sv->cfg->zone,
        .org = NULL,
        .window = w,
        .now_s = (int64_t)time(NULL),
        .top_sources = (size_t)top,
    };
    if (figures_build(sv->store, &req, &f, err, sizeof(err)) != TT_OK) {
        store_free_names(sites, nsites);
        figures_fini(&f);
        drop_store(sv);
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, err);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) {
        figures_fini(&f);
        store_free_names(sites, nsites);
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    }
    render_json_ops.render(&f, m);
    fclose(m);
    figures_fini(&f);
    store_free_names(sites, nsites);
    return send_buf(c, MHD_HTTP_OK, "application/json; charset=utf-8", buf, len, 1, 0);
}

static enum MHD_Result api_query(struct serve *sv, struct MHD_Connection *c)
{
    const char *metric_name = arg(c, "metric");
    enum tt_metric m;
    if (!metric_name || tt_metric_from_name(metric_name, &m) != TT_OK)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "give metric=NAME, e.g. metric=emails_blocked");
    const char *by = arg(c, "by");
    if (by && (strcmp(by, "reason") != 0 || !tt_metric_has_reasons(m)))
        return send_error(c, MHD_HTTP_BAD_REQUEST, "by=reason only, for a metric with reasons");
    struct tt_window w;
    const char *site;
    char **sites;
    size_t nsites;
    enum MHD_Result rc;
    if (request_scope(sv, c, "24h", &w, &site, &sites, &nsites, &rc) != TT_OK)
        return rc;
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    if (!mf) {
        store_free_names(sites, nsites);
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    }
    int ok = query_figure(sv->store, sites, nsites, site, m, &w, by != NULL, 1, mf, NULL, 0);
    fclose(mf);
    store_free_names(sites, nsites);
    if (ok != TT_OK) {
        free(buf);
        drop_store(sv);
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, sv->redis_err);
    }
    return send_buf(c, MHD_HTTP_OK, "application/json; charset=utf-8", buf, len, 1, 0);
}

static enum MHD_Result api_sites(struct serve *sv, struct MHD_Connection *c)
{
    struct store *s = get_store(sv);
    char **names;
    size_t n;
    if (!s || store_sites(s, &names, &n) != TT_OK) {
        drop_store(sv);
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, sv->redis_err);
    }
    struct tt_buf b;
    tt_buf_init(&b);
    tt_buf_puts(&b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            tt_buf_puts(&b, ",");
        tt_buf_json_str(&b, names[i], strlen(names[i]));
    }
    tt_buf_puts(&b, "]\n");
    store_free_names(names, n);
    return send_buf(c, MHD_HTTP_OK, "application/json; charset=utf-8", b.p, b.len, 1, 0);
}

/* Prometheus text (aggregator/metrics.c), for ?site= or the default site. */
static enum MHD_Result metrics(struct serve *sv, struct MHD_Connection *c)
{
    struct tt_buf b;
    char err[512];
    int store_failed = 0;
    const char *site = arg(c, "site") ? arg(c, "site") : sv->cfg->site;
    unsigned status = metrics_render(get_store(sv), site, (int64_t)time(NULL), &b, &store_failed, err, sizeof(err));
    if (store_failed)
        drop_store(sv);
    if (status != MHD_HTTP_OK) {
        tt_buf_fini(&b);
        return send_error(c, status, err);
    }
    return send_buf(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len, 1, 0);
}

static enum MHD_Result asset(struct MHD_Connection *c, const char *name)
{
    const struct agg_asset *a = assets_find(name);
    if (!a)
        return send_error(c, MHD_HTTP_NOT_FOUND, "no such page");
    return send_buf(c, MHD_HTTP_OK, a->type, (void *)a->data, a->len, 0, 0);
}

/* Host header on a loopback listener: 127.x, [::1] or localhost, any port. */
static int host_ok(const char *host)
{
    if (!host)
        return 0;
    char h[256];
    snprintf(h, sizeof(h), "%s", host);
    char *colon = h[0] == '[' ? strchr(h, ']') : strrchr(h, ':');
    if (h[0] == '[') {
        if (!colon)
            return 0;
        colon[1] = '\0';
        return strcmp(h, "[::1]") == 0;
    }
    if (colon)
        *colon = '\0';
    struct in_addr a4;
    if (strcmp(h, "localhost") == 0)
        return 1;
    return inet_pton(AF_INET, h, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    (void)upload_data;
    struct serve *sv = cls;
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "read-only: GET and HEAD only");
    if (*upload_size) {
        *upload_size = 0; /* bodies are never read */
        return MHD_YES;
    }
    (void)con_cls;
    if (sv->loopback && !host_ok(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host")))
        return send_error(c, MHD_HTTP_MISDIRECTED_REQUEST, "this server answers only to localhost names");
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
        return asset(c, "index.html");
    if (strcmp(url, "/dashboard.js") == 0 || strcmp(url, "/dashboard.css") == 0)
        return asset(c, url + 1);
    if (strcmp(url, "/api/report") == 0)
        return api_report(sv, c);
    if (strcmp(url, "/api/query") == 0)
        return api_query(sv, c);
    if (strcmp(url, "/api/sites") == 0)
        return api_sites(sv, c);
    if (strcmp(url, "/metrics") == 0)
        return metrics(sv, c);
    if (strcmp(url, "/healthz") == 0) {
        struct store *s = get_store(sv);
        char **names;
        size_t n;
        if (s && store_sites(s, &names, &n) == TT_OK) {
            store_free_names(names, n);
            return send_buf(c, MHD_HTTP_OK, "text/plain; charset=utf-8", (void *)"ok\n", 3, 0, 0);
        }
        drop_store(sv);
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, sv->redis_err);
    }
    return send_error(c, MHD_HTTP_NOT_FOUND, "no such page");
}

/* ---- listening and privileges ----------------------------------------- */

static int parse_listen(const char *spec, struct sockaddr_storage *out, socklen_t *out_len, char *err, size_t errlen)
{
    char host[256];
    const char *port;
    if (spec[0] == '[') {
        const char *end = strchr(spec, ']');
        if (!end || end[1] != ':') {
            snprintf(err, errlen, "bad --listen '%.100s': expected HOST:PORT or [IPV6]:PORT", spec);
            return TT_ERR;
        }
        snprintf(host, sizeof(host), "%.*s", (int)(end - spec - 1), spec + 1);
        port = end + 2;
    } else {
        const char *colon = strrchr(spec, ':');
        if (!colon || colon == spec) {
            snprintf(err, errlen, "bad --listen '%.100s': expected HOST:PORT, e.g. 127.0.0.1:8080", spec);
            return TT_ERR;
        }
        snprintf(host, sizeof(host), "%.*s", (int)(colon - spec), spec);
        port = colon + 1;
    }
    char *endp;
    long p = strtol(port, &endp, 10);
    if (!*port || *endp || p < 0 || p > 65535) {
        snprintf(err, errlen, "bad port in --listen '%.100s'", spec);
        return TT_ERR;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0 || !res) {
        snprintf(err, errlen, "cannot listen on '%.100s': %s", spec, gai_strerror(rc));
        return TT_ERR;
    }
    memcpy(out, res->ai_addr, res->ai_addrlen);
    *out_len = res->ai_addrlen;
    freeaddrinfo(res);
    return TT_OK;
}

static int is_loopback(const struct sockaddr_storage *a)
{
    if (a->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr) >> 24) == 127;
    if (a->ss_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)a)->sin6_addr);
    return 0;
}

static int drop_privileges(const char *user, char *err, size_t errlen)
{
    if (geteuid() != 0)
        return TT_OK; /* nothing to drop */
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        snprintf(err, errlen, "--user '%.64s': no such user", user);
        return SERVE_USAGE;
    }
    if (pw->pw_uid == 0) {
        snprintf(err, errlen, "--user '%.64s' is root: give an unprivileged user", user);
        return SERVE_USAGE;
    }
    if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        snprintf(err, errlen, "cannot switch to user '%.64s': %s", user, strerror(errno));
        return TT_ERR;
    }
    if (setuid(0) == 0 || geteuid() == 0) {
        snprintf(err, errlen, "still root after switching to '%.64s'", user);
        return TT_ERR;
    }
    return TT_OK;
}

int serve_run(const struct serve_config *cfg, char *err, size_t errlen)
{
    struct sockaddr_storage sa;
    socklen_t salen = 0;
    if (parse_listen(cfg->listen, &sa, &salen, err, errlen) != TT_OK)
        return SERVE_USAGE;
    (void)salen;
    struct serve sv;
    memset(&sv, 0, sizeof(sv));
    sv.cfg = cfg;
    sv.loopback = is_loopback(&sa);

    /* The server thread inherits this mask: SIGINT/SIGTERM reach sigwait
     * below only. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (sa.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, &sv, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)SERVE_MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVE_MAX_PER_CLIENT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONN_MEMORY, MHD_OPTION_END);
    if (!d) {
        snprintf(err, errlen, "cannot listen on %.100s: %s", cfg->listen, errno ? strerror(errno) : "address in use?");
        return TT_ERR;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    sv.port = info ? info->port : 0;
    if (cfg->user) {
        int rc = drop_privileges(cfg->user, err, errlen);
        if (rc != TT_OK) {
            MHD_stop_daemon(d);
            return rc;
        }
    } else if (geteuid() == 0) {
        fprintf(stderr, "threattally-aggregator: warning: serving as root; give --user NAME to drop privileges\n");
    }
    char host[INET6_ADDRSTRLEN] = "?";
    if (sa.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, host, sizeof(host));
    else
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, host, sizeof(host));
    printf("listening on http://%s%s%s:%u/\n", sa.ss_family == AF_INET6 ? "[" : "", host,
           sa.ss_family == AF_INET6 ? "]" : "", sv.port);
    fflush(stdout);

    int sig = 0;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    store_close(sv.store);
    return TT_OK;
}
