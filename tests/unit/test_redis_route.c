/* SPDX-License-Identifier: MIT
 * test_redis_route.c -- the pure parts of common/redis_route.c and
 * common/redis_url.c: CRC16 and key slots against the Redis Cluster
 * specification, hash tags, redirection replies, CLUSTER SLOTS parsing, and
 * every URL form (seeds, Sentinels, masking of passwords). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/redis_route.h"
#include "common/redis_url.h"
#include "common/schema.h"
#include "common/tt.h"

#include <stdlib.h>
#include <string.h>

static void test_crc16(void **state)
{
    (void)state;
    /* the test vector of the Redis Cluster specification */
    assert_int_equal(tt_route_crc16("123456789", 9), 0x31C3);
    assert_int_equal(tt_route_crc16("", 0), 0);
}

static int slot(const char *k)
{
    return tt_route_key_slot(k, strlen(k));
}

static void test_key_slot(void **state)
{
    (void)state;
    /* values redis-cli CLUSTER KEYSLOT gives */
    assert_int_equal(slot("foo"), 12182);
    assert_int_equal(slot("bar"), 5061);
    assert_int_equal(slot("123456789"), 0x31C3 & 16383);
    /* hash tags: the part between the first { and the next } */
    assert_int_equal(slot("{user1000}.following"), slot("user1000"));
    assert_int_equal(slot("{user1000}.followers"), slot("{user1000}.following"));
    assert_int_equal(slot("foo{}{bar}"), slot("foo{}{bar}")); /* empty tag: whole key */
    assert_int_not_equal(slot("foo{}{bar}"), slot("bar"));
    assert_int_equal(slot("foo{{bar}}zap"), slot("{bar"));
    assert_int_equal(slot("foo{bar}{zap}"), slot("bar"));
    assert_int_equal(slot("no{close"), tt_route_crc16("no{close", 8) & 16383);
    /* every key of a site shares the site's slot */
    char k1[TT_KEY_MAX], k2[TT_KEY_MAX], k3[TT_KEY_MAX];
    tt_schema_bucket_key(k1, sizeof(k1), "council-a", TT_GRAN_MINUTE, 1500000000);
    tt_schema_pos_key(k2, sizeof(k2), "council-a", "00ff");
    tt_schema_site_key(k3, sizeof(k3), "council-a");
    assert_int_equal(slot(k1), slot("council-a"));
    assert_int_equal(slot(k2), slot("council-a"));
    assert_int_equal(slot(k3), slot("council-a"));
}

static void test_site_key(void **state)
{
    (void)state;
    char k[TT_KEY_MAX], site[TT_SITE_MAX + 1];
    tt_schema_site_key(k, sizeof(k), "north.shire");
    assert_string_equal(k, "tt:1:{north.shire}:site");
    assert_int_equal(tt_schema_site_from_key(k, strlen(k), site), TT_OK);
    assert_string_equal(site, "north.shire");
    const char *bad[] = {"tt:1:{}:site", "tt:1:{a b}:site", "tt:1:{a}:sites", "tt:1:sites", "tt:1:{all}:site"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(tt_schema_site_from_key(bad[i], strlen(bad[i]), site), TT_ERR);
}

static redisReply *err_reply(const char *s)
{
    static redisReply r;
    static char buf[128];
    strcpy(buf, s);
    r.type = REDIS_REPLY_ERROR;
    r.str = buf;
    r.len = strlen(buf);
    return &r;
}

static void test_classify(void **state)
{
    (void)state;
    char host[64];
    int s = -1, port = 0;
    assert_int_equal(tt_route_classify(err_reply("MOVED 3999 127.0.0.1:6381"), &s, host, sizeof(host), &port),
                     TT_ROUTE_REPLY_MOVED);
    assert_int_equal(s, 3999);
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 6381);
    assert_int_equal(tt_route_classify(err_reply("ASK 16383 [::1]:7000"), &s, host, sizeof(host), &port),
                     TT_ROUTE_REPLY_ASK);
    assert_int_equal(s, 16383);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 7000);
    assert_int_equal(tt_route_classify(err_reply("MOVED 16384 h:1"), &s, host, sizeof(host), &port),
                     TT_ROUTE_REPLY_PLAIN);
    assert_int_equal(tt_route_classify(err_reply("MOVED x"), &s, host, sizeof(host), &port), TT_ROUTE_REPLY_PLAIN);
    assert_int_equal(tt_route_classify(err_reply("TRYAGAIN Multiple keys request during rehashing of slot"), &s,
                                       host, sizeof(host), &port),
                     TT_ROUTE_REPLY_TRYAGAIN);
    assert_int_equal(tt_route_classify(err_reply("CLUSTERDOWN The cluster is down"), &s, host, sizeof(host), &port),
                     TT_ROUTE_REPLY_TRYAGAIN);
    assert_int_equal(tt_route_classify(err_reply("READONLY You can't write against a read only replica."), &s, host,
                                       sizeof(host), &port),
                     TT_ROUTE_REPLY_MASTER);
    assert_int_equal(tt_route_classify(err_reply("ERR wrong number of arguments"), &s, host, sizeof(host), &port),
                     TT_ROUTE_REPLY_PLAIN);
    assert_int_equal(tt_route_classify(NULL, &s, host, sizeof(host), &port), TT_ROUTE_REPLY_PLAIN);
}

/* ---- a CLUSTER SLOTS reply built by hand ---- */

static redisReply pool[64];
static redisReply *ptrs[64][4];
static size_t npool;

static redisReply *mk_int(long long v)
{
    redisReply *r = &pool[npool++];
    memset(r, 0, sizeof(*r));
    r->type = REDIS_REPLY_INTEGER;
    r->integer = v;
    return r;
}

static redisReply *mk_str(const char *s)
{
    redisReply *r = &pool[npool++];
    memset(r, 0, sizeof(*r));
    r->type = REDIS_REPLY_STRING;
    r->str = (char *)s;
    r->len = strlen(s);
    return r;
}

static redisReply *mk_arr(size_t n, redisReply *a, redisReply *b, redisReply *c, redisReply *d)
{
    size_t i = npool;
    redisReply *r = &pool[npool++];
    memset(r, 0, sizeof(*r));
    r->type = REDIS_REPLY_ARRAY;
    r->elements = n;
    r->element = ptrs[i];
    ptrs[i][0] = a, ptrs[i][1] = b, ptrs[i][2] = c, ptrs[i][3] = d;
    return r;
}

static void test_parse_slots(void **state)
{
    (void)state;
    npool = 0;
    /* [[0, 5460, [ip, port, id], [replica...]], [5461, 16383, ["", 7001, id]]] */
    redisReply *m1 = mk_arr(3, mk_str("127.0.0.1"), mk_int(7000), mk_str("id1"), NULL);
    redisReply *rp = mk_arr(3, mk_str("127.0.0.1"), mk_int(7003), mk_str("id4"), NULL);
    redisReply *m2 = mk_arr(3, mk_str(""), mk_int(7001), mk_str("id2"), NULL);
    redisReply *e1 = mk_arr(4, mk_int(0), mk_int(5460), m1, rp);
    redisReply *e2 = mk_arr(3, mk_int(5461), mk_int(16383), m2, NULL);
    redisReply *top = mk_arr(2, e1, e2, NULL, NULL);
    struct tt_route_range rg[4];
    size_t n = 0;
    assert_int_equal(tt_route_parse_slots(top, "seed.example", rg, 4, &n), TT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rg[0].from, 0);
    assert_int_equal(rg[0].to, 5460);
    assert_string_equal(rg[0].host, "127.0.0.1");
    assert_int_equal(rg[0].port, 7000);
    assert_int_equal(rg[1].from, 5461);
    assert_int_equal(rg[1].to, 16383);
    assert_string_equal(rg[1].host, "seed.example"); /* empty address: the node asked */
    assert_int_equal(rg[1].port, 7001);
    /* too little room, a bad range, an error reply */
    assert_int_equal(tt_route_parse_slots(top, "x", rg, 1, &n), TT_ERR);
    e2->element[1] = mk_int(16384);
    assert_int_equal(tt_route_parse_slots(top, "x", rg, 4, &n), TT_ERR);
    e2->element[1] = mk_int(100); /* to < from */
    assert_int_equal(tt_route_parse_slots(top, "x", rg, 4, &n), TT_ERR);
    assert_int_equal(tt_route_parse_slots(err_reply("ERR This instance has cluster support disabled"), "x", rg, 4, &n),
                     TT_ERR);
    assert_int_equal(tt_route_parse_slots(NULL, "x", rg, 4, &n), TT_ERR);
}

/* ---- URLs ---- */

static void test_url_forms(void **state)
{
    (void)state;
    unsetenv("THREATTALLY_REDIS_PASSWORD");
    struct tt_redis_url u;
    char err[700];
    assert_int_equal(tt_redis_url_parse("redis://h1:7000,h2:7001,[::1]:7002/0", &u, err, sizeof(err)), TT_OK);
    assert_int_equal(u.kind, TT_REDIS_TCP);
    assert_int_equal(u.nhosts, 3);
    assert_string_equal(u.hosts[0].host, "h1");
    assert_int_equal(u.hosts[1].port, 7001);
    assert_string_equal(u.hosts[2].host, "::1");
    assert_string_equal(u.display, "redis://h1:7000,h2:7001,[::1]:7002/0");
    assert_int_equal(tt_redis_url_parse("redis://localhost", &u, err, sizeof(err)), TT_OK);
    assert_int_equal(u.port, 6379);
    assert_int_equal(u.nhosts, 1);

    assert_int_equal(tt_redis_url_parse("redis-sentinel://s1,s2:26380/mymaster/2", &u, err, sizeof(err)), TT_OK);
    assert_int_equal(u.kind, TT_REDIS_SENTINEL);
    assert_int_equal(u.nhosts, 2);
    assert_int_equal(u.hosts[0].port, 26379);
    assert_int_equal(u.hosts[1].port, 26380);
    assert_string_equal(u.master, "mymaster");
    assert_int_equal(u.db, 2);
    assert_string_equal(u.display, "redis-sentinel://s1:26379,s2:26380/mymaster/2");
    assert_int_equal(tt_redis_url_parse("redis-sentinel://s1:26379", &u, err, sizeof(err)), TT_ERR);
    assert_non_null(strstr(err, "MASTER"));
    assert_int_equal(tt_redis_url_parse("redis://h1,,h2", &u, err, sizeof(err)), TT_ERR);
    assert_int_equal(tt_redis_url_parse("redis://h:0", &u, err, sizeof(err)), TT_ERR);
    assert_int_equal(tt_redis_url_parse("redis://h/x", &u, err, sizeof(err)), TT_ERR);

    assert_int_equal(tt_redis_url_parse("unix:///run/redis.sock?db=3", &u, err, sizeof(err)), TT_OK);
    assert_int_equal(u.kind, TT_REDIS_UNIX);
    assert_int_equal(u.db, 3);
}

static void test_url_secrets(void **state)
{
    (void)state;
    struct tt_redis_url u;
    char err[700], masked[200];
    unsetenv("THREATTALLY_REDIS_PASSWORD");
    /* a user without a password is a user, never a password */
    assert_int_equal(tt_redis_url_parse("redis://threattally@h:1", &u, err, sizeof(err)), TT_OK);
    assert_string_equal(u.user, "threattally");
    assert_string_equal(u.password, "");
    assert_int_equal(u.password_in_url, 0);
    setenv("THREATTALLY_REDIS_PASSWORD", "from-env", 1);
    assert_int_equal(tt_redis_url_parse("redis://threattally@h:1", &u, err, sizeof(err)), TT_OK);
    assert_string_equal(u.user, "threattally");
    assert_string_equal(u.password, "from-env");
    /* in the URL: accepted, flagged, never displayed; the environment wins */
    assert_int_equal(tt_redis_url_parse("redis://alice:pl4nted@h:1/0", &u, err, sizeof(err)), TT_OK);
    assert_int_equal(u.password_in_url, 1);
    assert_string_equal(u.password, "from-env");
    assert_null(strstr(u.display, "pl4nted"));
    unsetenv("THREATTALLY_REDIS_PASSWORD");
    assert_int_equal(tt_redis_url_parse("redis-sentinel://bob:pl4nted@s:1/m", &u, err, sizeof(err)), TT_OK);
    assert_string_equal(u.password, "pl4nted");
    assert_string_equal(u.user, "bob");
    assert_null(strstr(u.display, "pl4nted"));
    /* a malformed URL is named masked */
    assert_int_equal(tt_redis_url_parse("redis://alice:pl4nted@h:99999", &u, err, sizeof(err)), TT_ERR);
    assert_null(strstr(err, "pl4nted"));
    assert_non_null(strstr(err, "redis://alice:***@h:99999"));
    assert_int_equal(tt_redis_url_parse("rediss://alice:pl4nted@h", &u, err, sizeof(err)), TT_ERR);
    assert_null(strstr(err, "pl4nted"));
    assert_string_equal(u.password, "");
    tt_redis_url_mask("redis://:p@ss@word@h:1", masked, sizeof(masked));
    assert_string_equal(masked, "redis://:***@h:1");
    tt_redis_url_mask("redis://user@h:1", masked, sizeof(masked));
    assert_string_equal(masked, "redis://user@h:1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc16),       cmocka_unit_test(test_key_slot),   cmocka_unit_test(test_site_key),
        cmocka_unit_test(test_classify),    cmocka_unit_test(test_parse_slots), cmocka_unit_test(test_url_forms),
        cmocka_unit_test(test_url_secrets),
    };
    return cmocka_run_group_tests_name("redis_route", tests, NULL, NULL);
}
