/* SPDX-License-Identifier: MIT
 * fuzz_envelope.c -- libFuzzer target: syslog header splitting. The first
 * byte picks a prefix that steers the input into the RFC 3164, RFC 5424 or
 * ISO paths (or none); every slice must stay inside the line. */
#include "collector/envelope.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(struct tt_slice s, const char *p, size_t n)
{
    if (s.len && (s.p < p || s.p + s.len > p + n))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const prefixes[] = {"", "<34>Feb  1 00:00:01 ", "<165>1 ", "<13>1 2018-02-01T00:00:00Z h a p m ",
                                           "2018-02-01T00:00:01.5+01:00 ", "Oct 28 01:30:00 host "};
    if (size < 1)
        return 0;
    const char *pre = prefixes[data[0] % (sizeof(prefixes) / sizeof(prefixes[0]))];
    size_t pl = strlen(pre), n = pl + size - 1;
    char *line = malloc(n ? n : 1);
    memcpy(line, pre, pl);
    memcpy(line + pl, data + 1, size - 1);
    struct tt_envelope e;
    tt_envelope_parse(line, n, &e);
    inside(e.host, line, n);
    inside(e.app, line, n);
    inside(e.pid, line, n);
    inside(e.msg, line, n);
    free(line);
    return 0;
}
