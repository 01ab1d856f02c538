/* SPDX-License-Identifier: MIT
 *
 * buf.h -- a growable byte buffer for building output (never on the per-line
 * counting path), and the escapers every output format uses. Log content is
 * attacker-controlled: anything that came from a log or from Redis goes
 * through one of these before it reaches a terminal, a page or a spreadsheet.
 */
#ifndef TT_BUF_H
#define TT_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "common/tt.h"

struct tt_buf {
    char *p;    /* bytes, always NUL terminated when cap > 0 */
    size_t len; /* bytes used */
    size_t cap; /* bytes allocated */
};

void tt_buf_init(struct tt_buf *b);
void tt_buf_fini(struct tt_buf *b);
void tt_buf_reset(struct tt_buf *b);
void tt_buf_put(struct tt_buf *b, const void *p, size_t n);
void tt_buf_puts(struct tt_buf *b, const char *s);
void tt_buf_printf(struct tt_buf *b, const char *fmt, ...) TT_PRINTF(2, 3);
void tt_buf_vprintf(struct tt_buf *b, const char *fmt, va_list ap);

/* JSON string literal with quotes. Invalid UTF-8 bytes become U+FFFD,
 * controls \u00XX, and < > & U+2028 U+2029 are escaped so the JSON is also
 * safe inside an HTML <script> block. */
void tt_buf_json_str(struct tt_buf *b, const char *p, size_t n);
/* HTML text/attribute content: & < > " ' escaped; controls and invalid
 * UTF-8 replaced by U+FFFD. */
void tt_buf_html(struct tt_buf *b, const char *p, size_t n);
/* One CSV field (RFC 4180 quoting). A value starting with = + - @ TAB or CR
 * is prefixed with ' so spreadsheets never run it as a formula. */
void tt_buf_csv(struct tt_buf *b, const char *p, size_t n);
/* Terminal-safe text: control bytes (ESC, CR, ...) and invalid UTF-8 are
 * shown as \xNN, so log content cannot move the cursor or change colours. */
void tt_buf_term(struct tt_buf *b, const char *p, size_t n);
/* Markdown table cell: terminal-safe, with | ` * _ [ ] < > escaped. */
void tt_buf_markdown(struct tt_buf *b, const char *p, size_t n);

/* Writes the buffer to f; TT_OK or TT_ERR. */
int tt_buf_write(const struct tt_buf *b, FILE *f);

#endif
