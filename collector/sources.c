/* SPDX-License-Identifier: MIT
 *
 * sources.c -- the one list of source kinds (source.h), and the walks the
 * main loop makes over it. Adding a kind of source is one file ending in a
 * const struct tt_source_ops and one line here.
 */
#include "collector/source.h"
#include "common/tt.h"

#include <stdio.h>

extern const struct tt_source_ops tt_source_syslog;
extern const struct tt_source_ops tt_source_capture;
extern const struct tt_source_ops tt_source_file;

/* The order of reading in a turn: files first, then the live sources,
 * whose epoll wait is the turn's pause when nothing else had work (the last
 * active kind is the one that may wait). */
static const struct tt_source_ops *const sources_list[] = {
    &tt_source_file,
    &tt_source_syslog,
    &tt_source_capture,
};

size_t tt_source_count(void)
{
    return TT_ARRAY_LEN(sources_list);
}

const struct tt_source_ops *tt_source(size_t i)
{
    return i < TT_ARRAY_LEN(sources_list) ? sources_list[i] : NULL;
}

/* The kind whose claims() takes spec; a kind without claims() (files)
 * takes every word no other kind claims. */
const struct tt_source_ops *tt_source_find(const char *spec)
{
    const struct tt_source_ops *rest = NULL;
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++) {
        if (!sources_list[i]->claims)
            rest = sources_list[i];
        else if (sources_list[i]->claims(spec))
            return sources_list[i];
    }
    return rest;
}

/* Kinds that share a mechanism share their functions (source.h): only the
 * first kind with a given reader is walked, so one epoll set is waited on
 * once per turn. */
static int sources_first_reader(size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (sources_list[j]->read == sources_list[i]->read)
            return 0;
    return 1;
}

int tt_sources_open(struct collector *c, const char *spec, const struct tt_pipeline_config *cfg, char *err,
                    size_t errlen)
{
    return tt_source_find(spec)->open(c, spec, cfg, err, errlen);
}

void tt_sources_start(struct collector *c)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++)
        if (sources_first_reader(i) && sources_list[i]->start)
            sources_list[i]->start(c);
}

size_t tt_sources_read(struct collector *c, int idle_ms, int *out_left)
{
    size_t last = TT_ARRAY_LEN(sources_list);
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++)
        if (sources_first_reader(i) && sources_list[i]->active(c))
            last = i;
    size_t work = 0;
    int left = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++) {
        const struct tt_source_ops *o = sources_list[i];
        if (!sources_first_reader(i) || !o->active(c))
            continue;
        work += o->read(c, i == last && !work && !left ? idle_ms : 0);
        left |= o->left && o->left(c);
    }
    *out_left = left || work;
    return work;
}

int tt_sources_endless(const struct collector *c)
{
    int endless = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++)
        endless |= sources_first_reader(i) && sources_list[i]->endless(c);
    return endless;
}

void tt_sources_check(struct collector *c)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++)
        if (sources_first_reader(i) && sources_list[i]->check)
            sources_list[i]->check(c);
}

int tt_sources_failed(const struct collector *c)
{
    int failed = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++)
        failed |= sources_first_reader(i) && sources_list[i]->failed(c);
    return failed;
}

void tt_sources_close(struct collector *c)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++)
        if (sources_first_reader(i))
            sources_list[i]->close(c);
}

void tt_sources_help(FILE *f)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(sources_list); i++)
        fprintf(f, "  %-8s %s\n  %-8s %s\n", sources_list[i]->name, sources_list[i]->forms, "",
                sources_list[i]->help);
}
