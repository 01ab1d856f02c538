/* SPDX-License-Identifier: MIT
 *
 * test_collector_options.c -- the collector's option table
 * (collector/settings.c, options as data) against its man page and its own
 * rules: every option of the table is documented in man/threattally-
 * collector.1 under OPTIONS with the same short name and argument name, and
 * every option there is in the table; a default the table applies is the one
 * the man page states; defaults pass the table's own checks; config keys
 * are the long names (command-line-only options have none); the default
 * --home-net is the built-in home set. Run from the top of the tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/collector.h"
#include "common/net.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAN_PATH "man/threattally-collector.1"
#define MAN_MAX 128

/* One option as the man page documents it. */
struct man_opt {
    char name[64];     /* long name */
    char short_name;   /* single letter, 0 none */
    char metavar[64];  /* argument name, "" for a flag */
    char text[4096];   /* its paragraph, roff removed, without blanks */
    int matched;       /* found in the table */
};

static struct man_opt man[MAN_MAX];
static size_t n_man;

/* Roff to plain text: font changes go, "\-" is "-", quotes go; blanks
 * are dropped too when nospace (for comparing lists written with spaces). */
static void plain(const char *in, char *out, size_t cap, int nospace)
{
    size_t w = 0;
    for (const char *p = in; *p && w + 1 < cap; p++) {
        if (p[0] == '\\' && p[1] == 'f' && p[2]) {
            p += 2;
            continue;
        }
        if (p[0] == '\\' && (p[1] == '-' || p[1] == 'e')) {
            out[w++] = p[1] == '-' ? '-' : '\\';
            p++;
            continue;
        }
        if (*p == '"' || (nospace && isspace((unsigned char)*p)))
            continue;
        out[w++] = *p;
    }
    out[w] = '\0';
}

/* ".B \-F, \-\-follow" or ".BI \-c ", \-\-config " FILE" */
static int parse_head(const char *line, struct man_opt *o)
{
    char t[256];
    plain(line, t, sizeof(t), 0);
    memset(o, 0, sizeof(*o));
    const char *p = strstr(t, "--");
    if (!p)
        return 0;
    const char *dash = strchr(t, '-');
    if (dash && dash < p && isalpha((unsigned char)dash[1])) {
        const char *q = dash + 2;
        while (*q == ' ')
            q++;
        if (*q == ',')
            o->short_name = dash[1];
    }
    p += 2;
    size_t n = strcspn(p, " \t");
    snprintf(o->name, sizeof(o->name), "%.*s", (int)n, p);
    p += n;
    while (*p == ' ' || *p == '\t')
        p++;
    snprintf(o->metavar, sizeof(o->metavar), "%s", p);
    return 1;
}

/* The entries of the OPTIONS section: a .TP followed by a .B/.BI line
 * naming an option starts one; it runs to the next or to the next .SH. */
static void read_man(void)
{
    FILE *f = fopen(MAN_PATH, "r");
    assert_non_null(f); /* run from the top of the tree */
    char line[1024], prev[1024] = "";
    int in_options = 0;
    struct man_opt *cur = NULL;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, ".SH", 3) == 0) {
            in_options = strstr(line, "OPTIONS") != NULL;
            cur = NULL;
        } else if (in_options && strcmp(prev, ".TP") == 0 &&
                   (strncmp(line, ".B ", 3) == 0 || strncmp(line, ".BI ", 4) == 0) && strstr(line, "\\-\\-")) {
            assert_true(n_man < MAN_MAX);
            cur = &man[n_man];
            if (parse_head(line + (line[2] == 'I' ? 4 : 3), cur))
                n_man++;
            else
                cur = NULL;
        } else if (cur) {
            char t[1024];
            plain(line[0] == '.' ? line + strcspn(line, " ") : line, t, sizeof(t), 1);
            strncat(cur->text, t, sizeof(cur->text) - strlen(cur->text) - 1);
        }
        snprintf(prev, sizeof(prev), "%s", line);
    }
    fclose(f);
}

static struct man_opt *man_find(const char *name)
{
    for (size_t i = 0; i < n_man; i++)
        if (strcmp(man[i].name, name) == 0)
            return &man[i];
    return NULL;
}

static void test_table_matches_man_page(void **state)
{
    (void)state;
    read_man();
    assert_true(n_man >= 10); /* the parser found the section */
    for (int i = 0; i < OPT_COUNT; i++) {
        const struct tt_option *o = &collector_options[i];
        struct man_opt *m = man_find(o->name);
        if (!m)
            fail_msg("--%s is in the option table but not in %s", o->name, MAN_PATH);
        m->matched++;
        if (m->short_name != o->short_name)
            fail_msg("--%s: short name '%c' in the table, '%c' in the man page", o->name,
                     o->short_name ? o->short_name : ' ', m->short_name ? m->short_name : ' ');
        const char *mv = o->type == TT_OPT_VALUE ? o->metavar : "";
        if (strcmp(m->metavar, mv) != 0)
            fail_msg("--%s: argument '%s' in the table, '%s' in the man page", o->name, mv, m->metavar);
        if (o->def) {
            char def[256], lower[sizeof(m->text)];
            plain(o->def, def, sizeof(def), 1);
            for (size_t k = 0; k <= strlen(m->text); k++)
                lower[k] = (char)tolower((unsigned char)m->text[k]);
            if (!strstr(m->text, def) || !strstr(lower, "default"))
                fail_msg("--%s: the man page does not state the default '%s'", o->name, o->def);
        }
    }
    for (size_t i = 0; i < n_man; i++)
        if (man[i].matched != 1)
            fail_msg("--%s is in %s %d time(s) in the option table", man[i].name, MAN_PATH, man[i].matched);
}

static void test_defaults_and_keys(void **state)
{
    (void)state;
    static struct collector c;
    char err[512];
    assert_int_equal(tt_options_defaults(collector_options, OPT_COUNT, &c.conf, err, sizeof(err)), TT_OK);
    assert_string_equal(c.conf.format, "auto");
    assert_int_equal(c.conf.flush_ms, 1000);
    assert_int_equal(c.conf.net_opt.tcp_max_conns, 1024);
    for (int i = 0; i < OPT_COUNT; i++) {
        const struct tt_option *o = &collector_options[i];
        int cli_only = i == OPT_HELP || i == OPT_VERSION || i == OPT_CHECK_CONFIG;
        if (cli_only)
            assert_null(o->conf_key);
        else
            assert_string_equal(o->conf_key, o->name);
        if (o->store == TT_STORE_INT || o->store == TT_STORE_LONG)
            assert_true(o->lo <= o->hi);
        assert_false(o->def && o->def_text); /* one default, shown once */
    }
    /* the default home networks are the built-in set */
    struct tt_cidr_set parsed, builtin;
    memset(&parsed, 0, sizeof(parsed));
    assert_int_equal(tt_cidr_set_parse(&parsed, c.conf.home_net_text, err, sizeof(err)), TT_OK);
    tt_cidr_set_default_home(&builtin);
    assert_int_equal(parsed.n, builtin.n);
    assert_memory_equal(parsed.items, builtin.items, builtin.n * sizeof(builtin.items[0]));
}

static void test_store_checks(void **state)
{
    (void)state;
    static struct collector c;
    char err[512];
    const struct tt_option *fl = &collector_options[OPT_FLUSH_MS];
    assert_int_equal(tt_options_store(fl, "250", &c.conf, err, sizeof(err)), TT_OK);
    assert_int_equal(c.conf.flush_ms, 250);
    assert_int_equal(tt_options_store(fl, "9", &c.conf, err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "--flush-interval must be 10..3600000 milliseconds"));
    assert_int_equal(tt_options_store(fl, "12x", &c.conf, err, sizeof(err)), TT_ERR);
    assert_int_equal(c.conf.flush_ms, 250);
    assert_int_equal(tt_options_store(&collector_options[OPT_INSTANCE], "a b", &c.conf, err, sizeof(err)), TT_ERR);
    assert_null(c.conf.instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_matches_man_page),
        cmocka_unit_test(test_defaults_and_keys),
        cmocka_unit_test(test_store_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
