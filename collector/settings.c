/* SPDX-License-Identifier: MIT
 *
 * settings.c -- the collector's options: the table that drives getopt,
 * --help and the config file (every long option is also a config key), the
 * config file reader's callbacks, SIGHUP's reload of file sources, and the
 * password file. Split from main.c, which keeps the loop.
 */
#include "collector/collector.h"
#include "collector/daemon.h"
#include "collector/verdict.h" /* --prefix-map */
#include "collector/source.h"
#include "common/mem.h"
#include "common/redis_url.h"
#include "common/schema.h"

#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int check_instance(const char *arg, char *err, size_t errlen)
{
    if (tt_site_valid(arg))
        return TT_OK;
    snprintf(err, errlen, "--instance must be 1-64 characters of A-Z a-z 0-9 . _ -");
    return TT_ERR;
}

/* The options as data: each entry's name is its long option and its config
 * file key (except where conf_key is left out: command line only), its def
 * the value it starts with (the only place a default is written), its
 * store and offset where the value goes. Entries without a store kind are
 * handled in settings_on_option. The man page is checked against this table
 * (tests/unit/test_collector_options.c). */
#define VAL(n, s, mv, h) .name = n, .short_name = s, .type = TT_OPT_VALUE, .metavar = mv, .help = h, .conf_key = n
#define FLAG(n, s, h) .name = n, .short_name = s, .type = TT_OPT_FLAG, .help = h
#define AT(kind, field) .store = TT_STORE_##kind, .offset = offsetof(struct collector_conf, field)
#define HOME_NETS "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,127.0.0.0/8,fc00::/7,::1/128"

const struct tt_option collector_options[OPT_COUNT] = {
    [OPT_REDIS] = {VAL("redis", 0, "URL",
                       "Redis: redis://[user@]host[:port][,host:port...][/db] (standalone or Cluster seeds), "
                       "redis-sentinel://[user@]host:port[,host:port...]/MASTER[/db] or unix:///path "
                       "(password: $THREATTALLY_REDIS_PASSWORD or --redis-password-file, never in the URL)"),
                   AT(STRING, redis_url), .def = "redis://127.0.0.1:6379"},
    [OPT_SITE] = {VAL("site", 0, "NAME", "site these logs belong to ([A-Za-z0-9._-], up to 64)"), AT(STRING, site),
                  .def = "default"},
    [OPT_FORMAT] = {VAL("format", 'f', "NAME", "input format, or auto to recognise each line"), AT(STRING, format),
                    .def = "auto"},
    [OPT_HOME_NET] = {VAL("home-net", 0, "CIDR,...", "our own networks"), AT(STRING, home_net_text),
                      .def = HOME_NETS},
    [OPT_TZ] = {VAL("tz", 0, "ZONE", "zone of timestamps that carry no offset"), AT(STRING, tz_name),
                .def_text = "system zone"},
    [OPT_YEAR] = {VAL("year", 0, "YYYY", "year of the first timestamp without one, per source"), AT(INT, year),
                  .lo = 1970, .hi = 9999, .def_text = "inferred"},
    [OPT_PREFIX_MAP] = {VAL("prefix-map", 0, "TEXT:VERDICT,...",
                            "netfilter log prefixes of this site, e.g. 'FW-IN:blocked,OK:allowed'"),
                        AT(STRING, prefix_map)},
    [OPT_FOLLOW] = {FLAG("follow", 'F', "keep tailing files (and globs) across rotation"), AT(FLAG, follow),
                    .conf_key = "follow"},
    [OPT_NO_REDIS] = {FLAG("no-redis", 0, "count in memory and print the figures at exit"), AT(FLAG, no_redis),
                      .conf_key = "no-redis"},
    [OPT_CLASSIFY] = {FLAG("classify", 0, "print one JSON object per line; count nothing"), AT(FLAG, classify),
                      .conf_key = "classify"},
    [OPT_STATS] = {FLAG("stats", 0, "print ingest statistics at exit (stderr)"), AT(FLAG, stats),
                   .conf_key = "stats"},
    [OPT_FLUSH_MS] = {VAL("flush-interval", 0, "MS", "milliseconds between flushes to Redis"), AT(LONG, flush_ms),
                      .lo = 10, .hi = 3600000, .unit = "milliseconds", .def = "1000"},
    [OPT_CONFIG] = {VAL("config", 'c', "FILE",
                        "read options from an INI file (/etc/threattally/collector.conf); the command line wins")},
    [OPT_CHECK_CONFIG] = {FLAG("check-config", 0, "validate the options and config file, then exit"),
                          AT(FLAG, check_config)},
    [OPT_INSTANCE] = {VAL("instance", 0, "NAME", "name of this collector's health record"), AT(STRING, instance),
                      .check = check_instance, .def_text = "host name and a hash of the sources"},
    [OPT_PASSWORD_FILE] = {VAL("redis-password-file", 0, "FILE", "read the Redis password from FILE (first line)"),
                           AT(STRING, password_file)},
    [OPT_USER] = {VAL("user", 'u', "NAME", "after binding sockets and opening captures, run as NAME"),
                  AT(STRING, user)},
    [OPT_RCVBUF] = {VAL("udp-rcvbuf", 0, "BYTES", "receive buffer of UDP and unix sockets"),
                    AT(INT, net_opt.udp_rcvbuf_bytes), .lo = 4096, .hi = 1L << 30, .unit = "bytes",
                    .def_text = "system default"},
    [OPT_TCP_MAX] = {VAL("tcp-max-connections", 0, "N",
                         "syslog TCP connections kept at once (at the limit the slowest is closed for a new one)"),
                     AT(INT, net_opt.tcp_max_conns), .lo = 1, .hi = 65536, .def = "1024"},
    [OPT_TCP_PER_ADDR] = {VAL("tcp-max-per-address", 0, "N", "syslog TCP connections kept at once from one address"),
                          AT(INT, net_opt.tcp_max_per_addr), .lo = 1, .hi = 65536,
                          .def_text = "max(8, tcp-max-connections/4)"},
    [OPT_PCAP_FILTER] = {VAL("pcap-filter", 0, "BPF", "capture filter for pcap: and iface: sources"),
                         AT(STRING, net_opt.pcap_filter), .def_text = "udp or tcp, syslog's ports"},
    [OPT_SCAN_MS] = {VAL("scan-interval", 0, "MS", "following: how often files are checked and globs rescanned"),
                     AT(LONG, scan_ms), .lo = 10, .hi = 3600000, .unit = "milliseconds", .def = "1000"},
    [OPT_TOP_SOURCES] = {VAL("top-sources", 0, "V4,V6",
                             "also count blocked attacks per source network, addresses cut to /V4 and /V6 "
                             "(24,48 recommended), for 'report --top-sources'")},
    [OPT_REDIS_WAIT] = {VAL("redis-wait", 0, "N",
                            "a commit counts as done only once N replicas acknowledged it (WAIT, 2 s); until "
                            "then live-source counts stay in memory"),
                        AT(INT, redis_wait), .lo = 0, .hi = 100, .unit = "replicas", .def = "0"},
    [OPT_GIVE_UP] = {VAL("redis-give-up", 0, "SECONDS",
                         "reading once: how long an unreachable Redis is retried before the run stops, says "
                         "what is not committed and exits 1"),
                     AT(LONG, give_up_s), .lo = 0, .hi = 86400, .unit = "seconds", .def = "60"},
    [OPT_RULES] = {VAL("rules", 0, "FILE|DIR",
                       "site rules (INI [rule NAME] sections; a directory: its *.conf in name order); repeatable")},
    [OPT_THREADS] = {VAL("threads", 0, "N",
                         "threads classifying the lines of a file, the reading thread included (0: one per core, "
                         "at most 8); lines are still counted in order, and a stream with correlated lines "
                         "(Postfix, ASA...) in one thread"),
                     AT(INT, threads), .lo = 0, .hi = 16, .unit = "threads", .def = "0"},
    [OPT_BATCH_LINES] = {VAL("batch-lines", 0, "N", "lines of a file handed to another thread at a time (--threads)"),
                         AT(INT, batch_lines), .lo = 1, .hi = 65536, .unit = "lines", .def = "4096"},
    [OPT_HELP] = {FLAG("help", 'h', "show this help and exit"), AT(FLAG, help)},
    [OPT_VERSION] = {FLAG("version", 'V', "show the version and exit"), AT(FLAG, version)},
};

void settings_usage_error(const char *msg)
{
    fprintf(stderr, PROG ": %s\n", msg);
    exit(2);
}

static int parse_long(const char *arg, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < lo || v > hi)
        return TT_ERR;
    *out = v;
    return TT_OK;
}

int settings_on_option(int idx, const char *arg, void *ud, char *err, size_t errlen)
{
    struct collector *c = ud;
    if (c->from_file) {
        if (c->seen_opt[idx])
            return TT_OK; /* the command line wins */
        /* Options keep pointers to their argument (argv lives as long as
         * the process); a config value lives only during the call, so one
         * that is kept is copied, and the copy kept for the run. */
        if (arg && collector_options[idx].store == TT_STORE_STRING) {
            char *copy = tt_strdup(arg);
            int rc = tt_options_store(&collector_options[idx], copy, &c->conf, err, errlen);
            if (rc != TT_OK)
                free(copy);
            return rc;
        }
        if (arg && idx == OPT_RULES)
            arg = tt_strdup(arg);
    } else {
        c->seen_opt[idx] = 1;
    }
    if (collector_options[idx].store != TT_STORE_NONE)
        return tt_options_store(&collector_options[idx], arg, &c->conf, err, errlen);
    switch ((enum opt_id)idx) {
    case OPT_CONFIG:
        if (c->from_file) {
            snprintf(err, errlen, "'config' cannot be set inside a config file");
            return TT_ERR;
        }
        c->conf.config = arg;
        return TT_OK;
    case OPT_TOP_SOURCES: {
        int v4 = 0, v6 = 0, end = 0;
        if (sscanf(arg, "%d,%d%n", &v4, &v6, &end) != 2 || arg[end] || v4 < 8 || v4 > 32 || v6 < 16 || v6 > 128) {
            snprintf(err, errlen, "--top-sources must be two prefix lengths V4,V6 (IPv4 8..32, IPv6 16..128), "
                                  "e.g. 24,48");
            return TT_ERR;
        }
        c->conf.top_v4 = v4;
        c->conf.top_v6 = v6;
        return TT_OK;
    }
    case OPT_RULES:
        if (c->conf.n_rule_paths >= MAX_RULE_PATHS) {
            snprintf(err, errlen, "--rules: at most %d files or directories", MAX_RULE_PATHS);
            return TT_ERR;
        }
        c->conf.rule_paths[c->conf.n_rule_paths++] = arg;
        return TT_OK;
    default:
        return TT_ERR;
    }
}

/* "SOURCE tz=ZONE format=NAME site=NAME year=YYYY": a source of the config
 * file with settings of its own (any of them, in any order, after the
 * source). A word that is none of these stays part of the source, so a
 * path with blanks still works. Returns the source, a copy kept for the run,
 * or NULL with a message. */
static char *split_source(const char *val, struct source_opt *o, char *err, size_t errlen)
{
    static const char *const keys[] = {"tz=", "format=", "site=", "year="};
    memset(o, 0, sizeof(*o));
    size_t n = strlen(val), end = n;
    /* the settings are the words after the source: find where they start */
    for (size_t i = 0; i < n; i++) {
        if (val[i] != ' ' || i + 1 >= n)
            continue;
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
            if (strncmp(val + i + 1, keys[k], strlen(keys[k])) == 0) {
                end = i;
                break;
            }
        if (end != n)
            break;
    }
    while (end > 0 && val[end - 1] == ' ')
        end--;
    char *spec = tt_strndup(val, end);
    const char *p = val + end;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        char *word = tt_strndup(w, (size_t)(p - w));
        char *eq = strchr(word, '=');
        const char *v = eq ? eq + 1 : "";
        if (eq)
            *eq = '\0';
        long y;
        if (!eq || !*v) {
            snprintf(err, errlen, "source '%s': '%s' is not a setting (tz=, format=, site=, year=)", spec, w);
        } else if (!strcmp(word, "tz")) {
            o->tz = tt_strdup(v);
        } else if (!strcmp(word, "format")) {
            o->format = tt_strdup(v);
        } else if (!strcmp(word, "site")) {
            if (tt_site_valid(v)) {
                o->site = tt_strdup(v);
            } else {
                snprintf(err, errlen, "source '%s': site= must be 1-64 characters of A-Z a-z 0-9 . _ -", spec);
                eq = NULL;
            }
        } else if (!strcmp(word, "year") && parse_long(v, 1970, 9999, &y) == TT_OK) {
            o->year = (int)y;
        } else {
            snprintf(err, errlen, "source '%s': unknown or bad setting '%.*s'", spec, (int)(p - w), w);
            eq = NULL;
        }
        int bad = !eq || !*v;
        free(word);
        if (bad) {
            free(spec);
            return NULL;
        }
    }
    return spec;
}

const struct tt_pipeline_config *settings_source_cfg(struct collector *c, const struct source_opt *o, char *err,
                                                     size_t errlen)
{
    if (!o->tz && !o->format && !o->year)
        return &c->cfg;
    struct tt_pipeline_config *cfg = tt_malloc(sizeof(*cfg)); /* kept for the run */
    *cfg = c->cfg;
    if (o->tz) {
        char zerr[256];
        struct tt_zone *z = tt_zone_create(o->tz, zerr, sizeof(zerr)); /* kept for the run */
        if (!z) {
            snprintf(err, errlen, "tz=%s: %s", o->tz, zerr);
            free(cfg);
            return NULL;
        }
        cfg->zone = z;
    }
    if (o->year)
        cfg->year = o->year;
    if (o->format) {
        cfg->format = strcmp(o->format, "auto") == 0 ? -1 : tt_registry_find_parser(o->format);
        if (cfg->format < 0 && strcmp(o->format, "auto") != 0) {
            snprintf(err, errlen, "format=%s: unknown format (see --help)", o->format);
            free(cfg);
            return NULL;
        }
    }
    return cfg;
}

/* ---- one process per site --------------------------------------------- */

static pid_t split_children[64];
static size_t split_n;

static void split_forward(int sig)
{
    for (size_t i = 0; i < split_n; i++)
        if (split_children[i] > 0)
            kill(split_children[i], sig);
}

static const char *source_site(const struct collector *c, size_t i)
{
    return c->conf.src_opt[i].site ? c->conf.src_opt[i].site : c->conf.base_site;
}

/* Keeps only the sources of site; those of the config file that go are freed. */
static void narrow_to_site(struct collector *c, const char *site)
{
    size_t w = 0, cli = 0;
    for (size_t i = 0; i < c->conf.n_sources; i++) {
        if (strcmp(source_site(c, i), site) != 0) {
            if (i >= c->conf.n_cli_sources)
                free(c->conf.sources[i]); /* a config file's copy (split_source) */
            continue;
        }
        if (i < c->conf.n_cli_sources)
            cli++;
        c->conf.sources[w] = c->conf.sources[i];
        c->conf.src_opt[w++] = c->conf.src_opt[i];
    }
    c->conf.n_sources = w;
    c->conf.n_cli_sources = cli;
    c->conf.site = site;
}

int settings_split_sites(struct collector *c, int *out_rc)
{
    const char *sites[64];
    size_t ns = 0;
    c->conf.base_site = c->conf.site;
    for (size_t i = 0; i < c->conf.n_sources; i++) {
        const char *s = source_site(c, i);
        size_t k = 0;
        while (k < ns && strcmp(sites[k], s) != 0)
            k++;
        if (k == ns) {
            if (ns == sizeof(sites) / sizeof(sites[0]))
                settings_usage_error("sources of more than 64 sites in one collector");
            sites[ns++] = s;
        }
    }
    if (ns <= 1) {
        if (ns == 1)
            c->conf.site = sites[0];
        return 0;
    }
    /* Each site's counts, positions and health live under its own keys
     * and lease: a process of its own per site keeps every promise of one
     * collector per site. Reading once without live sources, they run one
     * after the other (their --stats and figures do not interleave);
     * otherwise side by side, signals passed on to all. */
    int live = c->conf.follow;
    for (size_t i = 0; i < c->conf.n_sources; i++)
        live |= tt_source_find(c->conf.sources[i])->live;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = split_forward;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    int rc = 0;
    fflush(stdout);
    fflush(stderr);
    for (size_t k = 0; k < ns; k++) {
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, PROG ": cannot start the collector of site %s: %s\n", sites[k], strerror(errno));
            rc = 1;
            break;
        }
        if (pid == 0) {
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            signal(SIGHUP, SIG_DFL);
            split_n = 0;
            narrow_to_site(c, sites[k]);
            if (c->conf.no_redis && !c->conf.classify)
                printf("site %s\n", sites[k]);
            return 0;
        }
        split_children[split_n++] = pid;
        if (!live) {
            int st;
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
                ;
            int crc = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
            rc = crc > rc ? crc : rc;
        }
    }
    if (live) {
        for (size_t k = 0; k < split_n; k++) {
            int st;
            while (waitpid(split_children[k], &st, 0) < 0 && errno == EINTR)
                ;
            int crc = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
            rc = crc > rc ? crc : rc;
        }
    }
    *out_rc = rc;
    return 1;
}

/* A config file line: "key = value" where key is a long option name, or
 * "source = SOURCE" (repeatable), or "redis-password = SECRET" (only here,
 * never on the command line). */
/* SIGHUP: the file sources of the config file are read again (live
 * sockets and other settings need a restart: ports may be privileged). */
struct reload {
    char *files[MAX_SOURCES];            /* file sources found */
    struct source_opt opt[MAX_SOURCES];  /* ... their own settings */
    size_t n;                            /* ... count */
};

static int on_reload(const char *key, const char *val, void *ud, char *err, size_t errlen)
{
    struct reload *r = ud;
    if (strcmp(key, "source") != 0 || tt_source_find(val)->live)
        return TT_OK;
    if (r->n >= MAX_SOURCES) {
        snprintf(err, errlen, "too many sources");
        return TT_ERR;
    }
    char *spec = split_source(val, &r->opt[r->n], err, errlen);
    if (!spec)
        return TT_ERR;
    r->files[r->n++] = spec;
    return TT_OK;
}

void settings_reload(struct collector *c)
{
    static struct reload r;
    char err[512];
    r.n = 0;
    if (tt_conf_read(c->conf.config, on_reload, &r, err, sizeof(err)) != TT_OK) {
        fprintf(stderr, PROG ": reload: %s; keeping the current sources\n", err);
        for (size_t i = 0; i < r.n; i++)
            free(r.files[i]);
        return;
    }
    /* Sources from the command line stay; those of the file are replaced. */
    size_t w = 0;
    for (size_t i = 0; i < c->n_file_sources; i++)
        if (!c->file_from_config[i]) {
            c->file_cfg[w] = c->file_cfg[i];
            c->file_sources[w++] = c->file_sources[i];
        }
    for (size_t i = 0; i < w; i++)
        c->file_from_config[i] = 0;
    for (size_t i = 0; i < r.n && w < MAX_SOURCES; i++) {
        /* a process reads one site's sources; another site's are its own */
        if (strcmp(r.opt[i].site ? r.opt[i].site : c->conf.base_site, c->conf.site) != 0)
            continue;
        const struct tt_pipeline_config *cfg = settings_source_cfg(c, &r.opt[i], err, sizeof(err));
        if (!cfg) {
            fprintf(stderr, PROG ": reload: source '%s': %s; not read\n", r.files[i], err);
            continue;
        }
        c->file_cfg[w] = cfg;
        c->file_sources[w] = r.files[i]; /* kept for the run (earlier lists are not freed: tiny) */
        c->file_from_config[w++] = 1;
    }
    c->n_file_sources = w;
    fprintf(stderr, PROG ": reloaded %s: %zu file source(s)\n", c->conf.config, w);
}

int settings_on_config(const char *key, const char *val, void *ud, char *err, size_t errlen)
{
    struct collector *c = ud;
    if (strcmp(key, "source") == 0) {
        if (c->conf.n_sources >= MAX_SOURCES) {
            snprintf(err, errlen, "too many sources");
            return TT_ERR;
        }
        char *spec = split_source(val, &c->conf.src_opt[c->conf.n_sources], err, errlen);
        if (!spec)
            return TT_ERR;
        c->conf.sources[c->conf.n_sources++] = spec;
        return TT_OK;
    }
    if (strcmp(key, "redis-password") == 0) {
        setenv("THREATTALLY_REDIS_PASSWORD", val, 1);
        return TT_OK;
    }
    static const char *const extra[] = {"source", "redis-password"};
    return tt_options_conf(collector_options, OPT_COUNT, key, val, settings_on_option, c, extra, TT_ARRAY_LEN(extra),
                           err, errlen);
}

int settings_load_rules(struct collector *c, int reload)
{
    char err[1024];
    if (c->conf.n_rule_paths == 0)
        return TT_OK;
    struct tt_rules *r = tt_rules_load(c->conf.rule_paths, c->conf.n_rule_paths, err, sizeof(err));
    if (!r) {
        if (!reload)
            settings_usage_error(err);
        fprintf(stderr, PROG ": reload: %s; keeping the current %zu rule(s)\n", err, tt_rules_count(c->site_rules));
        return TT_ERR;
    }
    tt_rules_carry_hits(r, c->site_rules);
    tt_rules_destroy(c->site_rules);
    c->site_rules = r;
    c->cfg.rules = r;
    if (reload)
        fprintf(stderr, PROG ": reloaded %zu rule(s) (%zu override)\n", tt_rules_count(r), tt_rules_override_count(r));
    return TT_OK;
}

void settings_help(void)
{
    printf("Usage: " PROG " [OPTIONS] SOURCE...\n"
           "Reads mail-gateway and firewall logs, classifies every line and counts blocked emails,\n"
           "attacks and deliveries per minute into Redis (exactly once per line for files).\n\n"
           "SOURCE is one of:\n");
    tt_sources_help(stdout);
    printf("\nOptions:\n");
    tt_options_help(collector_options, OPT_COUNT, stdout);
    printf("\nFormats:");
    for (size_t i = 0; i < tt_registry_parser_count(); i++)
        printf(" %s", tt_registry_parser(i)->name);
    printf("\n\nExamples:\n"
           "  " PROG " --site council-a --tz Europe/London --redis unix:///run/redis/redis.sock /var/log/mail.log*\n"
           "  " PROG " --follow --site fw1 '/var/log/kern.log*' udp://0.0.0.0:514 tcp://0.0.0.0:601\n"
           "  " PROG " --config /etc/threattally/collector.conf --check-config\n"
           "  " PROG " --no-redis --stats --year 2018 mail.log.zst\n"
           "\nSignals: SIGTERM/SIGINT final flush and exit; SIGHUP rescan globs, reopen files, reload --rules.\n"
           "Exit status: 0 success, 1 runtime error (unreadable source, Redis unreachable), 2 usage error.\n");
}

void settings_password_file(const char *path)
{
    char msg[600];
    if (tt_redis_password_file(path, msg, sizeof(msg)) != TT_OK)
        settings_usage_error(msg);
}

/* A usage error with the option's name in front of a message. */
static void usage_error_of(const char *opt, const char *err)
{
    char msg[700];
    snprintf(msg, sizeof(msg), "%s: %s", opt, err);
    settings_usage_error(msg);
}

/* --format: a parser's name, or auto. */
static int find_format(const char *format)
{
    if (strcmp(format, "auto") == 0)
        return -1;
    int idx = tt_registry_find_parser(format);
    if (idx >= 0)
        return idx;
    const char *names[TT_PARSERS_MAX];
    size_t n = tt_registry_parser_count();
    for (size_t i = 0; i < n; i++)
        names[i] = tt_registry_parser(i)->name;
    const char *s = tt_suggest(format, names, n);
    char err[512];
    snprintf(err, sizeof(err), "unknown --format '%s'%s%s%s", format, s ? " (did you mean '" : " (see --help)",
             s ? s : "", s ? "'?)" : "");
    settings_usage_error(err);
}

/* The options, checked, into the pipeline settings every stream shares. */
static void settings_apply(struct collector *c)
{
    char err[512];
    if (c->conf.n_sources == 0)
        settings_usage_error("no SOURCE given (a file, -, udp://, tcp://, unix:, pcap: or iface:; see --help)");
    if (!tt_site_valid(c->conf.site))
        settings_usage_error("--site must be 1-64 characters of A-Z a-z 0-9 . _ - (and not 'all')");
    if (c->conf.password_file)
        settings_password_file(c->conf.password_file);
    c->cfg.format = find_format(c->conf.format);
    if (tt_cidr_set_parse(&c->home_net, c->conf.home_net_text, err, sizeof(err)) != TT_OK)
        usage_error_of("--home-net", err);
    size_t nrules = 0;
    if (c->conf.prefix_map &&
        tt_prefix_rules_parse(c->conf.prefix_map, c->rules, TT_PREFIX_RULES_MAX, &nrules, err, sizeof(err)) != TT_OK)
        usage_error_of("--prefix-map", err);
    c->zone = tt_zone_create(c->conf.tz_name, err, sizeof(err));
    if (!c->zone)
        usage_error_of("--tz", err);
    c->cfg.zone = c->zone;
    c->cfg.year = c->conf.year;
    c->cfg.now_s = (int64_t)time(NULL);
    c->cfg.ctx.home_net = &c->home_net;
    c->cfg.ctx.prefix_rules = c->rules;
    c->cfg.ctx.n_prefix_rules = nrules;
    if (c->conf.user && tt_check_user(c->conf.user, err, sizeof(err)) != TT_OK)
        settings_usage_error(err);
    settings_load_rules(c, 0); /* a bad rule: file, line and column, exit 2 */
}

int settings_load(struct collector *c, int argc, char **argv, int *out_rc)
{
    char err[512];
    if (tt_options_defaults(collector_options, OPT_COUNT, &c->conf, err, sizeof(err)) != TT_OK)
        settings_usage_error(err); /* a table entry is wrong: tests/unit/test_collector_options.c */
    if (tt_options_parse(collector_options, OPT_COUNT, argc, argv, settings_on_option, c, c->conf.sources, MAX_SOURCES,
                         &c->conf.n_sources, err, sizeof(err)) != TT_OK)
        settings_usage_error(err);
    *out_rc = 0;
    if (c->conf.help) {
        settings_help();
        return 1;
    }
    if (c->conf.version) {
        printf(PROG " " TT_VERSION "\n");
        return 1;
    }
    c->conf.n_cli_sources = c->conf.n_sources;
    if (c->conf.config) {
        c->from_file = 1;
        if (tt_conf_read(c->conf.config, settings_on_config, c, err, sizeof(err)) != TT_OK)
            settings_usage_error(err);
        c->from_file = 0;
    }
    settings_apply(c);
    /* Sources of other sites (a "site=" of their own in the config file)
     * are read by a collector process per site. */
    return settings_split_sites(c, out_rc);
}
