/* SPDX-License-Identifier: MIT
 *
 * test_hll.c -- the collector's HyperLogLog strings (collector/hll.c):
 * encode then decode gives back the largest value per register, in either
 * encoding; the sparse form is chosen while it fits, the dense form past
 * it or for a value above 32; opcodes cover exactly 16,384 registers; a
 * damaged string is refused. (Equality with Redis's own PFADD registers is
 * t_hll.sh, against a real redis-server.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collector/hll.h"
#include "common/tt.h"

#include <stdio.h>
#include <string.h>

static uint8_t regs[TT_HLL_REGISTERS], scratch[TT_HLL_REGISTERS], out[TT_HLL_MAX_BYTES];
static struct tt_hll_pair pairs[40001];

/* n pairs from addresses 10.0.x.y, with the expected registers in want */
static size_t fill(size_t n, uint8_t *want)
{
    memset(want, 0, TT_HLL_REGISTERS);
    for (size_t i = 0; i < n; i++) {
        uint8_t a[4] = {10, 0, (uint8_t)(i >> 8), (uint8_t)i};
        uint32_t idx;
        tt_hll_pat(a, 4, &idx, &pairs[i].value);
        pairs[i].index = (uint16_t)idx;
        assert_true(pairs[i].value >= 1 && pairs[i].value <= 51);
        if (pairs[i].value > want[idx])
            want[idx] = pairs[i].value;
    }
    return n;
}

static void test_round_trip(void **state)
{
    (void)state;
    static uint8_t want[TT_HLL_REGISTERS];
    const size_t sizes[] = {0, 1, 2, 5, 100, 1000, 1400, 3000, 7000, 40000};
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        size_t n = fill(sizes[k], want);
        if (n > 0)
            pairs[n++] = pairs[0]; /* a repeat changes nothing */
        size_t len = tt_hll_encode(pairs, n, scratch, out);
        assert_memory_equal(out, "HYLL", 4);
        assert_true(out[15] & 0x80); /* cached cardinality invalid */
        if (out[4] == 1)
            assert_true(len <= TT_HLL_SPARSE_MAX_BYTES);
        else
            assert_int_equal(len, TT_HLL_DENSE_BYTES);
        assert_int_equal(tt_hll_decode(out, len, regs), TT_OK);
        assert_memory_equal(regs, want, TT_HLL_REGISTERS);
    }
}

static void test_encoding_choice(void **state)
{
    (void)state;
    static uint8_t want[TT_HLL_REGISTERS];
    size_t n = fill(50, want);
    tt_hll_encode(pairs, n, scratch, out);
    assert_int_equal(out[4], 1); /* a few addresses: sparse */
    n = fill(20000, want);
    tt_hll_encode(pairs, n, scratch, out);
    assert_int_equal(out[4], 0); /* many: dense */
    /* a value above 32 cannot be written sparse */
    struct tt_hll_pair big[2] = {{5, 33}, {9000, 1}};
    size_t len = tt_hll_encode(big, 2, scratch, out);
    assert_int_equal(out[4], 0);
    assert_int_equal(tt_hll_decode(out, len, regs), TT_OK);
    assert_int_equal(regs[5], 33);
    assert_int_equal(regs[9000], 1);
    assert_int_equal(regs[16383], 0);
    /* the last register, dense */
    struct tt_hll_pair last[1] = {{16383, 40}};
    len = tt_hll_encode(last, 1, scratch, out);
    assert_int_equal(tt_hll_decode(out, len, regs), TT_OK);
    assert_int_equal(regs[16383], 40);
    assert_int_equal(regs[16382], 0);
    /* empty: one XZERO opcode */
    len = tt_hll_encode(pairs, 0, scratch, out);
    assert_int_equal(len, TT_HLL_HDR_BYTES + 2);
}

static void test_damaged(void **state)
{
    (void)state;
    static uint8_t want[TT_HLL_REGISTERS];
    size_t n = fill(30, want);
    size_t len = tt_hll_encode(pairs, n, scratch, out);
    assert_int_equal(tt_hll_decode(out, len - 1, regs), TT_ERR); /* registers missing */
    out[len] = 0x00;                                               /* one zero register too many */
    assert_int_equal(tt_hll_decode(out, len + 1, regs), TT_ERR);
    assert_int_equal(tt_hll_decode((const uint8_t *)"HYLX", 4, regs), TT_ERR);
    out[4] = 7;
    assert_int_equal(tt_hll_decode(out, len, regs), TT_ERR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_encoding_choice),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
