/* SPDX-License-Identifier: MIT
 *
 * registry.c -- the one list of format parsers. Adding a format is one
 * parse_<family>.c file, its fixtures, and one line here.
 */
#include "collector/registry.h"

#include <strings.h>

extern const struct tt_parser_ops tt_parser_postfix;
extern const struct tt_parser_ops tt_parser_amavis;
extern const struct tt_parser_ops tt_parser_netfilter;
extern const struct tt_parser_ops tt_parser_cisco_esa;
extern const struct tt_parser_ops tt_parser_mimecast;
extern const struct tt_parser_ops tt_parser_exchange;
extern const struct tt_parser_ops tt_parser_proofpoint;
extern const struct tt_parser_ops tt_parser_sendmail;
extern const struct tt_parser_ops tt_parser_rspamd;
extern const struct tt_parser_ops tt_parser_mailscanner;
extern const struct tt_parser_ops tt_parser_barracuda;
extern const struct tt_parser_ops tt_parser_exim;
extern const struct tt_parser_ops tt_parser_fortigate;
extern const struct tt_parser_ops tt_parser_cisco_asa;
extern const struct tt_parser_ops tt_parser_panos;
extern const struct tt_parser_ops tt_parser_cef;
extern const struct tt_parser_ops tt_parser_checkpoint;
extern const struct tt_parser_ops tt_parser_cisco_umbrella;
extern const struct tt_parser_ops tt_parser_pfsense_filterlog;
extern const struct tt_parser_ops tt_parser_sophos_xg;
extern const struct tt_parser_ops tt_parser_juniper_srx;
extern const struct tt_parser_ops tt_parser_sonicwall;
extern const struct tt_parser_ops tt_parser_mikrotik;
extern const struct tt_parser_ops tt_parser_openbsd_pf;
extern const struct tt_parser_ops tt_parser_suricata_eve;
extern const struct tt_parser_ops tt_parser_suricata_fast;
extern const struct tt_parser_ops tt_parser_snort;

/* Order matters only for lines no program name routes: probes run in this
 * order, cheapest and most specific first. */
static const struct tt_parser_ops *const parsers[] = {
    &tt_parser_postfix,
    &tt_parser_amavis,
    &tt_parser_netfilter,
    &tt_parser_pfsense_filterlog,
    &tt_parser_sophos_xg,
    &tt_parser_juniper_srx,
    &tt_parser_sonicwall,
    &tt_parser_mikrotik,
    &tt_parser_openbsd_pf,
    &tt_parser_suricata_eve,
    &tt_parser_suricata_fast,
    &tt_parser_snort,
    &tt_parser_cisco_umbrella,   /* before exchange: its quoted-CSV probe is broader */
    &tt_parser_cisco_esa,
    &tt_parser_mimecast,
    &tt_parser_exchange,
    &tt_parser_proofpoint,
    &tt_parser_sendmail,
    &tt_parser_rspamd,
    &tt_parser_mailscanner,
    &tt_parser_barracuda,
    &tt_parser_fortigate,  /* fw-a: before CEF/Check Point (cheapest probe) */
    &tt_parser_cisco_asa,
    &tt_parser_panos,
    &tt_parser_cef,        /* before checkpoint: Check Point's CEF form has loguid= too */
    &tt_parser_checkpoint,
    &tt_parser_exim, /* last: its probe takes any "YYYY-MM-DD HH:MM:SS" line */
};

size_t tt_registry_parser_count(void)
{
    return TT_ARRAY_LEN(parsers);
}

const struct tt_parser_ops *tt_registry_parser(size_t i)
{
    return i < TT_ARRAY_LEN(parsers) ? parsers[i] : NULL;
}

int tt_registry_find_parser(const char *name)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(parsers); i++)
        if (strcasecmp(parsers[i]->name, name) == 0)
            return (int)i;
    return -1;
}

struct tt_slice tt_app_program(struct tt_slice app, struct tt_slice *out_head)
{
    const char *slash = app.len ? memchr(app.p, '/', app.len) : NULL;
    if (out_head)
        *out_head = slash ? tt_slice_make(app.p, (size_t)(slash - app.p)) : app;
    if (!slash)
        return app;
    const char *last = app.p + app.len;
    const char *s = last;
    while (s > app.p && s[-1] != '/')
        s--;
    return tt_slice_make(s, (size_t)(last - s));
}
