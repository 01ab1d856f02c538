/* SPDX-License-Identifier: MIT
 *
 * main.c -- threattally-collector: reads log sources, classifies every line,
 * counts locally per UTC minute and flushes the counts to Redis together
 * with each input's read position (docs/COUNTING.md).
 *
 * The main loop is deliberately flat (after masscan). Each turn:
 *   1. reconnect to Redis when it is down and the back-off has passed;
 *   2. read a block of lines from every file source (in_tail.c), unless
 *      Redis is down: then files pause, as their position is what Redis
 *      last committed;
 *   3. wait briefly on the live sources (in_net.c: sockets, captures),
 *      which count on during an outage, in bounded memory;
 *   4. every second (--flush-interval) commit one MULTI/EXEC: the counts of
 *      files, the counts of live sources, the file positions, and this
 *      collector's health hash with a sequence number;
 *   5. following: check files for rotation and truncation, rescan globs.
 *
 * Exactly once for files (docs/COUNTING.md#files): counts of files and their
 * positions travel in one transaction. When a flush fails, its outcome is
 * unknown: the file counts since the last commit are dropped and, once
 * Redis is back, every file restarts at the position Redis holds (whatever
 * it holds: an unanswered EXEC that was applied, or an AOF that lost its
 * last second). Counts of live sources cannot be re-read: they are kept and
 * sent again unless the health hash shows the unanswered EXEC's sequence
 * number, i.e. it was applied.
 */
#include "collector/collector.h"
#include "collector/daemon.h"
#include "collector/in_net.h"
#include "collector/in_tail.h"
#include "collector/lease.h"
#include "collector/out_redis.h"
#include "collector/verdict.h"
#include "collector/pipeline.h"
#include "collector/tally.h"
#include "common/buf.h"
#include "common/fdlimit.h"
#include "common/mem.h"
#include "common/options.h"
#include "common/schema.h"

#include <errno.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LINES_PER_TURN 16384

/* enum opt_id and struct collector: collector/collector.h */


/* Everything the run needs; one instance, static in main. */

static volatile sig_atomic_t stop_requested, hup_requested;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        hup_requested = 1;
    else
        stop_requested = 1;
}


/* ---- live sources ------------------------------------------------------ */

static void net_line(void *ud, struct tt_stream *st, const char *p, size_t len, enum tt_frame_rc kind)
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
    c->lines++;
    c->bytes += len;
    c->by_arrival += res.by_arrival;
    c->by_previous += res.by_previous;
    if (c->classify) {
        report_classify_line(c, c->lines, &res, p, len);
        return;
    }
    report_count_line(c, &c->tally_net, &res, p, len);
    if (!res.by_arrival && (c->newest_s == INT64_MIN || res.utc_s > c->newest_s))
        c->newest_s = res.utc_s;
}

/* Messages lost before parsing: lines_dropped at the minute they were
 * noticed (their own time is unknown). */
static void net_dropped(void *ud, uint64_t n, enum tt_reason reason)
{
    struct collector *c = ud;
    if (!n || c->classify)
        return;
    c->dropped += n;
    tt_tally_add(&c->tally_net, (int64_t)time(NULL), TT_METRIC_LINES_DROPPED, reason, n);
}

/* ---- file sources ------------------------------------------------------ */

static void free_tail(struct tt_tail *t)
{
    tt_tail_close(t);
    free(t);
}

static struct tt_tail *find_tail(struct collector *c, dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->dev == dev && c->tails[i]->ino == ino && !c->tails[i]->anonymous)
            return c->tails[i];
    return NULL;
}

static void add_tail(struct collector *c, const char *path, const struct tt_pipeline_config *cfg)
{
    char err[600];
    struct tt_tail *t = tt_calloc(1, sizeof(*t));
    /* 1 MiB blocks read once; 256 KiB per followed file (there may be many) */
    if (tt_tail_open(t, path, c->follow, cfg ? cfg : &c->cfg, c->follow ? 256u << 10 : 1u << 20, err, sizeof(err)) != TT_OK) {
        fprintf(stderr, PROG ": %s\n", err);
        c->sources_failed++;
        free_tail(t);
        return;
    }
    if (c->n_tails == c->cap_tails) {
        c->cap_tails = c->cap_tails ? c->cap_tails * 2 : 16;
        c->tails = tt_realloc(c->tails, c->cap_tails * sizeof(*c->tails));
    }
    c->tails[c->n_tails++] = t;
    t->seen = 1;
    if (!c->redis_down && commit_resume_tail(c, t) == TT_OK)
        c->skipped_lines += t->committed_lines;
}

/* Another file with the same first bytes as one being read (a rotated copy
 * being compressed, a copytruncate copy) waits until that one is closed:
 * then its stored position says where the content ends. */
static int same_content_open(struct collector *c, const char *path)
{
    char head[TT_TAIL_HEAD];
    size_t n = tt_tail_peek_head(path, head, sizeof(head));
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->is_open && tt_tail_same_head(c->tails[i], head, n))
            return 1;
    return 0;
}

static int compressed(const char *path)
{
    unsigned char m[4] = {0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(m, 1, 4, f) : 0;
    if (f)
        fclose(f);
    return (n == 4 && m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) ||
           (n >= 2 && m[0] == 0x1F && m[1] == 0x8B);
}

/* Plain files are opened at once (they are the live logs); a compressed
 * file only when settled (see struct settling). */
static int settled(struct collector *c, const char *path, const struct stat *sb)
{
    /* An empty file may be a compressed copy just being created: its kind
     * is known once it has its first bytes (a new empty log loses nothing
     * by waiting, it is read from its start). */
    if (sb->st_size < 4 && time(NULL) - sb->st_mtime < 2)
        return 0;
    if (!compressed(path))
        return 1;
    struct settling *s = NULL;
    for (size_t i = 0; i < c->n_settling; i++)
        if (c->settling[i].dev == sb->st_dev && c->settling[i].ino == sb->st_ino)
            s = &c->settling[i];
    if (!s) {
        if (c->n_settling == c->cap_settling) {
            c->cap_settling = c->cap_settling ? c->cap_settling * 2 : 8;
            c->settling = tt_realloc(c->settling, c->cap_settling * sizeof(*c->settling));
        }
        s = &c->settling[c->n_settling++];
        s->dev = sb->st_dev;
        s->ino = sb->st_ino;
        s->size = sb->st_size;
        s->mtime = sb->st_mtime;
        s->seen = 1;
        return 0;
    }
    s->seen = 1;
    int stable = s->size == sb->st_size && s->mtime == sb->st_mtime && time(NULL) - sb->st_mtime >= 1;
    s->size = sb->st_size;
    s->mtime = sb->st_mtime;
    if (stable)
        *s = c->settling[--c->n_settling];
    return stable;
}

static int has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* Following: opens files that appeared under the sources (globs expanded),
 * forgets closed ones that disappeared. Runs only right after a successful
 * flush, so that every position a new file could share is committed. */
static void scan_files(struct collector *c)
{
    for (size_t i = 0; i < c->n_tails; i++)
        c->tails[i]->seen = c->tails[i]->is_open;
    for (size_t i = 0; i < c->n_settling; i++)
        c->settling[i].seen = 0;
    for (size_t k = 0; k < c->n_file_sources; k++) {
        const char *pat = c->file_sources[k];
        glob_t g;
        memset(&g, 0, sizeof(g));
        int grc = has_glob(pat) ? glob(pat, 0, NULL, &g) : GLOB_NOMATCH;
        size_t n = grc == 0 ? g.gl_pathc : (has_glob(pat) ? 0 : 1);
        for (size_t j = 0; j < n; j++) {
            const char *path = grc == 0 ? g.gl_pathv[j] : pat;
            if (strcmp(path, "-") == 0)
                continue;
            struct stat sb;
            if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
                continue;
            struct tt_tail *t = find_tail(c, sb.st_dev, sb.st_ino);
            if (t && !t->is_open && (t->closed_size != sb.st_size || t->closed_mtime != sb.st_mtime)) {
                /* A closed file changed, or its inode number now names a
                 * new file: forget it, and open what is there now (its
                 * stored position, if any, still applies). */
                t->dev = 0;
                t->ino = 0;
                t->seen = 0;
                t = NULL;
            }
            if (t) {
                t->seen = 1;
                if (!t->is_open && strcmp(t->path, path) != 0)
                    snprintf(t->path, sizeof(t->path), "%s", path);
                continue;
            }
            if (!settled(c, path, &sb) || same_content_open(c, path))
                continue;
            add_tail(c, path, c->file_cfg[k]);
        }
        if (grc == 0)
            globfree(&g);
    }
    size_t w = 0;
    for (size_t i = 0; i < c->n_settling; i++)
        if (c->settling[i].seen)
            c->settling[w++] = c->settling[i];
    c->n_settling = w;
    w = 0;
    for (size_t i = 0; i < c->n_tails; i++) {
        if (!c->tails[i]->seen && !c->tails[i]->is_open)
            free_tail(c->tails[i]);
        else
            c->tails[w++] = c->tails[i];
    }
    c->n_tails = w;
}

/* Reading once: opens the next file source when none is open. */
static void next_file(struct collector *c)
{
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->is_open && c->tails[i]->state != TT_TAIL_FINISHED)
            return;
    /* Commit the finished one first: the next file may be a copy of it. */
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->is_open && commit_flush(c) != TT_OK)
            return;
    /* Closed tails are not needed to read once: free them. */
    for (size_t i = 0; i < c->n_tails; i++)
        free_tail(c->tails[i]);
    c->n_tails = 0;
    while (c->next_file < c->n_file_sources && c->n_tails == 0 && !stop_requested) {
        const struct tt_pipeline_config *cfg = c->file_cfg[c->next_file];
        const char *path = c->file_sources[c->next_file++];
        size_t before = c->sources_failed;
        add_tail(c, path, cfg);
        if (c->sources_failed == before && c->n_tails)
            c->sources_ok++;
    }
}

static void count_file_line(struct collector *c, struct tt_tail *t, struct tt_slice line, enum tt_frame_rc kind,
                            int64_t arrival)
{
    struct tt_line_result res;
    if (kind == TT_FRAME_LINE) {
        tt_pipeline_line(t->cfg, &t->st, line.p, line.len, arrival, &res);
    } else {
        tt_pipeline_untimed(&t->st, kind == TT_FRAME_TOO_LONG ? TT_REASON_TOO_LONG : TT_REASON_TRUNCATED, arrival,
                            &res);
    }
    c->lines++;
    c->bytes += line.len + 1;
    c->by_arrival += res.by_arrival;
    c->by_previous += res.by_previous;
    if (c->classify) {
        report_classify_line(c, c->lines, &res, line.p, line.len);
    } else {
        /* stdin cannot be re-read: its counts are kept like a socket's */
        report_count_line(c, t->anonymous ? &c->tally_net : &c->tally_files, &res, line.p, line.len);
        if (!res.by_arrival) {
            if (t->last_seen_s == INT64_MIN || res.utc_s > t->last_seen_s)
                t->last_seen_s = res.utc_s;
            if (c->newest_s == INT64_MIN || res.utc_s > c->newest_s)
                c->newest_s = res.utc_s;
        }
    }
    tt_tail_counted(t);
}

/* Reads up to LINES_PER_TURN lines of one file. Returns lines read. */
static size_t pump_tail(struct collector *c, struct tt_tail *t)
{
    if (!t->is_open || !t->resumed || t->state == TT_TAIL_FINISHED || t->state == TT_TAIL_CLOSED)
        return 0;
    int64_t arrival = (int64_t)time(NULL);
    size_t n = 0;
    while (n < LINES_PER_TURN) {
        struct tt_slice line;
        enum tt_frame_rc kind;
        enum tt_tail_rc rc = tt_tail_next(t, &line, &kind);
        if (rc != TT_TAIL_LINE) {
            if (rc == TT_TAIL_END && (t->in.err || t->in.truncated)) {
                if (t->in.err)
                    fprintf(stderr, PROG ": warning: %s\n", t->in.errstr);
                else
                    fprintf(stderr,
                            PROG ": warning: %s: compressed data ends inside a frame (truncated copy?) after %llu "
                                 "decompressed bytes; lines before that were counted\n",
                            t->path, (unsigned long long)t->in.out_offset);
                c->sources_damaged++;
                t->in.err = 0;
                t->in.truncated = 0;
            }
            break;
        }
        count_file_line(c, t, line, kind, arrival);
        n++;
    }
    return n;
}

/* Following: rotation and truncation checks of files waiting at their end. */
static void check_tails(struct collector *c)
{
    for (size_t i = 0; i < c->n_tails; i++) {
        struct tt_tail *t = c->tails[i];
        if (!t->is_open || t->state != TT_TAIL_IDLE || !t->resumed)
            continue;
        enum tt_tail_event ev = tt_tail_check(t);
        if (ev != TT_TAIL_TRUNCATED)
            continue;
        c->gaps++;
        fprintf(stderr,
                PROG ": warning: %s was truncated in place (copytruncate?) after %llu bytes were read: possible gap "
                     "(lines written after the last read are only in the copy)\n",
                t->path, (unsigned long long)t->offset);
        if (t->offset != t->committed)
            commit_tail_position(t, commit_push_position(c));
        /* The same inode now holds new content: read its head again, then
         * look its position up (a rewrite with the same content resumes). */
        char err[600];
        if (tt_tail_seek(t, 0, 0, err, sizeof(err)) != TT_OK) {
            fprintf(stderr, PROG ": %s\n", err);
            continue;
        }
        commit_resume_tail(c, t);
    }
}

int main(int argc, char **argv)
{
    static struct collector c; /* large (samples); static keeps it off the stack */
    c.redis_url = "redis://127.0.0.1:6379";
    c.site = "default";
    c.format = "auto";
    c.flush_ms = 1000;
    c.scan_ms = 1000;
    c.newest_s = INT64_MIN;
    c.started_s = (int64_t)time(NULL);
    c.net_opt.tcp_max_conns = 1024;
    c.give_up_s = 60;
    tt_fd_limit_raise(); /* soft descriptor limit to the hard one (many files, many connections) */
    char err[512];
    if (tt_options_parse(collector_options, OPT_COUNT, argc, argv, settings_on_option, &c, c.sources, MAX_SOURCES, &c.n_sources, err,
                         sizeof(err)) != TT_OK)
        settings_usage_error(err);
    if (c.help) {
        settings_help();
        return 0;
    }
    if (c.version) {
        printf(PROG " " TT_VERSION "\n");
        return 0;
    }
    c.n_cli_sources = c.n_sources;
    if (c.config) {
        c.from_file = 1;
        if (tt_conf_read(c.config, settings_on_config, &c, err, sizeof(err)) != TT_OK)
            settings_usage_error(err);
        c.from_file = 0;
    }
    if (c.n_sources == 0)
        settings_usage_error("no SOURCE given (a file, -, udp://, tcp://, unix:, pcap: or iface:; see --help)");
    if (!tt_site_valid(c.site))
        settings_usage_error("--site must be 1-64 characters of A-Z a-z 0-9 . _ - (and not 'all')");
    if (c.password_file)
        settings_password_file(c.password_file);

    c.cfg.format = -1;
    if (strcmp(c.format, "auto") != 0) {
        c.cfg.format = tt_registry_find_parser(c.format);
        if (c.cfg.format < 0) {
            const char *names[TT_PARSERS_MAX];
            size_t n = tt_registry_parser_count();
            for (size_t i = 0; i < n; i++)
                names[i] = tt_registry_parser(i)->name;
            const char *s = tt_suggest(c.format, names, n);
            snprintf(err, sizeof(err), "unknown --format '%s'%s%s%s", c.format, s ? " (did you mean '" : " (see --help)",
                     s ? s : "", s ? "'?)" : "");
            settings_usage_error(err);
        }
    }
    if (c.home_net_text) {
        if (tt_cidr_set_parse(&c.home_net, c.home_net_text, err, sizeof(err)) != TT_OK) {
            char msg[600];
            snprintf(msg, sizeof(msg), "--home-net: %s", err);
            settings_usage_error(msg);
        }
    } else {
        tt_cidr_set_default_home(&c.home_net);
    }
    size_t nrules = 0;
    if (c.prefix_map &&
        tt_prefix_rules_parse(c.prefix_map, c.rules, TT_PREFIX_RULES_MAX, &nrules, err, sizeof(err)) != TT_OK) {
        char msg[600];
        snprintf(msg, sizeof(msg), "--prefix-map: %s", err);
        settings_usage_error(msg);
    }
    c.zone = tt_zone_create(c.tz_name, err, sizeof(err));
    if (!c.zone) {
        char msg[600];
        snprintf(msg, sizeof(msg), "--tz: %s", err);
        settings_usage_error(msg);
    }
    c.cfg.zone = c.zone;
    c.cfg.year = c.year;
    c.cfg.now_s = (int64_t)time(NULL);
    c.cfg.ctx.home_net = &c.home_net;
    c.cfg.ctx.prefix_rules = c.rules;
    c.cfg.ctx.n_prefix_rules = nrules;
    if (c.user && tt_check_user(c.user, err, sizeof(err)) != TT_OK)
        settings_usage_error(err);
    settings_load_rules(&c, 0); /* a bad rule: file, line and column, exit 2 */
    /* Sources of other sites (a "site=" of their own in the config file)
     * are read by a collector process per site. */
    int split_rc;
    if (settings_split_sites(&c, &split_rc))
        return split_rc;

    static const struct tt_pipeline_config *src_cfg[MAX_SOURCES]; /* each source's settings */
    size_t n_net = 0;
    for (size_t i = 0; i < c.n_sources; i++) {
        src_cfg[i] = settings_source_cfg(&c, &c.src_opt[i], err, sizeof(err));
        if (!src_cfg[i]) {
            char msg[700];
            snprintf(msg, sizeof(msg), "source '%s': %s", c.sources[i], err);
            settings_usage_error(msg);
        }
        if (tt_net_is_source(c.sources[i])) {
            n_net++;
        } else {
            c.file_from_config[c.n_file_sources] = i >= c.n_cli_sources;
            c.file_cfg[c.n_file_sources] = src_cfg[i];
            c.file_sources[c.n_file_sources++] = c.sources[i];
        }
    }
    if (c.check_config) {
        printf("configuration OK: %zu file source(s), %zu live source(s), site %s, redis %s", c.n_file_sources,
               n_net, c.site, c.no_redis ? "none" : "configured");
        if (c.site_rules)
            printf(", %zu rule(s)", tt_rules_count(c.site_rules));
        printf("\n");
        tt_rules_destroy(c.site_rules);
        tt_zone_destroy(c.zone);
        return 0;
    }

    struct tt_net_sink sink = {net_line, net_dropped, &c};
    if (n_net) {
        c.net = tt_net_create(&c.cfg, &sink, &c.net_opt);
        for (size_t i = 0; i < c.n_sources; i++) {
            if (tt_net_is_source(c.sources[i]) && tt_net_add_cfg(c.net, c.sources[i], src_cfg[i], err, sizeof(err)) != TT_OK) {
                fprintf(stderr, PROG ": %s\n", err);
                return 1;
            }
        }
    }
    /* Sockets are bound and captures open: privileges are no longer needed. */
    if (c.user && tt_drop_privileges(c.user, err, sizeof(err)) != TT_OK) {
        fprintf(stderr, PROG ": %s\n", err);
        return 1;
    }
    int daemon_mode = c.follow || (c.net && tt_net_endless(c.net));

    if (!c.no_redis && !c.classify) {
        /* The collector's name: --instance, or the host name and a hash of
         * the sources, so that collectors of one site on one host that read
         * different sources never share a name (lease.h). */
        char instance[TT_INSTANCE_MAX + 1];
        if (c.instance)
            snprintf(instance, sizeof(instance), "%s", c.instance);
        else
            tt_lease_default_instance((const char *const *)c.sources, c.n_sources, instance, sizeof(instance));
        c.out = tt_out_redis_open2(c.redis_url, c.site, instance, 0, err, sizeof(err));
        if (!c.out) {
            fprintf(stderr, PROG ": %s\n", err);
            return 1;
        }
        tt_out_redis_set_wait(c.out, c.redis_wait, 2000);
        tt_out_redis_set_lease_ms(c.out, 3LL * c.flush_ms);
        c.redis_down = 1; /* connected by the first turn of the loop */
        if (tt_out_redis_reconnect(c.out) == TT_OK) {
            c.redis_down = 0;
        } else if (!daemon_mode || tt_out_redis_fatal(c.out)) {
            fprintf(stderr, PROG ": %s\n", tt_out_redis_errstr(c.out));
            return 1;
        } else {
            fprintf(stderr, PROG ": %s; retrying\n", tt_out_redis_errstr(c.out));
        }
        c.backoff_ms = 100;
    }
    unsetenv("THREATTALLY_REDIS_PASSWORD");
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    tt_tally_init(&c.tally_files);
    tt_tally_init(&c.tally_net);
    tt_tally_init(&c.tally_pending);
    tt_buf_init(&c.out_buf);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    c.last_flush = t0;
    if (c.follow)
        scan_files(&c);
    tt_sd_notify("READY=1\nSTATUS=collecting");

    int status = 0;
    for (;;) {
        if (stop_requested)
            break;
        if (c.out && commit_fatal(&c, 0)) {
            fprintf(stderr, PROG ": %s; stopping\n", tt_out_redis_errstr(c.out));
            status = 1;
            break;
        }
        if (hup_requested) {
            hup_requested = 0;
            tt_sd_notify("RELOADING=1");
            if (c.config && c.follow)
                settings_reload(&c);
            settings_load_rules(&c, 1);
            c.last_scan.tv_sec = 0; /* check files and rescan globs now */
            tt_sd_notify("READY=1");
        }
        if (c.out && c.redis_down)
            commit_try_reconnect(&c);
        if (!c.follow)
            next_file(&c);
        size_t work = 0;
        for (size_t i = 0; i < c.n_tails; i++)
            work += pump_tail(&c, c.tails[i]);
        int files_left = !c.follow && (c.next_file < c.n_file_sources || work);
        for (size_t i = 0; i < c.n_tails && !files_left && !c.follow; i++)
            files_left = c.tails[i]->is_open && c.tails[i]->state != TT_TAIL_FINISHED;
        if (c.net)
            tt_net_poll(c.net, work || files_left || tt_net_busy(c.net) ? 0 : 50);
        else if (!work && c.follow)
            usleep(50000);
        if (commit_flush_due(&c))
            commit_flush_start(&c);
        if (c.follow && commit_seconds_since(&c.last_scan) * 1000.0 >= (double)c.scan_ms) {
            clock_gettime(CLOCK_MONOTONIC, &c.last_scan);
            check_tails(&c);
            if (!c.redis_down && commit_flush(&c) == TT_OK)
                scan_files(&c);
        }
        if (!daemon_mode && !files_left && commit_oneshot_done(&c))
            break;
        if (!daemon_mode && commit_oneshot_give_up(&c))
            break;
        if (c.out && c.redis_down && !work && !c.net)
            usleep(20000); /* waiting for the reconnect's back-off */
    }
    tt_sd_notify("STOPPING=1");
    if (c.out && commit_fatal(&c, 1))
        ; /* nothing more may be sent under this name */
    else if (commit_final_flush(&c) != TT_OK)
        status = 1;
    if (!daemon_mode && commit_report_uncommitted(&c))
        status = 1;
    if (c.sources_failed || (c.net && tt_net_damaged(c.net)))
        status = 1;
    double secs = commit_seconds_since(&t0);
    if (c.classify) {
        tt_buf_write(&c.out_buf, stdout);
    } else if (c.no_redis) {
        report_summary(&c);
    }
    fflush(stdout);
    if (c.stats)
        report_stats(&c, secs);
    tt_out_redis_close(c.out);
    for (size_t i = 0; i < c.n_tails; i++)
        free_tail(c.tails[i]);
    free(c.tails);
    tt_net_destroy(c.net);
    tt_tally_fini(&c.tally_files);
    tt_tally_fini(&c.tally_net);
    tt_tally_fini(&c.tally_pending);
    tt_buf_fini(&c.out_buf);
    tt_zone_destroy(c.zone);
    tt_rules_destroy(c.site_rules);
    free(c.done);
    free(c.settling);
    tt_distinct_fini(&c.distinct);
    return status;
}
