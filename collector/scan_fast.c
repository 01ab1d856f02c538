/* SPDX-License-Identifier: MIT
 *
 * scan_fast.c -- the Snort/Suricata "fast alert" body (see scan_fast.h),
 * shared by the snort and suricata-fast parsers
 */
#include "collector/scan_fast.h"
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/verdict.h"

#include <string.h>

static inline int scan_fast_is_digit(char c)
{
    return c >= '0' && c <= '9';
}


int tt_fast_drop_word(struct tt_slice w)
{
    w = tt_slice_trim(w);
    return tt_slice_ieq(w, "drop") || tt_slice_ieq(w, "drops") || tt_slice_ieq(w, "sdrop") || tt_slice_ieq(w, "reject") ||
           tt_slice_ieq(w, "block") || tt_slice_ieq(w, "blocked") || tt_slice_ieq(w, "dropped");
}


/* "[gid:sid:rev]" at p: bytes consumed or 0. */
size_t tt_fast_gsr(const char *p, size_t len)
{
    size_t i = 1;
    int colons = 0;
    if (len < 7 || p[0] != '[')
        return 0;
    while (i < len && i < 40 && (scan_fast_is_digit(p[i]) || p[i] == ':')) {
        colons += p[i] == ':';
        i++;
    }
    return (i < len && p[i] == ']' && colons == 2 && scan_fast_is_digit(p[1])) ? i + 1 : 0;
}


/* Leading "[Drop] [**] " part: sets *drop; returns bytes consumed. */
size_t tt_fast_actions(const char *p, size_t len, int *drop)
{
    size_t i = 0;
    for (;;) {
        while (i < len && p[i] == ' ')
            i++;
        if (i >= len || p[i] != '[' || tt_fast_gsr(p + i, len - i))
            return i;
        const char *rb = memchr(p + i, ']', TT_MIN(len - i, 24));
        if (!rb)
            return i;
        struct tt_slice w = tt_slice_make(p + i + 1, (size_t)(rb - p - i - 1));
        if (!tt_slice_eq(w, "**")) {
            if (tt_fast_drop_word(w))
                *drop = 1;
            else if (!(tt_slice_ieq(w, "wdrop") || tt_slice_ieq(w, "alert") || tt_slice_ieq(w, "pass")))
                return i; /* not an action token */
        }
        i = (size_t)(rb - p) + 1;
    }
}


/* "SRC[:port] -> DST[:port]" somewhere in s (the last " -> "). */
int tt_fast_pair(struct tt_slice s, struct tt_event *ev)
{
    const char *arrow = NULL, *q = s.p, *end = s.p + s.len;
    while ((q = tt_memmem(q, (size_t)(end - q), " -> ", 4)) != NULL)
        arrow = q, q += 4;
    if (!arrow)
        return 0;
    const char *sb = arrow;
    while (sb > s.p && sb[-1] != ' ')
        sb--;
    const char *db = arrow + 4, *de = db;
    while (de < end && *de != ' ')
        de++;
    if (tt_slice_addr_port(tt_slice_make(sb, (size_t)(arrow - sb)), &ev->src) != TT_OK)
        return 0;
    tt_slice_addr_port(tt_slice_make(db, (size_t)(de - db)), &ev->dst);
    return 1;
}


enum tt_parse_rc tt_fast_alert_body(struct tt_slice b, struct tt_event *ev)
{
    int drop = 0;
    size_t i = tt_fast_actions(b.p, b.len, &drop);
    size_t g = tt_fast_gsr(b.p + i, b.len - i);
    if (!g)
        return TT_PARSE_NOMATCH;
    struct tt_slice rest = tt_slice_make(b.p + i + g, b.len - i - g);
    if (!tt_fast_pair(rest, ev)) {
        memset(&ev->src, 0, sizeof(ev->src));
        memset(&ev->dst, 0, sizeof(ev->dst));
    }
    if (drop) {
        tt_fw_ips_block(ev);
        ev->why = "inline drop";
    } else {
        tt_fw_ids_alert(ev);
    }
    return TT_PARSE_OK;
}
