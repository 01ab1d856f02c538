/* SPDX-License-Identifier: MIT
 *
 * assets.c -- lookup in the embedded dashboards/ files (see assets.h; the
 * table itself is generated).
 */
#include "aggregator/assets.h"

#include <string.h>

const struct agg_asset *assets_find(const char *name)
{
    for (size_t i = 0; i < agg_nassets; i++)
        if (strcmp(agg_assets[i].name, name) == 0)
            return &agg_assets[i];
    return NULL;
}
