/* SPDX-License-Identifier: MIT
 *
 * test_parallel.c -- collector/parallel.c and the two halves of the
 * pipeline (tt_pipeline_pre/post): every line of every parser fixture
 * (the .log files under tests/parsers/), cut into batches of several sizes and
 * classified by helper threads, gives exactly the result tt_pipeline_line
 * gives on one stream, in the same order; a line for a parser with memory
 * stops its batch there and nowhere else; batches come back in the order
 * they were cut.
 *
 * Environment: TT_SRCDIR (repository root, default ".").
 */
#include "collector/parallel.h"
#include "common/mem.h"
#include "common/net.h"
#include "common/zone.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct corpus {
    char *text;    /* every fixture line, one after the other */
    size_t *off;   /* line starts */
    size_t *len;
    size_t n, cap;
    size_t text_len, text_cap;
};

static void add_line(struct corpus *c, const char *p, size_t len)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->off = tt_realloc(c->off, c->cap * sizeof(*c->off));
        c->len = tt_realloc(c->len, c->cap * sizeof(*c->len));
    }
    if (c->text_len + len > c->text_cap) {
        while (c->text_len + len > c->text_cap)
            c->text_cap = c->text_cap ? c->text_cap * 2 : 1 << 16;
        c->text = tt_realloc(c->text, c->text_cap);
    }
    memcpy(c->text + c->text_len, p, len);
    c->off[c->n] = c->text_len;
    c->len[c->n++] = len;
    c->text_len += len;
}

static void load_file(struct corpus *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        if (n > 0 && line[n - 1] == '\n')
            n--;
        add_line(c, line, (size_t)n);
    }
    free(line);
    fclose(f);
}

/* Every fixture log, directories and files in name order. */
static void load_fixtures(struct corpus *c)
{
    const char *src = getenv("TT_SRCDIR");
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/tests/parsers", src ? src : ".");
    struct dirent **formats;
    int nf = scandir(dir, &formats, NULL, alphasort);
    assert_true(nf > 0);
    for (int i = 0; i < nf; i++) {
        char sub[1400];
        snprintf(sub, sizeof(sub), "%s/%s", dir, formats[i]->d_name);
        struct dirent **files;
        int n = formats[i]->d_name[0] == '.' ? -1 : scandir(sub, &files, NULL, alphasort);
        for (int k = 0; k < n; k++) {
            size_t l = strlen(files[k]->d_name);
            if (l > 4 && strcmp(files[k]->d_name + l - 4, ".log") == 0) {
                char path[1800];
                snprintf(path, sizeof(path), "%s/%s", sub, files[k]->d_name);
                load_file(c, path);
            }
            free(files[k]);
        }
        if (n >= 0)
            free(files);
        free(formats[i]);
    }
    free(formats);
    /* and lines only the pipeline itself judges */
#define ODD(s) {s, sizeof(s) - 1}
    static const struct {
        const char *p;
        size_t len;
    } odd[] = {ODD(""), ODD("a\0binary"), ODD("no timestamp at all"), ODD("caf\xe9 not utf-8")};
#undef ODD
    for (size_t k = 0; k < TT_ARRAY_LEN(odd); k++)
        add_line(c, odd[k].p, odd[k].len);
    assert_true(c->n > 1000);
}

struct env {
    struct tt_zone *zone;
    struct tt_cidr_set home;
    struct tt_pipeline_config cfg;
    struct corpus lines;
};

static int setup(void **state)
{
    struct env *e = tt_calloc(1, sizeof(*e));
    char err[256];
    e->zone = tt_zone_create("UTC", err, sizeof(err));
    assert_non_null(e->zone);
    tt_cidr_set_default_home(&e->home);
    e->cfg.zone = e->zone;
    e->cfg.year = 2018;
    e->cfg.now_s = 1700000000;
    e->cfg.format = -1;
    e->cfg.ctx.home_net = &e->home;
    load_fixtures(&e->lines);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    tt_zone_destroy(e->zone);
    free(e->lines.text);
    free(e->lines.off);
    free(e->lines.len);
    free(e);
    return 0;
}

static void same_result(const struct tt_line_result *a, const struct tt_line_result *b, size_t i)
{
    if (a->parser != b->parser || a->rc != b->rc || a->rule != b->rule || a->utc_s != b->utc_s ||
        a->by_arrival != b->by_arrival || a->by_previous != b->by_previous || a->ev.verdict != b->ev.verdict ||
        a->ev.metric != b->ev.metric || a->ev.reason != b->ev.reason || a->ev.count != b->ev.count ||
        a->ev.tls != b->ev.tls || memcmp(&a->ev.src, &b->ev.src, sizeof(a->ev.src)) != 0)
        fail_msg("line %zu: parser %d/%d verdict %d/%d metric %d/%d reason %d/%d time %lld/%lld", i, a->parser,
                 b->parser, a->ev.verdict, b->ev.verdict, a->ev.metric, b->ev.metric, a->ev.reason, b->ev.reason,
                 (long long)a->utc_s, (long long)b->utc_s);
}

/* The two halves on one thread: pre refuses exactly the lines whose parser
 * has memory; for the rest, post gives tt_pipeline_line's result. */
static void halves_equal_whole(void **state)
{
    struct env *e = *state;
    struct tt_stream whole, ordered, free_st;
    tt_stream_init(&whole, &e->cfg);
    tt_stream_init(&ordered, &e->cfg);
    tt_stream_init(&free_st, &e->cfg);
    free_st.stateless = 1;
    size_t refused = 0;
    for (size_t i = 0; i < e->lines.n; i++) {
        const char *p = e->lines.text + e->lines.off[i];
        size_t len = e->lines.len[i];
        struct tt_line_result want, got;
        tt_pipeline_line(&e->cfg, &whole, p, len, 1500000000, &want);
        struct tt_line_pre pre;
        if (tt_pipeline_pre(&e->cfg, &free_st, p, len, &pre)) {
            tt_pipeline_post(&ordered, &pre, 1500000000, &got);
            assert_true(want.parser < 0 || !tt_registry_parser((size_t)want.parser)->state_create);
        } else {
            refused++; /* a parser with memory was tried (it may not take the line) */
            tt_pipeline_line(&e->cfg, &ordered, p, len, 1500000000, &got);
        }
        same_result(&want, &got, i);
    }
    assert_true(refused > 100 && refused < e->lines.n - 100); /* both kinds are in the fixtures */
    tt_stream_fini(&whole);
    tt_stream_fini(&ordered);
    tt_stream_fini(&free_st);
}

/* The whole machinery as source_file.c drives it, batch sizes from 1 line. */
static void batches_equal_one_thread(void **state)
{
    struct env *e = *state;
    static const size_t sizes[] = {1, 3, 64, 4096};
    static const int threads[] = {2, 3, 2, 4};
    for (size_t s = 0; s < TT_ARRAY_LEN(sizes); s++) {
        struct tt_par *p = tt_par_new(threads[s], sizes[s]);
        assert_non_null(p);
        tt_par_begin(p, &e->cfg);
        struct tt_stream whole, ordered;
        tt_stream_init(&whole, &e->cfg);
        tt_stream_init(&ordered, &e->cfg);
        size_t cut = 0, counted = 0, stops = 0, in_batches = 0;
        for (;;) {
            struct tt_par_batch *b;
            while (cut < e->lines.n && (b = tt_par_slot(p))) {
                assert_int_equal(b->n, 0);
                while (cut < e->lines.n && !tt_par_full(b)) {
                    tt_par_add(b, e->lines.text + e->lines.off[cut], e->lines.len[cut], TT_FRAME_LINE);
                    cut++;
                }
                b->end_lines = cut;
                tt_par_queue(p, b);
            }
            if ((b = tt_par_oldest(p, 0)) == NULL && !tt_par_help(p))
                b = tt_par_oldest(p, 1);
            if (!b) {
                if (!tt_par_in_flight(p))
                    break;
                continue;
            }
            assert_int_equal(b->end_lines, counted + b->n); /* in the order cut */
            assert_true(b->n_pre <= b->n);
            assert_int_equal(b->stopped, b->n_pre < b->n);
            for (size_t i = 0; i < b->n; i++, counted++) {
                const char *line = e->lines.text + e->lines.off[counted];
                assert_memory_equal(b->bytes + b->lines[i].off, line, b->lines[i].len);
                struct tt_line_result want, got;
                tt_pipeline_line(&e->cfg, &whole, line, e->lines.len[counted], 1500000000, &want);
                if (i < b->n_pre)
                    tt_pipeline_post(&ordered, &b->pre[i], 1500000000, &got);
                else
                    tt_pipeline_line(&e->cfg, &ordered, line, e->lines.len[counted], 1500000000, &got);
                same_result(&want, &got, counted);
            }
            stops += (size_t)b->stopped;
            in_batches += b->n_pre;
            tt_par_done(p, b);
        }
        print_message("batches of %zu, %d threads: %zu of %zu lines classified in batches, %zu stops\n", sizes[s],
                      threads[s], in_batches, counted, stops);
        assert_int_equal(counted, e->lines.n);
        assert_true(stops > 0);
        if (sizes[s] <= 64)
            assert_true(in_batches > 100); /* (one batch of all stops at the first Amavis line) */
        tt_stream_fini(&whole);
        tt_stream_fini(&ordered);
        tt_par_free(p);
    }
}

/* A batch is full at its line count or at 2 MiB of lines, whichever first;
 * an over-long line still goes in whole. */
static void batch_limits(void **state)
{
    (void)state;
    struct tt_par *p = tt_par_new(2, 8);
    assert_non_null(p);
    struct tt_par_batch *b = tt_par_slot(p);
    assert_non_null(b);
    for (int i = 0; i < 8; i++) {
        assert_false(tt_par_full(b));
        tt_par_add(b, "x", 1, TT_FRAME_LINE);
    }
    assert_true(tt_par_full(b));
    b = tt_par_slot(p); /* not queued: the same slot, emptied */
    assert_int_equal(b->n, 0);
    size_t big = 3u << 20;
    char *line = tt_malloc(big);
    memset(line, 'y', big);
    tt_par_add(b, line, big, TT_FRAME_TOO_LONG);
    assert_true(tt_par_full(b));
    assert_int_equal(b->lines[0].len, big);
    assert_int_equal(b->bytes[big - 1], 'y');
    free(line);
    assert_int_equal(tt_par_in_flight(p), 0);
    tt_par_free(p);
    assert_null(tt_par_new(1, 8)); /* one thread: the caller reads alone */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(halves_equal_whole),
        cmocka_unit_test(batches_equal_one_thread),
        cmocka_unit_test(batch_limits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
