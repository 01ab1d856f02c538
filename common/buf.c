/* SPDX-License-Identifier: MIT
 *
 * buf.c -- see buf.h.
 */
#include "common/buf.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

void tt_buf_init(struct tt_buf *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
}

void tt_buf_fini(struct tt_buf *b)
{
    free(b->p);
    tt_buf_init(b);
}

void tt_buf_reset(struct tt_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

static void reserve(struct tt_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->p = tt_realloc(b->p, cap);
    b->cap = cap;
}

void tt_buf_put(struct tt_buf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void tt_buf_puts(struct tt_buf *b, const char *s)
{
    tt_buf_put(b, s, strlen(s));
}

void tt_buf_vprintf(struct tt_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0)
        return;
    reserve(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tt_buf_printf(struct tt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tt_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

int tt_buf_write(const struct tt_buf *b, FILE *f)
{
    if (b->len && fwrite(b->p, 1, b->len, f) != b->len)
        return TT_ERR;
    return TT_OK;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid; the
 * code point goes to *cp. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1, v = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2, v = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3, v = c & 0x07;
    else
        return 0;
    if (need >= n)
        return 0;
    for (size_t k = 1; k <= need; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3F);
    }
    if ((need == 2 && v < 0x800) || (need == 3 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need + 1;
}

/* Bidirectional embeddings, overrides and isolates (U+202A-202E,
 * U+2066-2069) and the marks (U+200E, U+200F, U+061C) let a log line
 * reorder what the reader sees ("Trojan Source"). Every format writes them
 * as the visible text \u202E: an HTML or JSON escape would decode back to
 * the control itself in a browser or a spreadsheet. */
static int is_bidi(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
           cp == 0x061C;
}

void tt_buf_json_str(struct tt_buf *b, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    tt_buf_put(b, "\"", 1);
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_seq(s + i, n - i, &cp);
        if (k == 0) {
            tt_buf_puts(b, "\\ufffd");
            i++;
            continue;
        }
        switch (cp) {
        case '"': tt_buf_puts(b, "\\\""); break;
        case '\\': tt_buf_puts(b, "\\\\"); break;
        case '\n': tt_buf_puts(b, "\\n"); break;
        case '\r': tt_buf_puts(b, "\\r"); break;
        case '\t': tt_buf_puts(b, "\\t"); break;
        case '<': tt_buf_puts(b, "\\u003c"); break;
        case '>': tt_buf_puts(b, "\\u003e"); break;
        case '&': tt_buf_puts(b, "\\u0026"); break;
        case 0x2028: tt_buf_puts(b, "\\u2028"); break;
        case 0x2029: tt_buf_puts(b, "\\u2029"); break;
        default:
            if (cp < 0x20 || cp == 0x7F)
                tt_buf_printf(b, "\\u%04x", (unsigned)cp);
            else if (is_bidi(cp))
                tt_buf_printf(b, "\\\\u%04X", (unsigned)cp); /* the text \u202E, see is_bidi */
            else
                tt_buf_put(b, s + i, k);
        }
        i += k;
    }
    tt_buf_put(b, "\"", 1);
}

void tt_buf_html(struct tt_buf *b, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_seq(s + i, n - i, &cp);
        if (k == 0 || (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F) {
            tt_buf_puts(b, "\xEF\xBF\xBD");
            i += k ? k : 1;
            continue;
        }
        if (is_bidi(cp)) {
            tt_buf_printf(b, "\\u%04X", (unsigned)cp);
            i += k;
            continue;
        }
        switch (cp) {
        case '&': tt_buf_puts(b, "&amp;"); break;
        case '<': tt_buf_puts(b, "&lt;"); break;
        case '>': tt_buf_puts(b, "&gt;"); break;
        case '"': tt_buf_puts(b, "&quot;"); break;
        case '\'': tt_buf_puts(b, "&#39;"); break;
        default: tt_buf_put(b, s + i, k);
        }
        i += k;
    }
}

void tt_buf_csv(struct tt_buf *b, const char *p, size_t n)
{
    /* Clean first (valid UTF-8, no control bytes but TAB CR LF), then decide
     * on quoting and the formula guard from what will actually be written. */
    struct tt_buf t;
    tt_buf_init(&t);
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_seq(s + i, n - i, &cp);
        if (k == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F) {
            tt_buf_puts(&t, "\xEF\xBF\xBD");
            i += k ? k : 1;
            continue;
        }
        if (is_bidi(cp))
            tt_buf_printf(&t, "\\u%04X", (unsigned)cp);
        else
            tt_buf_put(&t, s + i, k);
        i += k;
    }
    const char *c = t.p ? t.p : "";
    size_t m = t.len;
    int quote = 0;
    for (size_t j = 0; j < m; j++)
        if (c[j] == ',' || c[j] == '"' || c[j] == '\n' || c[j] == '\r' || c[j] == ';' || c[j] == '\t')
            quote = 1;
    /* OWASP's list of characters that start a formula or DDE call in Excel,
     * LibreOffice and Google Sheets; also the full-width equals and plus
     * signs that some spreadsheets fold to ASCII. */
    int formula = m > 0 && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@' || c[0] == '\t' ||
                            c[0] == '\r' || c[0] == '\n' || (m >= 3 && memcmp(c, "\xEF\xBC\x9D", 3) == 0) ||
                            (m >= 3 && memcmp(c, "\xEF\xBC\x8B", 3) == 0));
    if (formula)
        quote = 1;
    if (quote)
        tt_buf_put(b, "\"", 1);
    if (formula)
        tt_buf_put(b, "'", 1);
    for (size_t j = 0; j < m; j++) {
        if (c[j] == '"')
            tt_buf_put(b, "\"\"", 2);
        else
            tt_buf_put(b, c + j, 1);
    }
    if (quote)
        tt_buf_put(b, "\"", 1);
    tt_buf_fini(&t);
}

void tt_buf_term(struct tt_buf *b, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_seq(s + i, n - i, &cp);
        if (k == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            size_t m = k ? k : 1;
            for (size_t j = 0; j < m; j++)
                tt_buf_printf(b, "\\x%02X", s[i + j]);
            i += m;
            continue;
        }
        /* Bidi controls (is_bidi) and the line/paragraph separators would
         * let a log line reorder or break what the reader sees. */
        if (is_bidi(cp) || cp == 0x2028 || cp == 0x2029) {
            tt_buf_printf(b, "\\u%04X", (unsigned)cp);
            i += k;
            continue;
        }
        if (cp == '\\')
            tt_buf_puts(b, "\\\\");
        else
            tt_buf_put(b, s + i, k);
        i += k;
    }
}

void tt_buf_markdown(struct tt_buf *b, const char *p, size_t n)
{
    struct tt_buf t;
    tt_buf_init(&t);
    tt_buf_term(&t, p, n);
    for (size_t i = 0; i < t.len; i++) {
        char c = t.p[i];
        if (strchr("|`*_[]<>#\\", c))
            tt_buf_put(b, "\\", 1);
        tt_buf_put(b, &c, 1);
    }
    tt_buf_fini(&t);
}
