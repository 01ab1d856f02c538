/* SPDX-License-Identifier: MIT
 *
 * gen_firewall_a.c -- ttgen generators (see vgen.h) for FortiGate, PAN-OS,
 * Cisco ASA/FTD, Check Point, CEF/LEEF and Cisco Umbrella, with the exact
 * truth the collector must count (docs/COUNTING.md#firewalls, as read by the parsers of
 * the same names). Each event picks a kind with fixed odds; lines carry the
 * event's own time the way the device writes it (local time in --tz with or
 * without an offset, epoch, UTC), so the end-to-end test checks time
 * handling as well as verdicts.
 */
#include "bench/vgen.h"

#include <stdio.h>
#include <string.h>

/* Epoch seconds of t_us. */
static int64_t secs(int64_t t_us)
{
    return t_us >= 0 ? t_us / 1000000 : -((-t_us + 999999) / 1000000);
}

static void attack(struct vgen *g, int64_t t_us, const char *reason, const char *src, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        vg_count(g, t_us, "attacks_blocked", reason);
    vg_source(g, src);
}

static void counted(struct vgen *g, int64_t t_us, const char *metric, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        vg_count(g, t_us, metric, NULL);
}

/* "+0100" */
static void offset_str(int32_t off_s, char *out)
{
    int32_t a = off_s < 0 ? -off_s : off_s;
    sprintf(out, "%c%02d%02d", off_s < 0 ? '-' : '+', (int)(a / 3600) % 100, (int)(a / 60 % 60));
}

/* ------------------------------------------------------------------ */
/* FortiGate */

static void fortigate_event(struct vgen *g, int64_t t_us)
{
    char a[48], h[48], tz[8], head[256];
    struct vg_wall w;
    int64_t ts = secs(t_us);
    vg_local(g, ts, &w);
    offset_str(w.off_s, tz);
    unsigned style = vg_rand(g, 3); /* eventtime ns / date+time+tz / date+time alone */
    char et[64] = "";
    if (style == 0)
        snprintf(et, sizeof(et), " eventtime=%lld%09u", (long long)ts, (unsigned)(t_us % 1000000) * 1000u);
    snprintf(head, sizeof(head),
             "<189>date=%04d-%02d-%02d time=%02d:%02d:%02d devname=\"%s\" devid=\"FGT60F0000000001\" ", w.year,
             w.mon, w.mday, w.hour, w.min, w.sec, vg_host(g, "fgt1"));
    char tzs[24] = "";
    if (style != 2)
        snprintf(tzs, sizeof(tzs), " tz=\"%s\"", tz);
    unsigned k = vg_rand(g, 100);
    unsigned sess = vg_rand(g, 1000000);
    if (k < 6) {
        /* the CSV log format: the same pairs, comma-separated */
        char ctz[24] = "";
        if (style != 2)
            snprintf(ctz, sizeof(ctz), "tz=\"%s\",", tz);
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, h);
        vg_line(g, t_us,
                "<189>date=%04d-%02d-%02d,time=%02d:%02d:%02d,devname=\"%s\",devid=\"FGT60F0000000001\","
                "logid=\"0000000013\",type=\"traffic\",subtype=\"forward\",level=\"notice\",vd=\"root\",%s"
                "srcip=%s,srcport=%u,dstip=%s,dstport=%u,proto=6,action=\"deny\",policyid=0,service=\"tcp/%u\"",
                w.year, w.mon, w.mday, w.hour, w.min, w.sec, vg_host(g, "fgt1"), ctz, a, 1024 + vg_rand(g, 60000), h,
                vg_rand(g, 1024), vg_rand(g, 1024));
        attack(g, t_us, "firewall", a, 1);
    } else if (k < 30) {
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, h);
        vg_line(g, t_us,
                "%slogid=\"0000000013\" type=\"traffic\" subtype=\"%s\" level=\"notice\" vd=\"root\"%s%s srcip=%s "
                "srcport=%u srcintf=\"wan1\" srcintfrole=\"wan\" dstip=%s dstport=%u dstintf=\"lan\" "
                "dstintfrole=\"lan\" sessionid=%u proto=6 action=\"deny\" policyid=0 policytype=\"policy\" "
                "service=\"tcp/%u\" trandisp=\"noop\" duration=0 sentbyte=0 rcvdbyte=0 sentpkt=0 appcat=\"unscanned\"",
                head, vg_chance(g, 300) ? "local" : "forward", et, tzs, a, 1024 + vg_rand(g, 60000), h,
                vg_rand(g, 1024), sess, vg_rand(g, 1024));
        attack(g, t_us, "firewall", a, 1);
    } else if (k < 40) {
        vg_home_ip(g, h);
        vg_public_ip(g, a);
        vg_line(g, t_us,
                "%slogid=\"0000000013\" type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\"%s%s "
                "srcip=%s srcport=%u dstip=%s dstport=25 sessionid=%u proto=6 action=\"deny\" policyid=7",
                head, et, tzs, h, 1024 + vg_rand(g, 60000), a, sess);
    } else if (k < 70) {
        static const char *const ends[] = {"accept", "close", "close", "timeout", "server-rst", "client-rst"};
        /* a UTM profile's verdict on the session's content: "block" makes
         * the session end a block counting nothing */
        static const char *const utm[] = {"", "", " utmaction=\"allow\"", " utmaction=\"allow\"",
                                          " utmaction=\"block\""};
        const char *u = VG_PICK(g, utm);
        vg_home_ip(g, h);
        vg_public_ip(g, a);
        vg_line(g, t_us,
                "%slogid=\"0000000013\" type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\"%s%s "
                "srcip=%s srcport=%u srcintf=\"lan\" dstip=%s dstport=443 dstintf=\"wan1\" sessionid=%u proto=6 "
                "action=\"%s\" policyid=1 policytype=\"policy\" service=\"HTTPS\" trandisp=\"snat\" "
                "duration=%u sentbyte=%u rcvdbyte=%u%s appcat=\"unscanned\"",
                head, et, tzs, h, 1024 + vg_rand(g, 60000), a, sess, VG_PICK(g, ends), vg_rand(g, 600),
                vg_rand(g, 100000), vg_rand(g, 1000000), u);
        if (!strstr(u, "block"))
            counted(g, t_us, "connections_allowed", 1);
    } else if (k < 75) {
        vg_home_ip(g, h);
        vg_public_ip(g, a);
        vg_line(g, t_us,
                "%slogid=\"0000000015\" type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\"%s%s "
                "srcip=%s dstip=%s sessionid=%u proto=6 action=\"start\" policyid=1",
                head, et, tzs, h, a, sess);
    } else if (k < 83) {
        int drop = vg_chance(g, 600);
        int inbound = vg_chance(g, 700);
        if (inbound)
            vg_attacker_ip(g, a, 1), vg_home_ip(g, h);
        else
            vg_home_ip(g, a), vg_public_ip(g, h);
        vg_line(g, t_us,
                "%slogid=\"0419016384\" type=\"utm\" subtype=\"ips\" eventtype=\"signature\" level=\"alert\" "
                "vd=\"root\"%s%s severity=\"critical\" srcip=%s dstip=%s sessionid=%u action=\"%s\" proto=6 "
                "service=\"HTTP\" attack=\"Web.Server.Exploit\" attackid=%u msg=\"web_app: exploit, a=b\"",
                head, et, tzs, a, h, sess, drop ? "dropped" : "detected", vg_rand(g, 50000));
        if (drop)
            attack(g, t_us, "ips", a, 1);
        else
            counted(g, t_us, "ids_alerts", 1);
    } else if (k < 87) {
        vg_public_ip(g, a);
        vg_home_ip(g, h);
        vg_line(g, t_us,
                "%slogid=\"0211008192\" type=\"utm\" subtype=\"virus\" eventtype=\"infected\" level=\"warning\" "
                "vd=\"root\"%s%s msg=\"File is infected.\" action=\"blocked\" service=\"HTTP\" srcip=%s dstip=%s "
                "virus=\"EICAR_TEST_FILE\"",
                head, et, tzs, a, h);
        attack(g, t_us, "ips", a, 1);
    } else if (k < 93) {
        vg_home_ip(g, h);
        vg_public_ip(g, a);
        vg_line(g, t_us,
                "%slogid=\"0316013056\" type=\"utm\" subtype=\"webfilter\" eventtype=\"ftgd_blk\" "
                "level=\"warning\" vd=\"root\"%s%s srcip=%s dstip=%s action=\"%s\" hostname=\"x.example\" "
                "msg=\"URL belongs to a denied category in policy\"",
                head, et, tzs, h, a, vg_chance(g, 500) ? "blocked" : "passthrough");
    } else {
        vg_line(g, t_us,
                "%slogid=\"0100040704\" type=\"event\" subtype=\"system\" level=\"notice\" vd=\"root\"%s%s "
                "logdesc=\"System performance statistics\" action=\"perf-stats\" cpu=%u mem=%u",
                head, et, tzs, vg_rand(g, 100), vg_rand(g, 100));
    }
}

const struct vgen_format vgen_fortigate = {"fortigate", "FortiGate key=value (traffic, utm ips/virus/webfilter, event)",
                                           fortigate_event};

/* ------------------------------------------------------------------ */
/* PAN-OS */

static void panos_event(struct vgen *g, int64_t t_us)
{
    char a[48], h[48], s3164[16], ts[24];
    struct vg_wall w;
    vg_local(g, secs(t_us), &w);
    vg_stamp3164(g, t_us, s3164);
    snprintf(ts, sizeof(ts), "%04d/%02d/%02d %02d:%02d:%02d", w.year, w.mon, w.mday, w.hour, w.min, w.sec);
    const char *host = vg_host(g, "pa1");
    unsigned k = vg_rand(g, 100);
    unsigned sid = vg_rand(g, 10000000);
    if (k < 55) {
        unsigned rep = vg_chance(g, 200) ? 2 + vg_rand(g, 30) : 1;
        const char *sub, *act;
        int inbound = 0;
        if (k < 25) {
            sub = vg_chance(g, 500) ? "drop" : "deny";
            static const char *const acts[] = {"deny", "drop", "reset-both", "reset-client", "drop-icmp"};
            act = VG_PICK(g, acts);
            inbound = vg_chance(g, 850);
        } else if (k < 50) {
            sub = "end", act = "allow";
        } else {
            sub = "start", act = "allow";
        }
        if (inbound)
            vg_attacker_ip(g, a, 0), vg_home_ip(g, h);
        else
            vg_home_ip(g, a), vg_public_ip(g, h);
        vg_line(g, t_us,
                "%s %s 1,%s,012801000001,TRAFFIC,%s,2561,%s,%s,%s,0.0.0.0,0.0.0.0,rule%u,,,ssl,vsys1,untrust,trust,"
                "ethernet1/1,ethernet1/2,default,%s,%u,%u,%u,443,0,0,0x0,tcp,%s,%u,60,0,1,%s,0,any,0,%u,0x0,"
                "United States,10.0.0.0-10.255.255.255,0,1,0,policy-deny,0,0,0,0,,%s,from-policy,,,0,,0,,N/A,0,0,0,0",
                s3164, host, ts, sub, ts, a, h, vg_rand(g, 20), ts, sid, rep, 1024 + vg_rand(g, 60000), act,
                vg_rand(g, 9000), ts, sid, host);
        if (strcmp(sub, "start") == 0)
            return;
        if (strcmp(act, "allow") == 0)
            counted(g, t_us, "connections_allowed", rep);
        else if (inbound)
            attack(g, t_us, "firewall", a, rep);
    } else if (k < 85) {
        static const char *const subs[] = {"vulnerability", "spyware", "virus", "scan", "flood"};
        const char *sub = VG_PICK(g, subs);
        int block = vg_chance(g, 550);
        static const char *const bacts[] = {"drop", "reset-both", "reset-server", "block-ip", "drop-all-packets"};
        const char *act = block ? VG_PICK(g, bacts) : (vg_chance(g, 800) ? "alert" : "allow");
        unsigned rep = vg_chance(g, 150) ? 2 + vg_rand(g, 10) : 1;
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        vg_line(g, t_us,
                "%s %s 1,%s,012801000001,THREAT,%s,2561,%s,%s,%s,0.0.0.0,0.0.0.0,allow-in,,,web-browsing,vsys1,untrust,"
                "trust,ethernet1/1,ethernet1/2,default,%s,%u,%u,%u,80,0,0,0x2000,tcp,%s,\"/cgi-bin/a.cgi?x=1,2\","
                "Generic Exploit(3%04u),any,critical,client-to-server,%u,0x2000000000000000,United States,"
                "10.0.0.0-10.255.255.255,0,,0,,,0,,,,,,,,0,0,0,0,0,,%s,",
                s3164, host, ts, sub, ts, a, h, ts, sid, rep, 1024 + vg_rand(g, 60000), act, vg_rand(g, 10000), sid,
                host);
        if (block)
            attack(g, t_us, "ips", a, rep);
        else
            counted(g, t_us, "ids_alerts", rep);
    } else if (k < 95) {
        vg_home_ip(g, a);
        vg_public_ip(g, h);
        vg_line(g, t_us,
                "%s %s 1,%s,012801000001,THREAT,url,2561,%s,%s,%s,0.0.0.0,0.0.0.0,allow-out,,,ssl,vsys1,trust,untrust,"
                "ethernet1/2,ethernet1/1,default,%s,%u,1,50000,443,0,0,0x403000,tcp,%s,\"x.example/\",(9999),"
                "gambling,informational,client-to-server,%u,0x2000000000000000,10.0.0.0-10.255.255.255,"
                "United States,0,,0,,,0,,,,,,,,0,0,0,0,0,,%s,",
                s3164, host, ts, ts, a, h, ts, sid, vg_chance(g, 500) ? "block-url" : "alert", sid, host);
    } else {
        vg_line(g, t_us,
                "%s %s 1,%s,012801000001,SYSTEM,general,2561,%s,,general,,0,0,general,informational,"
                "\"Connection to Update server closed, retrying\",%u,0x0,0,0,0,0,,%s",
                s3164, host, ts, ts, sid, host);
    }
}

const struct vgen_format vgen_panos = {"panos", "PAN-OS CSV (TRAFFIC with repeat counts, THREAT, url, SYSTEM)",
                                       panos_event};

/* ------------------------------------------------------------------ */
/* Cisco ASA / FTD */

/* The collector's rule (parse_cisco_asa.c): "Built ... connection" counts
 * one allowed connection, and a 106100 permit counts nothing while its host
 * has logged a Built within the hour (either side), since the Built records
 * count those connections. The collector keys hosts by the syslog host:
 * none for the year-bearing header ([0]), --host for the RFC 3164 one ([1]),
 * and compares the times it reads: the wall clock of the year-bearing
 * header, UTC for the RFC 3164 header (read in --tz). Shared by ASA and FTD
 * (one parser, same hosts). */
static int64_t asa_built_s[2] = {INT64_MIN / 2, INT64_MIN / 2};

static int64_t wall_seconds(const struct vg_wall *w)
{
    /* days from civil (proleptic Gregorian), as timegm() */
    int y = w->year - (w->mon <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (w->mon + (w->mon > 2 ? -3 : 9)) + 2) / 5 + w->mday - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + w->hour * 3600 + w->min * 60 + w->sec;
}

static void asa_event(struct vgen *g, int64_t t_us, const char *tag)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char a[48], h[48], st[40];
    struct vg_wall w;
    vg_local(g, secs(t_us), &w);
    /* year-bearing header, or RFC 3164 with host */
    int hk;           /* host key of asa_built_s */
    int64_t clock_s;  /* the time the collector compares for that host */
    if (vg_chance(g, 700)) {
        snprintf(st, sizeof(st), "%s %02d %04d %02d:%02d:%02d:", mon[w.mon - 1], w.mday, w.year, w.hour, w.min,
                 w.sec);
        hk = 0;
        clock_s = wall_seconds(&w);
    } else {
        char s3164[16];
        vg_stamp3164(g, t_us, s3164);
        snprintf(st, sizeof(st), "%s %s", s3164, vg_host(g, "asa1"));
        hk = 1;
        clock_s = secs(t_us);
    }
    int64_t since = clock_s - asa_built_s[hk];
    int builts = since <= 3600 && since >= -3600;
    unsigned k = vg_rand(g, 100);
    unsigned cid = vg_rand(g, 100000000);
    unsigned sp = 1024 + vg_rand(g, 60000), dp = vg_rand(g, 1024);
    if (k < 25) {
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<164>%s %%%s-4-106023: Deny tcp src outside:%s/%u dst inside:%s/%u by access-group \"outside_in\" [0x0, 0x0]",
                st, tag, a, sp, h, dp);
        attack(g, t_us, "firewall", a, 1);
    } else if (k < 30) {
        /* the same packet reported twice (106023 and 106100 first hit) */
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<164>%s %%%s-4-106023: Deny tcp src outside:%s/%u dst inside:%s/%u by access-group \"outside_in\" [0x0, 0x0]",
                st, tag, a, sp, h, dp);
        vg_line(g, t_us, "<165>%s %%%s-5-106100: access-list outside_in denied tcp outside/%s(%u) -> inside/%s(%u) hit-cnt 1 first hit [0x1, 0x0]",
                st, tag, a, sp, h, dp);
        attack(g, t_us, "firewall", a, 1);
    } else if (k < 40) {
        unsigned n = 1 + vg_rand(g, 50);
        int first = n == 1;
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        if (first)
            vg_line(g, t_us, "<165>%s %%%s-5-106100: access-list outside_in denied udp outside/%s(%u) -> inside/%s(%u) hit-cnt 1 first hit [0x2, 0x0]",
                    st, tag, a, sp, h, dp);
        else
            vg_line(g, t_us, "<165>%s %%%s-5-106100: access-list outside_in denied udp outside/%s(%u) -> inside/%s(%u) hit-cnt %u 300-second interval [0x2, 0x0]",
                    st, tag, a, sp, h, dp, n);
        attack(g, t_us, "firewall", a, n);
    } else if (k < 50) {
        unsigned n = vg_rand(g, 8);
        vg_home_ip(g, a);
        vg_public_ip(g, h);
        vg_line(g, t_us, "<166>%s %%%s-6-106100: access-list inside_in permitted tcp inside/%s(%u) -> outside/%s(443) hit-cnt %u %s [0x3, 0x0]",
                st, tag, a, sp, h, n, n == 1 ? "first hit" : "300-second interval");
        if (!builts)
            counted(g, t_us, "connections_allowed", n);
    } else if (k < 60) {
        vg_home_ip(g, a);
        vg_public_ip(g, h);
        vg_line(g, t_us, "<164>%s %%%s-4-106023: Deny udp src inside:%s/%u dst outside:%s/53 by access-group \"inside_in\" [0x0, 0x0]",
                st, tag, a, sp, h);
    } else if (k < 85) {
        vg_public_ip(g, a);
        vg_home_ip(g, h);
        if (vg_chance(g, 500)) {
            unsigned v = vg_rand(g, 4);
            if (v == 0)
                vg_line(g, t_us, "<166>%s %%%s-6-302015: Built inbound UDP connection %u for outside:%s/%u (%s/%u) to inside:%s/53 (%s/53)",
                        st, tag, cid, a, sp, a, sp, h, h);
            else if (v == 1)
                vg_line(g, t_us, "<166>%s %%%s-6-302020: Built inbound ICMP connection for faddr %s/%u gaddr %s/0 laddr %s/0 type 8 code 0",
                        st, tag, a, sp % 65536, h, h);
            else
                vg_line(g, t_us, "<166>%s %%%s-6-302013: Built inbound TCP connection %u for outside:%s/%u (%s/%u) to inside:%s/443 (%s/443)",
                        st, tag, cid, a, sp, a, sp, h, h);
            counted(g, t_us, "connections_allowed", 1);
            asa_built_s[hk] = clock_s;
        } else
            vg_line(g, t_us, "<166>%s %%%s-6-302014: Teardown TCP connection %u for outside:%s/%u to inside:%s/443 duration 0:00:%02u bytes %u TCP Reset-I",
                    st, tag, cid, a, sp, h, vg_rand(g, 60), vg_rand(g, 100000));
    } else if (k < 92 && tag[0] == 'F') {
        int block = vg_chance(g, 500);
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<161>%s %%%s-1-430001: SrcIP: %s, DstIP: %s, SrcPort: %u, DstPort: 80, Protocol: tcp, InlineResult: %s, Priority: 1, GID: 1, SID: %u, Message: SERVER-WEBAPP attempt",
                st, tag, a, h, sp, block ? "Blocked" : "Would block", vg_rand(g, 60000));
        if (block)
            attack(g, t_us, "ips", a, 1);
        else
            counted(g, t_us, "ids_alerts", 1);
    } else if (k < 92) {
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<162>%s %%%s-2-106001: Inbound TCP connection denied from %s/%u to %s/%u flags SYN on interface outside",
                st, tag, a, sp, h, dp);
        attack(g, t_us, "firewall", a, 1);
    } else if (k < 94) {
        vg_line(g, t_us, "<164>%s %%%s-4-733100: [ Scanning] drop rate-1 exceeded. Current burst rate is %u per second, max configured rate is 10",
                st, tag, 10 + vg_rand(g, 90));
    } else if (k < 96) {
        /* meaning in the text: a request to the box discarded (an attack
         * from outside), a URL filter permit (policy: nothing) */
        if (vg_chance(g, 500)) {
            vg_attacker_ip(g, a, 0);
            vg_line(g, t_us, "<167>%s %%%s-7-710005: UDP request discarded from %s/%u to outside:192.0.2.1/%u",
                    st, tag, a, sp, dp);
            attack(g, t_us, "firewall", a, 1);
        } else {
            vg_home_ip(g, a);
            vg_public_ip(g, h);
            vg_line(g, t_us, "<165>%s %%%s-5-304001: %s Accessed URL %s:http://www.example.com/", st, tag, a, h);
        }
    } else {
        vg_line(g, t_us, "<166>%s %%%s-6-113004: AAA user authentication Successful : server = 10.0.0.2 : user = admin",
                st, tag);
    }
}

static void cisco_asa_event(struct vgen *g, int64_t t_us)
{
    asa_event(g, t_us, "ASA");
}

static void cisco_ftd_event(struct vgen *g, int64_t t_us)
{
    asa_event(g, t_us, "FTD");
}

const struct vgen_format vgen_cisco_asa = {"cisco-asa", "Cisco ASA %ASA- messages (denies, hit-cnt, built/teardown)",
                                           cisco_asa_event};
const struct vgen_format vgen_cisco_ftd = {"cisco-ftd", "Cisco FTD %FTD- messages (as ASA, plus 430001 intrusion)",
                                           cisco_ftd_event};

/* ------------------------------------------------------------------ */
/* Check Point */

static void checkpoint_event(struct vgen *g, int64_t t_us)
{
    char a[48], h[48], iso[40];
    int64_t ts = secs(t_us);
    vg_stamp_iso(g, t_us, iso);
    unsigned k = vg_rand(g, 100);
    unsigned u = vg_rand(g, 0x7fffffff);
    const char *host = vg_host(g, "gw1");
    if (k < 35) {
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<134>1 %s %s CheckPoint 2700 - [action:\"Drop\"; ifdir:\"inbound\"; loguid:\"{0x%llx,0x0,0x%x,0x1}\"; origin:\"192.0.2.1\"; time:\"%lld\"; product:\"VPN & FireWall\"; src:\"%s\"; dst:\"%s\"; service:\"%u\"; s_port:\"%u\"]",
                iso, host, (long long)ts, u, (long long)ts, a, h, vg_rand(g, 1024), 1024 + vg_rand(g, 60000));
        attack(g, t_us, "firewall", a, 1);
    } else if (k < 70) {
        vg_home_ip(g, a);
        vg_public_ip(g, h);
        vg_line(g, t_us, "<134>1 %s %s CheckPoint 2700 - [action:\"Accept\"; ifdir:\"outbound\"; loguid:\"{0x%llx,0x0,0x%x,0x2}\"; origin:\"192.0.2.1\"; time:\"%lld\"; product:\"VPN-1 & FireWall-1\"; src:\"%s\"; dst:\"%s\"; service:\"443\"; __policy_id_tag:\"product=VPN-1 & FireWall-1[db_tag={X};mgmt=m;policy_name=Standard\\]\"]",
                iso, host, (long long)ts, u, (long long)ts, a, h);
        counted(g, t_us, "connections_allowed", 1);
        if (vg_chance(g, 400)) /* a Log Update of the same connection, same second */
            vg_line(g, t_us, "<134>1 %s %s CheckPoint 2700 - [action:\"Accept\"; loguid:\"{0x%llx,0x0,0x%x,0x2}\"; time:\"%lld\"; product:\"Log Update\"; bytes:\"%u\"; src:\"%s\"; dst:\"%s\"]",
                    iso, host, (long long)ts, u, (long long)ts, vg_rand(g, 100000), a, h);
    } else if (k < 80) {
        int prevent = vg_chance(g, 600);
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<134>1 %s %s CheckPoint 2700 - [action:\"%s\"; loguid:\"{0x%llx,0x0,0x%x,0x3}\"; time:\"%lld\"; product:\"IPS\"; protection_name:\"SQL; injection\"; src:\"%s\"; dst:\"%s\"]",
                iso, host, prevent ? "Prevent" : "Detect", (long long)ts, u, (long long)ts, a, h);
        if (prevent)
            attack(g, t_us, "ips", a, 1);
        else
            counted(g, t_us, "ids_alerts", 1);
    } else if (k < 90) {
        vg_home_ip(g, a);
        vg_public_ip(g, h);
        vg_line(g, t_us, "<134>1 %s %s CheckPoint 2700 - [action:\"Block\"; loguid:\"{0x%llx,0x0,0x%x,0x4}\"; time:\"%lld\"; product:\"URL Filtering\"; src:\"%s\"; dst:\"%s\"]",
                iso, host, (long long)ts, u, (long long)ts, a, h);
    } else {
        vg_line(g, t_us, "<134>1 %s %s CheckPoint 2700 - [flags:\"133440\"; loguid:\"{0x%llx,0x0,0x%x,0x5}\"; product:\"System Monitor\"; sys_message::\"installed Standard\"]",
                iso, host, (long long)ts, u);
    }
}

const struct vgen_format vgen_checkpoint = {"checkpoint", "Check Point Log Exporter syslog (with Log Updates)",
                                            checkpoint_event};

/* ------------------------------------------------------------------ */
/* CEF / LEEF */

static void cef_event(struct vgen *g, int64_t t_us)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char a[48], h[48], s3164[16], rt[48];
    struct vg_wall w;
    int64_t ts = secs(t_us);
    vg_local(g, ts, &w);
    vg_stamp3164(g, t_us, s3164);
    if (vg_chance(g, 500))
        snprintf(rt, sizeof(rt), "%lld%03u", (long long)ts, (unsigned)(t_us / 1000 % 1000));
    else
        snprintf(rt, sizeof(rt), "%s %02d %04d %02d:%02d:%02d", mon[w.mon - 1], w.mday, w.year, w.hour, w.min, w.sec);
    const char *host = vg_host(g, "ngfw1");
    unsigned k = vg_rand(g, 100);
    if (k < 30) {
        unsigned n = vg_chance(g, 200) ? 2 + vg_rand(g, 20) : 1;
        vg_attacker_ip(g, a, 1);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<134>%s %s CEF:0|Forcepoint|Firewall|6.6.1|70019|Connection_Discarded|5|src=%s dst=%s spt=%u dpt=%u proto=6 msg=rule a\\=b matched \\\\ end baseEventCount=%u rt=%s",
                s3164, host, a, h, 1024 + vg_rand(g, 60000), vg_rand(g, 1024), n, rt);
        attack(g, t_us, "firewall", a, n);
    } else if (k < 60) {
        vg_home_ip(g, a);
        vg_public_ip(g, h);
        vg_line(g, t_us, "<134>%s %s CEF:0|Forcepoint|Firewall|6.6.1|70018|Connection_Allowed|0|src=%s dst=%s spt=%u dpt=443 act=Allow rt=%s",
                s3164, host, a, h, 1024 + vg_rand(g, 60000), rt);
        counted(g, t_us, "connections_allowed", 1);
    } else if (k < 75) {
        int block = vg_chance(g, 500);
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<134>%s %s CEF:0|Ubiquiti|UniFi Network|9.4.19|201|Threat Detected%s|7|proto=TCP src=%s spt=%u dst=%s dpt=443 act=%s UNIFIcategory=Security UNIFIsubCategory=Intrusion Prevention rt=%s",
                s3164, host, block ? " and Blocked" : "", a, 1024 + vg_rand(g, 60000), h, block ? "blocked" : "alert", rt);
        if (block)
            attack(g, t_us, "ips", a, 1);
        else
            counted(g, t_us, "ids_alerts", 1);
    } else if (k < 85) {
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        vg_line(g, t_us, "<134>%s %s LEEF:2.0|Vendor|Firewall|1.0|deny|^|src=%s^dst=%s^srcPort=%u^dstPort=22^devTime=%lld%03u^cat=fw",
                s3164, host, a, h, 1024 + vg_rand(g, 60000), (long long)ts, (unsigned)(t_us / 1000 % 1000));
        attack(g, t_us, "firewall", a, 1);
    } else if (k < 89) {
        /* SonicOS CEF: the message id is the signature id, fw_action the verdict */
        int drop = vg_chance(g, 600);
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        if (drop)
            vg_line(g, t_us, "<134>%s %s CEF:0|SonicWall|NSa 4700|7.0.1-5000-R3000|713|Packet dropped by policy|4|cat=512 gcat=6 src=%s spt=%u dst=%s dpt=22 proto=tcp/22 fw_action=\"drop\" rt=%s",
                    s3164, host, a, 1024 + vg_rand(g, 60000), h, rt);
        else
            vg_line(g, t_us, "<134>%s %s CEF:0|SonicWall|NSa 4700|7.0.1-5000-R3000|608|IPS Detection Alert: WEB-ATTACKS Log4j|9|cat=32 gcat=3 src=%s spt=%u dst=%s dpt=8080 fw_action=\"NA\" rt=%s",
                    s3164, host, a, 1024 + vg_rand(g, 60000), h, rt);
        if (drop)
            attack(g, t_us, "firewall", a, 1);
        else
            counted(g, t_us, "ids_alerts", 1);
    } else if (k < 93) {
        /* FortiGate CEF (6.2+ field names): the verdict in
         * FortinetFortiGateaction, a UTM block in ...utmaction */
        int utmblock = vg_chance(g, 300);
        vg_home_ip(g, a);
        vg_public_ip(g, h);
        vg_line(g, t_us, "<134>%s %s CEF:0|Fortinet|Fortigate|v6.2.9|00013|traffic:forward close|3|deviceExternalId=FGVM2V0000171868 FortinetFortiGatelogid=0000000013 cat=traffic:forward FortinetFortiGatesubtype=forward src=%s spt=%u dst=%s dpt=443 proto=6 FortinetFortiGateaction=close FortinetFortiGatepolicyid=1 FortinetFortiGateutmaction=%s rt=%s",
                s3164, host, a, 1024 + vg_rand(g, 60000), h, utmblock ? "block" : "allow", rt);
        if (!utmblock)
            counted(g, t_us, "connections_allowed", 1);
    } else {
        vg_line(g, t_us, "<134>%s %s CEF:0|Forcepoint|Firewall|6.6.1|0|Generic|0|deviceExternalId=Master FW node 1 msg=log server connection established rt=%s",
                s3164, host, rt);
    }
}

const struct vgen_format vgen_cef = {"cef", "CEF and LEEF 2.0 (Forcepoint, UniFi IPS, SonicWall, FortiGate, generic LEEF)",
                                     cef_event};

/* ------------------------------------------------------------------ */
/* Cisco Umbrella (times are UTC) */

static void umbrella_event(struct vgen *g, int64_t t_us)
{
    char a[48], h[48], ts[24];
    int64_t s = secs(t_us);
    int64_t d = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    int64_t r = s - d * 86400;
    /* civil from days (Howard Hinnant) */
    int64_t z = d + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097), yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1, mm = mp < 10 ? mp + 3 : mp - 9;
    int yy = (int)(yoe + era * 400 + (mm <= 2));
    snprintf(ts, sizeof(ts), "%04d-%02u-%02u %02u:%02u:%02u", yy, mm, dd, (unsigned)(r / 3600),
             (unsigned)(r / 60 % 60), (unsigned)(r % 60));
    unsigned k = vg_rand(g, 100);
    if (k < 30) {
        vg_attacker_ip(g, a, 0);
        vg_home_ip(g, h);
        vg_line(g, t_us, "%s,[211039844],Branch FW,CDFW Tunnel Device,INBOUND,6,60,%s,%u,%s,%u,ams1.edc,12,BLOCK", ts,
                a, 1024 + vg_rand(g, 60000), h, vg_rand(g, 1024));
        attack(g, t_us, "firewall", a, 1);
    } else if (k < 60) {
        vg_home_ip(g, a);
        vg_public_ip(g, h);
        vg_line(g, t_us, "%s,[211039844],Branch FW,CDFW Tunnel Device,OUTBOUND,6,60,%s,%u,%s,443,ams1.edc,13,ALLOW", ts,
                a, 1024 + vg_rand(g, 60000), h);
        counted(g, t_us, "connections_allowed", 1);
    } else {
        vg_home_ip(g, a);
        vg_line(g, t_us, "\"%s\",\"Laptop1\",\"Laptop1,Site\",\"%s\",\"192.0.2.1\",\"%s\",\"1 (A)\",\"NOERROR\",\"x.example.\",\"Malware\",\"Roaming Computer\",\"Roaming Computer\",\"\"",
                ts, a, vg_chance(g, 300) ? "Blocked" : "Allowed");
    }
}

const struct vgen_format vgen_cisco_umbrella = {"cisco-umbrella", "Cisco Umbrella CSV (cloud firewall, DNS)",
                                                umbrella_event};
