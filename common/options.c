/* SPDX-License-Identifier: MIT
 *
 * options.c -- see options.h. getopt_long keeps GNU argument permutation, so
 * `threattally-aggregator query emails_blocked --month 2018-02` works.
 */
#include "common/options.h"
#include "common/mem.h"
#include "common/tt.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = TT_MIN(sub, TT_MIN(del, ins));
        }
        memcpy(prev, cur, sizeof(size_t) * (lb + 1));
    }
    return prev[lb];
}

const char *tt_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d || (!best && strlen(word) >= 3 && strncmp(candidates[i], word, strlen(word)) == 0)) {
            best = candidates[i];
            best_d = d < best_d ? d : best_d;
        }
    }
    return best;
}

int tt_options_parse(const struct tt_option *tab, size_t n, int argc, char **argv, tt_option_fn fn, void *ud,
                     char **out_pos, size_t max_pos, size_t *out_npos, char *err, size_t errlen)
{
    struct option *lo = tt_calloc(n + 1, sizeof(*lo));
    char shorts[2 + 3 * 64] = "-:"; /* '-': positionals in order, ':': report missing args */
    size_t sl = 2;
    for (size_t i = 0; i < n; i++) {
        lo[i].name = tab[i].name;
        lo[i].has_arg = tab[i].type == TT_OPT_VALUE ? required_argument : no_argument;
        lo[i].val = 256 + (int)i;
        if (tab[i].short_name && sl + 3 < sizeof(shorts)) {
            shorts[sl++] = tab[i].short_name;
            if (tab[i].type == TT_OPT_VALUE)
                shorts[sl++] = ':';
        }
    }
    shorts[sl] = '\0';
    *out_npos = 0;
    opterr = 0;
    optind = 1;
    int rc = TT_OK;
    for (;;) {
        int c = getopt_long(argc, argv, shorts, lo, NULL);
        if (c == -1)
            break;
        int idx = -1;
        if (c >= 256) {
            idx = c - 256;
        } else if (c == 1) {
            if (*out_npos >= max_pos) {
                snprintf(err, errlen, "unexpected argument '%s'", optarg);
                rc = TT_ERR;
                break;
            }
            out_pos[(*out_npos)++] = optarg;
            continue;
        } else if (c == ':') {
            snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
            rc = TT_ERR;
            break;
        } else if (c == '?') {
            const char *bad = argv[optind - 1];
            if (strncmp(bad, "--", 2) == 0) {
                char name[64];
                snprintf(name, sizeof(name), "%s", bad + 2);
                char *eq = strchr(name, '=');
                if (eq)
                    *eq = '\0';
                const char **names = tt_calloc(n, sizeof(*names));
                for (size_t i = 0; i < n; i++)
                    names[i] = tab[i].name;
                const char *s = tt_suggest(name, names, n);
                if (s)
                    snprintf(err, errlen, "unknown option '--%s' (did you mean '--%s'?)", name, s);
                else
                    snprintf(err, errlen, "unknown option '--%s' (see --help)", name);
                free(names);
            } else {
                snprintf(err, errlen, "unknown option '-%c' (see --help)", optopt ? optopt : '?');
            }
            rc = TT_ERR;
            break;
        } else {
            for (size_t i = 0; i < n; i++)
                if (tab[i].short_name == c)
                    idx = (int)i;
        }
        if (idx < 0 || fn(idx, optarg, ud, err, errlen) != TT_OK) {
            rc = TT_ERR;
            break;
        }
    }
    /* getopt_long stops at "--": every word after it is positional, even
     * one that starts with '-' (a file named "-x.log"). */
    for (int i = optind; rc == TT_OK && i < argc; i++) {
        if (*out_npos >= max_pos) {
            snprintf(err, errlen, "unexpected argument '%s'", argv[i]);
            rc = TT_ERR;
            break;
        }
        out_pos[(*out_npos)++] = argv[i];
    }
    free(lo);
    return rc;
}

void tt_options_help(const struct tt_option *tab, size_t n, FILE *f)
{
    for (size_t i = 0; i < n; i++) {
        char left[64];
        if (tab[i].short_name)
            snprintf(left, sizeof(left), "-%c, --%s%s%s", tab[i].short_name, tab[i].name,
                     tab[i].type == TT_OPT_VALUE ? " " : "", tab[i].type == TT_OPT_VALUE ? tab[i].metavar : "");
        else
            snprintf(left, sizeof(left), "    --%s%s%s", tab[i].name, tab[i].type == TT_OPT_VALUE ? " " : "",
                     tab[i].type == TT_OPT_VALUE ? tab[i].metavar : "");
        fprintf(f, "  %-28s %s", left, tab[i].help);
        if (tab[i].def || tab[i].def_text)
            fprintf(f, " (default: %s)", tab[i].def ? tab[i].def : tab[i].def_text);
        fputc('\n', f);
    }
}

int tt_options_store(const struct tt_option *o, const char *arg, void *base, char *err, size_t errlen)
{
    char *field = (char *)base + o->offset;
    if (o->store == TT_STORE_FLAG) {
        *(int *)field = 1;
        return TT_OK;
    }
    if (o->store == TT_STORE_STRING) {
        if (o->check && o->check(arg, err, errlen) != TT_OK)
            return TT_ERR;
        *(const char **)field = arg;
        return TT_OK;
    }
    if (o->store != TT_STORE_INT && o->store != TT_STORE_LONG) {
        snprintf(err, errlen, "--%s: not a stored option", o->name);
        return TT_ERR;
    }
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < o->lo || v > o->hi) {
        snprintf(err, errlen, "--%s must be %ld..%ld%s%s, not '%s'", o->name, o->lo, o->hi, o->unit ? " " : "",
                 o->unit ? o->unit : "", arg);
        return TT_ERR;
    }
    if (o->store == TT_STORE_INT)
        *(int *)field = (int)v;
    else
        *(long *)field = v;
    return TT_OK;
}

int tt_options_defaults(const struct tt_option *tab, size_t n, void *base, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if (tab[i].store != TT_STORE_NONE && tab[i].store != TT_STORE_FLAG && tab[i].def &&
            tt_options_store(&tab[i], tab[i].def, base, err, errlen) != TT_OK)
            return TT_ERR;
    return TT_OK;
}

static int conf_flag(const char *val, int *out_on)
{
    static const char *const yes[] = {"yes", "true", "1", "on"}, *const no[] = {"no", "false", "0", "off"};
    for (size_t i = 0; i < TT_ARRAY_LEN(yes); i++) {
        if (strcmp(val, yes[i]) == 0)
            return *out_on = 1, TT_OK;
        if (strcmp(val, no[i]) == 0)
            return *out_on = 0, TT_OK;
    }
    return TT_ERR;
}

int tt_options_conf(const struct tt_option *tab, size_t n, const char *key, const char *val, tt_option_fn fn,
                    void *ud, const char *const *extra_keys, size_t n_extra, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        if (!tab[i].conf_key || strcmp(tab[i].conf_key, key) != 0)
            continue;
        if (tab[i].type == TT_OPT_FLAG) {
            int on;
            if (conf_flag(val, &on) != TT_OK) {
                snprintf(err, errlen, "'%s' is a yes/no setting, not '%s'", key, val);
                return TT_ERR;
            }
            return on ? fn((int)i, NULL, ud, err, errlen) : TT_OK;
        }
        /* val is borrowed for the call: fn copies what it keeps. */
        return fn((int)i, val, ud, err, errlen);
    }
    const char **names = tt_calloc(n + n_extra + 1, sizeof(*names));
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (tab[i].conf_key)
            names[k++] = tab[i].conf_key;
    for (size_t i = 0; i < n_extra; i++)
        names[k++] = extra_keys[i];
    const char *s = tt_suggest(key, names, k);
    snprintf(err, errlen, "unknown setting '%s'%s%s%s", key, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
    free(names);
    return TT_ERR;
}
