/* SPDX-License-Identifier: MIT
 *
 * main.c -- threattally-collector: reads log sources, classifies every line,
 * counts locally per UTC minute and flushes the counts to Redis together
 * with each input's read position (docs/COUNTING.md).
 *
 * The main loop is deliberately flat (after masscan). Each turn:
 *   1. reconnect to Redis when it is down and the back-off has passed;
 *   2. read from every kind of source (source.h, listed in sources.c):
 *      a block of lines of every file (source_file.c), unless Redis is
 *      down: then files pause, as their position is what Redis last
 *      committed; then a brief wait on the live sources (source_live.c:
 *      sockets, captures), which count on during an outage, in bounded
 *      memory;
 *   3. every second (--flush-interval) commit one MULTI/EXEC (commit.c,
 *      sent by a writer thread while reading goes on): the counts of files,
 *      the counts of live sources, the file positions, and this collector's
 *      health hash with a sequence number;
 *   4. following: check files for rotation and truncation, rescan globs.
 *
 * Exactly once for files (docs/COUNTING.md#files): counts of files and their
 * positions travel in one transaction. When a flush fails, its outcome is
 * unknown: the file counts since the last commit are dropped and, once
 * Redis is back, every file restarts at the position Redis holds (whatever
 * it holds: an unanswered EXEC that was applied, or an AOF that lost its
 * last second). Counts of live sources cannot be re-read: they are kept and
 * sent again unless the health hash shows the unanswered EXEC's sequence
 * number, i.e. it was applied.
 *
 * Options, the config file and their checks are settings.c; what is printed
 * at exit is report.c.
 */
#include "collector/collector.h"
#include "collector/daemon.h"
#include "collector/lease.h"
#include "collector/out_redis.h"
#include "collector/source.h"
#include "common/fdlimit.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How long a turn with nothing to do waits on the sources. */
#define IDLE_MS 50

static volatile sig_atomic_t stop_requested, hup_requested;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        hup_requested = 1;
    else
        stop_requested = 1;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Opens every source with the kind that claims it (sockets are bound and
 * captures opened here, before privileges are dropped). --check-config
 * stops before: it only counts them. Returns -1 to go on, else main's exit
 * status. */
static int open_sources(struct collector *c)
{
    static const struct tt_pipeline_config *cfg[MAX_SOURCES]; /* each source's settings */
    char err[700];
    size_t n_live = 0;
    for (size_t i = 0; i < c->conf.n_sources; i++) {
        cfg[i] = settings_source_cfg(c, &c->conf.src_opt[i], err, sizeof(err));
        if (!cfg[i]) {
            char msg[800];
            snprintf(msg, sizeof(msg), "source '%s': %s", c->conf.sources[i], err);
            settings_usage_error(msg);
        }
        n_live += (size_t)tt_source_find(c->conf.sources[i])->live;
    }
    if (c->conf.check_config) {
        printf("configuration OK: %zu file source(s), %zu live source(s), site %s, redis %s",
               c->conf.n_sources - n_live, n_live, c->conf.site, c->conf.no_redis ? "none" : "configured");
        if (c->site_rules)
            printf(", %zu rule(s)", tt_rules_count(c->site_rules));
        printf("\n");
        return 0;
    }
    for (size_t i = 0; i < c->conf.n_sources; i++) {
        c->opening_from_config = i >= c->conf.n_cli_sources; /* SIGHUP reloads those */
        if (tt_sources_open(c, c->conf.sources[i], cfg[i], err, sizeof(err)) != TT_OK) {
            fprintf(stderr, PROG ": %s\n", err);
            return 1;
        }
    }
    if (c->conf.user && tt_drop_privileges(c->conf.user, err, sizeof(err)) != TT_OK) {
        fprintf(stderr, PROG ": %s\n", err);
        return 1;
    }
    return -1;
}

/* Connects to Redis under this collector's name: --instance, or the host
 * name and a hash of the sources, so that collectors of one site on one
 * host that read different sources never share a name (lease.h). A daemon
 * retries an unreachable Redis; a one-shot run stops. */
static int open_redis(struct collector *c, int daemon_mode)
{
    char err[512], instance[TT_INSTANCE_MAX + 1];
    if (c->conf.instance)
        snprintf(instance, sizeof(instance), "%s", c->conf.instance);
    else
        tt_lease_default_instance((const char *const *)c->conf.sources, c->conf.n_sources, instance, sizeof(instance));
    c->out = tt_out_redis_open2(c->conf.redis_url, c->conf.site, instance, 0, err, sizeof(err));
    if (!c->out) {
        fprintf(stderr, PROG ": %s\n", err);
        return TT_ERR;
    }
    tt_out_redis_set_wait(c->out, c->conf.redis_wait, 2000);
    tt_out_redis_set_lease_ms(c->out, 3LL * c->conf.flush_ms);
    c->backoff_ms = 100;
    c->redis_down = 1; /* until the connection below, or a reconnect of the loop */
    if (tt_out_redis_reconnect(c->out) == TT_OK) {
        c->redis_down = 0;
    } else if (!daemon_mode || tt_out_redis_fatal(c->out)) {
        fprintf(stderr, PROG ": %s\n", tt_out_redis_errstr(c->out));
        return TT_ERR;
    } else {
        fprintf(stderr, PROG ": %s; retrying\n", tt_out_redis_errstr(c->out));
    }
    return TT_OK;
}

/* SIGHUP: the file sources of --config again (following), the --rules. */
static void reload(struct collector *c)
{
    hup_requested = 0;
    tt_sd_notify("RELOADING=1");
    if (c->conf.config && c->conf.follow)
        settings_reload(c);
    settings_load_rules(c, 1);
    c->last_scan.tv_sec = 0; /* check files and rescan globs now */
    tt_sd_notify("READY=1");
}

/* The run state a line may be counted into. */
static void collector_init(struct collector *c)
{
    c->stop = &stop_requested;
    c->newest_s = INT64_MIN;
    c->started_s = (int64_t)time(NULL);
    tt_tally_init(&c->tally_files);
    tt_tally_init(&c->tally_net);
    tt_tally_init(&c->tally_pending);
    tt_buf_init(&c->out_buf);
}

static void collector_fini(struct collector *c)
{
    tt_out_redis_close(c->out);
    tt_sources_close(c);
    tt_tally_fini(&c->tally_files);
    tt_tally_fini(&c->tally_net);
    tt_tally_fini(&c->tally_pending);
    tt_buf_fini(&c->out_buf);
    tt_zone_destroy(c->zone);
    tt_rules_destroy(c->site_rules);
    free(c->done);
    tt_distinct_fini(&c->distinct);
}

/* The loop (see the top of this file). Returns 1 when it had to stop on an
 * error (another collector holds this name), else 0. */
static int run(struct collector *c, int daemon_mode)
{
    for (;;) {
        if (stop_requested)
            return 0;
        if (c->out && commit_fatal(c, 0)) {
            fprintf(stderr, PROG ": %s; stopping\n", tt_out_redis_errstr(c->out));
            return 1;
        }
        if (hup_requested)
            reload(c);
        /* 1. Redis back? */
        if (c->out && c->redis_down)
            commit_try_reconnect(c);
        /* 2. read: files, then a wait on the live sources when idle */
        int left;
        size_t work = tt_sources_read(c, IDLE_MS, &left);
        /* 3. commit (handed to the writer thread, answered later: commit.c) */
        if (commit_flush_due(c))
            commit_flush_start(c);
        /* 4. following: rotation, truncation, new files */
        if (c->conf.follow && commit_seconds_since(&c->last_scan) * 1000.0 >= (double)c->conf.scan_ms) {
            clock_gettime(CLOCK_MONOTONIC, &c->last_scan);
            tt_sources_check(c);
        }
        /* Reading once: done when every line is read and committed, or
         * when Redis stayed away longer than --redis-give-up. */
        if (!daemon_mode && !left && commit_oneshot_done(c))
            return 0;
        if (!daemon_mode && commit_oneshot_give_up(c))
            return 0;
        if (c->out && c->redis_down && !work && !c->net)
            usleep(20000); /* waiting for the reconnect's back-off */
    }
}

/* After the loop: the final flush, what is not committed, the figures. */
static int finish(struct collector *c, int status, int daemon_mode, double secs)
{
    tt_sd_notify("STOPPING=1");
    if (c->out && commit_fatal(c, 1))
        ; /* nothing more may be sent under this name */
    else if (commit_final_flush(c) != TT_OK)
        status = 1;
    if (!daemon_mode && commit_report_uncommitted(c))
        status = 1;
    if (tt_sources_failed(c))
        status = 1;
    if (c->conf.classify)
        tt_buf_write(&c->out_buf, stdout);
    else if (c->conf.no_redis)
        report_summary(c);
    fflush(stdout);
    if (c->conf.stats)
        report_stats(c, secs);
    return status;
}

int main(int argc, char **argv)
{
    static struct collector c; /* large (samples); static keeps it off the stack */
    tt_fd_limit_raise();       /* soft descriptor limit to the hard one (many files, many connections) */
    int rc;
    /* Options, config file, checks; --help, --version, one process per site. */
    if (settings_load(&c, argc, argv, &rc))
        return rc;
    collector_init(&c);
    if ((rc = open_sources(&c)) >= 0) {
        collector_fini(&c);
        return rc;
    }
    int daemon_mode = tt_sources_endless(&c);
    if (!c.conf.no_redis && !c.conf.classify && open_redis(&c, daemon_mode) != TT_OK)
        return 1;
    unsetenv("THREATTALLY_REDIS_PASSWORD");
    catch_signals();
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    c.last_flush = t0;
    tt_sources_start(&c);
    tt_sd_notify("READY=1\nSTATUS=collecting");

    int status = run(&c, daemon_mode);
    status = finish(&c, status, daemon_mode, commit_seconds_since(&t0));
    collector_fini(&c);
    return status;
}
