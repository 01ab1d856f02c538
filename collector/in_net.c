/* SPDX-License-Identifier: MIT
 *
 * in_net.c -- syslog listeners and the epoll set of every live source.
 *
 * UDP: recvmmsg() takes up to 64 datagrams per call; SO_RXQ_OVFL makes the
 * kernel attach the socket's cumulative drop counter to each, and at exit
 * the same counter is read from /proc/net/udp[6] (drops after the last
 * datagram read), so sent = counted + dropped holds exactly. One datagram is
 * one message (RFC 5426).
 * TCP: non-blocking connections, each with a bounded framer (sframe.c);
 * every ready connection gets one read per turn, so a fast or hostile peer
 * cannot starve the others, and a slow one holds at most one message of
 * memory. Limits an attacker cannot fill with trickling sockets
 * (make_room): at --tcp-max-per-address the slowest peer of that address
 * (fewest bytes over the last 10 to 20 s, silent longest on a tie)
 * connected for at least EVICT_GRACE_S is closed to make room; at
 * --tcp-max-connections the slowest of an address holding more connections
 * than the newcomer's, failing that the slowest past the grace period
 * anywhere; failing that, the new connection is closed at once (said once
 * on stderr). Out of descriptors (EMFILE/ENFILE), the listeners pause
 * briefly instead of waking the loop forever (common/fdlimit.c).
 * unix:PATH: a datagram socket (like /dev/log).
 */
#include "collector/in_net.h"
#include "collector/in_pcap.h"
#include "collector/sframe.h"
#include "common/fdlimit.h"
#include "common/mem.h"
#include "common/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define UDP_BATCH 64
#define UDP_MSG_MAX 16384
#define TCP_READ 65536
#define RATE_PERIOD_S 10 /* a peer's speed: bytes in this period and the one before */
#define EVICT_GRACE_S 2  /* a peer connected this long may be closed to make room */

enum handler_kind {
    H_UDP = 0,  /* UDP socket */
    H_UNIX,     /* unix datagram socket */
    H_LISTEN,   /* TCP listener */
    H_CONN,     /* TCP connection */
    H_PCAP,     /* capture (file or live) */
    H_KIND_COUNT
};

struct handler {
    enum handler_kind kind;     /* see enum */
    int fd;                     /* socket, -1 for capture files */
    struct tt_stream *st;       /* parser state (a connection borrows its listener's) */
    int own_st;                 /* st is owned */
    uint32_t drops_seen;        /* UDP: last SO_RXQ_OVFL value */
    ino_t ino;                  /* UDP: socket inode, for /proc/net/udp */
    int v6;                     /* UDP: bound to IPv6 */
    struct tt_sframe fr;        /* TCP connection framer */
    struct handler *listener;   /* TCP connection: its listener */
    struct tt_net *net;         /* back pointer */
    struct handler *prev, *next;/* TCP connection: list of open connections */
    time_t last_active_s;       /* TCP connection: monotonic time of the last data */
    time_t since_s;             /* TCP connection: when it was accepted */
    uint64_t bytes_cur;         /* TCP connection: bytes in the current rate period */
    uint64_t bytes_prev;        /* ... and the one before */
    time_t period;              /* ... number of the current period */
    struct peer_count *peer;    /* TCP connection: its address and how many it holds */
    struct tt_pcap *pc;         /* capture */
    int pcap_more;              /* capture file not finished */
    char name[160];             /* the source as given */
};

/* Connections held by one peer address (a chained hash table in tt_net). */
struct peer_count {
    struct tt_addr addr;     /* family 0 when unknown */
    int n;                   /* open connections */
    struct peer_count *next; /* chain */
};
#define PEER_BUCKETS 4096

struct tt_net {
    int ep;                              /* epoll descriptor */
    const struct tt_pipeline_config *cfg;/* borrowed */
    struct tt_net_sink sink;             /* copy */
    struct tt_net_options opt;           /* copy */
    struct handler **h;                  /* listeners and captures (not connections) */
    size_t n, cap;                       /* ... count, capacity */
    int conns;                           /* open TCP connections */
    struct handler *conn_list;           /* ... their list, most recently active first */
    struct handler *conn_tail;           /* ... its least recently active end */
    uint64_t evicted;                    /* slow connections closed to make room */
    uint64_t refused;                    /* connections closed for the limit */
    struct tt_fd_backoff backoff;        /* accept paused: out of descriptors */
    int paused;                          /* listeners disarmed until backoff ends */
    struct peer_count *peers[PEER_BUCKETS]; /* connections per peer address */
    int damaged;                         /* a capture file ended with an error */
    char *udp_buf;                       /* UDP_BATCH x UDP_MSG_MAX */
};

struct tt_net *tt_net_create(const struct tt_pipeline_config *cfg, const struct tt_net_sink *sink,
                             const struct tt_net_options *o)
{
    struct tt_net *n = tt_calloc(1, sizeof(*n));
    n->ep = epoll_create1(EPOLL_CLOEXEC);
    n->cfg = cfg;
    n->sink = *sink;
    n->opt = *o;
    if (n->opt.tcp_max_conns <= 0)
        n->opt.tcp_max_conns = 1024;
    /* Each connection is a descriptor: the limit must fit under the
     * descriptor limit (raised to the hard limit first), with room for
     * files, Redis and the listeners. */
    long nofile = tt_fd_limit_raise();
    if (n->opt.tcp_max_conns > nofile - 64) {
        int fit = (int)TT_MAX(1, nofile - 64);
        fprintf(stderr, "threattally-collector: only %ld file descriptors allowed: at most %d TCP connections "
                        "(not %d); raise LimitNOFILE for more\n", nofile, fit, n->opt.tcp_max_conns);
        n->opt.tcp_max_conns = fit;
    }
    if (n->opt.tcp_max_per_addr <= 0)
        n->opt.tcp_max_per_addr = TT_MAX(8, n->opt.tcp_max_conns / 4);
    if (n->opt.tcp_max_per_addr > n->opt.tcp_max_conns)
        n->opt.tcp_max_per_addr = n->opt.tcp_max_conns;
    n->udp_buf = tt_malloc((size_t)UDP_BATCH * UDP_MSG_MAX);
    return n;
}

int tt_net_is_socket(const char *s)
{
    return !strncmp(s, "udp://", 6) || !strncmp(s, "tcp://", 6) || !strncmp(s, "unix:", 5);
}

int tt_net_is_capture(const char *s)
{
    return !strncmp(s, "pcap:", 5) || !strncmp(s, "iface:", 6);
}

static struct handler *new_handler(struct tt_net *n, enum handler_kind kind, const char *name)
{
    struct handler *h = tt_calloc(1, sizeof(*h));
    h->kind = kind;
    h->fd = -1;
    h->net = n;
    snprintf(h->name, sizeof(h->name), "%s", name);
    if (kind != H_CONN) {
        h->st = tt_calloc(1, sizeof(*h->st));
        h->own_st = 1;
        tt_stream_init(h->st, n->cfg);
        h->st->live = 1; /* many senders share it: untimed lines take arrival time */
        if (n->n == n->cap) {
            n->cap = n->cap ? n->cap * 2 : 8;
            n->h = tt_realloc(n->h, n->cap * sizeof(*n->h));
        }
        n->h[n->n++] = h;
    }
    return h;
}

static void free_handler(struct handler *h)
{
    if (!h)
        return;
    if (h->fd >= 0)
        close(h->fd);
    if (h->own_st) {
        tt_stream_fini(h->st);
        free(h->st);
    }
    tt_sframe_fini(&h->fr);
    tt_pcap_close(h->pc);
    if (h->peer && --h->peer->n == 0) {
        struct peer_count **pp = &h->net->peers[tt_addr_hash(&h->peer->addr) % PEER_BUCKETS];
        while (*pp != h->peer)
            pp = &(*pp)->next;
        *pp = h->peer->next;
        free(h->peer);
    }
    free(h);
}

static int watch(struct tt_net *n, struct handler *h)
{
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = h};
    return epoll_ctl(n->ep, EPOLL_CTL_ADD, h->fd, &ev) == 0 ? TT_OK : TT_ERR;
}

/* "udp://HOST:PORT", "[::]:514", "*:514" -> bound socket. */
static int bind_inet(const char *spec, const char *hostport, int type, char *err, size_t errlen, int *out_v6)
{
    char host[256], port[16];
    const char *colon = strrchr(hostport, ':');
    if (!colon || colon == hostport || !colon[1] || strlen(colon + 1) >= sizeof(port)) {
        snprintf(err, errlen, "source '%s': expected HOST:PORT", spec);
        return -1;
    }
    size_t hl = (size_t)(colon - hostport);
    if (hostport[0] == '[' && hl >= 2 && hostport[hl - 1] == ']') {
        hostport++;
        hl -= 2;
    }
    if (hl >= sizeof(host)) {
        snprintf(err, errlen, "source '%s': host name too long", spec);
        return -1;
    }
    memcpy(host, hostport, hl);
    host[hl] = '\0';
    snprintf(port, sizeof(port), "%s", colon + 1);
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_socktype = type;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(strcmp(host, "*") == 0 || !host[0] ? NULL : host, port, &hints, &ai);
    if (rc != 0) {
        snprintf(err, errlen, "source '%s': %s", spec, gai_strerror(rc));
        return -1;
    }
    int fd = socket(ai->ai_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "source '%s': socket: %s", spec, strerror(errno));
        freeaddrinfo(ai);
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || (type == SOCK_STREAM && listen(fd, 512) != 0)) {
        snprintf(err, errlen, "source '%s': cannot bind: %s", spec, strerror(errno));
        close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    *out_v6 = ai->ai_family == AF_INET6;
    freeaddrinfo(ai);
    if (!strcmp(port, "0")) { /* an ephemeral port: say which (tests use it) */
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        char a[INET6_ADDRSTRLEN] = "?";
        int p = 0;
        if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
            if (ss.ss_family == AF_INET6) {
                inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, a, sizeof(a));
                p = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
            } else {
                inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, a, sizeof(a));
                p = ntohs(((struct sockaddr_in *)&ss)->sin_port);
            }
        }
        fprintf(stderr, "threattally-collector: %.6s listening on %s port %d\n", spec, a, p);
    }
    return fd;
}

static void dgram_options(struct tt_net *n, struct handler *h)
{
    int one = 1;
    setsockopt(h->fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one));
    if (n->opt.udp_rcvbuf_bytes > 0) {
        int v = n->opt.udp_rcvbuf_bytes / 2; /* the kernel doubles it */
        if (setsockopt(h->fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) != 0)
            setsockopt(h->fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
    }
    struct stat sb;
    if (fstat(h->fd, &sb) == 0)
        h->ino = sb.st_ino;
}

int tt_net_add(struct tt_net *n, const char *spec, char *err, size_t errlen)
{
    struct handler *h;
    int v6 = 0;
    if (!strncmp(spec, "udp://", 6) || !strncmp(spec, "tcp://", 6)) {
        int udp = spec[0] == 'u';
        int fd = bind_inet(spec, spec + 6, udp ? SOCK_DGRAM : SOCK_STREAM, err, errlen, &v6);
        if (fd < 0)
            return TT_ERR;
        h = new_handler(n, udp ? H_UDP : H_LISTEN, spec);
        h->fd = fd;
        h->v6 = v6;
        if (udp)
            dgram_options(n, h);
    } else if (!strncmp(spec, "unix:", 5)) {
        const char *path = spec + 5;
        if (!strncmp(path, "//", 2))
            path += 2;
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        if (!*path || strlen(path) >= sizeof(sa.sun_path)) {
            snprintf(err, errlen, "source '%s': expected unix:/path/to/socket", spec);
            return TT_ERR;
        }
        memcpy(sa.sun_path, path, strlen(path));
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        struct stat sb;
        if (fd >= 0 && lstat(path, &sb) == 0 && S_ISSOCK(sb.st_mode))
            unlink(path); /* a stale socket of an earlier run */
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
            snprintf(err, errlen, "source '%s': cannot bind: %s", spec, strerror(errno));
            if (fd >= 0)
                close(fd);
            return TT_ERR;
        }
        chmod(path, 0666);
        h = new_handler(n, H_UNIX, spec);
        h->fd = fd;
        dgram_options(n, h);
    } else if (!strncmp(spec, "pcap:", 5) || !strncmp(spec, "iface:", 6)) {
        struct tt_pcap *pc = tt_pcap_open(spec, n->opt.pcap_filter, n->cfg, &n->sink, err, errlen);
        if (!pc)
            return TT_ERR;
        h = new_handler(n, H_PCAP, spec);
        h->pc = pc;
        h->fd = tt_pcap_fd(pc) >= 0 ? dup(tt_pcap_fd(pc)) : -1;
        h->pcap_more = h->fd < 0;
        if (h->fd < 0)
            return TT_OK;
    } else {
        snprintf(err, errlen, "source '%s' is not a live source", spec);
        return TT_ERR;
    }
    if (watch(n, h) != TT_OK) {
        snprintf(err, errlen, "source '%s': epoll: %s", spec, strerror(errno));
        return TT_ERR;
    }
    return TT_OK;
}

/* ---- datagrams --------------------------------------------------------- */

static void on_drops(struct tt_net *n, struct handler *h, uint32_t counter)
{
    uint32_t delta = counter - h->drops_seen; /* wraps like the kernel's */
    if (delta) {
        h->drops_seen = counter;
        n->sink.dropped(n->sink.ud, delta, TT_REASON_OVERFLOW);
    }
}

static void dgram_message(struct tt_net *n, struct handler *h, const char *p, size_t len, int cut)
{
    while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == '\0'))
        len--;
    n->sink.line(n->sink.ud, h->st, p, len, cut ? TT_FRAME_TOO_LONG : TT_FRAME_LINE);
}

/* Reads every queued datagram (at most a few batches per turn). */
static void read_dgrams(struct tt_net *n, struct handler *h, int max_batches)
{
    struct mmsghdr msgs[UDP_BATCH];
    struct iovec iov[UDP_BATCH];
    char ctl[UDP_BATCH][CMSG_SPACE(sizeof(uint32_t))];
    for (int b = 0; b < max_batches; b++) {
        for (int i = 0; i < UDP_BATCH; i++) {
            iov[i].iov_base = n->udp_buf + (size_t)i * UDP_MSG_MAX;
            iov[i].iov_len = UDP_MSG_MAX;
            memset(&msgs[i].msg_hdr, 0, sizeof(msgs[i].msg_hdr));
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            msgs[i].msg_hdr.msg_control = ctl[i];
            msgs[i].msg_hdr.msg_controllen = sizeof(ctl[i]);
        }
        int got = recvmmsg(h->fd, msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
        if (got <= 0)
            return;
        for (int i = 0; i < got; i++) {
            struct msghdr *m = &msgs[i].msg_hdr;
            for (struct cmsghdr *cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR(m, cm)) {
                if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_RXQ_OVFL) {
                    uint32_t v;
                    memcpy(&v, CMSG_DATA(cm), sizeof(v));
                    on_drops(n, h, v);
                }
            }
            dgram_message(n, h, iov[i].iov_base, TT_MIN((size_t)msgs[i].msg_len, (size_t)UDP_MSG_MAX),
                          (m->msg_flags & MSG_TRUNC) != 0);
        }
        if (got < UDP_BATCH)
            return;
    }
}

/* The socket's drop counter as /proc shows it (drops after the last read
 * datagram are reported nowhere else). */
static void proc_drops(struct tt_net *n, struct handler *h)
{
    const char *files[2] = {"/proc/net/udp", "/proc/net/udp6"};
    for (int k = 0; k < 2; k++) {
        FILE *f = fopen(files[k], "r");
        if (!f)
            continue;
        char line[512];
        while (fgets(line, sizeof(line), f)) {
            unsigned long inode = 0, drops = 0;
            /* sl local rem st tx:rx tr:when retr uid timeout inode ref ptr drops */
            if (sscanf(line, " %*s %*s %*s %*s %*s %*s %*s %*s %*s %lu %*s %*s %lu", &inode, &drops) == 2 &&
                inode == (unsigned long)h->ino) {
                on_drops(n, h, (uint32_t)drops);
                fclose(f);
                return;
            }
        }
        fclose(f);
    }
}

/* ---- TCP --------------------------------------------------------------- */

static void conn_message(void *ud, const char *p, size_t len, enum tt_frame_rc kind)
{
    struct handler *c = ud;
    struct tt_net *n = c->net;
    n->sink.line(n->sink.ud, c->listener->st, p, len, kind);
}

static time_t mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

static void conn_unlink(struct tt_net *n, struct handler *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        n->conn_list = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        n->conn_tail = c->prev;
    c->prev = c->next = NULL;
}

static void conn_push(struct tt_net *n, struct handler *c)
{
    c->prev = NULL;
    c->next = n->conn_list;
    if (c->next)
        c->next->prev = c;
    else
        n->conn_tail = c;
    n->conn_list = c;
}

static void close_conn(struct tt_net *n, struct handler *c)
{
    tt_sframe_finish(&c->fr, conn_message, c);
    epoll_ctl(n->ep, EPOLL_CTL_DEL, c->fd, NULL);
    n->conns--;
    conn_unlink(n, c);
    free_handler(c);
}

/* Bytes of the last one to two rate periods (the current one and the one
 * before), the peer's speed. */
static uint64_t conn_rate(struct handler *c, time_t now)
{
    time_t per = now / RATE_PERIOD_S;
    if (per != c->period) {
        c->bytes_prev = per == c->period + 1 ? c->bytes_cur : 0;
        c->bytes_cur = 0;
        c->period = per;
    }
    return c->bytes_cur + c->bytes_prev;
}

/* The count of the peer address of ss, one more connection counted. */
static struct peer_count *peer_ref(struct tt_net *n, const struct sockaddr_storage *ss)
{
    struct tt_addr a = {0};
    if (ss->ss_family == AF_INET) {
        a.family = 4;
        memcpy(a.bytes, &((const struct sockaddr_in *)ss)->sin_addr, 4);
    } else if (ss->ss_family == AF_INET6) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)ss)->sin6_addr;
        int mapped = IN6_IS_ADDR_V4MAPPED(a6);
        a.family = mapped ? 4 : 6;
        memcpy(a.bytes, mapped ? a6->s6_addr + 12 : a6->s6_addr, mapped ? 4 : 16);
    }
    struct peer_count **head = &n->peers[tt_addr_hash(&a) % PEER_BUCKETS], *p;
    for (p = *head; p && !tt_addr_equal(&p->addr, &a); p = p->next)
        ;
    if (!p) {
        p = tt_calloc(1, sizeof(*p));
        p->addr = a;
        p->next = *head;
        *head = p;
    }
    p->n++;
    return p;
}

enum pick_from {
    PICK_SAME_ADDR = 0, /* the new one's address, connected past the grace period */
    PICK_BIGGER,        /* an address holding more than the new one's will (young ones too) */
    PICK_ANY_OLD,       /* any address, connected past the grace period */
};

/* The connection to close for the new one nc, NULL when none may be: the
 * slowest (fewest bytes lately; silent longest on a tie) of those allowed,
 * ones past the grace period before younger ones. */
static struct handler *pick_victim(struct tt_net *n, const struct handler *nc, enum pick_from from)
{
    time_t now = mono_s();
    struct handler *best = NULL;
    uint64_t best_rate = 0;
    int best_young = 0;
    for (struct handler *c = n->conn_list; c; c = c->next) {
        int young = now - c->since_s < EVICT_GRACE_S;
        if (from == PICK_SAME_ADDR && (c->peer != nc->peer || young))
            continue;
        if (from == PICK_BIGGER && c->peer->n <= nc->peer->n)
            continue;
        if (from == PICK_ANY_OLD && young)
            continue;
        uint64_t r = conn_rate(c, now);
        if (!best || young < best_young ||
            (young == best_young && (r < best_rate || (r == best_rate && c->last_active_s < best->last_active_s)))) {
            best = c;
            best_rate = r;
            best_young = young;
        }
    }
    return best;
}

/* Room for the new connection nc (already counted in its address): 1 when
 * it may stay (a connection may have been closed for it). At the limit of
 * its address, the slowest of that address makes room; at the global
 * limit, the slowest of an address holding more connections than nc's
 * (so a flood from a few addresses cannot push out a sender with fewer),
 * failing that the slowest anywhere. */
static int make_room(struct tt_net *n, struct handler *l, struct handler *nc)
{
    int full_addr = nc->peer->n - 1 >= n->opt.tcp_max_per_addr;
    if (!full_addr && n->conns < n->opt.tcp_max_conns)
        return 1;
    struct handler *v = pick_victim(n, nc, full_addr ? PICK_SAME_ADDR : PICK_BIGGER);
    if (!v && !full_addr)
        v = pick_victim(n, nc, PICK_ANY_OLD);
    if (v) {
        n->evicted++;
        close_conn(n, v);
        return 1;
    }
    if (n->refused++ == 0)
        fprintf(stderr, "threattally-collector: %s: more than %d connections%s; closing new ones (said once)\n",
                l->name, full_addr ? n->opt.tcp_max_per_addr : n->opt.tcp_max_conns,
                full_addr ? " from one address" : "");
    return 0;
}

/* Listeners armed or not (paused while out of descriptors). */
static void arm_listeners(struct tt_net *n, int on)
{
    for (size_t i = 0; i < n->n; i++) {
        if (n->h[i]->kind != H_LISTEN)
            continue;
        struct epoll_event ev = {.events = on ? EPOLLIN : 0, .data.ptr = n->h[i]};
        epoll_ctl(n->ep, EPOLL_CTL_MOD, n->h[i]->fd, &ev);
    }
    n->paused = !on;
}

static void accept_conns(struct tt_net *n, struct handler *l)
{
    for (int i = 0; i < 256 && !n->paused; i++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        int fd = accept4(l->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            char who[200];
            snprintf(who, sizeof(who), "threattally-collector: %s", l->name);
            if (tt_fd_backoff_hit(&n->backoff, errno, who))
                arm_listeners(n, 0);
            return;
        }
        struct handler *c = new_handler(n, H_CONN, l->name);
        c->fd = fd;
        c->peer = peer_ref(n, &ss);
        if (!make_room(n, l, c)) {
            free_handler(c);
            continue;
        }
        c->listener = l;
        c->st = l->st;
        tt_sframe_init(&c->fr, TT_LINE_MAX);
        if (watch(n, c) != TT_OK) {
            free_handler(c);
            continue;
        }
        n->conns++;
        c->last_active_s = c->since_s = mono_s();
        c->period = c->since_s / RATE_PERIOD_S;
        conn_push(n, c);
    }
}

/* One read per turn per connection. Returns 0 when it was closed. */
static int read_conn(struct tt_net *n, struct handler *c, char *buf)
{
    ssize_t got = recv(c->fd, buf, TCP_READ, MSG_DONTWAIT);
    if (got > 0) {
        tt_sframe_feed(&c->fr, buf, (size_t)got, conn_message, c);
        c->last_active_s = mono_s();
        conn_rate(c, c->last_active_s);
        c->bytes_cur += (uint64_t)got;
        if (n->conn_list != c) { /* most recently active first */
            conn_unlink(n, c);
            conn_push(n, c);
        }
        return 1;
    }
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 1;
    close_conn(n, c);
    return 0;
}

/* ---- the loop ---------------------------------------------------------- */

void tt_net_poll(struct tt_net *n, int timeout_ms)
{
    static char tcp_buf[TCP_READ];
    for (size_t i = 0; i < n->n; i++) {
        struct handler *h = n->h[i];
        if (h->kind == H_PCAP && h->pcap_more) {
            h->pcap_more = tt_pcap_pump(h->pc, 4096);
            if (!h->pcap_more && tt_pcap_damaged(h->pc))
                n->damaged = 1;
            timeout_ms = 0;
        }
    }
    if (n->paused) {
        if (tt_fd_backoff_ready(&n->backoff))
            arm_listeners(n, 1);
        else if (timeout_ms < 0 || timeout_ms > tt_fd_backoff_wait_ms(&n->backoff))
            timeout_ms = tt_fd_backoff_wait_ms(&n->backoff);
    }
    struct epoll_event evs[128];
    int k = epoll_wait(n->ep, evs, 128, timeout_ms);
    /* Listeners last: accepting may close (free) a slow connection whose
     * event is in this very batch. Reading may free its own connection:
     * an event is forgotten once handled. */
    for (int i = 0; i < k; i++) {
        struct handler *h = evs[i].data.ptr;
        if (h->kind == H_LISTEN)
            continue;
        evs[i].data.ptr = NULL;
        switch (h->kind) {
        case H_UDP:
        case H_UNIX: read_dgrams(n, h, 16); break;
        case H_CONN: read_conn(n, h, tcp_buf); break;
        case H_PCAP: tt_pcap_pump(h->pc, 4096); break;
        default: break;
        }
    }
    for (int i = 0; i < k; i++)
        if (evs[i].data.ptr)
            accept_conns(n, evs[i].data.ptr);
}

int tt_net_busy(const struct tt_net *n)
{
    for (size_t i = 0; i < n->n; i++)
        if (n->h[i]->kind == H_PCAP && n->h[i]->pcap_more)
            return 1;
    return 0;
}

int tt_net_endless(const struct tt_net *n)
{
    for (size_t i = 0; i < n->n; i++)
        if (n->h[i]->kind != H_PCAP || n->h[i]->fd >= 0)
            return 1;
    return 0;
}

/* At exit: what is queued is read (not lost), then the final drop counts. */
void tt_net_final(struct tt_net *n)
{
    static char tcp_buf[TCP_READ];
    for (size_t i = 0; i < n->n; i++) {
        struct handler *h = n->h[i];
        if (h->kind == H_UDP || h->kind == H_UNIX) {
            read_dgrams(n, h, 1 << 20);
            if (h->kind == H_UDP)
                proc_drops(n, h);
        } else if (h->kind == H_PCAP) {
            tt_pcap_final(h->pc);
        }
    }
    /* Connections: read what is buffered, then close (final lines count). */
    struct epoll_event evs[128];
    int k;
    while ((k = epoll_wait(n->ep, evs, 128, 0)) > 0) {
        int progress = 0;
        for (int i = 0; i < k; i++) {
            struct handler *h = evs[i].data.ptr;
            if (h->kind == H_CONN) {
                read_conn(n, h, tcp_buf);
                progress = 1;
            }
        }
        if (!progress)
            break;
    }
}

size_t tt_net_sockets(const struct tt_net *n)
{
    return n->n;
}

int tt_net_damaged(const struct tt_net *n)
{
    return n->damaged;
}

void tt_net_destroy(struct tt_net *n)
{
    if (!n)
        return;
    while (n->conn_list) {
        struct handler *c = n->conn_list;
        n->conn_list = c->next;
        free_handler(c);
    }
    for (size_t i = 0; i < n->n; i++)
        free_handler(n->h[i]);
    free(n->h);
    if (n->ep >= 0)
        close(n->ep);
    free(n->udp_buf);
    free(n);
}

/* A source with settings of its own (a config file's "source = ... tz=...
 * format=..."): its streams get cfg instead of the set's (borrowed, lives
 * as long as the set). */
int tt_net_add_cfg(struct tt_net *n, const char *spec, const struct tt_pipeline_config *cfg, char *err, size_t errlen)
{
    const struct tt_pipeline_config *keep = n->cfg;
    n->cfg = cfg ? cfg : keep;
    int rc = tt_net_add(n, spec, err, errlen);
    n->cfg = keep;
    return rc;
}
