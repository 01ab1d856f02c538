/* SPDX-License-Identifier: MIT
 *
 * options.h -- options declared as tables (name, type, default, help, and
 * where the value goes) that drive getopt_long parsing, the config file,
 * "unknown option, did you mean ...", range checks, defaults and --help, so
 * they can never disagree (after Fluent Bit's config_map). A table entry
 * with a store kind and an offsetof() is handled here entirely; one without
 * (TT_STORE_NONE) goes to the program's callback.
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

/* Where a value goes, at offset in the caller's settings struct. */
enum tt_opt_store {
    TT_STORE_NONE = 0, /* the callback handles it */
    TT_STORE_FLAG,     /* int, set to 1 */
    TT_STORE_STRING,   /* const char *: the argument (kept as it is: argv, or a copy of a config value) */
    TT_STORE_INT,      /* int within lo..hi */
    TT_STORE_LONG,     /* long within lo..hi */
    TT_STORE_COUNT
};

struct tt_option {
    const char *name;      /* long name without "--" */
    char short_name;       /* single-letter alias, 0 for none */
    enum tt_opt_type type; /* flag or value */
    const char *metavar;   /* argument name in --help ("ZONE") */
    const char *def;       /* default: applied by tt_options_defaults (when stored) and shown; NULL none */
    const char *help;      /* one line */
    enum tt_opt_store store;        /* where the value goes; TT_STORE_NONE: the callback */
    size_t offset;                  /* ... offsetof() the field in the settings struct */
    long lo, hi;                    /* TT_STORE_INT/LONG: the accepted range */
    const char *unit;               /* ... named in the range message ("milliseconds"), or NULL */
    const char *def_text;           /* default shown in --help when it is not a value ("system zone") */
    const char *conf_key;           /* key in the config file, NULL: command line only */
    int (*check)(const char *arg, char *err, size_t errlen); /* stored strings: extra check, or NULL */
};

/* Called for each option found: idx into the table and its argument (NULL
 * for flags). Returns TT_OK, or TT_ERR after writing a one-line message. */
typedef int (*tt_option_fn)(int idx, const char *arg, void *ud, char *err, size_t errlen);

/* Parses argv (options may come before or after positional words). The
 * positional words are stored in out_pos (at most max_pos). TT_ERR with a
 * one-line usage message in err. */
int tt_options_parse(const struct tt_option *tab, size_t n, int argc, char **argv, tt_option_fn fn, void *ud,
                     char **out_pos, size_t max_pos, size_t *out_npos, char *err, size_t errlen);

/* Stores arg (NULL for flags) where the entry says, after its checks.
 * TT_ERR with a one-line message naming the option. */
int tt_options_store(const struct tt_option *o, const char *arg, void *base, char *err, size_t errlen);
/* Stores the default of every stored entry that has one. */
int tt_options_defaults(const struct tt_option *tab, size_t n, void *base, char *err, size_t errlen);
/* A config file's "key = value": the entry whose conf_key is key gets val
 * through fn (flags take yes/no, true/false, on/off, 1/0; "no" is a no-op;
 * a value is borrowed for the call: fn copies what it keeps). An unknown
 * key is an error with a suggestion among the table's keys and extra_keys
 * (keys the caller handled before). */
int tt_options_conf(const struct tt_option *tab, size_t n, const char *key, const char *val, tt_option_fn fn,
                    void *ud, const char *const *extra_keys, size_t n_extra, char *err, size_t errlen);

/* Prints the options table, aligned, for --help. */
void tt_options_help(const struct tt_option *tab, size_t n, FILE *f);

/* The candidate closest to word (edit distance at most 2, or a prefix), or
 * NULL: for "did you mean" messages. */
const char *tt_suggest(const char *word, const char *const *candidates, size_t n);

#endif
