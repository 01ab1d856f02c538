/* SPDX-License-Identifier: MIT
 *
 * collector.h -- the collector's run state, shared by main.c (the loop),
 * settings.c (options), the sources (source_*.c), commit.c (flushing) and
 * report.c (counting a classified line, --classify output, the summaries
 * printed at exit). Private to the collector program.
 */
#ifndef TT_COLLECTOR_H
#define TT_COLLECTOR_H

#include "collector/distinct.h"
#include "collector/in_net.h"
#include "collector/in_tail.h"
#include "collector/out_redis.h"
#include "collector/parser.h" /* struct tt_prefix_rule */
#include "collector/pipeline.h"
#include "collector/tally.h"
#include "common/buf.h"
#include "common/options.h"

#include <signal.h>
#include <time.h>

#define PROG "threattally-collector"
#define SAMPLES_PER_REASON 3
#define SAMPLE_BYTES 160
#define MAX_SOURCES 4096
#define MAX_RULE_PATHS 64

enum opt_id {
    OPT_REDIS = 0,
    OPT_SITE,
    OPT_FORMAT,
    OPT_HOME_NET,
    OPT_TZ,
    OPT_YEAR,
    OPT_PREFIX_MAP,
    OPT_FOLLOW,
    OPT_NO_REDIS,
    OPT_CLASSIFY,
    OPT_STATS,
    OPT_FLUSH_MS,
    OPT_CONFIG,
    OPT_CHECK_CONFIG,
    OPT_INSTANCE,
    OPT_PASSWORD_FILE,
    OPT_USER,
    OPT_RCVBUF,
    OPT_TCP_MAX,
    OPT_TCP_PER_ADDR,
    OPT_PCAP_FILTER,
    OPT_SCAN_MS,
    OPT_TOP_SOURCES,
    OPT_REDIS_WAIT,
    OPT_GIVE_UP,
    OPT_RULES,
    OPT_THREADS,
    OPT_BATCH_LINES,
    OPT_HELP,
    OPT_VERSION,
    OPT_COUNT
};

struct tt_par;   /* parallel.h */
struct settling; /* source_file.c: a new compressed file waiting to be complete */

/* Settings a config file's "source = SOURCE tz=ZONE format=NAME site=NAME
 * year=YYYY" gives that one source; NULL / 0: the global option. */
struct source_opt {
    const char *tz;     /* tz= */
    const char *format; /* format= */
    const char *site;   /* site= */
    int year;           /* year= */
};

/* The configuration: what the options, the config file and the SOURCE
 * words say, filled by settings.c from its option table (collector_options:
 * offsetof() into this struct) and not changed by the run, except that a
 * process of one site keeps only that site's sources. */
struct collector_conf {
    const char *redis_url;                           /* --redis */
    const char *site;                                /* --site (this process's, after a split) */
    const char *format;                              /* --format */
    const char *home_net_text;                       /* --home-net */
    const char *tz_name;                             /* --tz, NULL = system */
    int year;                                        /* --year, 0 = infer */
    const char *prefix_map;                          /* --prefix-map */
    int top_v4, top_v6;                              /* --top-sources prefix lengths, 0 = off */
    int follow, no_redis, classify, stats, help, version, check_config; /* flags */
    long flush_ms;                                   /* --flush-interval */
    long scan_ms;                                    /* --scan-interval */
    const char *config;                              /* --config */
    const char *instance;                            /* --instance */
    int redis_wait;                                  /* --redis-wait: replicas per commit, 0 none */
    const char *password_file;                       /* --redis-password-file */
    const char *user;                                /* --user */
    struct tt_net_options net_opt;                   /* --udp-rcvbuf, --tcp-max-connections, --pcap-filter */
    long give_up_s;                                  /* --redis-give-up: reading once, seconds */
    int threads;                                     /* --threads: per file, 0 = one per core */
    int batch_lines;                                 /* --batch-lines: lines per hand-over */
    const char *rule_paths[MAX_RULE_PATHS];          /* --rules FILE|DIR, in order */
    size_t n_rule_paths;                             /* ... count */
    char *sources[MAX_SOURCES];                      /* SOURCE words (command line, then config) */
    struct source_opt src_opt[MAX_SOURCES];          /* ... their own settings (config file only) */
    size_t n_sources;                                /* ... count */
    size_t n_cli_sources;                            /* sources[] before this index came from argv */
    const char *base_site;                           /* --site, before a split gave this process its site */
};

/* What the run counts about itself: --stats, the health hash, the exit
 * status (report.c prints it). */
struct collector_stats {
    uint64_t lines, bytes, by_arrival, skipped_lines;/* lines read, their bytes, timed by arrival, skipped on resume */
    uint64_t by_previous;                            /* untimed lines timed by the line before them */
    uint64_t parallel_lines;                         /* file lines classified in batches, off the counting order (--threads) */
    uint64_t dropped;                                /* messages lost before parsing */
    uint64_t gaps;                                   /* possible gaps (copytruncate) */
    uint64_t sources_not_kept;                       /* attack sources not kept (memory bound) */
    uint64_t sources_ok, sources_failed, sources_damaged; /* source outcomes */
    char samples[TT_REASON_COUNT][SAMPLES_PER_REASON][SAMPLE_BYTES]; /* first unparsed lines */
    size_t sample_len[TT_REASON_COUNT][SAMPLES_PER_REASON];          /* their lengths */
    int n_samples[TT_REASON_COUNT];                  /* how many kept per reason */
};

/* The run: its state, with its configuration and its statistics as structs
 * of their own; one instance, static in main. */
struct collector {
    struct collector_conf conf;                      /* what was asked (settings.c) */
    struct collector_stats stat;                     /* what was counted about the run */
    int seen_opt[OPT_COUNT];                         /* settings.c: given on the command line (wins over the file) */
    int from_file;                                   /* settings.c: options now come from the config file */

    char *file_sources[MAX_SOURCES];                 /* the files and globs among the sources */
    size_t n_file_sources;                           /* ... count */
    uint8_t file_from_config[MAX_SOURCES];           /* ... 1 = from the config file (SIGHUP reloads it) */
    const struct tt_pipeline_config *file_cfg[MAX_SOURCES]; /* ... their settings (&cfg or their own) */
    size_t next_file;                                /* reading once: next file source to open */
    int opening_from_config;                         /* the source being opened came from the config file */
    const volatile sig_atomic_t *stop;               /* set by SIGTERM/SIGINT (main.c) */

    struct tt_zone *zone;                            /* loaded --tz */
    struct tt_cidr_set home_net;                     /* parsed --home-net */
    struct tt_prefix_rule rules[TT_PREFIX_RULES_MAX];/* parsed --prefix-map */
    struct tt_rules *site_rules;                     /* loaded --rules, NULL none (also in cfg.rules) */
    struct tt_pipeline_config cfg;                   /* shared by all streams */
    struct tt_tally tally_files;                     /* file counts since the last commit */
    struct tt_tally tally_net;                       /* live-source counts since the last commit */
    struct tt_tally tally_pending;                   /* live counts of failed flushes, outcome unknown */
    struct tt_out_redis *out;                        /* NULL with --no-redis/--classify */
    struct tt_net *net;                              /* live sources, NULL when none */
    struct tt_buf out_buf;                           /* --classify output */
    struct tt_distinct distinct;                     /* --no-redis: distinct attack sources */

    struct tt_tail **tails;                          /* file sources, open or remembered */
    struct tt_par *par;                              /* helper threads classifying file lines, NULL none yet */
    int par_failed;                                  /* they could not be started: read alone */
    struct settling *settling;                       /* new compressed files waiting to be complete */
    size_t n_settling, cap_settling;                 /* ... count and capacity */
    size_t n_tails, cap_tails;                       /* ... count and capacity */
    struct tt_position *done;                        /* final positions of truncated contents */
    size_t n_done, cap_done;                         /* ... count and capacity */

    int redis_down;                                  /* the last flush or connect failed */
    long backoff_ms;                                 /* current reconnect back-off */
    struct timespec next_retry;                      /* monotonic: next reconnect attempt */
    struct timespec down_since;                      /* monotonic: when Redis became unreachable */
    struct timespec last_flush;                      /* monotonic time of the last flush */
    struct timespec last_scan;                       /* monotonic time of the last follow check */
    int64_t started_s;                               /* wall clock at start */
    int64_t newest_s;                                /* newest event time counted, INT64_MIN none */
};

/* settings.c */
extern const struct tt_option collector_options[OPT_COUNT];
/* One line on stderr, exit 2. */
void settings_usage_error(const char *msg) __attribute__((noreturn));
int settings_on_option(int idx, const char *arg, void *ud, char *err, size_t errlen);
int settings_on_config(const char *key, const char *val, void *ud, char *err, size_t errlen);
/* SIGHUP: the file sources of --config are read again. */
void settings_reload(struct collector *c);
/* The pipeline settings of a source: &c->cfg, or a copy with the source's
 * own tz/format/year (kept for the run). NULL and a message when one of
 * them is wrong. */
const struct tt_pipeline_config *settings_source_cfg(struct collector *c, const struct source_opt *o, char *err,
                                                     size_t errlen);
/* Sources of more than one site (a "site=" of their own): one collector
 * process per site. Returns 0 in the process that goes on (c narrowed to
 * one site's sources); 1 in the parent when all children ended, with the
 * exit status for main in *out_rc. */
int settings_split_sites(struct collector *c, int *out_rc);
void settings_help(void);
/* Defaults, the command line, the config file, their checks: c is ready to
 * open its sources. Returns 1 when main is to exit with *out_rc (--help,
 * --version, the parent of one process per site); a usage error exits 2. */
int settings_load(struct collector *c, int argc, char **argv, int *out_rc);
/* --rules: loads c->conf.rule_paths into c->site_rules (and c->cfg.rules); at start a
 * bad rule is a usage error, on SIGHUP (reload = 1) the old rules stay. */
int settings_load_rules(struct collector *c, int reload);
/* --redis-password-file: into $THREATTALLY_REDIS_PASSWORD for the URL parser. */
void settings_password_file(const char *path);

/* commit.c: counts and positions into Redis, outages, one-shot completion */
double commit_seconds_since(const struct timespec *t0);
struct tt_position *commit_push_position(struct collector *c);
void commit_tail_position(struct tt_tail *t, struct tt_position *p);
/* Redis is unreachable: a flush failed (flush_failed) or a reconnect or a
 * position read did. */
void commit_redis_down(struct collector *c, int flush_failed);
/* One transaction: counts of files and live sources, positions, health;
 * returns once Redis answered (after the one in flight, if any). */
int commit_flush(struct collector *c);
/* The same, asynchronous: handed to a writer thread, answered later
 * (commit.c); while the previous one is still in flight it waits for it
 * only when the tallies are full. */
int commit_flush_start(struct collector *c);
/* tt_out_redis_fatal(), once the flush in flight (if any) is applied:
 * wait 1 waits for it, wait 0 applies it only if it is done. */
int commit_fatal(struct collector *c, int wait);
/* Seeks t to the position Redis holds for its content. */
int commit_resume_tail(struct collector *c, struct tt_tail *t);
void commit_try_reconnect(struct collector *c);
int commit_flush_due(struct collector *c);
int commit_final_flush(struct collector *c);
size_t commit_report_uncommitted(const struct collector *c);
int commit_oneshot_done(struct collector *c);
int commit_oneshot_give_up(const struct collector *c);

/* report.c */
/* Adds one classified line to tally t (and the --no-redis distinct set). */
void report_count_line(struct collector *c, struct tt_tally *t, const struct tt_line_result *res, const char *line,
                       size_t len);
/* --classify: one JSON object per line into c->out_buf. */
void report_classify_line(struct collector *c, uint64_t n, const struct tt_line_result *res, const char *line,
                          size_t len);
/* --no-redis: the figures, on stdout. */
void report_summary(const struct collector *c);
/* --stats: ingest statistics, on stderr. */
void report_stats(const struct collector *c, double secs);

#endif
