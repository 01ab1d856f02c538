/* SPDX-License-Identifier: MIT
 *
 * test_fixtures.c -- runs every parser fixture (each tests/parsers/<format>/ .log
 * against its .expect) and every corpus judgement (tests/corpus/<format>/...
 * .expect against ../shared/corpus/<format>/...) through the same pipeline as
 * `threattally-collector --classify`: framer, envelope, recognition, parser,
 * clock. One cmocka test per file. The expectation format is documented in
 * tests/parsers/README.md.
 *
 * Environment: TT_SRCDIR (repository root, default "."), TT_CORPUS (default
 * "$TT_SRCDIR/../shared/corpus"), TT_REALWORLD (default
 * "$TT_SRCDIR/../shared/realworld", judged by tests/corpus/realworld/<format>/
 * <file>.expect); corpus tests are skipped with a message when their folder
 * is absent.
 *
 * The fixture groups run three times: with the parser list as written, reversed
 * and shuffled, proving that recognition does not depend on its order.
 * First, the fixture check of collector/parsers.def: every registered parser
 * has fixtures (tests/parsers/<format>/ with a .log and its .expect) and fuzz
 * seeds (tests/fuzz/seeds/parse_<stem>/), and its ops carry the --format name
 * the list gives. A parser added without them fails `make check` here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/framer.h"
#include "collector/input.h"
#include "collector/parse_netfilter.h"
#include "collector/pipeline.h"
#include "common/mem.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct fixture {
    char log[1024];    /* input file */
    char expect[1024]; /* expectation file */
    int corpus;        /* 1 corpus, 2 realworld judgements (skip when that folder is absent) */
};

static struct fixture *fixtures;
static size_t n_fixtures, cap_fixtures;
static char corpus_dir[1024], realworld_dir[1024];
static int corpus_present, realworld_present;

static void add_fixture(const char *log, const char *expect, int corpus)
{
    if (n_fixtures == cap_fixtures) {
        cap_fixtures = cap_fixtures ? cap_fixtures * 2 : 64;
        fixtures = tt_realloc(fixtures, cap_fixtures * sizeof(*fixtures));
    }
    struct fixture *f = &fixtures[n_fixtures++];
    snprintf(f->log, sizeof(f->log), "%s", log);
    snprintf(f->expect, sizeof(f->expect), "%s", expect);
    f->corpus = corpus;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int cmp_fixture(const void *a, const void *b)
{
    return strcmp(((const struct fixture *)a)->expect, ((const struct fixture *)b)->expect);
}

/* tests/parsers/<fmt>/<name>.expect  <-> <name>.log beside it;
 * tests/corpus/<fmt>/<path>.expect   <-> corpus/<fmt>/<path>. */
static void scan(const char *dir, const char *rel, int corpus)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024], r[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        snprintf(r, sizeof(r), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            if (corpus == 1 && rel[0] == '\0' && strcmp(e->d_name, "realworld") == 0)
                continue; /* scanned on its own, against the realworld folder */
            scan(path, r, corpus);
        } else if (ends_with(e->d_name, ".expect")) {
            char log[1024];
            if (corpus) {
                snprintf(log, sizeof(log), "%s/%.*s", corpus == 2 ? realworld_dir : corpus_dir,
                         (int)(strlen(r) - 7), r);
            } else {
                snprintf(log, sizeof(log), "%.*s.log", (int)(strlen(path) - 7), path);
            }
            add_fixture(log, path, corpus);
        }
    }
    closedir(d);
}

/* Options a fixture may set on its "#! ..." first line. */
struct opts {
    char tz[64];
    int year;
    char home_net[512];
    char prefix_map[512];
    char format[32];
    char rules[4][512]; /* --rules paths relative to TT_SRCDIR (repeatable) */
    int n_rules;        /* ... count */
};

static const char *srcdir = ".";

static void parse_opts(const char *line, struct opts *o)
{
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s", line);
    char *save = NULL;
    for (char *tok = strtok_r(buf, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
        char *val = strtok_r(NULL, " \t\r\n", &save);
        if (!val)
            fail_msg("option %s without value", tok);
        if (!strcmp(tok, "--tz"))
            snprintf(o->tz, sizeof(o->tz), "%s", val);
        else if (!strcmp(tok, "--year"))
            o->year = atoi(val);
        else if (!strcmp(tok, "--home-net"))
            snprintf(o->home_net, sizeof(o->home_net), "%s", val);
        else if (!strcmp(tok, "--prefix-map"))
            snprintf(o->prefix_map, sizeof(o->prefix_map), "%s", val);
        else if (!strcmp(tok, "--format"))
            snprintf(o->format, sizeof(o->format), "%s", val);
        else if (!strcmp(tok, "--rules") && o->n_rules < 4)
            snprintf(o->rules[o->n_rules++], sizeof(o->rules[0]), "%s/%s", srcdir, val);
        else
            fail_msg("unknown fixture option %s", tok);
    }
}

/* Expectation lines without comments/blank lines; "#!" handled separately. */
struct expectation {
    char verdict[16];
    char metric[64];
    int tls;
    char time[40];
    char rule[80]; /* rule=NAME: the site rule that must decide the line */
    int lineno;
};

static size_t load_expect(const char *path, struct opts *o, struct expectation **out)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    size_t n = 0, cap = 0;
    struct expectation *v = NULL;
    int lineno = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        if (lineno == 1 && !strncmp(line, "#!", 2)) {
            parse_opts(line + 2, o);
            continue;
        }
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char a[64] = "", b[64] = "", c[64] = "", d[64] = "", x[64] = "";
        int k = sscanf(line, "%63s %63s %63s %63s %63s", a, b, c, d, x);
        if (k <= 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = tt_realloc(v, cap * sizeof(*v));
        }
        struct expectation *e = &v[n++];
        memset(e, 0, sizeof(*e));
        e->lineno = lineno;
        snprintf(e->verdict, sizeof(e->verdict), "%s", a);
        snprintf(e->metric, sizeof(e->metric), "%s", k >= 2 ? b : "-");
        const char *extra[3] = {c, d, x};
        for (int i = 0; i < 3; i++) {
            if (!strncmp(extra[i], "rule=", 5))
                snprintf(e->rule, sizeof(e->rule), "%s", extra[i] + 5);
            else if (!strcmp(extra[i], "tls"))
                e->tls = 1;
            else if (!strncmp(extra[i], "time=", 5))
                snprintf(e->time, sizeof(e->time), "%s", extra[i] + 5);
            else if (extra[i][0])
                fail_msg("%s:%d: unknown expectation word '%s'", path, lineno, extra[i]);
        }
    }
    fclose(f);
    *out = v;
    return n;
}

static void describe(const struct tt_line_result *r, char *out, size_t len)
{
    const struct tt_event *ev = &r->ev;
    if (ev->verdict == TT_VERDICT_UNPARSED) {
        snprintf(out, len, "unparsed %s", tt_reason_name(ev->reason));
        return;
    }
    if (ev->metric == TT_METRIC_NONE)
        snprintf(out, len, "%s -", tt_verdict_name(ev->verdict));
    else if (ev->reason != TT_REASON_NONE)
        snprintf(out, len, "%s %s:%s", tt_verdict_name(ev->verdict), tt_metric_name(ev->metric),
                 tt_reason_name(ev->reason));
    else
        snprintf(out, len, "%s %s", tt_verdict_name(ev->verdict), tt_metric_name(ev->metric));
}

static void run_fixture(void **state)
{
    const struct fixture *fx = *state;
    if ((fx->corpus == 1 && !corpus_present) || (fx->corpus == 2 && !realworld_present)) {
        print_message("corpus folder %s absent: skipping %s\n", fx->corpus == 2 ? realworld_dir : corpus_dir,
                      fx->expect);
        skip();
    }
    struct opts o;
    memset(&o, 0, sizeof(o));
    snprintf(o.tz, sizeof(o.tz), "UTC");
    o.year = 2018;
    struct expectation *exp = NULL;
    size_t n_exp = load_expect(fx->expect, &o, &exp);

    char err[512];
    struct tt_zone *zone = tt_zone_create(o.tz, err, sizeof(err));
    if (!zone)
        fail_msg("%s: %s", fx->expect, err);
    struct tt_cidr_set home;
    if (o.home_net[0]) {
        if (tt_cidr_set_parse(&home, o.home_net, err, sizeof(err)) != TT_OK)
            fail_msg("%s: %s", fx->expect, err);
    } else {
        tt_cidr_set_default_home(&home);
    }
    struct tt_prefix_rule rules[TT_PREFIX_RULES_MAX];
    size_t nrules = 0;
    if (o.prefix_map[0] && tt_prefix_rules_parse(o.prefix_map, rules, TT_PREFIX_RULES_MAX, &nrules, err, sizeof(err)) != TT_OK)
        fail_msg("%s: %s", fx->expect, err);
    struct tt_pipeline_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.zone = zone;
    cfg.year = o.year;
    cfg.now_s = 1700000000;
    cfg.format = o.format[0] ? tt_registry_find_parser(o.format) : -1;
    cfg.ctx.home_net = &home;
    cfg.ctx.prefix_rules = rules;
    cfg.ctx.n_prefix_rules = nrules;
    if (o.n_rules) {
        const char *paths[4];
        for (int k = 0; k < o.n_rules; k++)
            paths[k] = o.rules[k];
        cfg.rules = tt_rules_load(paths, (size_t)o.n_rules, err, sizeof(err));
        if (!cfg.rules)
            fail_msg("%s: %s", fx->expect, err);
    }
    struct tt_stream st;
    assert_int_equal(tt_stream_init(&st, &cfg), TT_OK);

    struct tt_input in;
    if (tt_input_open(&in, fx->log) != TT_OK)
        fail_msg("%s", in.errstr);
    struct tt_framer fr;
    tt_framer_init(&fr, 1u << 20);
    size_t i = 0;
    int failures = 0;
    for (;;) {
        struct tt_slice line;
        enum tt_frame_rc rc = tt_framer_next(&fr, &line);
        if (rc == TT_FRAME_END)
            break;
        if (rc == TT_FRAME_NEED_MORE) {
            size_t space;
            char *p = tt_framer_space(&fr, &space);
            ssize_t got = tt_input_read(&in, p, space);
            if (got > 0)
                tt_framer_commit(&fr, (size_t)got);
            else
                tt_framer_finish(&fr, got < 0 || in.truncated);
            continue;
        }
        struct tt_line_result res;
        if (rc == TT_FRAME_LINE) {
            tt_pipeline_line(&cfg, &st, line.p, line.len, 0, &res);
        } else {
            memset(&res, 0, sizeof(res));
            res.rule = -1;
            res.ev.verdict = TT_VERDICT_UNPARSED;
            res.ev.reason = rc == TT_FRAME_TOO_LONG ? TT_REASON_TOO_LONG : TT_REASON_TRUNCATED;
        }
        char got[128], want[160];
        describe(&res, got, sizeof(got));
        if (i >= n_exp) {
            print_error("%s: line %zu has no expectation (got '%s')\n", fx->log, fr.lines, got);
            failures++;
            i++;
            continue;
        }
        const struct expectation *e = &exp[i++];
        snprintf(want, sizeof(want), "%s %s", e->verdict, e->metric);
        int ok = strcmp(got, want) == 0;
        int got_tls = res.ev.metric == TT_METRIC_EMAILS_SENT && res.ev.tls;
        if (ok && got_tls != e->tls)
            ok = 0;
        char when[32] = "";
        tt_format_iso_utc(res.utc_s, when, sizeof(when));
        if (ok && e->time[0] && strcmp(e->time, when) != 0)
            ok = 0;
        const char *rule = res.rule >= 0 ? tt_rules_name(cfg.rules, (size_t)res.rule) : "";
        if (ok && e->rule[0] && strcmp(e->rule, rule) != 0)
            ok = 0;
        if (ok && !e->rule[0] && rule[0] && o.n_rules)
            ok = 0; /* a rule decided a line the expectation gives to a parser */
        if (!ok) {
            print_error("%s:%llu (expect line %d): want '%s%s%s%s%s%s' got '%s%s time=%s%s%s' why='%s'\n  | %.*s\n",
                        fx->log, (unsigned long long)fr.lines, e->lineno, want, e->tls ? " tls" : "",
                        e->time[0] ? " time=" : "", e->time, e->rule[0] ? " rule=" : "", e->rule, got,
                        got_tls ? " tls" : "", when, rule[0] ? " rule=" : "", rule, res.ev.why ? res.ev.why : "",
                        (int)TT_MIN(line.len, (size_t)300), line.p);
            failures++;
        }
    }
    if (i < n_exp) {
        print_error("%s: %zu expectations but only %zu lines\n", fx->expect, n_exp, i);
        failures++;
    }
    tt_framer_fini(&fr);
    tt_input_close(&in);
    tt_stream_fini(&st);
    tt_rules_destroy(cfg.rules);
    tt_zone_destroy(zone);
    free(exp);
    if (failures)
        fail_msg("%s: %d mismatches", fx->expect, failures);
}

/* 1 when dir holds a file ending in suffix (and, for ".log", its .expect). */
static int dir_has(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, suffix))
            continue;
        if (strcmp(suffix, ".log") != 0) {
            found = 1;
            continue;
        }
        char expect[1200];
        struct stat sb;
        snprintf(expect, sizeof(expect), "%s/%.*s.expect", dir, (int)(strlen(e->d_name) - 4), e->d_name);
        found = stat(expect, &sb) == 0;
    }
    closedir(d);
    return found;
}

static void registered_parsers_have_fixtures_and_seeds(void **state)
{
    (void)state;
    int missing = 0;
    size_t n = tt_registry_parser_count();
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        const char *stem, *format;
        assert_int_equal(tt_registry_entry(i, &stem, &format), TT_OK);
        char dir[1200];
        int k = tt_registry_find_parser(format);
        if (k < 0 || strcmp(tt_registry_parser((size_t)k)->name, format) != 0) {
            print_error("parsers.def: TT_PARSER(%s, \"%s\"): no parser has that --format name\n", stem, format);
            missing++;
        }
        snprintf(dir, sizeof(dir), "%s/tests/parsers/%s", srcdir, format);
        if (!dir_has(dir, ".log")) {
            print_error("parser %s: no fixtures (a .log with its .expect) in %s\n", format, dir);
            missing++;
        }
        snprintf(dir, sizeof(dir), "%s/tests/fuzz/seeds/parse_%s", srcdir, stem);
        if (!dir_has(dir, "")) {
            print_error("parser %s: no fuzz seeds in %s\n", format, dir);
            missing++;
        }
    }
    const char *stem, *format;
    assert_int_equal(tt_registry_entry(n, &stem, &format), TT_ERR);
    if (tt_registry_route_conflicts()) {
        print_error("%zu program name(s) route to two parsers: routing would depend on the list order\n",
                    tt_registry_route_conflicts());
        missing++;
    }
    if (missing)
        fail_msg("%d registered parser(s) lack fixtures or fuzz seeds", missing);
}

/* One line through a stream of the auto-detecting pipeline; returns the
 * parser's --format name or "" when none took it. */
static const char *classify(const struct tt_pipeline_config *cfg, struct tt_stream *st, const char *line)
{
    struct tt_line_result r;
    tt_pipeline_line(cfg, st, line, strlen(line), 0, &r);
    return r.parser >= 0 ? tt_registry_parser((size_t)r.parser)->name : "";
}

/* The per-stream ranking only orders the probes: a stream of thousands of
 * lines no parser takes, or of one format that has climbed to the top, still
 * gives every later line of another format to its parser, and a container
 * format ranked first (exim's bare timestamp) still yields an Umbrella line
 * to Umbrella. */
static void ranking_never_loses_a_line(void **state)
{
    (void)state;
    char err[256];
    struct tt_zone *zone = tt_zone_create("UTC", err, sizeof(err));
    assert_non_null(zone);
    struct tt_cidr_set home;
    tt_cidr_set_default_home(&home);
    struct tt_pipeline_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.zone = zone;
    cfg.year = 2024;
    cfg.now_s = 1700000000;
    cfg.format = -1;
    cfg.ctx.home_net = &home;
    static const char *const later[][2] = {
        {"netfilter", "<4>Mar  9 00:00:26 gw2 kernel: DROP IN=eth0 OUT= SRC=203.0.113.5 DST=10.0.0.1 LEN=60 TOS=0x00 "
                      "PREC=0x00 TTL=49 ID=1 DF PROTO=TCP SPT=44321 DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0"},
        {"fortigate", "<189>date=2024-03-01 time=13:00:01 devname=\"fw1\" logid=\"0000000013\" type=\"traffic\" "
                      "subtype=\"forward\" srcip=203.0.113.5 srcport=4444 dstip=10.0.0.10 dstport=22 proto=6 "
                      "action=\"deny\" policyid=0"},
        {"cisco-umbrella", "2024-03-01 12:00:01,[211039844],Branch FW,CDFW Tunnel Device,INBOUND,6,60,203.0.113.5,"
                           "4444,10.0.0.10,22,ams1.edc,12,BLOCK"},
    };
    struct tt_stream st;
    assert_int_equal(tt_stream_init(&st, &cfg), TT_OK);
    for (int i = 0; i < 5000; i++)
        assert_string_equal(classify(&cfg, &st, "<134>Mar  9 00:00:29 gw1 edgewall[311]: EW|STAT|cpu=52 mem=92"), "");
    for (size_t k = 0; k < TT_ARRAY_LEN(later); k++)
        assert_string_equal(classify(&cfg, &st, later[k][1]), later[k][0]);
    tt_stream_fini(&st);
    assert_int_equal(tt_stream_init(&st, &cfg), TT_OK);
    for (int i = 0; i < 5000; i++)
        assert_string_equal(classify(&cfg, &st, "2018-02-01 10:00:00 [4001] H=mx.example.net [192.0.2.10]:41234 "
                                                "F=<a@example.net> rejected RCPT <b@example.org>: relay not permitted"),
                            "exim");
    for (size_t k = 0; k < TT_ARRAY_LEN(later); k++)
        assert_string_equal(classify(&cfg, &st, later[k][1]), later[k][0]);
    tt_stream_fini(&st);
    tt_zone_destroy(zone);
}

int main(void)
{
    const char *src = getenv("TT_SRCDIR");
    if (!src)
        src = ".";
    srcdir = src;
    const char *c = getenv("TT_CORPUS");
    if (c)
        snprintf(corpus_dir, sizeof(corpus_dir), "%s", c);
    else
        snprintf(corpus_dir, sizeof(corpus_dir), "%s/../shared/corpus", src);
    struct stat sb;
    corpus_present = stat(corpus_dir, &sb) == 0 && S_ISDIR(sb.st_mode);
    if (!corpus_present)
        printf("note: corpus folder %s is absent; corpus conformance tests are skipped\n", corpus_dir);
    const char *rw = getenv("TT_REALWORLD");
    if (rw)
        snprintf(realworld_dir, sizeof(realworld_dir), "%s", rw);
    else
        snprintf(realworld_dir, sizeof(realworld_dir), "%s/../shared/realworld", src);
    realworld_present = stat(realworld_dir, &sb) == 0 && S_ISDIR(sb.st_mode);
    if (!realworld_present)
        printf("note: realworld folder %s is absent; realworld conformance tests are skipped\n", realworld_dir);
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/tests/parsers", src);
    scan(dir, "", 0);
    snprintf(dir, sizeof(dir), "%s/tests/corpus", src);
    scan(dir, "", 1);
    snprintf(dir, sizeof(dir), "%s/tests/corpus/realworld", src);
    scan(dir, "", 2);
    const struct CMUnitTest registry_tests[] = {
        cmocka_unit_test(registered_parsers_have_fixtures_and_seeds),
        cmocka_unit_test(ranking_never_loses_a_line),
    };
    int rc = cmocka_run_group_tests_name("registry", registry_tests, NULL, NULL);
    qsort(fixtures, n_fixtures, sizeof(*fixtures), cmp_fixture);
    if (n_fixtures == 0) {
        printf("no fixtures found under %s/tests\n", src);
        return 1;
    }
    struct CMUnitTest *tests = tt_calloc(n_fixtures, sizeof(*tests));
    for (size_t i = 0; i < n_fixtures; i++) {
        tests[i].name = fixtures[i].expect;
        tests[i].test_func = run_fixture;
        tests[i].initial_state = &fixtures[i];
    }
    rc |= _cmocka_run_group_tests("fixtures", tests, n_fixtures, NULL, NULL);
    /* The verdicts must not depend on the order of collector/parsers.def:
     * every fixture and corpus file again with the registry reversed, then
     * shuffled (a fixed seed, so that a failure reproduces). */
    size_t np = tt_registry_parser_count(), perm[TT_PARSERS_MAX];
    for (size_t i = 0; i < np; i++)
        perm[i] = np - 1 - i;
    tt_registry_reorder(perm);
    rc |= _cmocka_run_group_tests("fixtures, parser list reversed", tests, n_fixtures, NULL, NULL);
    for (size_t i = 0; i < np; i++)
        perm[i] = i;
    uint32_t seed = 0x9e3779b9u;
    for (size_t i = np - 1; i > 0; i--) {
        seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
        size_t j = seed % (i + 1), t = perm[i];
        perm[i] = perm[j], perm[j] = t;
    }
    tt_registry_reorder(perm);
    rc |= _cmocka_run_group_tests("fixtures, parser list shuffled", tests, n_fixtures, NULL, NULL);
    free(tests);
    free(fixtures);
    return rc;
}
