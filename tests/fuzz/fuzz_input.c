/* SPDX-License-Identifier: MIT
 * fuzz_input.c -- libFuzzer target: content detection and decompression
 * (plain, zstd, gzip) of arbitrary bytes, through a memfd so the real
 * read path is used. Damaged archives must end in an error or the truncated
 * flag, never a crash or a hang. */
#include "collector/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    struct tt_input in;
    if (tt_input_open(&in, path) == 0) {
        static char buf[1 << 16];
        size_t total = 0;
        for (;;) {
            ssize_t n = tt_input_read(&in, buf, sizeof(buf));
            if (n <= 0)
                break;
            total += (size_t)n;
            if (total > (64u << 20))
                break; /* decompression bombs: stop, the real loop would too */
        }
    }
    tt_input_close(&in);
    close(fd);
    return 0;
}
