/* SPDX-License-Identifier: MIT
 *
 * vgen_formats.c -- the one list of vendor-format generators for
 * `ttgen --kind NAME[,NAME...]`. Adding one: a bench/gen_<family>.c file
 * defining `const struct vgen_format vgen_<name>`, and one line in each of
 * the two lists below.
 */
#include "bench/vgen.h"

#include <stdio.h>
#include <strings.h>

extern const struct vgen_format vgen_fortigate;
extern const struct vgen_format vgen_panos;
extern const struct vgen_format vgen_cisco_asa;
extern const struct vgen_format vgen_cisco_ftd;
extern const struct vgen_format vgen_checkpoint;
extern const struct vgen_format vgen_cef;
extern const struct vgen_format vgen_cisco_umbrella;
extern const struct vgen_format vgen_cisco_esa;
extern const struct vgen_format vgen_mimecast;
extern const struct vgen_format vgen_exchange;
extern const struct vgen_format vgen_proofpoint;
extern const struct vgen_format vgen_exim;
extern const struct vgen_format vgen_sendmail;
extern const struct vgen_format vgen_rspamd;
extern const struct vgen_format vgen_mailscanner;
extern const struct vgen_format vgen_amavis;
extern const struct vgen_format vgen_barracuda;
extern const struct vgen_format vgen_pfsense_filterlog;
extern const struct vgen_format vgen_sophos_xg;
extern const struct vgen_format vgen_juniper_srx;
extern const struct vgen_format vgen_sonicwall;
extern const struct vgen_format vgen_mikrotik;
extern const struct vgen_format vgen_suricata_eve;
extern const struct vgen_format vgen_suricata_fast;
extern const struct vgen_format vgen_snort;

static const struct vgen_format *const formats[] = {
    &vgen_fortigate,
    &vgen_panos,
    &vgen_cisco_asa,
    &vgen_cisco_ftd,
    &vgen_checkpoint,
    &vgen_cef,
    &vgen_cisco_umbrella,
    &vgen_cisco_esa,
    &vgen_mimecast,
    &vgen_exchange,
    &vgen_proofpoint,
    &vgen_exim,
    &vgen_sendmail,
    &vgen_rspamd,
    &vgen_mailscanner,
    &vgen_amavis,
    &vgen_barracuda,
    &vgen_pfsense_filterlog,
    &vgen_sophos_xg,
    &vgen_juniper_srx,
    &vgen_sonicwall,
    &vgen_mikrotik,
    &vgen_suricata_eve,
    &vgen_suricata_fast,
    &vgen_snort,
    NULL,
};

const struct vgen_format *vgen_find(const char *name)
{
    for (size_t i = 0; formats[i]; i++)
        if (strcasecmp(formats[i]->name, name) == 0)
            return formats[i];
    return NULL;
}

void vgen_list(void)
{
    for (size_t i = 0; formats[i]; i++)
        printf("  %-16s %s\n", formats[i]->name, formats[i]->help);
}
