/* SPDX-License-Identifier: MIT
 * fuzz_rules.c -- libFuzzer target: the site rules loader (collector/rules.c)
 * on arbitrary INI text -- bad sections, keys and values, continuation lines,
 * pathological regular expressions for PCRE2 and Vectorscan (refused, or
 * compiled within the weight limit: -timeout catches a compile that would
 * hang) -- and, when a set loads, the matcher on the input's own lines. A
 * refused file must always say why. */
#include "collector/rules.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tt_cidr_set home;
    static int init;
    if (!init) {
        tt_cidr_set_default_home(&home);
        tt_rules_set_compile_limit(3); /* under -timeout=10, with ASan's slowness */
        init = 1;
    }
    if (size > 16384)
        return 0;
    char err[1024];
    err[0] = '\0';
    struct tt_rules *r = tt_rules_parse((const char *)data, size, "fuzz.conf", err, sizeof(err));
    if (!r) {
        if (!err[0])
            abort(); /* refused without a reason */
        return 0;
    }
    struct tt_parse_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.home_net = &home;
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        struct tt_envelope env;
        tt_envelope_parse(p, len, &env);
        for (int over = 0; over < 2; over++) {
            struct tt_event ev;
            tt_event_reset(&ev);
            int k = tt_rules_apply(r, over, &ctx, &env, &ev);
            if (k >= (int)tt_rules_count(r) || ev.verdict >= TT_VERDICT_COUNT || ev.metric >= TT_METRIC_COUNT)
                abort();
        }
        p += len + 1;
    }
    tt_rules_destroy(r);
    return 0;
}
