/* SPDX-License-Identifier: MIT
 *
 * scan_syslog.c -- re-reading a syslog header a relay mangled (see
 * scan_syslog.h)
 */
#include "collector/scan_syslog.h"

#include <string.h>


/* "app[pid]: msg" or "app: msg" at [p, p+n): fills out and returns 1. */
static int scan_syslog_tag(const char *p, size_t n, struct tt_envelope *out)
{
    size_t i = 0, lim = TT_MIN(n, 96);
    while (i < lim && p[i] != '[' && p[i] != ':' && p[i] != ' ' && (unsigned char)p[i] > 0x20)
        i++;
    if (i == 0 || i >= lim)
        return 0;
    size_t tag_end = i;
    struct tt_slice pid = {NULL, 0};
    if (p[i] == '[') {
        size_t j = i + 1;
        while (j < lim && p[j] != ']' && p[j] != ' ')
            j++;
        if (j >= lim || p[j] != ']')
            return 0;
        pid = tt_slice_make(p + i + 1, j - i - 1);
        i = j + 1;
    }
    if (i >= n || p[i] != ':')
        return 0;
    i++;
    if (i < n && p[i] == ' ')
        i++;
    out->app = tt_slice_make(p, tag_end);
    out->pid = pid;
    out->msg = tt_slice_make(p + i, n - i);
    return 1;
}


int tt_envelope_reread(const struct tt_envelope *in, struct tt_envelope *out)
{
    *out = *in;
    int label = in->host.len >= 3 && in->host.p[0] == '<' && in->host.p[in->host.len - 1] == '>';
    if (!label && (in->app.len || in->kind == TT_ENVELOPE_NONE))
        return 0;
    /* msg = "host app[pid]: text" */
    const char *p = in->msg.p;
    size_t n = in->msg.len;
    const char *sp = n ? memchr(p, ' ', TT_MIN(n, 256)) : NULL;
    if (!sp)
        return 0;
    struct tt_envelope tmp = *in;
    size_t off = (size_t)(sp - p) + 1;
    if (!scan_syslog_tag(p + off, n - off, &tmp))
        return 0;
    tmp.host = tt_slice_make(p, (size_t)(sp - p));
    *out = tmp;
    return 1;
}
