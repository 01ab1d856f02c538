/* SPDX-License-Identifier: MIT
 * test_input.c -- codec detection by content and damaged archives: every
 * byte decoded before the damage is returned, then a clear error or the
 * truncated flag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/input.h"
#include "common/mem.h"
#include "common/tt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static char tmpdir[] = "/tmp/tt-input-XXXXXX";

static char *sample(size_t *out_len)
{
    size_t cap = 300000, len = 0;
    char *p = tt_malloc(cap);
    for (int i = 0; len + 100 < cap; i++)
        len += (size_t)snprintf(p + len, cap - len, "Feb  1 00:%02d:%02d mx postfix/qmgr[1]: Q%06d: removed\n",
                                (i / 60) % 60, i % 60, i);
    *out_len = len;
    return p;
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

static size_t gzip_mem(const char *in, size_t n, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t got = cap - z.avail_out;
    deflateEnd(&z);
    return got;
}

/* Reads everything; returns bytes and sets out_err and out_trunc. */
static char *read_all(const char *path, size_t *out_n, int *out_err, int *out_trunc, enum tt_codec *out_codec)
{
    struct tt_input in;
    assert_int_equal(tt_input_open(&in, path), TT_OK);
    *out_codec = in.codec;
    size_t cap = 1 << 20, n = 0;
    char *buf = tt_malloc(cap);
    for (;;) {
        if (n + 4096 > cap)
            buf = tt_realloc(buf, cap *= 2);
        ssize_t got = tt_input_read(&in, buf + n, 4096);
        if (got <= 0) {
            *out_err = got < 0;
            break;
        }
        n += (size_t)got;
    }
    *out_trunc = in.truncated;
    if (*out_err)
        assert_non_null(strstr(in.errstr, path));
    tt_input_close(&in);
    *out_n = n;
    return buf;
}

static void test_codecs(void **state)
{
    (void)state;
    size_t n;
    char *plain = sample(&n);
    size_t zcap = ZSTD_compressBound(n);
    unsigned char *z = tt_malloc(zcap);
    size_t zn = ZSTD_compress(z, zcap, plain, n, 3);
    unsigned char *g = tt_malloc(n + 1024);
    size_t gn = gzip_mem(plain, n, g, n + 1024);
    char p1[256], p2[256], p3[256];
    snprintf(p1, sizeof(p1), "%s/a.log", tmpdir);
    snprintf(p2, sizeof(p2), "%s/b.bin", tmpdir); /* zstd with a misleading name */
    snprintf(p3, sizeof(p3), "%s/c.log.1", tmpdir);
    write_file(p1, plain, n);
    write_file(p2, z, zn);
    write_file(p3, g, gn);
    const char *paths[] = {p1, p2, p3};
    enum tt_codec want[] = {TT_CODEC_PLAIN, TT_CODEC_ZSTD, TT_CODEC_GZIP};
    for (int i = 0; i < 3; i++) {
        size_t got;
        int err, trunc;
        enum tt_codec codec;
        char *out = read_all(paths[i], &got, &err, &trunc, &codec);
        assert_int_equal(codec, want[i]);
        assert_int_equal(err, 0);
        assert_int_equal(trunc, 0);
        assert_int_equal(got, n);
        assert_memory_equal(out, plain, n);
        free(out);
    }
    free(plain);
    free(z);
    free(g);
}

static void test_truncated_archives(void **state)
{
    (void)state;
    size_t n;
    char *plain = sample(&n);
    size_t zcap = ZSTD_compressBound(n);
    unsigned char *z = tt_malloc(zcap);
    size_t zn = ZSTD_compress(z, zcap, plain, n, 3);
    unsigned char *g = tt_malloc(n + 1024);
    size_t gn = gzip_mem(plain, n, g, n + 1024);
    char p[256];
    size_t got;
    int err, trunc;
    enum tt_codec codec;

    snprintf(p, sizeof(p), "%s/t.zst", tmpdir);
    write_file(p, z, zn / 2);
    char *out = read_all(p, &got, &err, &trunc, &codec);
    assert_true(err || trunc);
    assert_true(got < n);
    assert_memory_equal(out, plain, got); /* what came out is a true prefix */
    free(out);

    snprintf(p, sizeof(p), "%s/t.gz", tmpdir);
    write_file(p, g, gn / 2);
    out = read_all(p, &got, &err, &trunc, &codec);
    assert_true(err || trunc);
    assert_true(got > 0 && got < n);
    assert_memory_equal(out, plain, got);
    free(out);

    /* corruption in the middle of a gzip member: deflate has no per-block
     * check, so some garbage may come out before zlib notices, but it must
     * notice (at the latest at the CRC) and name the file */
    memset(g + gn / 2, 0x55, 64);
    snprintf(p, sizeof(p), "%s/c.gz", tmpdir);
    write_file(p, g, gn);
    out = read_all(p, &got, &err, &trunc, &codec);
    assert_true(err || trunc);
    assert_memory_equal(out, plain, gn / 4); /* well before the damage: intact */
    free(out);
    free(plain);
    free(z);
    free(g);
}

static void test_concatenated_gzip_and_skip(void **state)
{
    (void)state;
    const char *a = "line one\n", *b = "line two\n";
    unsigned char g[512];
    size_t n1 = gzip_mem(a, strlen(a), g, sizeof(g));
    size_t n2 = gzip_mem(b, strlen(b), g + n1, sizeof(g) - n1);
    char p[256];
    snprintf(p, sizeof(p), "%s/cat.gz", tmpdir);
    write_file(p, g, n1 + n2);
    size_t got;
    int err, trunc;
    enum tt_codec codec;
    char *out = read_all(p, &got, &err, &trunc, &codec);
    assert_int_equal(got, 18);
    assert_memory_equal(out, "line one\nline two\n", 18);
    free(out);

    struct tt_input in;
    assert_int_equal(tt_input_open(&in, p), TT_OK);
    assert_int_equal(tt_input_skip(&in, 9), TT_OK);
    char buf[32];
    ssize_t r = tt_input_read(&in, buf, sizeof(buf));
    assert_int_equal(r, 9);
    assert_memory_equal(buf, "line two\n", 9);
    tt_input_close(&in);
}

static void test_open_errors(void **state)
{
    (void)state;
    struct tt_input in;
    assert_int_equal(tt_input_open(&in, "/nonexistent/x.log"), TT_ERR);
    assert_non_null(strstr(in.errstr, "/nonexistent/x.log"));
    tt_input_close(&in);
    assert_int_equal(tt_input_open(&in, tmpdir), TT_ERR);
    assert_non_null(strstr(in.errstr, "directory"));
    tt_input_close(&in);
    char p[256];
    snprintf(p, sizeof(p), "%s/empty", tmpdir);
    write_file(p, "", 0);
    size_t got;
    int err, trunc;
    enum tt_codec codec;
    char *out = read_all(p, &got, &err, &trunc, &codec);
    assert_int_equal(got, 0);
    assert_int_equal(err, 0);
    free(out);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codecs),
        cmocka_unit_test(test_truncated_archives),
        cmocka_unit_test(test_concatenated_gzip_and_skip),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests_name("input", tests, setup, teardown);
}
