/* SPDX-License-Identifier: MIT
 *
 * main.c -- threattally-aggregator: reads the counters the collector wrote
 * to Redis and answers `query` (one figure) and `report` (the panel report
 * of docs/COUNTING.md#reports). The flow is flat:
 *
 *   options (one table drives getopt_long, validation and --help)
 *     -> report zone -> window (common/window.c) -> store (store_redis.c)
 *     -> query: plan + sums -> one number or one JSON object
 *     -> report: figures model (figures.c) -> renderer (render_*.c) -> stdout or -o FILE
 *
 * Exit status: 0 ok, 1 runtime error (Redis, files), 2 usage error. Every
 * error is one line on stderr.
 */
#include "aggregator/figures.h"
#include "aggregator/purge.h"
#include "aggregator/query.h"
#include "aggregator/render.h"
#include "aggregator/serve.h"
#include "aggregator/store.h"
#include "common/event.h"
#include "common/mem.h"
#include "common/options.h"
#include "common/redis_url.h"
#include "common/schema.h"
#include "common/calendar.h"
#include "common/zone.h"
#include "common/tt.h"
#include "common/window.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG "threattally-aggregator"
#define EXIT_USAGE 2
#define DEFAULT_REDIS "redis://127.0.0.1:6379"
#define DEFAULT_QUERY_LAST "24h"
#define DEFAULT_REPORT_LAST "7d"

/* Renderers known to `report --format`. One line per format. */
static const struct render_ops *const renderers[] = {
    &render_text_ops,
    &render_markdown_ops,
    &render_html_ops,
    &render_json_ops,
    &render_csv_ops,
    &render_email_ops,
};

enum opt_id {
    OPT_REDIS = 0,
    OPT_SITE,
    OPT_TZ,
    OPT_MONTH,
    OPT_FROM,
    OPT_TO,
    OPT_LAST,
    OPT_AT,
    OPT_BY,
    OPT_JSON,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_ORG,
    OPT_BOM,
    OPT_TOP_SOURCES,
    OPT_LISTEN,
    OPT_USER,
    OPT_PASSWORD_FILE,
    OPT_BEFORE,
    OPT_WHAT,
    OPT_DRY_RUN,
    OPT_KEEP_DAYS,
    OPT_MAIL_TO,
    OPT_MAIL_FROM,
    OPT_CONFIG,
    OPT_HELP,
    OPT_VERSION,
    OPT_COUNT
};

#define O(n, s, t, mv, d, h) {.name = (n), .short_name = (s), .type = (t), .metavar = (mv), .def = (d), .help = (h)}

/* The option table (common/options.h): drives getopt_long, "did you mean"
 * and --help. Indexed by enum opt_id. */
static const struct tt_option opts[OPT_COUNT] = {
    [OPT_REDIS] = O("redis", 0, TT_OPT_VALUE, "URL", DEFAULT_REDIS,
                    "Redis: redis://[user@]host[:port][,host:port...][/db] (standalone or Cluster seeds), "
                    "redis-sentinel://[user@]host:port[,host:port...]/MASTER[/db] or unix:///path "
                    "(password: THREATTALLY_REDIS_PASSWORD or --redis-password-file, never in the URL)"),
    [OPT_SITE] = O("site", 0, TT_OPT_VALUE, "NAME", "all",
                   "one site, several (a,b,c: side by side and combined), or all sites"),
    [OPT_TZ] = O("tz", 0, TT_OPT_VALUE, "ZONE", "the system's local zone", "report time zone, e.g. Europe/London"),
    [OPT_MONTH] = O("month", 0, TT_OPT_VALUE, "YYYY-MM", NULL, "window: a calendar month in the report zone"),
    [OPT_FROM] = O("from", 0, TT_OPT_VALUE, "T", NULL, "window start, inclusive (ISO 8601; no offset = report zone)"),
    [OPT_TO] = O("to", 0, TT_OPT_VALUE, "T", "now", "window end, exclusive"),
    [OPT_LAST] = O("last", 0, TT_OPT_VALUE, "DURATION", DEFAULT_QUERY_LAST " for query, " DEFAULT_REPORT_LAST " for report",
                   "window: the DURATION (90m, 36h, 5d, 2w) ending at --at"),
    [OPT_AT] = O("at", 0, TT_OPT_VALUE, "T", "now", "end of a --last window"),
    [OPT_BY] = O("by", 0, TT_OPT_VALUE, "reason", NULL, "query: also break the figure down by reason"),
    [OPT_JSON] = O("json", 0, TT_OPT_FLAG, NULL, NULL, "query: one JSON object (report: same as --format json)"),
    [OPT_FORMAT] = O("format", 0, TT_OPT_VALUE, "FORMAT", "text", "report: text, markdown, html, json or csv"),
    [OPT_OUTPUT] = O("output", 'o', TT_OPT_VALUE, "FILE", "standard output", "write to FILE (replaced only once complete)"),
    [OPT_ORG] = O("org", 0, TT_OPT_VALUE, "NAME", "the council", "report: who is protected, for sentences"),
    [OPT_BOM] = O("bom", 0, TT_OPT_FLAG, NULL, NULL, "report --format csv: start with a UTF-8 byte order mark (Excel)"),
    [OPT_TOP_SOURCES] = O("top-sources", 0, TT_OPT_VALUE, "N", NULL,
                          "report: also list the N networks most attacks came from (collected with the "
                          "collector's --top-sources; addresses cut to their network)"),
    [OPT_LISTEN] = O("listen", 0, TT_OPT_VALUE, "HOST:PORT", "127.0.0.1:8080", "serve: address to listen on"),
    [OPT_USER] = O("user", 0, TT_OPT_VALUE, "NAME", NULL, "serve: when started as root, run as this user once listening"),
    [OPT_PASSWORD_FILE] = O("redis-password-file", 0, TT_OPT_VALUE, "FILE", NULL,
                            "read the Redis password from FILE (first line)"),
    [OPT_BEFORE] = O("before", 0, TT_OPT_VALUE, "DATE", NULL, "purge: delete the data of UTC days before DATE (YYYY-MM-DD)"),
    [OPT_WHAT] = O("what", 0, TT_OPT_VALUE, "KINDS", "all",
                   "purge: days, hours, minutes, top (networks) or all; comma-separated"),
    [OPT_DRY_RUN] = O("dry-run", 'n', TT_OPT_FLAG, NULL, NULL, "purge: only say what would be deleted"),
    [OPT_KEEP_DAYS] = O("keep-days", 0, TT_OPT_VALUE, "N", NULL,
                        "purge without --before: keep the last N days (retention; usually set in the config file)"),
    [OPT_MAIL_TO] = O("mail-to", 0, TT_OPT_VALUE, "ADDRESSES", NULL, "report --format email: the To: header"),
    [OPT_MAIL_FROM] = O("mail-from", 0, TT_OPT_VALUE, "ADDRESS", NULL, "report --format email: the From: header"),
    [OPT_CONFIG] = O("config", 'c', TT_OPT_VALUE, "FILE", NULL,
                     "read settings from FILE: 'option = value' lines under [aggregator] (the command line wins)"),
    [OPT_HELP] = O("help", 'h', TT_OPT_FLAG, NULL, NULL, "show this help and exit"),
    [OPT_VERSION] = O("version", 'V', TT_OPT_FLAG, NULL, NULL, "show the version and exit"),
};

/* Values an option may take, '|'-separated; NULL = any (checked later by type). */
static const char *const opt_choices[OPT_COUNT] = {
    [OPT_BY] = "reason",
    [OPT_FORMAT] = "text|markdown|html|json|csv|email",
};

struct cli {
    const char *val[OPT_COUNT]; /* argument of each option given, NULL when not given */
    int given[OPT_COUNT];       /* 1 when the option was given */
    int conf[OPT_COUNT];        /* 1 when it came from the config file */
    const char *command;        /* query | report | serve | purge */
    const char *metric;         /* query METRIC */
};

static void usage_error(const char *fmt, ...) TT_PRINTF(1, 2);
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, PROG ": ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(EXIT_USAGE);
}

static void runtime_error(const char *fmt, ...) TT_PRINTF(1, 2);
static void runtime_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, PROG ": ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

/* " (did you mean 'x'?)" or "". */
static const char *suggest(const char *word, const char *const *cands, size_t n)
{
    static char buf[128];
    const char *pick = tt_suggest(word, cands, n);
    if (!pick)
        return "";
    snprintf(buf, sizeof(buf), " (did you mean '%s'?)", pick);
    return buf;
}

static const char *suggest_metric(const char *word)
{
    static const char *names[TT_METRIC_COUNT];
    size_t n = 0;
    for (int m = 1; m < TT_METRIC_COUNT; m++)
        names[n++] = tt_metric_name((enum tt_metric)m);
    return suggest(word, names, n);
}

static void print_help(FILE *out)
{
    fprintf(out,
            "Usage: " PROG " [OPTION]... COMMAND\n"
            "Figures from the threat telemetry that threattally-collector counted in Redis.\n"
            "\n"
            "Commands:\n"
            "  query METRIC [WINDOW] [--by reason] [--json]   print one figure\n"
            "  report [WINDOW] [--format FORMAT] [-o FILE]    the panel report\n"
            "  serve [--listen HOST:PORT] [--user NAME]      live dashboard, JSON API (/api/...) and /metrics\n"
            "  purge --before DATE [--what KINDS] [--dry-run] delete stored counts of days before DATE\n"
            "\n"
            "WINDOW is one of --month YYYY-MM, --from T [--to T], --last DURATION [--at T].\n"
            "Default window: --last " DEFAULT_QUERY_LAST " for query, --last " DEFAULT_REPORT_LAST
            " for report. Times are\n"
            "taken to the minute. A window is compared with the one before it: the previous\n"
            "month, or the window of equal length just before. At most 100 years.\n"
            "\n"
            "Options:\n");
    tt_options_help(opts, OPT_COUNT, out);
    fprintf(out, "\nMetrics:");
    for (int m = 1; m < TT_METRIC_COUNT; m++)
        fprintf(out, "%s %s", m == 1 ? "" : ",", tt_metric_name((enum tt_metric)m));
    fprintf(out,
            "\n\n"
            "Precision: minute buckets are kept about 10 days, hour buckets about 410 days,\n"
            "day buckets until deleted. A window edge that falls where only coarser buckets\n"
            "remain is moved to the nearest kept boundary, and the output says so.\n"
            "\n"
            "Exit status: 0 success, 1 runtime error (e.g. Redis unreachable), 2 usage error.\n"
            "\n"
            "Examples:\n"
            "  " PROG " report --month 2018-02 --tz Europe/London\n"
            "  " PROG " query emails_blocked --last 5d --at 2018-03-01 --by reason --json\n"
            "  " PROG " report --last 36h --format markdown -o report.md\n"
            "  " PROG " report --month 2018-02 --site council-a,council-b --format html -o joint.html\n"
            "  " PROG " serve --listen 127.0.0.1:8080 --tz Europe/London\n"
            "  " PROG " purge --before 2024-01-01 --site council-a --dry-run\n"
            "  " PROG " report --month 2018-02 --format email --mail-to panel@example.org | sendmail -t\n");
}

static int check_choice(const char *choices, const char *v)
{
    size_t n = strlen(v);
    const char *p = choices;
    while (p && *p) {
        size_t l = strcspn(p, "|");
        if (l == n && strncmp(p, v, n) == 0)
            return TT_OK;
        p += l + (p[l] == '|');
    }
    return TT_ERR;
}

static int on_option(int idx, const char *arg, void *ud, char *err, size_t errlen)
{
    struct cli *cli = ud;
    if (cli->given[idx] && opts[idx].type == TT_OPT_VALUE) {
        snprintf(err, errlen, "option '--%s' given twice", opts[idx].name);
        return TT_ERR;
    }
    if (opt_choices[idx] && check_choice(opt_choices[idx], arg) != TT_OK) {
        snprintf(err, errlen, "bad value '%.100s' for --%s: expected %s", arg, opts[idx].name, opt_choices[idx]);
        return TT_ERR;
    }
    cli->given[idx] = 1;
    cli->val[idx] = arg;
    return TT_OK;
}

/* Keys the config file may set: settings of the installation, not of one
 * run (a window or a format in a config file would surprise). */
static const enum opt_id conf_keys[] = {OPT_REDIS,   OPT_SITE,    OPT_TZ,        OPT_ORG,      OPT_LISTEN,
                                        OPT_USER,    OPT_MAIL_TO, OPT_MAIL_FROM, OPT_KEEP_DAYS};
static char *conf_vals[OPT_COUNT]; /* values read from the config file (kept for the run) */

/* --config FILE: "key = value" lines, '#' or ';' comment lines, an optional
 * [aggregator] section header; keys are long option names. An option given
 * on the command line wins over the file. */
static void read_config(const char *path, struct cli *cli)
{
    FILE *f = fopen(path, "r");
    if (!f)
        runtime_error("cannot read config file '%s': %s", path, strerror(errno));
    char line[1024];
    unsigned no = 0;
    while (fgets(line, sizeof(line), f)) {
        no++;
        char *p = line + strspn(line, " \t");
        p[strcspn(p, "\r\n")] = '\0';
        if (!*p || *p == '#' || *p == ';')
            continue;
        if (*p == '[') {
            if (strcmp(p, "[aggregator]") != 0)
                usage_error("%s:%u: unknown section '%s' (only [aggregator])", path, no, p);
            continue;
        }
        char *eq = strchr(p, '=');
        if (!eq)
            usage_error("%s:%u: expected 'key = value'", path, no);
        char *k_end = eq;
        while (k_end > p && (k_end[-1] == ' ' || k_end[-1] == '\t'))
            *--k_end = '\0';
        *eq = '\0';
        char *v = eq + 1 + strspn(eq + 1, " \t");
        size_t vl = strlen(v);
        while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            v[--vl] = '\0';
        int idx = -1;
        for (size_t i = 0; i < TT_ARRAY_LEN(conf_keys); i++)
            if (strcmp(opts[conf_keys[i]].name, p) == 0)
                idx = (int)conf_keys[i];
        if (idx < 0)
            usage_error("%s:%u: '%s' cannot be set in the config file", path, no, p);
        if (cli->given[idx])
            continue; /* the command line wins */
        free(conf_vals[idx]);
        conf_vals[idx] = tt_strdup(v);
        cli->val[idx] = conf_vals[idx];
        cli->conf[idx] = 1;
    }
    fclose(f);
    for (int i = 0; i < OPT_COUNT; i++)
        cli->given[i] |= cli->conf[i];
}

static void parse_cli(int argc, char **argv, struct cli *cli)
{
    char err[512];
    char *pos[4];
    size_t npos = 0;
    if (tt_options_parse(opts, OPT_COUNT, argc, argv, on_option, cli, pos, TT_ARRAY_LEN(pos), &npos, err,
                         sizeof(err)) != TT_OK)
        usage_error("%s", err);
    if (cli->given[OPT_HELP]) {
        print_help(stdout);
        exit(0);
    }
    if (cli->given[OPT_VERSION]) {
        printf(PROG " " TT_VERSION "\n");
        exit(0);
    }
    if (cli->given[OPT_PASSWORD_FILE] && tt_redis_password_file(cli->val[OPT_PASSWORD_FILE], err, sizeof(err)) != TT_OK)
        usage_error("%s", err);
    if (cli->given[OPT_CONFIG])
        read_config(cli->val[OPT_CONFIG], cli);
    if (npos == 0)
        usage_error("missing COMMAND: query, report, serve or purge (see --help)");
    cli->command = pos[0];
    static const char *const commands[] = {"query", "report", "serve", "purge"};
    int known = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(commands); i++)
        known |= strcmp(cli->command, commands[i]) == 0;
    if (!known)
        usage_error("unknown command '%s'%s", cli->command, suggest(cli->command, commands, 4));
    size_t next = 1;
    if (strcmp(cli->command, "query") == 0) {
        if (npos < 2)
            usage_error("query needs a METRIC, e.g. 'query emails_blocked'");
        cli->metric = pos[next++];
    }
    if (next < npos)
        usage_error("unexpected argument '%s'", pos[next]);
}

/* Option only meaningful for some commands: say so rather than ignore it. */
static void only_for(const struct cli *cli, enum opt_id id, const char *command)
{
    if (cli->given[id] && !cli->conf[id] && strcmp(cli->command, command) != 0)
        usage_error("--%s applies to '%s', not to '%s'", opts[id].name, command, cli->command);
}

/* Opens -o FILE (as FILE.tmp.PID, renamed by finish_output) or stdout. */
static FILE *open_output(const char *path, char *tmp, size_t tmplen)
{
    if (!path || strcmp(path, "-") == 0)
        return stdout;
    snprintf(tmp, tmplen, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        runtime_error("cannot write '%s': %s", tmp, strerror(errno));
    return f;
}

static void finish_output(FILE *f, const char *path, const char *tmp)
{
    if (f == stdout) {
        if (fflush(stdout) != 0 || ferror(stdout))
            runtime_error("cannot write to standard output: %s", strerror(errno));
        return;
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        unlink(tmp);
        runtime_error("cannot write '%s': %s", path, strerror(errno));
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        runtime_error("cannot replace '%s': %s", path, strerror(errno));
    }
}

/* purge: the first UTC day kept (from --before, or --keep-days back from
 * today) and the families to delete. */
static void purge_args(const struct cli *cli, int64_t *out_before, unsigned *out_what)
{
    if (cli->given[OPT_WHAT] && purge_parse_what(cli->val[OPT_WHAT], out_what) != TT_OK)
        usage_error("bad --what '%s': expected days, hours, minutes, top or all (comma-separated)", cli->val[OPT_WHAT]);
    const char *before = cli->val[OPT_BEFORE];
    if (before) {
        int y, n = 0;
        unsigned m, d;
        if (sscanf(before, "%4d-%2u-%2u%n", &y, &m, &d, &n) != 3 || before[n] || strlen(before) != 10 || m < 1 ||
            m > 12 || d < 1 || d > tt_days_in_month(y, m))
            usage_error("bad --before '%s': expected a date, YYYY-MM-DD (a UTC day)", before);
        *out_before = tt_days_from_civil(y, m, d);
        return;
    }
    if (!cli->val[OPT_KEEP_DAYS])
        usage_error("purge needs --before DATE (or keep-days in the config file)");
    char *end;
    long keep = strtol(cli->val[OPT_KEEP_DAYS], &end, 10);
    if (end == cli->val[OPT_KEEP_DAYS] || *end || keep < 1 || keep > 100000)
        usage_error("keep-days must be a number of days, 1 or more");
    *out_before = tt_floor_div((int64_t)time(NULL), 86400) - keep + 1;
}

/* Options that belong to one command only, and --top-sources's value. */
static long command_options(const struct cli *cli)
{
    only_for(cli, OPT_BY, "query");
    only_for(cli, OPT_FORMAT, "report");
    only_for(cli, OPT_ORG, "report");
    only_for(cli, OPT_BOM, "report");
    only_for(cli, OPT_TOP_SOURCES, "report");
    long top_sources = 0;
    if (cli->given[OPT_TOP_SOURCES]) {
        char *end;
        top_sources = strtol(cli->val[OPT_TOP_SOURCES], &end, 10);
        if (end == cli->val[OPT_TOP_SOURCES] || *end || top_sources < 1 || top_sources > FIG_TOP_MAX)
            usage_error("--top-sources must be a number of networks, 1..%d", FIG_TOP_MAX);
    }
    only_for(cli, OPT_LISTEN, "serve");
    only_for(cli, OPT_USER, "serve");
    only_for(cli, OPT_BEFORE, "purge");
    only_for(cli, OPT_WHAT, "purge");
    only_for(cli, OPT_DRY_RUN, "purge");
    only_for(cli, OPT_KEEP_DAYS, "purge");
    only_for(cli, OPT_MAIL_TO, "report");
    only_for(cli, OPT_MAIL_FROM, "report");
    return top_sources;
}

/* `report`'s renderer from --format (or --json), with the options that
 * only some formats take; the first renderer for the other commands. */
static const struct render_ops *renderer_arg(const struct cli *cli)
{
    char err[512] = "";
    if (strcmp(cli->command, "report") != 0)
        return renderers[0];
    const char *fmt = cli->given[OPT_FORMAT] ? cli->val[OPT_FORMAT] : cli->given[OPT_JSON] ? "json" : "text";
    if (cli->given[OPT_FORMAT] && cli->given[OPT_JSON] && strcmp(fmt, "json") != 0)
        usage_error("--json contradicts --format %s", fmt);
    if (cli->given[OPT_BOM] && strcmp(fmt, "csv") != 0)
        usage_error("--bom applies to --format csv");
    int email = strcmp(fmt, "email") == 0;
    if (email && (!cli->val[OPT_MAIL_TO] || !cli->val[OPT_MAIL_FROM]))
        usage_error("--format email needs --mail-to and --mail-from (or mail-to/mail-from in the config file)");
    if (!email && ((cli->given[OPT_MAIL_TO] && !cli->conf[OPT_MAIL_TO]) ||
                   (cli->given[OPT_MAIL_FROM] && !cli->conf[OPT_MAIL_FROM])))
        usage_error("--mail-to and --mail-from apply to --format email");
    if (email && (render_email_check_address(cli->val[OPT_MAIL_TO], err, sizeof(err)) != TT_OK ||
                  render_email_check_address(cli->val[OPT_MAIL_FROM], err, sizeof(err)) != TT_OK))
        usage_error("%s", err);
    const struct render_ops *renderer = NULL;
    for (size_t i = 0; i < TT_ARRAY_LEN(renderers); i++)
        if (strcmp(renderers[i]->name, fmt) == 0)
            renderer = renderers[i];
    if (!renderer)
        usage_error("unknown format '%s'", fmt);
    return renderer;
}

/* The window of `query` and `report`; `serve` and `purge` take none. */
static void window_arg(const struct cli *cli, const struct tt_zone *zone, int64_t now_s, enum tt_metric metric,
                       struct tt_window *out)
{
    char err[512] = "";
    int serving = strcmp(cli->command, "serve") == 0, purging = strcmp(cli->command, "purge") == 0;
    struct query_window_args wa = {
        .month = cli->val[OPT_MONTH],
        .from = cli->val[OPT_FROM],
        .to = cli->val[OPT_TO],
        .last = cli->val[OPT_LAST],
        .at = cli->val[OPT_AT],
        .default_last = metric != TT_METRIC_NONE ? DEFAULT_QUERY_LAST : DEFAULT_REPORT_LAST,
    };
    if (serving || purging) {
        if (cli->given[OPT_MONTH] || cli->given[OPT_FROM] || cli->given[OPT_TO] || cli->given[OPT_LAST] ||
            cli->given[OPT_AT])
            usage_error(serving ? "serve takes no window: the dashboard asks for its own (see --help)"
                                : "purge takes --before DATE, not a window");
    } else if (query_window(&wa, zone, now_s, out, err, sizeof(err)) != TT_OK) {
        usage_error("%s", err);
    }
}

/* `serve` until stopped; exits. */
static int run_serve(const struct cli *cli, const char *url, const char *site, struct tt_zone *zone)
{
    char err[512] = "";
    struct serve_config sc = {
        .redis_url = url,
        .listen = cli->given[OPT_LISTEN] ? cli->val[OPT_LISTEN] : SERVE_DEFAULT_LISTEN,
        .user = cli->val[OPT_USER],
        .site = site,
        .zone = zone,
    };
    int rc = serve_run(&sc, err, sizeof(err));
    tt_zone_destroy(zone);
    if (rc == SERVE_USAGE)
        usage_error("%s", err);
    if (rc != TT_OK)
        runtime_error("%s", err);
    return 0;
}

/* `report`: build the figures, render them to -o (or stdout). */
static int run_report(struct store *store, const struct cli *cli, const struct render_ops *renderer,
                      struct figures_request *req)
{
    char err[512] = "", tmp[4096];
    const char *path = cli->given[OPT_OUTPUT] ? cli->val[OPT_OUTPUT] : NULL;
    struct figures f;
    if (figures_build(store, req, &f, err, sizeof(err)) != TT_OK)
        runtime_error("%s", err);
    f.csv_bom = cli->given[OPT_BOM];
    f.mail_to = cli->val[OPT_MAIL_TO];
    f.mail_from = cli->val[OPT_MAIL_FROM];
    FILE *out = open_output(path, tmp, sizeof(tmp));
    int rc = renderer->render(&f, out);
    finish_output(out, path, tmp);
    figures_fini(&f);
    return rc;
}

int main(int argc, char **argv)
{
    struct cli cli;
    memset(&cli, 0, sizeof(cli));
    parse_cli(argc, argv, &cli);

    long top_sources = command_options(&cli);
    int serving = strcmp(cli.command, "serve") == 0;
    int purging = strcmp(cli.command, "purge") == 0;
    int64_t purge_before = 0;
    unsigned purge_what = PURGE_ALL;
    if (purging)
        purge_args(&cli, &purge_before, &purge_what);
    if (serving && cli.given[OPT_OUTPUT])
        usage_error("-o applies to 'query' and 'report', not to 'serve'");
    char err[512] = "";
    const char *site = cli.given[OPT_SITE] ? cli.val[OPT_SITE] : "all";
    if (query_site_check(site, err, sizeof(err)) != TT_OK)
        usage_error("%s", err);
    enum tt_metric metric = TT_METRIC_NONE;
    if (cli.metric) {
        if (tt_metric_from_name(cli.metric, &metric) != TT_OK)
            usage_error("unknown metric '%s'%s", cli.metric, suggest_metric(cli.metric));
        if (cli.given[OPT_BY] && !tt_metric_has_reasons(metric))
            usage_error("metric '%s' has no reasons to break down by", cli.metric);
    }
    const struct render_ops *renderer = renderer_arg(&cli);

    const char *zone_arg = cli.given[OPT_TZ] ? cli.val[OPT_TZ] : NULL;
    struct tt_zone *zone = tt_zone_create(zone_arg, err, sizeof(err));
    if (!zone)
        usage_error("bad time zone '%s': %s", zone_arg ? zone_arg : "(local)", err[0] ? err : "unknown");
    int64_t now_s = (int64_t)time(NULL);
    struct tt_window window;
    window_arg(&cli, zone, now_s, metric, &window);

    const char *url = cli.given[OPT_REDIS] ? cli.val[OPT_REDIS] : DEFAULT_REDIS;
    if (serving)
        return run_serve(&cli, url, site, zone);
    struct store *store = store_open(url, err, sizeof(err));
    if (!store) {
        /* A malformed URL is a usage error; an unreachable server is not. */
        if (strncmp(err, "bad Redis URL", 13) == 0)
            usage_error("%s", err);
        runtime_error("%s", err);
    }
    char **sites;
    size_t nsites;
    int missing;
    if (query_sites(store, site, &sites, &nsites, &missing, err, sizeof(err)) != TT_OK)
        runtime_error("%s", err);

    char tmp[4096];
    const char *path = cli.given[OPT_OUTPUT] ? cli.val[OPT_OUTPUT] : NULL;
    int rc;
    if (purging) {
        rc = purge_run(store, sites, nsites, purge_before, purge_what, cli.given[OPT_DRY_RUN], stdout);
        if (rc != TT_OK)
            runtime_error("%s", store_errstr(store));
    } else if (metric != TT_METRIC_NONE) {
        FILE *out = open_output(path, tmp, sizeof(tmp));
        char note[256];
        rc = query_figure(store, sites, nsites, site, metric, &window, cli.given[OPT_BY], cli.given[OPT_JSON], out,
                          note, sizeof(note));
        if (rc != TT_OK)
            runtime_error("%s", store_errstr(store));
        finish_output(out, path, tmp);
        if (note[0])
            fprintf(stderr, PROG ": note: %s\n", note);
    } else {
        struct figures_request req = {
            .site = site,
            .sites = sites,
            .nsites = nsites,
            .zone = zone,
            .org = cli.val[OPT_ORG],
            .window = window,
            .now_s = now_s,
            .top_sources = (size_t)top_sources,
        };
        rc = run_report(store, &cli, renderer, &req);
    }
    store_free_names(sites, nsites);
    store_close(store);
    tt_zone_destroy(zone);
    return rc == TT_OK ? 0 : 1;
}
