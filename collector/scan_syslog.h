/* SPDX-License-Identifier: MIT
 *
 * scan_syslog.h -- re-reading a syslog header a relay mangled: lines whose
 * header carries a "<facility.level>" word where the host should be
 * (sendmail corpus) get host/app/pid/msg re-read from the rest of the line.
 */
#ifndef TT_SCAN_SYSLOG_H
#define TT_SCAN_SYSLOG_H

#include "collector/parser.h"

/* Copies in to out, re-reading "host app[pid]: msg" from in->msg when the
 * header's host is a "<facility.level>" label or absent while msg still
 * starts with "host app[pid]: ". Returns 1 when it changed anything. */
int tt_envelope_reread(const struct tt_envelope *in, struct tt_envelope *out);

#endif
