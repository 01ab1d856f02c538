/* SPDX-License-Identifier: MIT
 *
 * registry.c -- lookup of the built-in format parsers listed in
 * collector/parsers.def. Adding a format is one parse_<format>.c file, its
 * fixtures and fuzz seeds, and one line in parsers.def.
 */
#include "collector/registry.h"

#include <pthread.h>
#include <strings.h>

_Static_assert(sizeof(uint64_t) * 8 >= TT_PARSERS_MAX, "parser sets are 64-bit masks");

/* The declarations and the table, both generated from collector/parsers.def. */
#define TT_PARSER(stem, format, yields) extern const struct tt_parser_ops tt_parser_##stem;
#include "collector/parsers.def"
#undef TT_PARSER

/* The order is the --help order only: recognition does not depend on it
 * (collector/pipeline.c ranks the parsers per stream). */
static const struct tt_parser_ops *parsers[] = {
#define TT_PARSER(stem, format, yields) &tt_parser_##stem,
#include "collector/parsers.def"
#undef TT_PARSER
};

_Static_assert(sizeof(parsers) / sizeof(parsers[0]) <= TT_PARSERS_MAX, "more parsers than TT_PARSERS_MAX");

/* The same list in parsers.def's order whatever tt_registry_reorder did. */
static const struct tt_parser_ops *const listed[] = {
#define TT_PARSER(stem, format, yields) &tt_parser_##stem,
#include "collector/parsers.def"
#undef TT_PARSER
};

/* The --format names as parsers.def spells them, for the fixture check
 * (tt_registry_entry). */
static const struct {
    const char *stem;   /* tt_parser_<stem>, fuzz_parse_<stem>, seeds parse_<stem> */
    const char *format; /* --format name, fixtures in tests/parsers/<format>/ */
    const char *yields; /* --format names of the parsers that win a line both take */
} entries[] = {
#define TT_PARSER(stem, format, yields) {#stem, format, yields},
#include "collector/parsers.def"
#undef TT_PARSER
};

size_t tt_registry_parser_count(void)
{
    return TT_ARRAY_LEN(parsers);
}

const struct tt_parser_ops *tt_registry_parser(size_t i)
{
    return i < TT_ARRAY_LEN(parsers) ? parsers[i] : NULL;
}

int tt_registry_entry(size_t i, const char **out_stem, const char **out_format)
{
    if (i >= TT_ARRAY_LEN(entries))
        return TT_ERR;
    *out_stem = entries[i].stem;
    *out_format = entries[i].format;
    return TT_OK;
}

/* Derived tables, built once from the list (and again after a test's
 * reorder): the program-name routes as an open-addressing hash (a line's
 * program is looked up once instead of compared with every parser's names),
 * and each parser's "yields" as a mask of registry indices. */
#define ROUTE_SLOTS 256 /* power of two, several times the number of program names */
#define ROUTE_NAME_MAX 31

struct route {
    char name[ROUTE_NAME_MAX + 1]; /* lower case program name, "" free slot */
    uint8_t len;                   /* strlen(name) */
    int8_t parser;                 /* registry index */
};

static struct route routes[ROUTE_SLOTS];
static uint64_t yields_mask[TT_ARRAY_LEN(parsers)];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static uint32_t route_hash(const char *p, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a over the lower-cased name */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)((unsigned char)p[i] | 0x20)) * 16777619u;
    return h;
}

static int parser_index(const struct tt_parser_ops *ops)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(parsers); i++)
        if (parsers[i] == ops)
            return (int)i;
    return -1;
}

/* A program name two parsers claim would make routing depend on the order:
 * the first parser in parsers.def keeps it, and test_fixtures' registry
 * check fails on tt_registry_route_conflicts(). */
static size_t route_conflicts;

static void build_tables(void)
{
    memset(routes, 0, sizeof(routes));
    route_conflicts = 0;
    for (size_t e = 0; e < TT_ARRAY_LEN(entries); e++) {
        const struct tt_parser_ops *ops = listed[e];
        int idx = parser_index(ops);
        for (const char *const *a = ops->apps; a && *a; a++) {
            size_t n = strlen(*a);
            if (n == 0 || n > ROUTE_NAME_MAX)
                continue; /* never matches: tt_registry_route compares at most ROUTE_NAME_MAX bytes */
            uint32_t h = route_hash(*a, n) & (ROUTE_SLOTS - 1);
            while (routes[h].len && !(routes[h].len == n && strncasecmp(routes[h].name, *a, n) == 0))
                h = (h + 1) & (ROUTE_SLOTS - 1);
            if (routes[h].len) {
                route_conflicts += routes[h].parser != idx;
                continue;
            }
            for (size_t k = 0; k < n; k++) {
                unsigned char c = (unsigned char)(*a)[k];
                routes[h].name[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            routes[h].len = (uint8_t)n;
            routes[h].parser = (int8_t)idx;
        }
    }
    for (size_t i = 0; i < TT_ARRAY_LEN(parsers); i++) {
        yields_mask[i] = 0;
        size_t e = 0;
        while (listed[e] != parsers[i])
            e++;
        const char *y = entries[e].yields;
        while (*y) {
            size_t n = strcspn(y, " ");
            for (size_t k = 0; n && k < TT_ARRAY_LEN(parsers); k++)
                if (strlen(parsers[k]->name) == n && strncmp(parsers[k]->name, y, n) == 0 && parsers[k]->probe)
                    yields_mask[i] |= 1ull << k;
            y += n + (y[n] == ' ');
        }
    }
}

int tt_registry_route(struct tt_slice prog)
{
    if (prog.len == 0 || prog.len > ROUTE_NAME_MAX)
        return -1;
    pthread_once(&tables_once, build_tables);
    uint32_t h = route_hash(prog.p, prog.len) & (ROUTE_SLOTS - 1);
    for (; routes[h].len; h = (h + 1) & (ROUTE_SLOTS - 1))
        if (routes[h].len == prog.len && strncasecmp(routes[h].name, prog.p, prog.len) == 0)
            return routes[h].parser;
    return -1;
}

uint64_t tt_registry_yields(size_t i)
{
    pthread_once(&tables_once, build_tables);
    return i < TT_ARRAY_LEN(parsers) ? yields_mask[i] : 0;
}

size_t tt_registry_route_conflicts(void)
{
    pthread_once(&tables_once, build_tables);
    return route_conflicts;
}

void tt_registry_reorder(const size_t *perm)
{
    const struct tt_parser_ops *was[TT_ARRAY_LEN(parsers)];
    pthread_once(&tables_once, build_tables);
    memcpy(was, parsers, sizeof(was));
    for (size_t i = 0; i < TT_ARRAY_LEN(parsers); i++)
        parsers[i] = was[perm[i]];
    build_tables();
}

int tt_registry_find_parser(const char *name)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(parsers); i++)
        if (strcasecmp(parsers[i]->name, name) == 0)
            return (int)i;
    return -1;
}

struct tt_slice tt_app_program(struct tt_slice app, struct tt_slice *out_head)
{
    const char *slash = app.len ? memchr(app.p, '/', app.len) : NULL;
    if (out_head)
        *out_head = slash ? tt_slice_make(app.p, (size_t)(slash - app.p)) : app;
    if (!slash)
        return app;
    const char *last = app.p + app.len;
    const char *s = last;
    while (s > app.p && s[-1] != '/')
        s--;
    return tt_slice_make(s, (size_t)(last - s));
}
