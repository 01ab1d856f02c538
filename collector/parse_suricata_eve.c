/* SPDX-License-Identifier: MIT
 *
 * parse_suricata_eve.c -- Suricata EVE JSON (eve.json, one object per
 * line, possibly behind a syslog tag), --format suricata-eve:
 *   {"timestamp":"2022-07-12T06:22:33.415742+0000","flow_id":1398609176,
 *    "in_iface":"eth0","event_type":"alert","src_ip":"198.51.100.4",
 *    "src_port":33270,"dest_ip":"10.0.0.5","dest_port":80,"proto":"TCP",
 *    "alert":{"action":"allowed","gid":1,"signature_id":2034125,...},...}
 *
 * Verdicts (docs/COUNTING.md#ids): event_type "alert" with alert.action "allowed"
 * (or none) -> ids_alerts, verdict allowed; "blocked" -> attacks_blocked:ips.
 * event_type "drop" repeats a blocked alert: verdict blocked, counts nothing.
 * Every other event type (flow, dns, tls, http, fileinfo, stats, anomaly,
 * netflow, ssh, ...) is "other".
 *
 * No JSON tree is built: collector/scan_json.c walks the top-level members
 * and stops once timestamp, event_type, src_ip, dest_ip (and, for alerts,
 * alert.action) are known; Suricata writes them first, so the long payload
 * members (http, tls, flow, payload_printable, ...) are usually never read.
 * EVE time has an offset.
 */
#include "collector/scan_json.h"
#include "collector/scan_time.h"
#include "collector/verdict.h"
#include "collector/parser.h"
#include "collector/scan_kv.h"

static int eve_probe(const struct tt_envelope *env)
{
    struct tt_slice m = tt_msg_padded(env);
    if (m.len < 16 || m.p[0] != '{' || m.p[1] != '"')
        return 0;
    if (tt_memmem(m.p, m.len, "\"event_type\"", 12))
        return 1;
    /* an alert whose event_type a relay dropped: EVE's flow_id and its
     * alert object still say what it is */
    return tt_memmem(m.p, m.len, "\"flow_id\":", 10) && tt_memmem(m.p, m.len, "\"alert\":{", 9);
}

#define EV_KEY(k, lit) ((k).len == sizeof(lit) - 1 && memcmp((k).p, lit, sizeof(lit) - 1) == 0)

enum eve_need {
    EVE_TS = 1,
    EVE_TYPE = 2,
    EVE_SRC = 4,
    EVE_DST = 8,
    EVE_ACTION = 16,
};

static enum tt_parse_rc eve_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                  struct tt_event *ev)
{
    TT_UNUSED(state);
    TT_UNUSED(ctx);
    struct tt_slice m = tt_msg_padded(env);
    if (m.len < 2 || m.p[0] != '{' || m.p[1] != '"')
        return TT_PARSE_NOMATCH;
    struct tt_json_cur c;
    if (tt_json_open(&c, m.p, m.p + m.len) != TT_OK)
        return TT_PARSE_NOMATCH;
    struct tt_slice k, v, ts = {NULL, 0}, type = {NULL, 0}, action = {NULL, 0};
    unsigned have = 0, need = EVE_TS | EVE_TYPE | EVE_SRC | EVE_DST;
    int r, malformed = 0, flow_id = 0, alert_obj = 0;
    while ((have & need) != need && (r = tt_json_next(&c, &k, &v)) != 0) {
        if (r < 0) {
            malformed = 1;
            break;
        }
        struct tt_slice s;
        if (EV_KEY(k, "timestamp")) {
            if (tt_json_str(v, &ts) == TT_OK)
                have |= EVE_TS;
        } else if (EV_KEY(k, "event_type")) {
            if (tt_json_str(v, &type) == TT_OK) {
                have |= EVE_TYPE;
                if (tt_slice_eq(type, "alert"))
                    need |= EVE_ACTION;
            }
        } else if (EV_KEY(k, "src_ip")) {
            if (tt_json_str(v, &s) == TT_OK && tt_addr_parse(s.p, s.len, &ev->src) != TT_OK)
                memset(&ev->src, 0, sizeof(ev->src));
            have |= EVE_SRC;
        } else if (EV_KEY(k, "dest_ip")) {
            if (tt_json_str(v, &s) == TT_OK && tt_addr_parse(s.p, s.len, &ev->dst) != TT_OK)
                memset(&ev->dst, 0, sizeof(ev->dst));
            have |= EVE_DST;
        } else if (EV_KEY(k, "flow_id")) {
            flow_id = 1;
        } else if (EV_KEY(k, "alert")) {
            struct tt_json_cur a;
            struct tt_slice ak, av;
            alert_obj = 1;
            have |= EVE_ACTION; /* an alert object without "action": detected only */
            if (tt_json_open(&a, v.p, v.p + v.len) == TT_OK) {
                int ar;
                while ((ar = tt_json_next(&a, &ak, &av)) > 0) {
                    if (EV_KEY(ak, "action")) {
                        tt_json_str(av, &action);
                        break;
                    }
                }
            }
        }
    }
    if (!malformed && !(have & EVE_TYPE) && flow_id && alert_obj && (have & EVE_TS)) {
        type = tt_slice_make("alert", 5); /* event_type dropped by a relay */
        have |= EVE_TYPE;
    }
    if (malformed || !(have & EVE_TYPE)) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = malformed ? "malformed or truncated JSON" : "JSON object without event_type";
        return TT_PARSE_BAD;
    }
    if (have & EVE_TS) {
        if (ts.len == 0 || tt_parse_iso8601(ts.p, ts.len, &ev->stamp) != ts.len) {
            ev->reason = TT_REASON_BAD_TIME;
            ev->why = "unreadable EVE timestamp";
            return TT_PARSE_BAD;
        }
        ev->has_stamp = 1;
    }
    if (tt_slice_eq(type, "alert")) {
        if (tt_slice_eq(action, "blocked")) {
            tt_fw_ips_block(ev);
            ev->why = "alert, action blocked";
        } else {
            tt_fw_ids_alert(ev);
            ev->why = "alert, action allowed";
        }
    } else if (tt_slice_eq(type, "drop")) {
        ev->verdict = TT_VERDICT_BLOCKED;
        ev->why = "drop record repeats a blocked alert";
    } else {
        ev->why = "EVE event without verdict";
    }
    return TT_PARSE_OK;
}

static const char *const eve_apps[] = {"suricata", NULL};

const struct tt_parser_ops tt_parser_suricata_eve = {
    .name = "suricata-eve",
    .help = "Suricata EVE JSON (alert allowed/blocked, drop; other event types counted as other)",
    .apps = eve_apps,
    .probe = eve_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = eve_parse,
};
