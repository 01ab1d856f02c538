/* SPDX-License-Identifier: MIT
 *
 * gen_firewall_b.c -- ttgen vendor generators (see bench/vgen.h) for the
 * fw-b firewall/IDS formats: pfsense-filterlog, sophos-xg, juniper-srx,
 * sonicwall, mikrotik, suricata-eve, suricata-fast, snort. Each event is one
 * realistic line (a Snort full alert is five) with the truth of
 * docs/COUNTING.md#firewalls counted exactly: a deny from an outside source is attacks_blocked:
 * firewall (and an attack source), an IPS drop attacks_blocked:ips in any
 * direction, a detect-only alert ids_alerts, a closed/allowed session
 * connections_allowed; session starts, drop records, policy blocks and
 * system lines count nothing.
 */
#include "bench/vgen.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void attack(struct vgen *g, int64_t t, const char *reason, const char *src)
{
    vg_count(g, t, "attacks_blocked", reason);
    vg_source(g, src);
}

/* "%02d/%02d-%02d:%02d:%02d.%06d" style local stamps for Snort/Suricata. */
static void fast_stamp(struct vgen *g, int64_t t_us, int year_digits, char *out)
{
    struct vg_wall w;
    vg_local(g, t_us / 1000000, &w);
    int us = (int)(t_us % 1000000);
    if (year_digits == 4)
        sprintf(out, "%02d/%02d/%04d-%02d:%02d:%02d.%06d", w.mon, w.mday, w.year, w.hour, w.min, w.sec, us);
    else if (year_digits == 2)
        sprintf(out, "%02d/%02d/%02d-%02d:%02d:%02d.%06d", w.mon, w.mday, w.year % 100, w.hour, w.min, w.sec, us);
    else
        sprintf(out, "%02d/%02d-%02d:%02d:%02d.%06d", w.mon, w.mday, w.hour, w.min, w.sec, us);
}

/* ------------------------------------------------------------------ */
static void gen_filterlog(struct vgen *g, int64_t t)
{
    char st[48], a[48], b[48], hdr[160];
    const char *host = vg_host(g, "fw1.example.net");
    if (vg_chance(g, 500))
        snprintf(hdr, sizeof(hdr), "<134>1 %s %s filterlog 72237 - -", vg_stamp_iso(g, t, st), host);
    else
        snprintf(hdr, sizeof(hdr), "<134>%s %s filterlog[72237]:", vg_stamp3164(g, t, st), host);
    unsigned r = vg_rand(g, 100);
    unsigned sp = 1024 + vg_rand(g, 60000);
    static const unsigned ports[] = {22, 23, 25, 80, 443, 445, 3389, 8080, 53, 123};
    unsigned dp = ports[vg_rand(g, 10)];
    if (r < 45) {
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, b);
        int v6 = strchr(a, ':') != NULL;
        if (v6 && !strchr(b, ':'))
            sprintf(b, "2001:db8:10::%x", 1 + vg_rand(g, 0xfff));
        if (!v6 && strchr(b, ':'))
            sprintf(b, "10.0.1.%u", 1 + vg_rand(g, 254));
        if (v6)
            vg_line(g, t, "%s 6,,,1000000105,igb1,match,block,in,6,0x00,0x00000,57,tcp,6,40,%s,%s,%u,%u,0,S,%u,,64240,,mss",
                    hdr, a, b, sp, dp, vg_rand(g, 1u << 31));
        else
            vg_line(g, t, "%s 146,,,1535324496,igb1,match,%s,in,4,0x0,,50,%u,0,DF,6,tcp,60,%s,%s,%u,%u,0,S,%u,,64240,,mss;sackOK;TS",
                    hdr, vg_chance(g, 900) ? "block" : "reject", vg_rand(g, 65535), a, b, sp, dp, vg_rand(g, 1u << 31));
        attack(g, t, "firewall", a);
    } else if (r < 55) {
        sprintf(a, "10.0.%u.%u", vg_rand(g, 8), 1 + vg_rand(g, 254));
        vg_public_ip(g, b);
        vg_line(g, t, "%s 7,,,1000000103,igb0,match,block,out,4,0x0,,64,0,0,DF,17,udp,76,%s,%s,%u,%u,56", hdr, a, b, sp,
                dp);
    } else if (r < 95) {
        sprintf(a, "10.0.%u.%u", vg_rand(g, 8), 1 + vg_rand(g, 254));
        vg_public_ip(g, b);
        if (vg_chance(g, 300))
            vg_line(g, t, "%s 176,,,1520797901,igb0,match,pass,out,4,0x0,,64,62096,0,DF,1,icmp,84,%s,%s,request,%u,%u",
                    hdr, a, b, vg_rand(g, 65535), vg_rand(g, 1000));
        else
            vg_line(g, t, "%s 115,,,1534283903,igb0,match,pass,out,4,0x0,,63,%u,0,DF,17,udp,69,%s,%s,%u,53,49", hdr,
                    vg_rand(g, 65535), a, b, sp);
        vg_count(g, t, "connections_allowed", NULL);
    } else {
        vg_attacker_ip(g, a, 0);
        vg_line(g, t, "%s 199,,,1557957510,igb1,ip-option,scrub,in,4,0xc0,,1,0,0,DF,2,igmp,32,%s,224.0.0.1,datalength=8",
                hdr, a);
    }
}

/* ------------------------------------------------------------------ */
static void sophos_head(struct vgen *g, int64_t t, char *out, size_t n)
{
    struct vg_wall w;
    vg_local(g, t / 1000000, &w);
    char zone[16] = "UTC";
    time_t tt = (time_t)(t / 1000000);
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(zone, sizeof(zone), "%Z", &tm);
    unsigned v = vg_rand(g, 4);
    if (v == 0) {
        /* SFOS 19/20: no device=, timestamp= with its offset */
        int off = w.off_s / 60, a = off < 0 ? -off : off;
        snprintf(out, n, "timestamp=\"%04d-%02d-%02dT%02d:%02d:%02d%c%02d%02d\" device_model=\"XGS136\" device_serial_id=\"X43210EDABC1D23\"",
                 w.year, w.mon, w.mday, w.hour, w.min, w.sec, off < 0 ? '-' : '+', a / 60, a % 60);
    } else if (v == 1) {
        /* SFOS 18.5+: starts with date=, no device= */
        snprintf(out, n, "date=%04d-%02d-%02d time=%02d:%02d:%02d timezone=\"%s\" device_name=\"XG230\" device_id=C01001K234RXPA1",
                 w.year, w.mon, w.mday, w.hour, w.min, w.sec, zone);
    } else {
        snprintf(out, n, "device=\"SFW\" date=%04d-%02d-%02d time=%02d:%02d:%02d timezone=\"%s\" device_name=\"XG230\" device_id=C01001K234RXPA1",
                 w.year, w.mon, w.mday, w.hour, w.min, w.sec, zone);
    }
}

static void gen_sophos(struct vgen *g, int64_t t)
{
    char h[256], a[48], b[48];
    sophos_head(g, t, h, sizeof(h));
    unsigned r = vg_rand(g, 100);
    if (r < 25) {
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, b);
        vg_line(g, t, "%s log_id=010101600002 log_type=\"Firewall\" log_component=\"Firewall Rule\" log_subtype=\"Denied\" status=\"Deny\" priority=Information duration=0 fw_rule_id=0 in_interface=\"Port2\" src_ip=%s dst_ip=%s protocol=\"TCP\" src_port=%u dst_port=%u",
                h, a, b, 1024 + vg_rand(g, 60000), 22);
        attack(g, t, "firewall", a);
    } else if (r < 50) {
        vg_home_ip(g, a);
        vg_public_ip(g, b);
        vg_line(g, t, "%s log_id=010101600001 log_type=\"Firewall\" log_component=\"Firewall Rule\" log_subtype=\"Allowed\" status=\"Allow\" priority=Information duration=%u fw_rule_id=5 ether_type=Unknown (0x0000) src_ip=%s dst_ip=%s protocol=\"TCP\" src_port=%u dst_port=443 sent_bytes=%u recv_bytes=%u",
                h, vg_rand(g, 300), a, b, 1024 + vg_rand(g, 60000), vg_rand(g, 100000), vg_rand(g, 1000000));
        vg_count(g, t, "connections_allowed", NULL);
    } else if (r < 58) {
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, b);
        int drop = vg_chance(g, 600);
        vg_line(g, t, "%s log_id=02070%d406002 log_type=\"IDP\" log_component=\"Signatures\" log_subtype=\"%s\" priority=Warning idp_policy_id=1 fw_rule_id=2 signature_id=26022 signature_msg=\"FILE-PDF EmbeddedFile contained within a PDF\" classification=\"A Network Trojan was detected\" src_ip=%s dst_ip=%s protocol=\"TCP\" src_port=%u dst_port=25",
                h, drop ? 4 : 3, drop ? "Drop" : "Detect", a, b, 1024 + vg_rand(g, 60000));
        if (drop)
            attack(g, t, "ips", a);
        else
            vg_count(g, t, "ids_alerts", NULL);
    } else if (r < 63) {
        vg_public_ip(g, a);
        vg_home_ip(g, b);
        int phish = vg_chance(g, 200);
        vg_line(g, t, "%s log_id=031106210001 log_type=\"Anti-Virus\" log_component=\"SMTP\" log_subtype=\"Virus\" status=\"\" priority=Critical from_email_address=\"x@example.org\" to_email_address=\"u@example.net\" subject=\"invoice\" virus=\"%s\" src_ip=%s dst_ip=%s protocol=\"TCP\" src_port=%u dst_port=25",
                h, phish ? "Troj/Phish-A" : "EICAR-AV-Test", a, b, 1024 + vg_rand(g, 60000));
        vg_count(g, t, "emails_blocked", phish ? "phishing" : "malware");
    } else if (r < 75) {
        vg_public_ip(g, a);
        vg_home_ip(g, b);
        unsigned k = vg_rand(g, 4);
        static const char *const sub[] = {"Spam", "Probable Spam", "Probable Spam", "Spam"};
        static const char *const qr[] = {"Spam", "RBL", "Spam", "Spam"};
        static const char *const act[] = {"DROP", "DROP", "QUARANTINE", "Change Subject"};
        vg_line(g, t, "%s log_id=041107413001 log_type=\"Anti-Spam\" log_component=\"SMTP\" log_subtype=\"%s\" status=\"\" priority=Warning from_email_address=\"s@example.org\" to_email_address=\"u@example.net\" email_subject=\"offer\" mailid=\"c%07x\" mailsize=%u spamaction=\"%s\" reason=\"\" src_ip=%s dst_ip=%s protocol=\"TCP\" src_port=%u dst_port=25 quarantine_reason=\"%s\"",
                h, sub[k], vg_rand(g, 1u << 28), 400 + vg_rand(g, 9000), act[k], a, b, 1024 + vg_rand(g, 60000), qr[k]);
        if (k == 1)
            vg_count(g, t, "emails_blocked", "reputation");
        else if (k != 3)
            vg_count(g, t, "emails_blocked", "spam");
    } else if (r < 85) {
        vg_public_ip(g, a);
        vg_home_ip(g, b);
        if (strchr(b, ':'))
            strcpy(b, "10.0.0.25");
        vg_line(g, t, "%s log_id=041101618035 log_type=\"Anti-Spam\" log_component=\"SMTP\" log_subtype=\"Allowed\" status=\"\" priority=Information spamaction=\"DELIVERED\" reason=\"Email has been delivered to recipient(s).\" src_ip=%s dst_ip=%s protocol=\"TCP\" src_port=%u dst_port=25",
                h, a, b, 1024 + vg_rand(g, 60000));
        vg_count(g, t, "emails_delivered", NULL);
    } else if (r < 95) {
        vg_home_ip(g, a);
        vg_public_ip(g, b);
        vg_line(g, t, "%s log_id=050901616001 log_type=\"Content Filtering\" log_component=\"HTTP\" log_subtype=\"%s\" priority=Information fw_rule_id=2 user_name=\"rich\" category=\"Search Engines\" url=\"http://www.example.com/?q=%u\" src_ip=%s dst_ip=%s protocol=\"TCP\" src_port=%u dst_port=80",
                h, vg_chance(g, 900) ? "Allowed" : "Denied", vg_rand(g, 99999), a, b, 1024 + vg_rand(g, 60000));
    } else {
        vg_line(g, t, "%s log_id=127626618031 log_type=\"System Health\" log_component=\"CPU\" log_subtype=\"Usage\" priority=Information system=1.29%% user=7.60%% idle=91.11%%",
                h);
    }
}

/* ------------------------------------------------------------------ */
static void gen_juniper(struct vgen *g, int64_t t)
{
    char st[48], a[48], b[48];
    const char *host = vg_host(g, "srx1");
    int plain = vg_chance(g, 200);
    unsigned r = vg_rand(g, 100);
    unsigned sp = 1024 + vg_rand(g, 60000), sid = vg_rand(g, 1u << 30);
    if (r < 5) {
        /* a stateless firewall filter term with `then syslog`: one line per
         * burst of identical packets, "(N packets)" */
        int accept = vg_chance(g, 300);
        unsigned n = vg_chance(g, 800) ? 1 : 2 + vg_rand(g, 5);
        if (accept)
            vg_home_ip(g, a), vg_public_ip(g, b);
        else
            vg_attacker_ip(g, a, 1), vg_home_ip(g, b);
        vg_line(g, t, "%s %s PFE_FW_SYSLOG_IP: FW: ge-0/0/0.0 %c tcp %s %s %u 22 (%u packets)", vg_stamp3164(g, t, st),
                host, accept ? 'A' : 'D', a, b, sp, n);
        for (unsigned i = 0; i < n; i++) {
            if (accept)
                vg_count(g, t, "connections_allowed", NULL);
            else
                attack(g, t, "firewall", a);
        }
    } else if (r < 30) {
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, b);
        if (!plain && vg_chance(g, 250)) {
            /* relayed by another syslog daemon: its header, then the record */
            char st2[48];
            vg_line(g, t, "%s 192.0.2.200 junos-flow: %s %s RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.39 source-address=\"%s\" source-port=\"%u\" destination-address=\"%s\" destination-port=\"22\" service-name=\"junos-ssh\" protocol-id=\"6\" icmp-type=\"0\" policy-name=\"deny-all\" source-zone-name=\"untrust\" destination-zone-name=\"trust\" reason=\"policy deny\"]",
                    vg_stamp3164(g, t, st), vg_stamp_iso(g, t, st2), host, a, sp, b);
        } else if (plain)
            vg_line(g, t, "%s %s RT_FLOW: RT_FLOW_SESSION_DENY: session denied %s/%u->%s/22 0x0 junos-ssh 6(0) deny-all untrust trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 No Denied by policy %u N/A N/A -1",
                    vg_stamp3164(g, t, st), host, a, sp, b, sid);
        else
            vg_line(g, t, "<14>1 %s %s RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.129 source-address=\"%s\" source-port=\"%u\" destination-address=\"%s\" destination-port=\"22\" connection-tag=\"0\" service-name=\"junos-ssh\" protocol-id=\"6\" icmp-type=\"0\" policy-name=\"deny-all\" source-zone-name=\"untrust\" destination-zone-name=\"trust\" application=\"UNKNOWN\" nested-application=\"UNKNOWN\" username=\"N/A\" roles=\"N/A\" packet-incoming-interface=\"ge-0/0/0.0\" encrypted=\"No\" reason=\"Denied by policy\" session-id-32=\"%u\"]",
                    vg_stamp_iso(g, t, st), host, a, sp, b, sid);
        attack(g, t, "firewall", a);
    } else if (r < 45) {
        vg_home_ip(g, a);
        vg_public_ip(g, b);
        vg_line(g, t, "<14>1 %s %s RT_FLOW - RT_FLOW_SESSION_CREATE [junos@2636.1.1.1.2.129 source-address=\"%s\" source-port=\"%u\" destination-address=\"%s\" destination-port=\"443\" service-name=\"junos-https\" protocol-id=\"6\" policy-name=\"trust-out\" source-zone-name=\"trust\" destination-zone-name=\"untrust\" session-id-32=\"%u\"]",
                vg_stamp_iso(g, t, st), host, a, sp, b, sid);
    } else if (r < 80) {
        vg_home_ip(g, a);
        vg_public_ip(g, b);
        if (plain)
            vg_line(g, t, "%s %s RT_FLOW: RT_FLOW_SESSION_CLOSE: session closed TCP FIN: %s/%u->%s/443 0x0 junos-https %s/%u->%s/443 0x0 None None 6 trust-out trust untrust %u 5(300) 4(400) 10 UNKNOWN UNKNOWN N/A(N/A) ge-0/0/1.0 No",
                    vg_stamp3164(g, t, st), host, a, sp, b, a, sp, b, sid);
        else
            vg_line(g, t, "<14>1 %s %s RT_FLOW - RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.129 reason=\"TCP FIN\" source-address=\"%s\" source-port=\"%u\" destination-address=\"%s\" destination-port=\"443\" service-name=\"junos-https\" protocol-id=\"6\" policy-name=\"trust-out\" source-zone-name=\"trust\" destination-zone-name=\"untrust\" session-id-32=\"%u\" packets-from-client=\"%u\" bytes-from-client=\"%u\" elapsed-time=\"%u\"]",
                    vg_stamp_iso(g, t, st), host, a, sp, b, sid, vg_rand(g, 100), vg_rand(g, 100000), vg_rand(g, 300));
        vg_count(g, t, "connections_allowed", NULL);
    } else if (r < 92) {
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, b);
        unsigned k = vg_rand(g, 3), rep = vg_chance(g, 200) ? 2 + vg_rand(g, 4) : 0;
        static const char *const act[] = {"DROP", "CLOSE_CLIENT_AND_SERVER", "NONE"};
        vg_line(g, t, "<165>1 %s %s RT_IDP - IDP_ATTACK_LOG_EVENT [junos@2636.1.1.1.2.129 epoch-time=\"%lld\" message-type=\"SIG\" source-address=\"%s\" source-port=\"%u\" destination-address=\"%s\" destination-port=\"80\" protocol-name=\"TCP\" service-name=\"SERVICE_IDP\" application-name=\"HTTP\" rule-name=\"3\" rulebase-name=\"IPS\" policy-name=\"Recommended\" repeat-count=\"%u\" action=\"%s\" threat-severity=\"HIGH\" attack-name=\"HTTP:MISC:GENERIC-DIR-TRAVERSAL\"]",
                vg_stamp_iso(g, t, st), host, (long long)(t / 1000000), a, sp, b, rep, act[k]);
        for (unsigned i = 0; i < (rep > 1 ? rep : 1); i++) {
            if (k < 2)
                attack(g, t, "ips", a);
            else
                vg_count(g, t, "ids_alerts", NULL);
        }
    } else {
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, b);
        int drop = vg_chance(g, 700);
        vg_line(g, t, "<11>1 %s %s RT_IDS - RT_SCREEN_TCP [junos@2636.1.1.1.2.129 attack-name=\"TCP port scan!\" source-address=\"%s\" source-port=\"%u\" destination-address=\"%s\" destination-port=\"%u\" source-zone-name=\"untrust\" interface-name=\"ge-0/0/0.0\" action=\"%s\"]",
                vg_stamp_iso(g, t, st), host, a, sp, b, vg_rand(g, 65535), drop ? "drop" : "alarm-without-drop");
        if (drop)
            attack(g, t, "ips", a);
        else
            vg_count(g, t, "ids_alerts", NULL);
    }
}

/* ------------------------------------------------------------------ */
static void gen_sonicwall(struct vgen *g, int64_t t)
{
    char a[48], b[48];
    struct vg_wall w;
    vg_local(g, t / 1000000, &w);
    char tm[40];
    sprintf(tm, "%04d-%02d-%02d %02d:%02d:%02d", w.year, w.mon, w.mday, w.hour, w.min, w.sec);
    unsigned r = vg_rand(g, 100), n = vg_rand(g, 1u << 30), sp = 1024 + vg_rand(g, 60000);
    if (r < 35) {
        vg_home_ip(g, a);
        if (strchr(a, ':'))
            strcpy(a, "10.0.0.3");
        vg_public_ip(g, b);
        vg_line(g, t, "<134>  id=firewall sn=0040103CE114 time=\"%s\" fw=192.0.2.96 pri=6 c=1024 gcat=6 m=537 msg=\"Connection Closed\" srcMac=06:08:25:81:11:30 src=%s:%u:X0 srcZone=Trusted dst=%s:443:X1 dstZone=Untrusted proto=tcp/https sent=%u rcvd=%u spkt=11 rpkt=7 cdur=%u rule=\"Default Access Rule\" app=12 n=%u fw_action=\"NA\" dpi=0",
                tm, a, sp, b, vg_rand(g, 100000), vg_rand(g, 100000), vg_rand(g, 10000), n);
        vg_count(g, t, "connections_allowed", NULL);
    } else if (r < 55) {
        vg_home_ip(g, a);
        if (strchr(a, ':'))
            strcpy(a, "10.0.0.3");
        vg_public_ip(g, b);
        vg_line(g, t, "<134>  id=firewall sn=0040103CE114 time=\"%s\" fw=192.0.2.96 pri=6 c=262144 gcat=6 m=98 msg=\"Connection Opened\" src=%s:%u:X0 dst=%s:443:X1 proto=tcp/https sent=64 app=12 n=%u fw_action=\"NA\" dpi=0",
                tm, a, sp, b, n);
    } else if (r < 80) {
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, b);
        if (strchr(b, ':'))
            strcpy(b, "10.0.0.96");
        time_t tt = (time_t)(t / 1000000);
        struct tm u;
        gmtime_r(&tt, &u);
        strftime(tm, sizeof(tm), "%Y-%m-%d %H:%M:%S", &u);
        if (vg_chance(g, 200)) /* another key order */
            vg_line(g, t, "<135>  sn=0040103CE114 id=firewall time=\"%s UTC\" fw=192.0.2.96 pri=7 c=512 m=713 msg=\"Packet dropped by policy\" src=%s:%u:X1 dst=%s:22:X0 n=%u fw_action=\"drop\"",
                    tm, a, sp, b, n);
        else
            vg_line(g, t, "<135>  id=firewall sn=0040103CE114 time=\"%s UTC\" fw=192.0.2.96 pri=7 c=512 gcat=6 m=713 srcMac=00:06:b1:dd:4f:d4 src=%s:%u:X1 srcZone=Untrusted dst=%s:22:X0 dstZone=Trusted proto=tcp/22 sent=46 rule=\"15 (WAN->LAN)\" app=12 msg=\"Packet dropped by policy\" n=%u fw_action=\"drop\"",
                    tm, a, sp, b, n);
        attack(g, t, "firewall", a);
    } else if (r < 88) {
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, b);
        if (strchr(b, ':'))
            strcpy(b, "10.0.0.8");
        int prev = vg_chance(g, 500);
        vg_line(g, t, "<129> id=firewall sn=0040103CE114 time=\"%s\" fw=192.0.2.96 pri=1 c=32 m=%d msg=\"IPS %s Alert: WEB-ATTACKS Apache Log4j2 JNDI\" sid=2307 ipscat=\"WEB-ATTACKS\" ipspri=2 n=%u src=%s:%u:X1 dst=%s:8080:X0 fw_action=\"%s\"",
                tm, prev ? 609 : 608, prev ? "Prevention" : "Detection", n, a, sp, b, prev ? "drop" : "NA");
        if (prev)
            attack(g, t, "ips", a);
        else
            vg_count(g, t, "ids_alerts", NULL);
    } else {
        vg_home_ip(g, a);
        if (strchr(a, ':'))
            strcpy(a, "10.0.0.3");
        vg_public_ip(g, b);
        vg_line(g, t, "<134>  id=firewall sn=0040103CE114 time=\"%s\" fw=192.0.2.96 pri=6 c=1024 gcat=2 m=97 msg=\"Web site hit\" src=%s:%u:X0 dst=%s:443:X1 proto=tcp/https sent=%u rcvd=%u dstname=www.example.com arg=/ code=2 n=%u",
                tm, a, sp, b, vg_rand(g, 5000), vg_rand(g, 50000), n);
    }
}

/* ------------------------------------------------------------------ */
static void gen_mikrotik(struct vgen *g, int64_t t)
{
    char st[48], a[48], b[48];
    const char *host = vg_host(g, "gw1");
    unsigned r = vg_rand(g, 100), sp = 1024 + vg_rand(g, 60000);
    vg_stamp_iso(g, t, st);
    if (r < 50) {
        vg_attacker_ip(g, a, 1);
        int v6 = strchr(a, ':') != NULL;
        static const char *const pre[] = {"drop-in", "DROP_WAN", "reject-tcp", "blocklist"};
        char sa[64], da[64];
        if (v6) {
            sprintf(sa, "[%s]:%u", a, sp);
            sprintf(da, "[2001:db8:10::1]:%u", 22 + vg_rand(g, 3));
        } else {
            sprintf(sa, "%s:%u", a, sp);
            sprintf(da, "203.0.113.145:%u", 22 + vg_rand(g, 3));
        }
        vg_line(g, t, "%s %s firewall,info %s input: in:ether1-WAN out:(unknown 0), connection-state:new src-mac 00:17:10:88:bc:02, proto TCP (SYN), %s->%s, len 60",
                st, host, VG_PICK(g, pre), sa, da);
        attack(g, t, "firewall", a);
    } else if (r < 80) {
        sprintf(a, "10.0.%u.%u", vg_rand(g, 8), 1 + vg_rand(g, 254));
        vg_public_ip(g, b);
        vg_line(g, t, "%s %s firewall,info accept-out forward: in:bridge out:ether1-WAN, connection-state:new src-mac 00:17:10:88:bc:03, proto UDP, %s:%u->%s:53, NAT (%s:%u->203.0.113.145:%u)->%s:53, len 65",
                st, host, a, sp, b, a, sp, sp, b);
        vg_count(g, t, "connections_allowed", NULL);
    } else if (r < 95) {
        vg_attacker_ip(g, a, 0);
        vg_line(g, t, "%s %s firewall,info input: in:ether1-WAN out:(unknown 0), connection-state:new proto ICMP (type 8, code 0), %s->203.0.113.145, len 84",
                st, host, a);
    } else {
        vg_line(g, t, "%s %s system,info,account user admin logged in from 10.0.0.%u via ssh", st, host,
                1 + vg_rand(g, 254));
    }
}

/* ------------------------------------------------------------------ */
static void eve_stamp(struct vgen *g, int64_t t, char *out)
{
    struct vg_wall w;
    vg_local(g, t / 1000000, &w);
    int32_t o = w.off_s < 0 ? -w.off_s : w.off_s;
    sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02d%02d", w.year, w.mon, w.mday, w.hour, w.min, w.sec,
            (int)(t % 1000000), w.off_s < 0 ? '-' : '+', o / 3600, o % 3600 / 60);
}

static void gen_eve(struct vgen *g, int64_t t)
{
    char st[48], a[48], b[48];
    eve_stamp(g, t, st);
    unsigned r = vg_rand(g, 100), sp = 1024 + vg_rand(g, 60000);
    unsigned long long flow = ((unsigned long long)vg_rand(g, 1u << 30) << 20) | vg_rand(g, 1u << 20);
    static const char *const sig[] = {"ET SCAN Sipvicious User-Agent Detected (friendly-scanner)",
                                      "ET EXPLOIT Apache HTTP Server 2.4.49 - Path Traversal Attempt (CVE-2021-41773) M2",
                                      "ET POLICY curl User-Agent Outbound", "ET CINS Active Threat Intelligence Poor Reputation IP"};
    if (r < 30) {
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, b);
        int blocked = vg_chance(g, 400);
        vg_line(g, t, "{\"timestamp\":\"%s\",\"flow_id\":%llu,\"in_iface\":\"eth0\",\"event_type\":\"alert\",\"src_ip\":\"%s\",\"src_port\":%u,\"dest_ip\":\"%s\",\"dest_port\":80,\"proto\":\"TCP\",\"community_id\":\"1:abc=\",\"alert\":{\"action\":\"%s\",\"gid\":1,\"signature_id\":%u,\"rev\":4,\"signature\":\"%s\",\"category\":\"Attempted Administrator Privilege Gain\",\"severity\":1},\"http\":{\"hostname\":\"www.example.net\",\"url\":\"/cgi-bin/.%%2e/%%2e%%2e/bin/sh\",\"http_user_agent\":\"curl/7.79.1\",\"http_method\":\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":400,\"length\":226},\"app_proto\":\"http\",\"flow\":{\"pkts_toserver\":4,\"pkts_toclient\":3,\"bytes_toserver\":385,\"bytes_toclient\":714,\"start\":\"%s\"}}",
                st, flow, a, sp, b, blocked ? "blocked" : "allowed", 2000000 + vg_rand(g, 100000), VG_PICK(g, sig), st);
        if (blocked) {
            attack(g, t, "ips", a);
            vg_line(g, t, "{\"timestamp\":\"%s\",\"flow_id\":%llu,\"in_iface\":\"eth0\",\"event_type\":\"drop\",\"src_ip\":\"%s\",\"src_port\":%u,\"dest_ip\":\"%s\",\"dest_port\":80,\"proto\":\"TCP\",\"drop\":{\"len\":60,\"tos\":0,\"ttl\":50,\"ipid\":4242,\"tcpseq\":1,\"tcpack\":0,\"tcpwin\":64240,\"syn\":true,\"ack\":false,\"psh\":false,\"rst\":false,\"urg\":false,\"fin\":false,\"tcpres\":0,\"tcpurgp\":0,\"reason\":\"rules\"}}",
                    st, flow, a, sp, b);
        } else {
            vg_count(g, t, "ids_alerts", NULL);
        }
    } else if (r < 55) {
        vg_home_ip(g, a);
        vg_public_ip(g, b);
        vg_line(g, t, "{\"timestamp\":\"%s\",\"flow_id\":%llu,\"in_iface\":\"eth0\",\"event_type\":\"flow\",\"src_ip\":\"%s\",\"src_port\":%u,\"dest_ip\":\"%s\",\"dest_port\":443,\"proto\":\"TCP\",\"app_proto\":\"tls\",\"flow\":{\"pkts_toserver\":%u,\"pkts_toclient\":%u,\"bytes_toserver\":%u,\"bytes_toclient\":%u,\"start\":\"%s\",\"end\":\"%s\",\"age\":3,\"state\":\"closed\",\"reason\":\"timeout\",\"alerted\":false},\"tcp\":{\"tcp_flags\":\"1f\",\"syn\":true,\"fin\":true,\"psh\":true,\"ack\":true,\"state\":\"closed\"}}",
                st, flow, a, sp, b, vg_rand(g, 100), vg_rand(g, 100), vg_rand(g, 100000), vg_rand(g, 100000), st, st);
    } else if (r < 80) {
        vg_home_ip(g, a);
        vg_line(g, t, "{\"timestamp\":\"%s\",\"flow_id\":%llu,\"in_iface\":\"eth0\",\"event_type\":\"dns\",\"src_ip\":\"%s\",\"src_port\":%u,\"dest_ip\":\"10.0.0.53\",\"dest_port\":53,\"proto\":\"UDP\",\"dns\":{\"type\":\"query\",\"id\":%u,\"rrname\":\"host%u.example.com\",\"rrtype\":\"A\",\"tx_id\":0}}",
                st, flow, a, sp, vg_rand(g, 65535), vg_rand(g, 1000));
    } else if (r < 97) {
        vg_home_ip(g, a);
        vg_public_ip(g, b);
        vg_line(g, t, "{\"timestamp\":\"%s\",\"flow_id\":%llu,\"in_iface\":\"eth0\",\"event_type\":\"tls\",\"src_ip\":\"%s\",\"src_port\":%u,\"dest_ip\":\"%s\",\"dest_port\":443,\"proto\":\"TCP\",\"tls\":{\"subject\":\"CN=www.example.com\",\"issuerdn\":\"C=US, O=Example CA\",\"serial\":\"0A:0B\",\"fingerprint\":\"aa:bb:cc\",\"sni\":\"www.example.com\",\"version\":\"TLS 1.3\",\"notbefore\":\"2018-01-01T00:00:00\",\"notafter\":\"2019-01-01T00:00:00\",\"ja3\":{\"hash\":\"44d502d471cfdb99c59bdfb0f220e5a8\"}}}",
                st, flow, a, sp, b);
    } else {
        vg_line(g, t, "{\"timestamp\":\"%s\",\"event_type\":\"stats\",\"stats\":{\"uptime\":%u,\"capture\":{\"kernel_packets\":%u,\"kernel_drops\":0},\"decoder\":{\"pkts\":%u,\"bytes\":%u}}}",
                st, vg_rand(g, 1000000), vg_rand(g, 1000000), vg_rand(g, 1000000), vg_rand(g, 100000000));
    }
}

/* ------------------------------------------------------------------ */
static void gen_fast(struct vgen *g, int64_t t)
{
    char st[48], a[48], b[48];
    fast_stamp(g, t, 4, st);
    vg_attacker_ip(g, a, 0);
    vg_home_ip(g, b);
    if (strchr(b, ':'))
        strcpy(b, "10.0.18.55");
    int drop = vg_chance(g, 250);
    static const char *const sig[] = {"[1:2008578:4] ET SCAN Sipvicious Scan [**] [Classification: Attempted Information Leak] [Priority: 2] {UDP}",
                                      "[1:2034125:4] ET EXPLOIT Apache HTTP Server 2.4.49 - Path Traversal Attempt (CVE-2021-41773) M2 [**] [Classification: Attempted Administrator Privilege Gain] [Priority: 1] {TCP}",
                                      "[1:2200074:2] SURICATA TCPv4 invalid checksum [**] [Classification: Generic Protocol Command Decode] [Priority: 3] {TCP}"};
    vg_line(g, t, "%s  %s[**] %s %s:%u -> %s:%u", st, drop ? "[Drop] " : "", VG_PICK(g, sig), a,
            1024 + vg_rand(g, 60000), b, 80);
    if (drop)
        attack(g, t, "ips", a);
    else
        vg_count(g, t, "ids_alerts", NULL);
}

/* ------------------------------------------------------------------ */
static void gen_snort(struct vgen *g, int64_t t)
{
    char st[48], a[48], b[48];
    vg_attacker_ip(g, a, 0);
    vg_home_ip(g, b);
    if (strchr(b, ':'))
        strcpy(b, "10.0.10.190");
    unsigned r = vg_rand(g, 100), sp = 1024 + vg_rand(g, 60000);
    if (r < 40) {
        fast_stamp(g, t, vg_chance(g, 300) ? 2 : 0, st);
        int drop = vg_chance(g, 200);
        vg_line(g, t, "%s  %s[**] [1:2012811:2] ET DNS Query to a .tk domain - Likely Hostile [**] [Classification: Potentially Bad Traffic] [Priority: 2] {UDP} %s:%u -> %s:53",
                st, drop ? "[Drop] " : "", a, sp, b);
        if (drop)
            attack(g, t, "ips", a);
        else
            vg_count(g, t, "ids_alerts", NULL);
    } else if (r < 65) {
        fast_stamp(g, t, 2, st);
        vg_line(g, t, "%s ,1,2403488,68499,\"ET CINS Active Threat Intelligence Poor Reputation IP TCP group 95\",TCP,%s,%u,%s,22,54321,Misc Attack,2,alert,Allow",
                st, a, sp, b);
        vg_count(g, t, "ids_alerts", NULL);
    } else if (r < 85) {
        fast_stamp(g, t, 0, st);
        /* the full format: only the third line carries a time; the others
         * count where a collector counts untimed lines */
        vg_line_untimed(g, "[**] [1:1000006:0] TCP connection [**]");
        vg_line_untimed(g, "[Classification: Potentially Bad Traffic] [Priority: 2] ");
        vg_line(g, t, "%s %s:%u -> %s:22", st, a, sp, b);
        vg_line_untimed(g, "TCP TTL:127 TOS:0x0 ID:%u IpLen:20 DgmLen:40 DF", vg_rand(g, 65535));
        vg_line_untimed(g, "***A**** Seq: 0x%08X  Ack: 0x%08X  Win: 0x80E  TcpLen: 20", vg_rand(g, 1u << 31),
                        vg_rand(g, 1u << 31));
        vg_count(g, t, "ids_alerts", NULL);
    } else {
        vg_line(g, t, "%s %s snort[1234]: [1:1000017:0] UDP Connection [Classification: Misc activity] [Priority: 3] {UDP} %s:%u -> %s:32414",
                vg_stamp3164(g, t, st), vg_host(g, "ids1"), a, sp, b);
        vg_count(g, t, "ids_alerts", NULL);
    }
}

const struct vgen_format vgen_pfsense_filterlog = {"pfsense-filterlog", "pfSense/OPNsense filterlog CSV", gen_filterlog};
const struct vgen_format vgen_sophos_xg = {"sophos-xg", "Sophos XG/SFOS key=value", gen_sophos};
const struct vgen_format vgen_juniper_srx = {"juniper-srx", "Juniper SRX RT_FLOW/RT_IDP/RT_IDS", gen_juniper};
const struct vgen_format vgen_sonicwall = {"sonicwall", "SonicWall SonicOS key=value", gen_sonicwall};
const struct vgen_format vgen_mikrotik = {"mikrotik", "MikroTik RouterOS firewall log", gen_mikrotik};
const struct vgen_format vgen_suricata_eve = {"suricata-eve", "Suricata EVE JSON", gen_eve};
const struct vgen_format vgen_suricata_fast = {"suricata-fast", "Suricata fast.log", gen_fast};
const struct vgen_format vgen_snort = {"snort", "Snort fast/CSV/full/syslog alerts", gen_snort};
