/* SPDX-License-Identifier: MIT
 *
 * rules.c -- see rules.h. A rules file, e.g. dist/rules.d/watchguard.conf:
 *
 *   [rule watchguard-deny]
 *   match    = ^(?<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (Member\d+ )?Deny (?<src>[0-9a-fA-F.:]+) 
 *   time_format = %Y-%m-%d %H:%M:%S
 *   verdict  = blocked
 *   metric   = attacks_blocked
 *   reason   = firewall
 *
 * Files are read with libinih, as the config file is (collector/daemon.c),
 * but through ini_parse_stream with our own line reader: the reader sees
 * every raw line, so it counts lines and columns for messages, checks the
 * [rule NAME] headers (inih would pass a header without keys unseen) and
 * refuses a line too long for inih's fixed buffer instead of letting inih
 * split it silently. A long `match` continues on indented lines; the
 * pieces are joined with nothing between them.
 *
 * Matching: Vectorscan reports every rule that matches somewhere in the
 * message, in order of match end, not of rule number, so the callback keeps
 * the lowest number seen (HS_FLAG_SINGLEMATCH: at most one report per rule
 * and line) and stops early only when that is the first rule of the
 * database. Program filters are checked in the callback. PCRE2 runs once,
 * for the winner, only when it has a named group to read.
 */
#include "collector/rules.h"
#include "collector/rules_compile.h"
#include "common/mem.h"
#include "common/options.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <errno.h>
#include <hs/hs.h>
#include <ini.h>
#include <limits.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define RULES_FILE_MAX (4u << 20) /* bytes of one rules file */
#define RULES_PIECES 16           /* lines one `match` may span */
#define RULES_TIME_MAX 96         /* bytes of a `time` group passed to strptime */

enum rule_key {
    KEY_PROGRAM = 0,
    KEY_MATCH,
    KEY_VERDICT,
    KEY_METRIC,
    KEY_REASON,
    KEY_OVERRIDE,
    KEY_TIME_FORMAT,
    KEY_COUNT
};

static const char *const rules_key_names[KEY_COUNT] = {
    [KEY_PROGRAM] = "program",   [KEY_MATCH] = "match",       [KEY_VERDICT] = "verdict",
    [KEY_METRIC] = "metric",     [KEY_REASON] = "reason",     [KEY_OVERRIDE] = "override",
    [KEY_TIME_FORMAT] = "time_format",
};

/* Where a piece of text came from, for "FILE:LINE:COL" messages. */
struct rules_loc {
    int file; /* index into tt_rules.files */
    int line; /* 1-based */
    int col;  /* 1-based byte column */
};

/* One piece of a `match` value: its place in the file and in the pattern. */
struct rules_piece {
    struct rules_loc loc; /* where the piece starts */
    size_t at;            /* its offset in the joined pattern */
};

struct rule {
    char name[TT_RULE_NAME_MAX + 1];   /* from [rule NAME] */
    char *program;                     /* program filter, NULL = any */
    size_t program_len;                /* strlen(program) */
    char *match;                       /* the regular expression, pieces joined */
    size_t match_len;                  /* strlen(match) */
    enum tt_verdict verdict;           /* blocked | allowed | other */
    enum tt_metric metric;             /* counter, TT_METRIC_NONE for none */
    enum tt_reason reason;             /* reason of metric, NONE when it has none */
    int override;                      /* 1: also scanned on lines a built-in parser took */
    char *time_format;                 /* strptime format or iso8601/bsd/epoch, NULL none */
    pcre2_code *re;                    /* compiled match, for the named groups */
    uint32_t g_src, g_time;            /* group numbers of src and time, 0 none */
    uint64_t hits;                     /* lines this rule decided */
    struct rules_loc at;               /* the [rule NAME] header */
    struct rules_loc key[KEY_COUNT];   /* each key's value; line 0 = not given */
    struct rules_piece piece[RULES_PIECES]; /* the lines of match */
    int n_pieces;                      /* ... count */
};

struct tt_rules {
    struct tt_rules_head head;  /* n_override; must stay the first member (rules.h) */
    struct rule *rule;          /* in file order: the index is the Vectorscan id */
    size_t n, cap;              /* count and capacity */
    char **files;               /* file names, for messages (owned) */
    size_t n_files, cap_files;  /* ... count and capacity */
    hs_database_t *db_all;      /* every rule, NULL when there are none */
    hs_database_t *db_over;     /* override rules only, NULL when none */
    hs_scratch_t *scratch;      /* fits both databases; for the classifying thread */
    unsigned first_all, first_over; /* lowest id in each database (early stop) */
    pcre2_match_data *md;       /* sized for the rule with most groups */
    pcre2_match_context *mctx;  /* match and depth limits */
};

static unsigned rules_compile_limit_s = TT_RULES_COMPILE_LIMIT_S; /* tt_rules_set_compile_limit */

void tt_rules_set_compile_limit(unsigned seconds)
{
    rules_compile_limit_s = seconds ? seconds : TT_RULES_COMPILE_LIMIT_S;
}

/* ---- messages ---------------------------------------------------------- */

static void loc_error(const struct tt_rules *r, struct rules_loc at, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void loc_error(const struct tt_rules *r, struct rules_loc at, char *err, size_t errlen, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    const char *file = at.file >= 0 && (size_t)at.file < r->n_files ? r->files[at.file] : "rules";
    if (at.line > 0 && at.col > 0)
        snprintf(err, errlen, "%s:%d:%d: %s", file, at.line, at.col, msg);
    else if (at.line > 0)
        snprintf(err, errlen, "%s:%d: %s", file, at.line, msg);
    else
        snprintf(err, errlen, "%s: %s", file, msg);
}

/* ---- reading one file -------------------------------------------------- */

/* State of one ini_parse_stream run. */
struct rules_read {
    struct tt_rules *r;       /* the set being built */
    int file;                 /* index of the file in r->files */
    const char *text;         /* the whole file */
    size_t len, pos;          /* its length and the next unread byte */
    const char *cur;          /* the raw line inih is working on */
    size_t cur_len;           /* ... its length without the newline */
    int line;                 /* its number */
    struct rule *rule;        /* the section keys go to, NULL before the first */
    enum rule_key last_key;   /* key of the previous value (continuations) */
    int failed;               /* a message is in err */
    char *err;                /* where the message goes */
    size_t errlen;            /* ... its size */
};

static struct rules_loc here(const struct rules_read *rd, int col)
{
    struct rules_loc l = {rd->file, rd->line, col};
    return l;
}

static int valid_name(const char *p, size_t n)
{
    if (n == 0 || n > TT_RULE_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return 0;
    }
    return 1;
}

/* A "[...]" line: must be "[rule NAME]" with a new name. */
static int section_line(struct rules_read *rd, const char *p, size_t n, int col)
{
    struct tt_rules *r = rd->r;
    struct rules_loc at = here(rd, col);
    if (n < 2 || p[n - 1] != ']') {
        loc_error(r, at, rd->err, rd->errlen, "section header without ']'");
        return TT_ERR;
    }
    const char *in = p + 1;
    size_t il = n - 2;
    while (il && (*in == ' ' || *in == '\t'))
        in++, il--;
    while (il && (in[il - 1] == ' ' || in[il - 1] == '\t'))
        il--;
    if (il < 5 || memcmp(in, "rule", 4) != 0 || (in[4] != ' ' && in[4] != '\t')) {
        loc_error(r, at, rd->err, rd->errlen, "unknown section [%.*s] (a rules file has only [rule NAME] sections)",
                  (int)TT_MIN(il, (size_t)60), in);
        return TT_ERR;
    }
    const char *name = in + 4;
    size_t nl = il - 4;
    while (nl && (*name == ' ' || *name == '\t'))
        name++, nl--;
    if (!valid_name(name, nl)) {
        loc_error(r, at, rd->err, rd->errlen, "rule name '%.*s' must be 1-%d characters of A-Z a-z 0-9 . _ -",
                  (int)TT_MIN(nl, (size_t)80), name, TT_RULE_NAME_MAX);
        return TT_ERR;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (strlen(r->rule[i].name) == nl && memcmp(r->rule[i].name, name, nl) == 0) {
            const struct rule *o = &r->rule[i];
            loc_error(r, at, rd->err, rd->errlen, "rule '%.*s' is already defined at %s:%d", (int)nl, name,
                      r->files[o->at.file], o->at.line);
            return TT_ERR;
        }
    }
    if (r->n >= TT_RULES_MAX) {
        loc_error(r, at, rd->err, rd->errlen, "more than %d rules", TT_RULES_MAX);
        return TT_ERR;
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->rule = tt_realloc(r->rule, r->cap * sizeof(*r->rule));
    }
    struct rule *ru = &r->rule[r->n++];
    memset(ru, 0, sizeof(*ru));
    memcpy(ru->name, name, nl);
    ru->name[nl] = '\0';
    ru->at = at;
    ru->verdict = TT_VERDICT_COUNT; /* not given yet */
    rd->rule = ru;
    rd->last_key = KEY_COUNT;
    return TT_OK;
}

/* inih's line reader: hands over one raw line, checking it on the way. */
static char *rules_reader(char *str, int num, void *stream)
{
    struct rules_read *rd = stream;
    if (rd->failed || rd->pos >= rd->len)
        return NULL;
    const char *p = rd->text + rd->pos, *nl = memchr(p, '\n', rd->len - rd->pos);
    size_t n = nl ? (size_t)(nl - p) : rd->len - rd->pos;
    rd->pos += n + (nl ? 1 : 0);
    rd->line++;
    rd->cur = p;
    rd->cur_len = n;
    if (n && p[n - 1] == '\r')
        rd->cur_len--;
    /* inih needs room for the newline and the NUL as well. */
    if (num < 3 || n + 2 > (size_t)num) {
        loc_error(rd->r, here(rd, num - 2), rd->err, rd->errlen,
                  "line longer than %d bytes (continue a long match on indented lines)", num - 3);
        rd->failed = 1;
        return NULL;
    }
    size_t k = 0;
    while (k < rd->cur_len && (p[k] == ' ' || p[k] == '\t'))
        k++;
    if (k == 0 && k < rd->cur_len && p[k] == '[') {
        size_t e = rd->cur_len;
        while (e > k && (p[e - 1] == ' ' || p[e - 1] == '\t'))
            e--;
        /* an inline comment after the header: "[rule x]   ; note" */
        const char *close = memchr(p, ']', e);
        if (close)
            e = (size_t)(close - p) + 1;
        if (section_line(rd, p, e, 1) != TT_OK) {
            rd->failed = 1;
            return NULL;
        }
    }
    memcpy(str, p, n);
    str[n] = '\n';
    str[n + 1] = '\0';
    return str;
}

/* Column (1-based) of the value on the current raw line. */
static int value_col(const struct rules_read *rd, int continuation)
{
    size_t i = 0;
    if (!continuation) {
        while (i < rd->cur_len && rd->cur[i] != '=' && rd->cur[i] != ':')
            i++;
        if (i < rd->cur_len)
            i++;
    }
    while (i < rd->cur_len && (rd->cur[i] == ' ' || rd->cur[i] == '\t'))
        i++;
    return (int)i + 1;
}

static int key_col(const struct rules_read *rd)
{
    size_t i = 0;
    while (i < rd->cur_len && (rd->cur[i] == ' ' || rd->cur[i] == '\t'))
        i++;
    return (int)i + 1;
}

static int parse_yes_no(const char *v, int *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < TT_ARRAY_LEN(yes); i++) {
        if (!strcmp(v, yes[i]))
            return *out = 1, TT_OK;
        if (!strcmp(v, no[i]))
            return *out = 0, TT_OK;
    }
    return TT_ERR;
}

/* Metrics a rule may count; attack_sources follows from src, the lines_*
 * health counters from the pipeline. */
static int rule_metric_ok(enum tt_metric m)
{
    return m == TT_METRIC_NONE || m == TT_METRIC_EMAILS_BLOCKED || m == TT_METRIC_EMAILS_DELIVERED ||
           m == TT_METRIC_EMAILS_SENT || m == TT_METRIC_ATTACKS_BLOCKED || m == TT_METRIC_CONNECTIONS_ALLOWED ||
           m == TT_METRIC_IDS_ALERTS;
}

static void append_match(struct rules_read *rd, struct rule *ru, const char *v, int col)
{
    size_t vl = strlen(v);
    if (ru->match_len + vl > TT_RULE_MATCH_MAX) {
        loc_error(rd->r, here(rd, col), rd->err, rd->errlen, "match longer than %d bytes", TT_RULE_MATCH_MAX);
        rd->failed = 1;
        return;
    }
    if (ru->n_pieces >= RULES_PIECES) {
        loc_error(rd->r, here(rd, col), rd->err, rd->errlen, "match spans more than %d lines", RULES_PIECES);
        rd->failed = 1;
        return;
    }
    ru->piece[ru->n_pieces].loc = here(rd, col);
    ru->piece[ru->n_pieces++].at = ru->match_len;
    ru->match = tt_realloc(ru->match, ru->match_len + vl + 1);
    memcpy(ru->match + ru->match_len, v, vl + 1);
    ru->match_len += vl;
}

/* One "key = value" (or a continuation line of the previous key). */
static int set_value(struct rules_read *rd, struct rule *ru, enum rule_key k, const char *v, int col)
{
    struct tt_rules *r = rd->r;
    struct rules_loc at = here(rd, col);
    const char *what = NULL;
    switch (k) {
    case KEY_PROGRAM:
        if (!*v || strpbrk(v, " \t"))
            what = "program must be one word (the syslog program name, exact)";
        else
            ru->program = tt_strdup(v), ru->program_len = strlen(v);
        break;
    case KEY_MATCH:
        if (!*v)
            what = "match is empty";
        else
            append_match(rd, ru, v, col);
        break;
    case KEY_VERDICT:
        if (!strcmp(v, "blocked"))
            ru->verdict = TT_VERDICT_BLOCKED;
        else if (!strcmp(v, "allowed"))
            ru->verdict = TT_VERDICT_ALLOWED;
        else if (!strcmp(v, "other"))
            ru->verdict = TT_VERDICT_OTHER;
        else
            what = "unknown verdict (blocked, allowed or other)";
        break;
    case KEY_METRIC:
        if (strcmp(v, "none") == 0)
            ru->metric = TT_METRIC_NONE;
        else if (tt_metric_from_name(v, &ru->metric) != TT_OK || !rule_metric_ok(ru->metric))
            what = "unknown metric (emails_blocked, emails_delivered, emails_sent, attacks_blocked, "
                   "connections_allowed, ids_alerts or none)";
        break;
    case KEY_REASON:
        if (tt_reason_from_name(v, &ru->reason) != TT_OK || ru->reason == TT_REASON_NONE ||
            ru->reason > TT_REASON_IPS)
            what = "unknown reason (spam, malware, phishing, policy, reputation, firewall or ips)";
        break;
    case KEY_OVERRIDE:
        if (parse_yes_no(v, &ru->override) != TT_OK)
            what = "override is yes or no";
        break;
    case KEY_TIME_FORMAT:
        if (!*v || strlen(v) > 64)
            what = "time_format must be 1-64 characters";
        else if (strstr(v, "%s"))
            what = "time_format: write 'epoch' for seconds since 1970 (%s would be read in the system zone)";
        else
            ru->time_format = tt_strdup(v);
        break;
    default: what = "internal: unknown key"; break;
    }
    if (what) {
        loc_error(r, at, rd->err, rd->errlen, "rule '%s': %s, not '%.80s'", ru->name, what, v);
        return TT_ERR;
    }
    return rd->failed ? TT_ERR : TT_OK;
}

static int rules_handler(void *user, const char *section, const char *name, const char *value)
{
    struct rules_read *rd = user;
    (void)section; /* checked by the reader, which also knows its line */
    if (rd->failed)
        return 0;
    int cont = rd->cur_len && (rd->cur[0] == ' ' || rd->cur[0] == '\t');
    struct rule *ru = rd->rule;
    if (!ru) {
        loc_error(rd->r, here(rd, key_col(rd)), rd->err, rd->errlen, "'%s' outside a [rule NAME] section", name);
        rd->failed = 1;
        return 0;
    }
    if (cont) {
        if (rd->last_key != KEY_MATCH) {
            loc_error(rd->r, here(rd, key_col(rd)), rd->err, rd->errlen,
                      "indented line: only match continues on the next lines");
            rd->failed = 1;
            return 0;
        }
        append_match(rd, ru, value, value_col(rd, 1));
        return rd->failed ? 0 : 1;
    }
    enum rule_key k = KEY_COUNT;
    for (int i = 0; i < KEY_COUNT; i++)
        if (!strcmp(name, rules_key_names[i]))
            k = (enum rule_key)i;
    if (k == KEY_COUNT) {
        const char *s = tt_suggest(name, rules_key_names, KEY_COUNT);
        loc_error(rd->r, here(rd, key_col(rd)), rd->err, rd->errlen, "rule '%s': unknown key '%s'%s%s%s", ru->name,
                  name, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
        rd->failed = 1;
        return 0;
    }
    if (ru->key[k].line) {
        loc_error(rd->r, here(rd, key_col(rd)), rd->err, rd->errlen, "rule '%s': %s given twice (first on line %d)",
                  ru->name, name, ru->key[k].line);
        rd->failed = 1;
        return 0;
    }
    ru->key[k] = here(rd, value_col(rd, 0));
    rd->last_key = k;
    if (set_value(rd, ru, k, value, ru->key[k].col) != TT_OK) {
        rd->failed = 1;
        return 0;
    }
    return 1;
}

static int add_file_name(struct tt_rules *r, const char *name)
{
    if (r->n_files == r->cap_files) {
        r->cap_files = r->cap_files ? r->cap_files * 2 : 8;
        r->files = tt_realloc(r->files, r->cap_files * sizeof(*r->files));
    }
    r->files[r->n_files] = tt_strdup(name);
    return (int)r->n_files++;
}

static int parse_text(struct tt_rules *r, const char *text, size_t len, const char *name, char *err, size_t errlen)
{
    int file = add_file_name(r, name);
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line = 1;
        for (const char *p = text; p < nul; p++)
            line += *p == '\n';
        struct rules_loc at = {file, line, 0};
        loc_error(r, at, err, errlen, "NUL byte in the file");
        return TT_ERR;
    }
    struct rules_read rd;
    memset(&rd, 0, sizeof(rd));
    rd.r = r;
    rd.file = file;
    rd.text = text;
    rd.len = len;
    rd.last_key = KEY_COUNT;
    rd.err = err;
    rd.errlen = errlen;
    int line = ini_parse_stream(rules_reader, &rd, rules_handler, &rd);
    if (rd.failed)
        return TT_ERR;
    if (line != 0) {
        struct rules_loc at = {file, line > 0 ? line : 0, 0};
        loc_error(r, at, err, errlen, line > 0 ? "expected 'key = value' or '[rule NAME]'" : "cannot be read");
        return TT_ERR;
    }
    return TT_OK;
}

static int read_file(struct tt_rules *r, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "--rules: cannot read %s: %s", path, strerror(errno));
        return TT_ERR;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            if (cap >= RULES_FILE_MAX) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "--rules: %s is larger than %u bytes", path, RULES_FILE_MAX);
                return TT_ERR;
            }
            cap = cap ? cap * 2 : 8192;
            text = tt_realloc(text, cap);
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    int rc = TT_ERR;
    if (bad)
        snprintf(err, errlen, "--rules: cannot read %s", path);
    else
        rc = parse_text(r, text ? text : "", len, path, err, errlen);
    free(text);
    return rc;
}

static int conf_name(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".conf") == 0;
}

static int read_path(struct tt_rules *r, const char *path, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        snprintf(err, errlen, "--rules: cannot read %s: %s", path, strerror(errno));
        return TT_ERR;
    }
    if (!S_ISDIR(sb.st_mode))
        return read_file(r, path, err, errlen);
    struct dirent **list = NULL;
    int n = scandir(path, &list, conf_name, alphasort);
    if (n < 0) {
        snprintf(err, errlen, "--rules: cannot list %s: %s", path, strerror(errno));
        return TT_ERR;
    }
    int rc = TT_OK;
    for (int i = 0; i < n; i++) {
        if (rc == TT_OK) {
            char file[4096];
            snprintf(file, sizeof(file), "%s/%s", path, list[i]->d_name);
            rc = read_file(r, file, err, errlen);
        }
        free(list[i]);
    }
    free(list);
    return rc;
}

/* ---- checking and compiling -------------------------------------------- */

/* Where byte off of rule ru's pattern is in its file. */
static struct rules_loc match_loc(const struct rule *ru, size_t off)
{
    int k = 0;
    while (k + 1 < ru->n_pieces && ru->piece[k + 1].at <= off)
        k++;
    struct rules_loc l = ru->piece[k].loc;
    l.col += (int)(off - ru->piece[k].at);
    return l;
}

/* The verdict, metric and reason of one rule fit together. */
static int check_meaning(const struct tt_rules *r, const struct rule *ru, char *err, size_t errlen)
{
    if (!ru->match) {
        loc_error(r, ru->at, err, errlen, "rule '%s' has no match", ru->name);
        return TT_ERR;
    }
    if (ru->verdict == TT_VERDICT_COUNT) {
        loc_error(r, ru->at, err, errlen, "rule '%s' has no verdict (blocked, allowed or other)", ru->name);
        return TT_ERR;
    }
    struct rules_loc mat = ru->key[KEY_METRIC].line ? ru->key[KEY_METRIC] : ru->at;
    struct rules_loc rat = ru->key[KEY_REASON].line ? ru->key[KEY_REASON] : mat;
    const char *mn = ru->metric == TT_METRIC_NONE ? "none" : tt_metric_name(ru->metric);
    if (tt_metric_has_reasons(ru->metric) && ru->reason == TT_REASON_NONE) {
        loc_error(r, rat, err, errlen, "rule '%s': metric %s needs a reason (%s)", ru->name, mn,
                  ru->metric == TT_METRIC_ATTACKS_BLOCKED ? "firewall or ips"
                                                          : "spam, malware, phishing, policy or reputation");
        return TT_ERR;
    }
    if (ru->reason != TT_REASON_NONE && !tt_metric_has_reason(ru->metric, ru->reason)) {
        loc_error(r, rat, err, errlen, "rule '%s': reason %s is not a reason of metric %s", ru->name,
                  tt_reason_name(ru->reason), mn);
        return TT_ERR;
    }
    int blocks = ru->metric == TT_METRIC_EMAILS_BLOCKED || ru->metric == TT_METRIC_ATTACKS_BLOCKED;
    if (ru->metric != TT_METRIC_NONE && (ru->verdict == TT_VERDICT_OTHER || blocks != (ru->verdict == TT_VERDICT_BLOCKED))) {
        loc_error(r, mat, err, errlen, "rule '%s': metric %s does not go with verdict %s", ru->name, mn,
                  tt_verdict_name(ru->verdict));
        return TT_ERR;
    }
    return TT_OK;
}

/* PCRE2 compile and the named groups. */
static int compile_pcre(const struct tt_rules *r, struct rule *ru, char *err, size_t errlen)
{
    int code;
    PCRE2_SIZE off;
    ru->re = pcre2_compile((PCRE2_SPTR)ru->match, ru->match_len, 0, &code, &off, NULL);
    if (!ru->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof(msg));
        loc_error(r, match_loc(ru, off), err, errlen, "rule '%s': bad regular expression: %s", ru->name,
                  (const char *)msg);
        return TT_ERR;
    }
    int s = pcre2_substring_number_from_name(ru->re, (PCRE2_SPTR) "src");
    int t = pcre2_substring_number_from_name(ru->re, (PCRE2_SPTR) "time");
    if (s == PCRE2_ERROR_NOUNIQUESUBSTRING || t == PCRE2_ERROR_NOUNIQUESUBSTRING) {
        loc_error(r, match_loc(ru, 0), err, errlen, "rule '%s': a group name src or time is used twice", ru->name);
        return TT_ERR;
    }
    ru->g_src = s > 0 ? (uint32_t)s : 0;
    ru->g_time = t > 0 ? (uint32_t)t : 0;
    if (ru->g_time && !ru->time_format) {
        loc_error(r, match_loc(ru, 0), err, errlen, "rule '%s': a (?<time>...) group needs time_format", ru->name);
        return TT_ERR;
    }
    if (!ru->g_time && ru->time_format) {
        loc_error(r, ru->key[KEY_TIME_FORMAT], err, errlen, "rule '%s': time_format without a (?<time>...) group",
                  ru->name);
        return TT_ERR;
    }
    if (ru->metric == TT_METRIC_ATTACKS_BLOCKED && ru->reason == TT_REASON_FIREWALL && !ru->g_src) {
        loc_error(r, match_loc(ru, 0), err, errlen,
                  "rule '%s': a firewall block needs a (?<src>...) group (attacks count only for sources outside "
                  "--home-net)",
                  ru->name);
        return TT_ERR;
    }
    /* JIT when the platform has it; the interpreter otherwise. */
    (void)pcre2_jit_compile(ru->re, PCRE2_JIT_COMPLETE);
    return TT_OK;
}

/* One Vectorscan database of the rules whose index is in ids[0..n). */
static int compile_hs(const struct tt_rules *r, const unsigned *ids, unsigned n, hs_database_t **out, char *err,
                      size_t errlen)
{
    const char **pats = tt_malloc(n * sizeof(*pats));
    for (unsigned i = 0; i < n; i++)
        pats[i] = r->rule[ids[i]].match;
    char msg[512];
    int expr = -1;
    int rc = tt_rules_hs_compile(pats, ids, n, rules_compile_limit_s, out, &expr, msg, sizeof(msg));
    free(pats);
    if (rc == TT_OK)
        return TT_OK;
    if (expr >= 0 && (unsigned)expr < n) {
        const struct rule *ru = &r->rule[ids[expr]];
        loc_error(r, match_loc(ru, 0), err, errlen, "rule '%s': Vectorscan cannot compile this match: %s", ru->name,
                  msg);
    } else if (n == 1) {
        const struct rule *ru = &r->rule[ids[0]];
        loc_error(r, match_loc(ru, 0), err, errlen, "rule '%s': %s", ru->name, msg);
    } else {
        snprintf(err, errlen, "--rules: %u rules together: %s", n, msg);
    }
    return TT_ERR;
}

static int finish(struct tt_rules *r, char *err, size_t errlen)
{
    uint32_t groups = 1;
    for (size_t i = 0; i < r->n; i++) {
        struct rule *ru = &r->rule[i];
        if (check_meaning(r, ru, err, errlen) != TT_OK || compile_pcre(r, ru, err, errlen) != TT_OK)
            return TT_ERR;
        uint32_t c = 0;
        pcre2_pattern_info(ru->re, PCRE2_INFO_CAPTURECOUNT, &c);
        groups = TT_MAX(groups, c + 1);
        r->head.n_override += (size_t)ru->override;
    }
    if (r->n == 0)
        return TT_OK;
    for (size_t i = 0; i < r->n; i++) {
        long at = tt_rules_pattern_too_heavy(r->rule[i].match, r->rule[i].match_len);
        if (at >= 0) {
            loc_error(r, match_loc(&r->rule[i], (size_t)at), err, errlen,
                      "rule '%s': repeat counts too large for one log rule (Vectorscan would compile it for "
                      "too long); use + or * or smaller {n,m}",
                      r->rule[i].name);
            return TT_ERR;
        }
    }
    if (hs_valid_platform() != HS_SUCCESS) {
        snprintf(err, errlen, "--rules: Vectorscan does not support this CPU");
        return TT_ERR;
    }
    unsigned *ids = tt_malloc(r->n * sizeof(*ids));
    for (size_t i = 0; i < r->n; i++)
        ids[i] = (unsigned)i;
    int rc = compile_hs(r, ids, (unsigned)r->n, &r->db_all, err, errlen);
    r->first_all = 0;
    if (rc == TT_OK && r->head.n_override) {
        unsigned k = 0;
        for (size_t i = 0; i < r->n; i++)
            if (r->rule[i].override)
                ids[k++] = (unsigned)i;
        r->first_over = ids[0];
        rc = compile_hs(r, ids, k, &r->db_over, err, errlen);
    }
    free(ids);
    if (rc != TT_OK)
        return TT_ERR;
    if (hs_alloc_scratch(r->db_all, &r->scratch) != HS_SUCCESS ||
        (r->db_over && hs_alloc_scratch(r->db_over, &r->scratch) != HS_SUCCESS)) {
        snprintf(err, errlen, "--rules: out of memory for the Vectorscan scratch");
        return TT_ERR;
    }
    r->md = pcre2_match_data_create(groups, NULL);
    r->mctx = pcre2_match_context_create(NULL);
    if (!r->md || !r->mctx) {
        snprintf(err, errlen, "--rules: out of memory for PCRE2 match data");
        return TT_ERR;
    }
    /* A regex that backtracks badly on some line costs that line a bounded
     * effort (then counts without its groups), never a stalled collector. */
    pcre2_set_match_limit(r->mctx, 200000);
    pcre2_set_depth_limit(r->mctx, 10000);
    return TT_OK;
}

static struct tt_rules *load_done(struct tt_rules *r, int rc, char *err, size_t errlen)
{
    if (rc == TT_OK)
        rc = finish(r, err, errlen);
    if (rc == TT_OK)
        return r;
    tt_rules_destroy(r);
    return NULL;
}

struct tt_rules *tt_rules_load(const char *const *paths, size_t n_paths, char *err, size_t errlen)
{
    struct tt_rules *r = tt_calloc(1, sizeof(*r));
    int rc = TT_OK;
    for (size_t i = 0; i < n_paths && rc == TT_OK; i++)
        rc = read_path(r, paths[i], err, errlen);
    return load_done(r, rc, err, errlen);
}

struct tt_rules *tt_rules_parse(const char *text, size_t len, const char *name, char *err, size_t errlen)
{
    struct tt_rules *r = tt_calloc(1, sizeof(*r));
    return load_done(r, parse_text(r, text, len, name, err, errlen), err, errlen);
}

void tt_rules_destroy(struct tt_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->rule[i].program);
        free(r->rule[i].match);
        free(r->rule[i].time_format);
        pcre2_code_free(r->rule[i].re);
    }
    free(r->rule);
    for (size_t i = 0; i < r->n_files; i++)
        free(r->files[i]);
    free(r->files);
    hs_free_database(r->db_all);
    hs_free_database(r->db_over);
    hs_free_scratch(r->scratch);
    pcre2_match_data_free(r->md);
    pcre2_match_context_free(r->mctx);
    free(r);
}

size_t tt_rules_count(const struct tt_rules *r)
{
    return r ? r->n : 0;
}

const char *tt_rules_name(const struct tt_rules *r, size_t i)
{
    return r && i < r->n ? r->rule[i].name : NULL;
}

uint64_t tt_rules_hits(const struct tt_rules *r, size_t i)
{
    return r && i < r->n ? r->rule[i].hits : 0;
}

void tt_rules_carry_hits(struct tt_rules *r, const struct tt_rules *old)
{
    if (!r || !old)
        return;
    for (size_t i = 0; i < r->n; i++)
        for (size_t j = 0; j < old->n; j++)
            if (!strcmp(r->rule[i].name, old->rule[j].name))
                r->rule[i].hits += old->rule[j].hits;
}

/* ---- matching ---------------------------------------------------------- */

int tt_rules_parse_time(const char *format, const char *p, size_t len, struct tt_stamp *out)
{
    memset(out, 0, sizeof(*out));
    if (!strcmp(format, "iso8601"))
        return len && tt_parse_iso8601(p, len, out) == len ? TT_OK : TT_ERR;
    if (!strcmp(format, "bsd"))
        return len && tt_parse_bsd_stamp(p, len, out) == len ? TT_OK : TT_ERR;
    if (len == 0 || len >= RULES_TIME_MAX)
        return TT_ERR;
    if (!strcmp(format, "epoch")) {
        int64_t v = 0;
        size_t i = 0;
        for (; i < len && p[i] >= '0' && p[i] <= '9' && i < 12; i++)
            v = v * 10 + (p[i] - '0');
        if (i == 0 || (i < len && p[i] != '.'))
            return TT_ERR;
        out->kind = TT_STAMP_EPOCH;
        out->epoch_s = v;
        return TT_OK;
    }
    char buf[RULES_TIME_MAX];
    memcpy(buf, p, len);
    buf[len] = '\0';
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    const char *end = strptime(buf, format, &tm);
    if (!end || *end)
        return TT_ERR;
    int has_year = strstr(format, "%Y") || strstr(format, "%y") || strstr(format, "%F") || strstr(format, "%D") ||
                   strstr(format, "%G");
    out->kind = strstr(format, "%z") ? TT_STAMP_OFFSET : TT_STAMP_LOCAL;
    out->offset_s = out->kind == TT_STAMP_OFFSET ? (int32_t)tm.tm_gmtoff : 0;
    out->year = has_year ? (int16_t)(tm.tm_year + 1900) : 0;
    out->mon = (uint8_t)(tm.tm_mon + 1);
    out->mday = (uint8_t)tm.tm_mday;
    out->hour = (uint8_t)tm.tm_hour;
    out->min = (uint8_t)tm.tm_min;
    out->sec = (uint8_t)(tm.tm_sec > 59 ? 59 : tm.tm_sec);
    if (out->mday == 0)
        return TT_ERR; /* a format without a day gives no usable time */
    return TT_OK;
}

/* What the Vectorscan callback needs. */
struct rules_scan {
    const struct rule *rule; /* the set's rules */
    struct tt_slice prog;    /* the line's program, for program filters */
    unsigned best;           /* lowest matching rule so far, UINT_MAX none */
    unsigned first;          /* lowest id of the database: stop when seen */
};

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ud)
{
    (void)from, (void)to, (void)flags;
    struct rules_scan *s = ud;
    if (id >= s->best)
        return 0;
    const struct rule *ru = &s->rule[id];
    if (ru->program && (ru->program_len != s->prog.len || memcmp(ru->program, s->prog.p, s->prog.len) != 0))
        return 0;
    s->best = id;
    return id == s->first; /* nonzero stops the scan: nothing can beat it */
}

/* PCRE2 for the winner: src and time. Returns TT_ERR when the time group
 * does not parse (the line is then unparsed, bad_time). */
static int read_groups(struct tt_rules *r, const struct rule *ru, struct tt_slice msg, struct tt_event *ev)
{
    int rc = pcre2_match(ru->re, (PCRE2_SPTR)msg.p, msg.len, 0, 0, r->md, r->mctx);
    if (rc <= 0)
        return TT_OK; /* limits hit or engines disagree: counted, without groups */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    uint32_t n = (uint32_t)rc;
    if (ru->g_src && ru->g_src < n && ov[2 * ru->g_src] != PCRE2_UNSET) {
        size_t a = ov[2 * ru->g_src], b = ov[2 * ru->g_src + 1];
        if (tt_addr_parse(msg.p + a, b - a, &ev->src) != TT_OK)
            memset(&ev->src, 0, sizeof(ev->src));
    }
    if (ru->g_time && ru->g_time < n && ov[2 * ru->g_time] != PCRE2_UNSET) {
        size_t a = ov[2 * ru->g_time], b = ov[2 * ru->g_time + 1];
        if (tt_rules_parse_time(ru->time_format, msg.p + a, b - a, &ev->stamp) != TT_OK)
            return TT_ERR;
        ev->has_stamp = 1;
    }
    return TT_OK;
}

int tt_rules_apply(struct tt_rules *r, int override_only, const struct tt_parse_ctx *ctx,
                   const struct tt_envelope *env, struct tt_event *ev)
{
    hs_database_t *db = override_only ? r->db_over : r->db_all;
    if (!db)
        return -1;
    struct rules_scan s = {r->rule, env->app, UINT_MAX, override_only ? r->first_over : r->first_all};
    /* The whole line, header included: what the user sees in the file is
     * what the regex is written against, whatever the envelope made of a
     * vendor's own header. */
    struct tt_slice line = env->line;
    unsigned len = (unsigned)TT_MIN(line.len, (size_t)UINT_MAX);
    hs_error_t hrc = hs_scan(db, line.p ? line.p : "", len, 0, r->scratch, on_match, &s);
    if ((hrc != HS_SUCCESS && hrc != HS_SCAN_TERMINATED) || s.best == UINT_MAX)
        return -1;
    struct rule *ru = &r->rule[s.best];
    ru->hits++;
    /* Over a built-in parser, its reading of the vendor's own timestamp
     * stays unless the rule has a time group. */
    struct tt_stamp stamp = ev->stamp;
    int had_stamp = override_only && ev->has_stamp;
    tt_event_reset(ev);
    if (had_stamp) {
        ev->stamp = stamp;
        ev->has_stamp = 1;
    }
    ev->verdict = ru->verdict;
    ev->metric = ru->metric;
    ev->reason = ru->reason;
    ev->why = "site rule";
    if ((ru->g_src || ru->g_time) && read_groups(r, ru, line, ev) != TT_OK) {
        tt_event_reset(ev);
        ev->verdict = TT_VERDICT_UNPARSED;
        ev->reason = TT_REASON_BAD_TIME;
        return (int)s.best;
    }
    if (ru->metric == TT_METRIC_ATTACKS_BLOCKED && ru->reason == TT_REASON_FIREWALL) {
        if (!ev->src.family) {
            /* No usable source: the home-net test cannot be made. */
            ev->verdict = TT_VERDICT_UNPARSED;
            ev->metric = TT_METRIC_NONE;
            ev->reason = TT_REASON_MALFORMED;
        } else if (ctx && ctx->home_net && tt_cidr_set_contains(ctx->home_net, &ev->src)) {
            ev->metric = TT_METRIC_NONE;
            ev->reason = TT_REASON_NONE;
            ev->why = "site rule: outbound/internal deny, not an attack";
        }
    }
    return (int)s.best;
}
