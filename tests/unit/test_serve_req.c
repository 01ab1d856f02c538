/* SPDX-License-Identifier: MIT
 * test_serve_req.c -- serve's pure request parsing (issue 16): routes,
 * the strict Host check, top_sources, and the window cap it answers 400
 * with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "aggregator/query.h"
#include "aggregator/serve_req.h"
#include "common/time.h"
#include "common/tt.h"

#include <string.h>

static void test_routes(void **state)
{
    (void)state;
    assert_int_equal(serve_route("/"), SERVE_ROUTE_INDEX);
    assert_int_equal(serve_route("/index.html"), SERVE_ROUTE_INDEX);
    assert_int_equal(serve_route("/dashboard.js"), SERVE_ROUTE_ASSET);
    assert_int_equal(serve_route("/api/report"), SERVE_ROUTE_REPORT);
    assert_int_equal(serve_route("/api/query"), SERVE_ROUTE_QUERY);
    assert_int_equal(serve_route("/api/sites"), SERVE_ROUTE_SITES);
    assert_int_equal(serve_route("/metrics"), SERVE_ROUTE_METRICS);
    assert_int_equal(serve_route("/healthz"), SERVE_ROUTE_HEALTHZ);
    assert_int_equal(serve_route("/api/report/"), SERVE_ROUTE_NONE);
    assert_int_equal(serve_route("/api/../metrics"), SERVE_ROUTE_NONE);
    assert_int_equal(serve_route("//"), SERVE_ROUTE_NONE);
    assert_int_equal(serve_route(""), SERVE_ROUTE_NONE);
    assert_int_equal(serve_route(NULL), SERVE_ROUTE_NONE);
}

static void test_host(void **state)
{
    (void)state;
    static const char *const good[] = {"localhost", "LocalHost", "localhost:8080", "127.0.0.1", "127.0.0.1:1",
                                       "[::1]", "[::1]:65535"};
    for (size_t i = 0; i < TT_ARRAY_LEN(good); i++)
        assert_true(serve_host_ok(good[i], "127.0.0.1"));
    static const char *const bad[] = {"[::1]evil.example", "localhost:evil", "localhost:", "localhost:65536",
                                      "localhost:123456", "127.0.0.1.evil.example", "127.0.0.2", "evil.example",
                                      "localhost.", "localhost :80", "", "[::1", "::1", "127.0.0.1:80:80",
                                      "localhost:+80", "localhost:-1"};
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++)
        assert_false(serve_host_ok(bad[i], "127.0.0.1"));
    assert_false(serve_host_ok(NULL, "127.0.0.1"));
    /* the configured listen host */
    assert_true(serve_host_ok("127.0.0.5:8080", "127.0.0.5"));
    assert_false(serve_host_ok("127.0.0.5:8080", "127.0.0.1"));
    assert_true(serve_host_ok("[::1]:80", "::1"));
    assert_true(serve_host_ok("[fd00::1]:80", "fd00::1"));
    assert_false(serve_host_ok("fd00::1", "fd00::1"));
}

static void test_top(void **state)
{
    (void)state;
    long t;
    assert_int_equal(serve_parse_top(NULL, 100, &t), TT_OK);
    assert_int_equal(t, 0);
    assert_int_equal(serve_parse_top("10", 100, &t), TT_OK);
    assert_int_equal(t, 10);
    static const char *const bad[] = {"0", "101", "-1", "+5", " 5", "5 ", "1e2", "99999999999999999999", ""};
    for (size_t i = 0; i < TT_ARRAY_LEN(bad); i++)
        assert_int_equal(serve_parse_top(bad[i], 100, &t), TT_ERR);
}

static void test_window_cap(void **state)
{
    (void)state;
    char err[256];
    struct tt_zone *z = tt_zone_create("UTC", err, sizeof(err));
    assert_non_null(z);
    struct tt_window w;
    int64_t now = tt_timegm(2026, 12, 3, 0, 0, 0);
    struct query_window_args a = {.last = "15000000000000w"};
    assert_int_equal(query_window(&a, z, now, &w, err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "window too long"));
    a.last = "36525d";
    assert_int_equal(query_window(&a, z, now, &w, err, sizeof(err)), TT_OK);
    a.last = "36526d";
    assert_int_equal(query_window(&a, z, now, &w, err, sizeof(err)), TT_ERR);
    struct query_window_args r = {.from = "1900-01-01", .to = "2100-01-01"};
    assert_int_equal(query_window(&r, z, now, &w, err, sizeof(err)), TT_ERR);
    r.from = "2000-01-01";
    assert_int_equal(query_window(&r, z, now, &w, err, sizeof(err)), TT_OK);
    tt_zone_destroy(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_host),
        cmocka_unit_test(test_top),
        cmocka_unit_test(test_window_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
