/* SPDX-License-Identifier: MIT
 * fuzz_pipeline.c -- libFuzzer target: whole-line classification in auto
 * mode (envelope, recognition, every parser, clock) over newline-separated
 * lines sharing one stream, as the collector runs them. */
#include "collector/pipeline.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tt_zone *zone;
    static struct tt_cidr_set home;
    if (!zone) {
        char err[256];
        zone = tt_zone_create("Europe/London", err, sizeof(err));
        if (!zone)
            abort();
        tt_cidr_set_default_home(&home);
    }
    struct tt_pipeline_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.zone = zone;
    cfg.now_s = 1700000000;
    cfg.format = -1;
    cfg.ctx.home_net = &home;
    struct tt_stream st;
    if (tt_stream_init(&st, &cfg) != TT_OK)
        abort();
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        struct tt_line_result r;
        tt_pipeline_line(&cfg, &st, p, len, 1700000000, &r);
        if (r.ev.verdict >= TT_VERDICT_COUNT || r.ev.metric >= TT_METRIC_COUNT || r.ev.reason >= TT_REASON_COUNT)
            abort();
        if (r.ev.verdict == TT_VERDICT_UNPARSED && r.ev.reason == TT_REASON_NONE)
            abort();
        p += len + 1;
    }
    tt_stream_fini(&st);
    return 0;
}
