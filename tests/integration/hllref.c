/* SPDX-License-Identifier: MIT
 *
 * hllref.c -- test helper for t_hll.sh: checks the collector's HyperLogLog
 * strings (collector/hll.c) against Redis's own.
 *
 *   hllref pfadd KEY < ADDRESSES   RESP for `redis-cli --pipe`: PFADD KEY
 *                                  with each address (one per line, text)
 *                                  as its 4 or 16 bytes, as the collector
 *                                  sends them
 *   hllref encode < ADDRESSES      our HLL string of those addresses
 *   hllref regs < HLL              the 16,384 registers of an HLL string
 *                                  (either encoding, exactly its bytes),
 *                                  one per line
 */
#include "collector/hll.h"
#include "common/tt.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_addr(char *line, unsigned char *out, size_t *out_len)
{
    line[strcspn(line, "\r\n")] = '\0';
    if (inet_pton(AF_INET, line, out) == 1) {
        *out_len = 4;
        return 1;
    }
    if (inet_pton(AF_INET6, line, out) == 1) {
        *out_len = 16;
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    char line[256];
    unsigned char a[16];
    size_t len;
    if (argc == 3 && strcmp(argv[1], "pfadd") == 0) {
        while (fgets(line, sizeof(line), stdin)) {
            if (!read_addr(line, a, &len))
                continue;
            printf("*3\r\n$5\r\nPFADD\r\n$%zu\r\n%s\r\n$%zu\r\n", strlen(argv[2]), argv[2], len);
            fwrite(a, 1, len, stdout);
            printf("\r\n");
        }
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "encode") == 0) {
        size_t cap = 1024, n = 0;
        struct tt_hll_pair *p = malloc(cap * sizeof(*p));
        while (p && fgets(line, sizeof(line), stdin)) {
            if (!read_addr(line, a, &len))
                continue;
            if (n == cap && !(p = realloc(p, (cap *= 2) * sizeof(*p))))
                return 1;
            uint32_t idx;
            tt_hll_pat(a, len, &idx, &p[n].value);
            p[n++].index = (uint16_t)idx;
        }
        static uint8_t regs[TT_HLL_REGISTERS], out[TT_HLL_MAX_BYTES];
        size_t olen = tt_hll_encode(p, n, regs, out);
        fwrite(out, 1, olen, stdout);
        free(p);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "regs") == 0) {
        static uint8_t in[TT_HLL_MAX_BYTES + 2], regs[TT_HLL_REGISTERS];
        size_t n = fread(in, 1, sizeof(in), stdin);
        if (tt_hll_decode(in, n, regs) != TT_OK) {
            fprintf(stderr, "hllref: not an HLL string (%zu bytes)\n", n);
            return 1;
        }
        for (size_t i = 0; i < TT_HLL_REGISTERS; i++)
            printf("%u\n", regs[i]);
        return 0;
    }
    fprintf(stderr, "usage: hllref pfadd KEY | encode | regs\n");
    return 2;
}
