/* SPDX-License-Identifier: MIT
 *
 * assets.h -- the web assets of dashboards/ (HTML, CSS, JavaScript), embedded
 * into the binary at build time by dashboards/embed.sh (the Makefile writes
 * $(BUILD)/gen/assets.c). They are edited as real files; the aggregator
 * serves them (serve.c) and inlines report.css into HTML reports.
 */
#ifndef AGG_ASSETS_H
#define AGG_ASSETS_H

#include <stddef.h>

struct agg_asset {
    const char *name;          /* file name in dashboards/, e.g. "dashboard.js" */
    const char *type;          /* Content-Type */
    const unsigned char *data; /* bytes (NUL-terminated past len) */
    size_t len;                /* bytes, without the terminating NUL */
};

extern const struct agg_asset agg_assets[];
extern const size_t agg_nassets;

/* The asset named name, or NULL. */
const struct agg_asset *assets_find(const char *name);

#endif
