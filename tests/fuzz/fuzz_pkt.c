/* SPDX-License-Identifier: MIT
 * fuzz_pkt.c -- libFuzzer target: the capture packet decoder (Ethernet,
 * 802.1Q, Linux cooked, raw IP; IPv4/IPv6 with extension headers and
 * fragments; UDP/TCP). The first byte picks the link type and how much of
 * the frame counts as captured. Checks: the payload lies inside the
 * captured bytes. */
#include "collector/in_pcap.h"

#include <pcap/pcap.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int dlts[] = {DLT_EN10MB, DLT_LINUX_SLL, DLT_NULL, DLT_RAW, 228, 229, 101, DLT_LOOP, 276};
    if (size < 2)
        return 0;
    int dlt = dlts[data[0] % (sizeof(dlts) / sizeof(dlts[0]))];
    size_t wire = size - 1 + (data[1] & 0x80 ? data[1] : 0);
    const uint8_t *p = data + 1;
    size_t caplen = size - 1;
    /* a private copy so reads past caplen are caught by ASan */
    uint8_t *copy = malloc(caplen ? caplen : 1);
    for (size_t i = 0; i < caplen; i++)
        copy[i] = p[i];
    struct tt_pkt k;
    enum tt_pkt_rc rc = tt_pkt_decode(dlt, copy, caplen, wire, &k);
    if (rc == TT_PKT_UDP || rc == TT_PKT_TCP) {
        if (k.payload_len && (k.payload < copy || k.payload + k.payload_len > copy + caplen))
            abort();
        volatile uint8_t sum = 0;
        for (size_t i = 0; i < k.payload_len; i++)
            sum ^= k.payload[i];
        (void)sum;
    }
    free(copy);
    return 0;
}
