/* SPDX-License-Identifier: MIT
 *
 * options.h -- command-line options declared as tables (name, type, default,
 * help) that drive getopt_long parsing, "unknown option, did you mean ..."
 * and --help, so the three can never disagree.
 */
#ifndef TT_OPTIONS_H
#define TT_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

enum tt_opt_type {
    TT_OPT_FLAG = 0, /* no argument */
    TT_OPT_VALUE,    /* requires an argument */
    TT_OPT_TYPE_COUNT
};

struct tt_option {
    const char *name;      /* long name without "--" */
    char short_name;       /* single-letter alias, 0 for none */
    enum tt_opt_type type; /* flag or value */
    const char *metavar;   /* argument name in --help ("ZONE") */
    const char *def;       /* default shown in --help, NULL for none */
    const char *help;      /* one line */
};

/* Called for each option found: idx into the table and its argument (NULL
 * for flags). Returns TT_OK, or TT_ERR after writing a one-line message. */
typedef int (*tt_option_fn)(int idx, const char *arg, void *ud, char *err, size_t errlen);

/* Parses argv (options may come before or after positional words). The
 * positional words are stored in out_pos (at most max_pos). TT_ERR with a
 * one-line usage message in err. */
int tt_options_parse(const struct tt_option *tab, size_t n, int argc, char **argv, tt_option_fn fn, void *ud,
                     char **out_pos, size_t max_pos, size_t *out_npos, char *err, size_t errlen);

/* Prints the options table, aligned, for --help. */
void tt_options_help(const struct tt_option *tab, size_t n, FILE *f);

/* The candidate closest to word (edit distance at most 2, or a prefix), or
 * NULL: for "did you mean" messages. */
const char *tt_suggest(const char *word, const char *const *candidates, size_t n);

#endif
