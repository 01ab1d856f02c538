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
 * at; plus site. A window is at most 100 years long (query.h) and costs
 * work in proportion to the buckets that exist (figures.c).
 *
 * A thread per connection (libmicrohttpd's), so one slow request does not
 * hold up the others; Redis connections come from a small pool (a request
 * waits for one at most SERVE_STORE_WAIT_S, then answers 503), each used by
 * one request at a time and reopened after an error. serve_conn.c keeps the
 * limits that slow clients cannot fill: a header deadline, per-address and
 * global limits that close the longest-waiting connection to make room,
 * and a time budget per request. The descriptor limit is raised to the hard
 * limit and the connection limits sized from it. Small per-connection
 * memory, GET and HEAD only, no request bodies, no CORS, and security
 * headers on every answer (a CSP that allows scripts from this origin only,
 * never inline). Exactly one Host header. Bound to 127.0.0.1 by default; on
 * a loopback address the Host header must name this server exactly
 * (serve_req.c), so a web page elsewhere cannot read the API through DNS
 * rebinding. Started as root with --user, it drops to that user once the
 * socket is bound.
 */
#include "aggregator/serve.h"
#include "aggregator/assets.h"
#include "aggregator/figures.h"
#include "aggregator/metrics.h"
#include "aggregator/query.h"
#include "aggregator/render.h"
#include "aggregator/serve_conn.h"
#include "aggregator/serve_req.h"
#include "aggregator/store.h"
#include "common/buf.h"
#include "common/fdlimit.h"
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
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SERVE_TIMEOUT_S 10          /* idle connection timeout (silence) */
#define SERVE_HEADER_S 10           /* a request's headers must be in within this */
#define SERVE_BUDGET_S 20           /* a request's work must end within this (then 503) */
#define SERVE_MAX_CONNECTIONS 128   /* at once, all clients (fewer when descriptors are short) */
#define SERVE_MAX_PER_CLIENT 16     /* at once, per client address */
#define SERVE_STORES 8              /* Redis connections at once = requests reading Redis at once */
#define SERVE_STORE_WAIT_S 5        /* wait for a free one before answering 503 */
#define SERVE_CONN_MEMORY (32 * 1024) /* bytes per connection (headers) */
#define SERVE_STACK (1024 * 1024)   /* stack of a connection's thread */

struct serve {
    const struct serve_config *cfg; /* borrowed */
    int loopback;                   /* bound to a loopback address: check Host */
    char listen_host[64];           /* the address bound, as text (Host may name it) */
    unsigned port;                  /* bound port */
    struct serve_conns *conns;      /* connection accounting (serve_conn.c) */
    pthread_mutex_t pool_mu;        /* the Redis pool: */
    pthread_cond_t pool_cv;         /* ... signalled when one is given back */
    struct store *idle[SERVE_STORES]; /* ... open and unused */
    size_t nidle;
    size_t nopen;                   /* ... open, in use or not */
};

/* The request running on this thread (a thread serves one connection):
 * its Redis connection, leased from the pool, and why it failed. */
static _Thread_local struct store *serve_lease;
static _Thread_local struct serve_slot *serve_cur_slot;
static _Thread_local char serve_err[512];
static _Thread_local double serve_deadline_s; /* monotonic end of the leased request's budget */

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

/* This request's Redis connection: an idle one of the pool, a new one while
 * fewer than SERVE_STORES are open, or (all busy) the first given back
 * within SERVE_STORE_WAIT_S. NULL with serve_err set. */
static struct store *get_store(struct serve *sv)
{
    if (serve_lease)
        return serve_lease;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += SERVE_STORE_WAIT_S;
    pthread_mutex_lock(&sv->pool_mu);
    while (sv->nidle == 0 && sv->nopen >= SERVE_STORES) {
        if (pthread_cond_timedwait(&sv->pool_cv, &sv->pool_mu, &until) != 0)
            break;
    }
    struct store *s = NULL;
    int open_new = 0;
    if (sv->nidle > 0)
        s = sv->idle[--sv->nidle];
    else if (sv->nopen < SERVE_STORES)
        open_new = 1, sv->nopen++;
    pthread_mutex_unlock(&sv->pool_mu);
    if (!s && !open_new) {
        snprintf(serve_err, sizeof(serve_err), "busy: %d requests are reading Redis; try again", SERVE_STORES);
        return NULL;
    }
    if (open_new) {
        s = store_open(sv->cfg->redis_url, serve_err, sizeof(serve_err));
        if (!s) {
            pthread_mutex_lock(&sv->pool_mu);
            sv->nopen--;
            pthread_cond_signal(&sv->pool_cv);
            pthread_mutex_unlock(&sv->pool_mu);
            return NULL;
        }
    }
    serve_lease = s;
    /* The budget: a watchdog cuts the first connection at once (that is
     * every connection but a Cluster's), and no command on any connection
     * starts or waits past the deadline. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    serve_deadline_s = (double)now.tv_sec + (double)now.tv_nsec / 1e9 + SERVE_BUDGET_S;
    store_set_deadline(s, serve_deadline_s);
    serve_conns_lease(sv->conns, serve_cur_slot, store_fd(s));
    return s;
}

/* Gives the lease back: to the pool, or closed when broken (bad = 1, or cut
 * by the request budget). */
static void put_store(struct serve *sv, int bad)
{
    struct store *s = serve_lease;
    if (!s)
        return;
    serve_conns_lease(sv->conns, serve_cur_slot, -1);
    store_set_deadline(s, 0);
    serve_lease = NULL;
    if (bad || serve_conns_expired(sv->conns, serve_cur_slot)) {
        store_close(s);
        s = NULL;
    }
    pthread_mutex_lock(&sv->pool_mu);
    if (s)
        sv->idle[sv->nidle++] = s;
    else
        sv->nopen--;
    pthread_cond_signal(&sv->pool_cv);
    pthread_mutex_unlock(&sv->pool_mu);
}

/* The leased request's budget is spent: cut by the watchdog, or past the
 * deadline at which the store stops itself (whichever came first). */
static int budget_spent(struct serve *sv)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return serve_conns_expired(sv->conns, serve_cur_slot) ||
           (serve_lease && (double)now.tv_sec + (double)now.tv_nsec / 1e9 >= serve_deadline_s);
}

static void drop_store(struct serve *sv)
{
    if (serve_lease) {
        /* Either way the budget ended it: the same message. */
        if (budget_spent(sv))
            snprintf(serve_err, sizeof(serve_err), "the request took longer than %d s and was stopped",
                     SERVE_BUDGET_S);
        else
            snprintf(serve_err, sizeof(serve_err), "%s", store_errstr(serve_lease));
        put_store(sv, 1);
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
        *out_rc = send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, serve_err);
        return TT_ERR;
    }
    int missing;
    if (query_sites(s, site, out_sites, out_n, &missing, err, sizeof(err)) != TT_OK) {
        int expired = budget_spent(sv);
        if (!missing)
            drop_store(sv);
        *out_rc = send_error(c, missing ? MHD_HTTP_NOT_FOUND : MHD_HTTP_SERVICE_UNAVAILABLE, expired ? serve_err : err);
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
    if (serve_parse_top(arg(c, "top_sources"), FIG_TOP_MAX, &top) != TT_OK)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "top_sources must be a number of networks, 1..100");
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
    if (figures_build(get_store(sv), &req, &f, err, sizeof(err)) != TT_OK) {
        store_free_names(sites, nsites);
        figures_fini(&f);
        int expired = budget_spent(sv);
        drop_store(sv);
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, expired ? serve_err : err);
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
    int ok = query_figure(get_store(sv), sites, nsites, site, m, &w, by != NULL, 1, mf, NULL, 0);
    fclose(mf);
    store_free_names(sites, nsites);
    if (ok != TT_OK) {
        free(buf);
        drop_store(sv);
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, serve_err);
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
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, serve_err);
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

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    if (key && strcasecmp(key, "Host") == 0)
        (*(int *)cls)++;
    return MHD_YES;
}

static enum MHD_Result route(struct serve *sv, struct MHD_Connection *c, const char *url)
{
    int hosts = 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_host, &hosts);
    if (hosts > 1)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "more than one Host header");
    if (sv->loopback && !serve_host_ok(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"), sv->listen_host))
        return send_error(c, MHD_HTTP_MISDIRECTED_REQUEST, "this server answers only to localhost names");
    switch (serve_route(url)) {
    case SERVE_ROUTE_INDEX: return asset(c, "index.html");
    case SERVE_ROUTE_ASSET: return asset(c, url + 1);
    case SERVE_ROUTE_REPORT: return api_report(sv, c);
    case SERVE_ROUTE_QUERY: return api_query(sv, c);
    case SERVE_ROUTE_SITES: return api_sites(sv, c);
    case SERVE_ROUTE_METRICS: return metrics(sv, c);
    case SERVE_ROUTE_HEALTHZ: {
        struct store *s = get_store(sv);
        char **names;
        size_t n;
        if (s && store_sites(s, &names, &n) == TT_OK) {
            store_free_names(names, n);
            return send_buf(c, MHD_HTTP_OK, "text/plain; charset=utf-8", (void *)"ok\n", 3, 0, 0);
        }
        drop_store(sv);
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, serve_err);
    }
    default: return send_error(c, MHD_HTTP_NOT_FOUND, "no such page");
    }
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    (void)upload_data;
    struct serve *sv = cls;
    if (!*con_cls) { /* first call of this request: its headers are in */
        *con_cls = sv;
        serve_cur_slot = serve_conns_begin(sv->conns, c);
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "read-only: GET and HEAD only");
    if (*upload_size) {
        *upload_size = 0; /* bodies are never read */
        return MHD_YES;
    }
    enum MHD_Result rc = route(sv, c, url);
    put_store(sv, 0);
    return rc;
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

/* Limits sized from the descriptors this process may hold (raised to the
 * hard limit first): one per connection, twice over for connections closed
 * but not yet cleaned up, plus the Redis pool and a reserve. */
static void serve_limits(struct serve_conn_limits *lim)
{
    long nofile = tt_fd_limit_raise();
    long room = (nofile - 32 - SERVE_STORES) / 2 - 4;
    lim->max_total = (unsigned)TT_MAX(4, TT_MIN((long)SERVE_MAX_CONNECTIONS, room));
    lim->max_per_addr = TT_MIN((unsigned)SERVE_MAX_PER_CLIENT, lim->max_total);
    lim->header_s = SERVE_HEADER_S;
    lim->budget_s = SERVE_BUDGET_S;
    if (lim->max_total < SERVE_MAX_CONNECTIONS)
        fprintf(stderr, "threattally-aggregator: %ld file descriptors allowed: at most %u connections at once\n",
                nofile, lim->max_total);
}

static void serve_fini(struct serve *sv)
{
    serve_conns_destroy(sv->conns);
    sv->conns = NULL;
    for (size_t i = 0; i < sv->nidle; i++)
        store_close(sv->idle[i]);
    sv->nidle = 0;
    pthread_cond_destroy(&sv->pool_cv);
    pthread_mutex_destroy(&sv->pool_mu);
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
    if (sa.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, sv.listen_host, sizeof(sv.listen_host));
    else
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, sv.listen_host, sizeof(sv.listen_host));
    struct serve_conn_limits lim;
    serve_limits(&lim);
    sv.conns = serve_conns_create(&lim);
    if (!sv.conns) {
        snprintf(err, errlen, "cannot start the connection watchdog: %s", strerror(errno));
        return TT_ERR;
    }
    pthread_mutex_init(&sv.pool_mu, NULL);
    pthread_cond_init(&sv.pool_cv, NULL);

    /* The server thread inherits this mask: SIGINT/SIGTERM reach sigwait
     * below only. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* The per-address and global limits are serve_conn.c's (they evict);
     * libmicrohttpd's limit only bounds the slots, evicted ones included. */
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
                     MHD_USE_ERROR_LOG;
    if (sa.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, &sv, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S, MHD_OPTION_CONNECTION_LIMIT,
        serve_conns_capacity(sv.conns), MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONN_MEMORY,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)SERVE_STACK, MHD_OPTION_NOTIFY_CONNECTION, serve_conns_notify,
        sv.conns, MHD_OPTION_NOTIFY_COMPLETED, serve_conns_completed, sv.conns, MHD_OPTION_END);
    if (!d) {
        serve_fini(&sv);
        snprintf(err, errlen, "cannot listen on %.100s: %s", cfg->listen, errno ? strerror(errno) : "address in use?");
        return TT_ERR;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    sv.port = info ? info->port : 0;
    if (cfg->user) {
        int rc = drop_privileges(cfg->user, err, errlen);
        if (rc != TT_OK) {
            MHD_stop_daemon(d);
            serve_fini(&sv);
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
    serve_fini(&sv);
    return TT_OK;
}
