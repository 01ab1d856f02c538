/* SPDX-License-Identifier: MIT
 *
 * render.h -- report renderers, one file per output format (render_*.c),
 * each ending in a const struct render_ops. They read only the figures
 * model (figures.h) and write to a stdio stream. Adding a format = one file
 * + one line in the renderer list of aggregator/main.c.
 */
#ifndef AGG_RENDER_H
#define AGG_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "aggregator/figures.h"

struct render_ops {
    const char *name; /* --format value */
    const char *help; /* one line for --help */
    /* Writes the whole report; TT_OK, or TT_ERR when the stream failed. */
    int (*render)(const struct figures *f, FILE *out);
};

extern const struct render_ops render_text_ops;
extern const struct render_ops render_markdown_ops;
extern const struct render_ops render_json_ops;
extern const struct render_ops render_html_ops;
extern const struct render_ops render_csv_ops;
extern const struct render_ops render_email_ops;

/* render_email: TT_OK when addr is a list of mail addresses that can go
 * into a header as it is ("Name <a@b>" or "a@b", comma-separated; no
 * control characters, so no header can be injected); else TT_ERR with a
 * message. */
int render_email_check_address(const char *addr, char *err, size_t errlen);

#endif
