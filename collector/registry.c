/* SPDX-License-Identifier: MIT
 *
 * registry.c -- lookup of the built-in format parsers listed in
 * collector/parsers.def. Adding a format is one parse_<format>.c file, its
 * fixtures and fuzz seeds, and one line in parsers.def.
 */
#include "collector/registry.h"

#include <strings.h>

/* The declarations and the table, both generated from collector/parsers.def. */
#define TT_PARSER(stem, format) extern const struct tt_parser_ops tt_parser_##stem;
#include "collector/parsers.def"
#undef TT_PARSER

/* The order is the --help order only: recognition does not depend on it
 * (collector/pipeline.c ranks the parsers per stream). */
static const struct tt_parser_ops *parsers[] = {
#define TT_PARSER(stem, format) &tt_parser_##stem,
#include "collector/parsers.def"
#undef TT_PARSER
};

/* The --format names as parsers.def spells them, for the fixture check
 * (tt_registry_entry). */
static const struct {
    const char *stem;   /* tt_parser_<stem>, fuzz_parse_<stem>, seeds parse_<stem> */
    const char *format; /* --format name, fixtures in tests/parsers/<format>/ */
} entries[] = {
#define TT_PARSER(stem, format) {#stem, format},
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

void tt_registry_reorder(const size_t *perm)
{
    const struct tt_parser_ops *was[TT_ARRAY_LEN(parsers)];
    memcpy(was, parsers, sizeof(was));
    for (size_t i = 0; i < TT_ARRAY_LEN(parsers); i++)
        parsers[i] = was[perm[i]];
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
