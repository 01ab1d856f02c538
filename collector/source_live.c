/* SPDX-License-Identifier: MIT
 *
 * source_live.c -- the live sources (source.h): syslog listeners
 * (udp://HOST:PORT, tcp://HOST:PORT, unix:/PATH) and captures (pcap:FILE,
 * iface:NAME). Both kinds are handlers of one epoll set (in_net.c), so they
 * share these functions and the loop waits on that set once per turn. Their
 * lines cannot be re-read: they count into tally_net, which lives through a
 * Redis outage in memory (docs/COUNTING.md#sockets: at most once, losses
 * measured and counted as lines_dropped).
 */
#include "collector/collector.h"
#include "collector/in_net.h"
#include "collector/source.h"

#include <time.h>

/* One message of a live source: classified and counted at once. */
static void live_line(void *ud, struct tt_stream *st, const char *p, size_t len, enum tt_frame_rc kind)
{
    struct collector *c = ud;
    struct tt_line_result res;
    int64_t arrival = (int64_t)time(NULL);
    if (kind == TT_FRAME_LINE) {
        tt_pipeline_line(st->cfg ? st->cfg : &c->cfg, st, p, len, arrival, &res);
    } else {
        tt_pipeline_untimed(st, kind == TT_FRAME_TOO_LONG ? TT_REASON_TOO_LONG : TT_REASON_TRUNCATED, arrival,
                            &res);
    }
    c->stat.lines++;
    c->stat.bytes += len;
    c->stat.by_arrival += res.by_arrival;
    c->stat.by_previous += res.by_previous;
    if (c->conf.classify) {
        report_classify_line(c, c->stat.lines, &res, p, len);
        return;
    }
    report_count_line(c, &c->tally_net, &res, p, len);
    if (!res.by_arrival && (c->newest_s == INT64_MIN || res.utc_s > c->newest_s))
        c->newest_s = res.utc_s;
}

/* Messages lost before parsing: lines_dropped at the minute they were
 * noticed (their own time is unknown). */
static void live_dropped(void *ud, uint64_t n, enum tt_reason reason)
{
    struct collector *c = ud;
    if (!n || c->conf.classify)
        return;
    c->stat.dropped += n;
    tt_tally_add(&c->tally_net, (int64_t)time(NULL), TT_METRIC_LINES_DROPPED, reason, n);
}

/* Binds the socket or opens the capture now (before privileges are
 * dropped); the epoll set is made with the first one. */
static int live_open(struct collector *c, const char *spec, const struct tt_pipeline_config *cfg, char *err,
                     size_t errlen)
{
    if (!c->net) {
        struct tt_net_sink sink = {live_line, live_dropped, c};
        c->net = tt_net_create(&c->cfg, &sink, &c->conf.net_opt);
    }
    return tt_net_add_cfg(c->net, spec, cfg, err, errlen);
}

static int live_active(const struct collector *c)
{
    return c->net != NULL;
}

/* Waits on the epoll set; not while a capture file still has packets. */
static size_t live_read(struct collector *c, int wait_ms)
{
    uint64_t before = c->stat.lines;
    tt_net_poll(c->net, tt_net_busy(c->net) ? 0 : wait_ms);
    return (size_t)(c->stat.lines - before);
}

/* Reading once, a capture file is input still to come. */
static int live_left(const struct collector *c)
{
    return c->net && tt_net_busy(c->net);
}

static int live_endless(const struct collector *c)
{
    return c->net && tt_net_endless(c->net);
}

static int live_failed(const struct collector *c)
{
    return c->net && tt_net_damaged(c->net);
}

static void live_close(struct collector *c)
{
    tt_net_destroy(c->net);
    c->net = NULL;
}

/* The two kinds differ in the words they take; all else is the epoll set's. */
#define LIVE_OPS(name_, forms_, help_, claims_)                                                                      \
    {                                                                                                               \
        .name = name_, .forms = forms_, .help = help_, .live = 1, .claims = claims_, .open = live_open,             \
        .active = live_active, .read = live_read, .left = live_left, .endless = live_endless,                      \
        .failed = live_failed, .close = live_close,                                                                 \
    }

const struct tt_source_ops tt_source_syslog =
    LIVE_OPS("syslog", "udp://HOST:PORT, tcp://HOST:PORT, unix:/PATH",
             "syslog listeners (TCP: newline or octet-counted framing; unix: datagrams); at most once",
             tt_net_is_socket);

const struct tt_source_ops tt_source_capture =
    LIVE_OPS("capture", "pcap:FILE, iface:NAME",
             "syslog in the UDP and TCP packets of a capture file, or of a live capture", tt_net_is_capture);
