/* SPDX-License-Identifier: MIT
 *
 * scan_cef.c -- CEF extensions (`key=value with spaces key2=v\\=x`): a
 * cursor over the pairs and the lookup of one key (see scan_cef.h)
 */
#include "collector/scan_cef.h"
#include "collector/scan_kv.h"

#include <string.h>

static inline int scan_cef_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static inline int scan_cef_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-' || c == '[' || c == ']';
}

/* Position of the '=' of the key starting at p, or NULL when p does not
 * start a key. */
static const char *scan_cef_key_at(const char *p, const char *end)
{
    const char *k = p;
    while (p < end && scan_cef_key_char(*p))
        p++;
    return (p > k && p < end && *p == '=') ? p : NULL;
}


int tt_cef_ext_next(struct tt_kv *kv, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = kv->p, *end = kv->end;
    for (;;) {
        while (p < end && scan_cef_is_blank(*p))
            p++;
        if (p >= end) {
            kv->p = end;
            return 0;
        }
        const char *eq = scan_cef_key_at(p, end);
        if (!eq) {
            /* junk before a key: skip to the next blank */
            while (p < end && !scan_cef_is_blank(*p))
                p++;
            continue;
        }
        *out_key = tt_slice_make(p, (size_t)(eq - p));
        const char *v = eq + 1, *q = v, *vend = end;
        while (q < end) {
            if (*q == '\\' && q + 1 < end) {
                q += 2;
                continue;
            }
            if (scan_cef_is_blank(*q)) {
                const char *n = q;
                while (n < end && scan_cef_is_blank(*n))
                    n++;
                if (n < end && scan_cef_key_at(n, end)) {
                    vend = q;
                    break;
                }
                q = n;
                continue;
            }
            q++;
        }
        if (q >= end)
            vend = end;
        const char *t = vend;
        while (t > v && scan_cef_is_blank(t[-1]))
            t--;
        *out_val = tt_slice_make(v, (size_t)(t - v));
        kv->p = vend;
        return 1;
    }
}

static inline int scan_cef_find_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}


int tt_cef_find(const char *p, size_t n, const char *key, size_t key_len, struct tt_slice *out)
{
    const char *end = p + n;
    const char *s = p;
    while (s < end) {
        const char *k = memmem(s, (size_t)(end - s), key, key_len);
        if (!k)
            return 0;
        const char *v = k + key_len;
        int starts = k == p || k[-1] == ' ' || k[-1] == '|';
        if (!starts || v >= end || *v != '=') {
            s = k + 1;
            continue;
        }
        v++;
        /* the value ends before the next " word=" (an escaped "\=" is text) */
        const char *e = v;
        for (;;) {
            const char *sp = memchr(e, ' ', (size_t)(end - e));
            if (!sp) {
                e = end;
                break;
            }
            const char *w = sp + 1;
            while (w < end && scan_cef_find_key_char(*w))
                w++;
            if (w < end && w > sp + 1 && *w == '=') {
                e = sp;
                break;
            }
            e = sp + 1;
        }
        while (e > v && e[-1] == ' ')
            e--;
        *out = tt_slice_make(v, (size_t)(e - v));
        return 1;
    }
    return 0;
}
