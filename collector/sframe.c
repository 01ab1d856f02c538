/* SPDX-License-Identifier: MIT
 *
 * sframe.c -- see sframe.h. Incoming bytes are appended to a small buffer,
 * complete messages are handed out from it in place, and the remainder is
 * moved to the front once per feed. Sample of octet counting:
 *   "61 <34>1 2018-02-01T00:00:01Z fw1 kernel - - - DROP IN=eth0 SRC=..."
 */
#include "collector/sframe.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

#define OCTET_DIGITS_MAX 9

void tt_sframe_init(struct tt_sframe *f, size_t cap)
{
    memset(f, 0, sizeof(*f));
    f->cap = cap < 64 ? 64 : cap;
}

void tt_sframe_fini(struct tt_sframe *f)
{
    free(f->buf);
    memset(f, 0, sizeof(*f));
}

static void emit(const char *p, size_t n, enum tt_frame_rc kind, tt_sframe_fn fn, void *ud, struct tt_sframe *f)
{
    if (kind == TT_FRAME_LINE) {
        while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == '\n'))
            n--;
    }
    f->frames++;
    fn(ud, p, n, kind);
}

/* Octet-counting header at p[0..n): 1 = complete ("LEN SP"), with the
 * length and header size; 0 = need more; -1 = not a header. */
static int octet_header(const char *p, size_t n, uint64_t *out_len, size_t *out_hdr)
{
    uint64_t v = 0;
    size_t i = 0;
    for (; i < n && i <= OCTET_DIGITS_MAX; i++) {
        if (p[i] == ' ') {
            if (i == 0 || p[0] == '0')
                return -1;
            *out_len = v;
            *out_hdr = i + 1;
            return 1;
        }
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    return i > OCTET_DIGITS_MAX ? -1 : 0;
}

/* Hands out every complete message in buf; returns bytes used. */
static size_t drain(struct tt_sframe *f, tt_sframe_fn fn, void *ud)
{
    size_t pos = 0;
    while (pos < f->len) {
        char *p = f->buf + pos;
        size_t n = f->len - pos;
        if (f->skip) {
            size_t k = (size_t)TT_MIN((uint64_t)n, f->skip);
            f->skip -= k;
            pos += k;
            continue;
        }
        /* Each frame: a digit starts an octet count ("LEN SP"); anything
         * else, or digits not followed by a space, a line. Real senders mix
         * both on one connection (RFC 6587 section 3.4 admits it). */
        if (!f->discarding && p[0] >= '1' && p[0] <= '9') {
            uint64_t mlen;
            size_t hdr;
            int h = octet_header(p, n, &mlen, &hdr);
            if (h == 0)
                break;
            if (h > 0) {
                f->mode = TT_SFRAME_OCTET;
                if (mlen > f->cap) {
                    size_t have = (size_t)TT_MIN((uint64_t)(n - hdr), mlen);
                    emit(p + hdr, TT_MIN(have, (size_t)256), TT_FRAME_TOO_LONG, fn, ud, f);
                    f->skip = mlen - have;
                    pos += hdr + have;
                    continue;
                }
                if (n - hdr < mlen)
                    break;
                emit(p + hdr, (size_t)mlen, TT_FRAME_LINE, fn, ud, f);
                pos += hdr + (size_t)mlen;
                continue;
            }
            f->framing_errors++;
        }
        f->mode = TT_SFRAME_NEWLINE;
        char *nl = memchr(p, '\n', n);
        if (f->discarding) {
            if (!nl) {
                pos = f->len;
                break;
            }
            f->discarding = 0;
            pos += (size_t)(nl - p) + 1;
            continue;
        }
        if (!nl) {
            if (n >= f->cap) { /* a line longer than the limit */
                emit(p, TT_MIN(n, (size_t)256), TT_FRAME_TOO_LONG, fn, ud, f);
                f->discarding = 1;
                pos = f->len;
            }
            break;
        }
        size_t ll = (size_t)(nl - p);
        if (ll == 0 || (ll == 1 && p[0] == '\r')) { /* blank keep-alive lines are not messages */
            pos += ll + 1;
            continue;
        }
        emit(p, ll, ll > f->cap ? TT_FRAME_TOO_LONG : TT_FRAME_LINE, fn, ud, f);
        pos += ll + 1;
    }
    return pos;
}

void tt_sframe_feed(struct tt_sframe *f, const char *p, size_t n, tt_sframe_fn fn, void *ud)
{
    while (n > 0) {
        size_t limit = f->cap + 16;
        if (f->len == f->alloc && f->alloc < limit) {
            f->alloc = TT_MIN(f->alloc ? f->alloc * 2 : 2048, limit);
            f->buf = tt_realloc(f->buf, f->alloc);
        }
        size_t k = TT_MIN(n, f->alloc - f->len);
        memcpy(f->buf + f->len, p, k);
        f->len += k;
        p += k;
        n -= k;
        size_t used = drain(f, fn, ud);
        if (used > 0) {
            memmove(f->buf, f->buf + used, f->len - used);
            f->len -= used;
        }
    }
}

void tt_sframe_finish(struct tt_sframe *f, tt_sframe_fn fn, void *ud)
{
    if (f->len > 0 && !f->discarding) {
        int blank = f->len == 1 && (f->buf[0] == '\r' || f->buf[0] == '\n');
        uint64_t mlen;
        size_t hdr;
        int octet = f->buf[0] >= '1' && f->buf[0] <= '9' && octet_header(f->buf, f->len, &mlen, &hdr) >= 0 &&
                    f->len <= 10 + f->cap;
        if (f->skip)
            ;
        else if (octet && (octet_header(f->buf, f->len, &mlen, &hdr) == 0 || f->len - hdr < mlen))
            emit(f->buf, f->len, TT_FRAME_TRUNCATED, fn, ud, f);
        else if (!blank)
            emit(f->buf, f->len, TT_FRAME_LINE, fn, ud, f);
    }
    f->len = 0;
    f->mode = TT_SFRAME_UNKNOWN;
    f->discarding = 0;
    f->skip = 0;
}

void tt_sframe_gap(struct tt_sframe *f)
{
    f->len = 0;
    f->skip = 0;
    if (f->mode == TT_SFRAME_NEWLINE)
        f->discarding = 1;
    else
        f->mode = TT_SFRAME_UNKNOWN;
}
