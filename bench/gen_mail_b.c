/* SPDX-License-Identifier: MIT
 *
 * gen_mail_b.c -- vendor log generators for the mail-b gateway family:
 * `ttgen --kind cisco-esa|mimecast|exchange|proofpoint`. Each event writes
 * the correlated lines of one connection or message (all at the event's
 * second) and declares exactly what the collector must count for them
 * (docs/COUNTING.md#mail): one emails_blocked per message attempt with its reason,
 * one emails_delivered / emails_sent per message (repeated recipient lines
 * count nothing), emails_sent_tls for TLS deliveries. Internal addresses
 * come from vg_home_ip() (inside --home-net 10.0.0.0/8), senders and
 * external hosts from vg_public_ip()/vg_attacker_ip().
 *
 * Ids (ICID, MID, DCID, queue ids, GUIDs) come from counters private to this
 * file, so they never repeat within a run.
 */
#include "bench/vgen.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static uint64_t mb_seq = 1000; /* source of unique ids for all formats */

static void count_blocked(struct vgen *g, int64_t t, const char *reason)
{
    vg_count(g, t, "emails_blocked", reason);
}

static void count_sent(struct vgen *g, int64_t t, int tls)
{
    vg_count(g, t, "emails_sent", NULL);
    if (tls)
        vg_count(g, t, "emails_sent_tls", NULL);
}

/* "2018-02-01T00:00:00.123Z" (UTC) into out (>= 32 bytes). */
static char *iso_utc(int64_t t_us, char *out)
{
    time_t s = (time_t)(t_us / 1000000);
    struct tm tm;
    gmtime_r(&s, &tm);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(t_us / 1000 % 1000));
    return out;
}

/* "2018-02-01T00:00:00+0100" (local time, offset without colon) */
static char *iso_local_compact(struct vgen *g, int64_t t_us, char *out)
{
    struct vg_wall w;
    vg_local(g, t_us / 1000000, &w);
    int32_t o = w.off_s < 0 ? -w.off_s : w.off_s;
    snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d%02d", w.year, w.mon, w.mday, w.hour, w.min, w.sec,
             w.off_s < 0 ? '-' : '+', (int)(o / 3600), (int)(o % 3600 / 60));
    return out;
}

/* ---- Cisco ESA mail_logs ---------------------------------------------------- */

#define ESA(fmt, ...) vg_line(g, t, "<22>%s %s mail_logs: Info: " fmt, st, host, __VA_ARGS__)

static void esa_event(struct vgen *g, int64_t t)
{
    char st[16], ip[48], dst[48];
    const char *host = vg_host(g, "esa1.example.org");
    vg_stamp3164(g, t, st);
    unsigned long long icid = ++mb_seq, mid = ++mb_seq, dcid = ++mb_seq;
    uint32_t kind = vg_rand(g, 100);
    if (kind < 25) { /* HAT reject / TCP refuse: one attempt, reputation */
        vg_attacker_ip(g, ip, 1);
        ESA("New SMTP ICID %llu interface Main (192.0.2.1) address %s reverse dns host unknown verified no", icid,
            ip);
        if (vg_chance(g, 800))
            ESA("ICID %llu REJECT SG BLOCKLIST match sbrs[-10.0:-3.0] SBRS -%u.%u", icid, 3 + vg_rand(g, 7),
                vg_rand(g, 10));
        else
            ESA("ICID %llu TCPREFUSE SG BLOCKLIST match sbrs[-10.0:-3.0] SBRS -%u.0", icid, 3 + vg_rand(g, 7));
        ESA("ICID %llu close", icid);
        count_blocked(g, t, "reputation");
        return;
    }
    if (kind < 65) { /* inbound message */
        vg_public_ip(g, ip);
        ESA("New SMTP ICID %llu interface Main (192.0.2.1) address %s reverse dns host mx.sender.example verified "
            "yes",
            icid, ip);
        ESA("ICID %llu ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS %u.%u", icid, vg_rand(g, 10), vg_rand(g, 10));
        ESA("Start MID %llu ICID %llu", mid, icid);
        ESA("MID %llu ICID %llu From: <news@sender.example>", mid, icid);
        ESA("MID %llu ICID %llu RID 0 To: <user%u@example.org>", mid, icid, vg_rand(g, 500));
        ESA("MID %llu ready %u bytes from <news@sender.example>", mid, 1000 + vg_rand(g, 90000));
        ESA("MID %llu matched all recipients for per-recipient policy DEFAULT in the inbound table", mid);
        uint32_t o = vg_rand(g, 100);
        if (o < 50) {
            ESA("MID %llu using engine: CASE spam negative", mid);
            ESA("MID %llu antivirus negative", mid);
            ESA("MID %llu queued for delivery", mid);
            vg_home_ip(g, dst);
            ESA("New SMTP DCID %llu interface 10.0.0.1 address %s port 25", dcid, dst);
            ESA("Delivery start DCID %llu MID %llu to RID [0]", dcid, mid);
            ESA("Message done DCID %llu MID %llu to RID [0]", dcid, mid);
            if (vg_chance(g, 200))
                ESA("Message done DCID %llu MID %llu to RID [1]", dcid, mid);
            ESA("MID %llu RID [0] Response '2.6.0 Queued mail for delivery'", mid);
            ESA("DCID %llu close", dcid);
            vg_count(g, t, "emails_delivered", NULL);
        } else if (o < 70) {
            ESA("MID %llu interim verdict using engine: CASE spam positive", mid);
            ESA("MID %llu using engine: CASE spam positive", mid);
            ESA("Message aborted MID %llu Dropped by CASE", mid);
            count_blocked(g, t, "spam");
        } else if (o < 80) {
            ESA("MID %llu using engine: CASE spam suspect", mid);
            ESA("ISQ: Tagging MID %llu for quarantine", mid);
            ESA("MID %llu enqueued for transfer to centralized quarantine \"Spam Quarantine\" (CASE spam suspect)",
                mid);
            count_blocked(g, t, "spam");
        } else if (o < 88) {
            ESA("MID %llu antivirus positive '%s'", mid, vg_chance(g, 500) ? "EICAR-AV-Test" : "Troj/Agent-XYZ");
            ESA("Message aborted MID %llu Dropped by antivirus", mid);
            count_blocked(g, t, "malware");
        } else if (o < 94) {
            ESA("MID %llu Outbreak Filters: verdict positive", mid);
            ESA("MID %llu quarantined to \"Outbreak\" (Outbreak rule:Phish: Phishing)", mid);
            count_blocked(g, t, "phishing");
        } else {
            ESA("MID %llu Dropped by content filter 'drop_exe' in the inbound table", mid);
            count_blocked(g, t, "policy");
        }
        ESA("Message finished MID %llu %s", mid, o < 50 ? "done" : "aborted");
        ESA("ICID %llu close", icid);
        return;
    }
    if (kind < 97) { /* outbound message from our own servers */
        vg_home_ip(g, ip);
        ESA("New SMTP ICID %llu interface Internal (10.0.0.1) address %s reverse dns host exch.example.org verified "
            "yes",
            icid, ip);
        ESA("ICID %llu RELAY SG RELAYLIST match 10.0.0.0/8 SBRS not enabled", icid);
        ESA("Start MID %llu ICID %llu", mid, icid);
        ESA("MID %llu matched all recipients for per-recipient policy DEFAULT in the outbound table", mid);
        if (vg_chance(g, 80)) {
            ESA("MID %llu using engine: CASE spam positive", mid);
            ESA("Message aborted MID %llu Dropped by CASE", mid); /* outbound: not counted */
        } else {
            vg_public_ip(g, dst);
            int tls = vg_chance(g, 700);
            ESA("New SMTP DCID %llu interface 192.0.2.1 address %s port 25", dcid, dst);
            if (tls)
                ESA("DCID %llu TLS success protocol TLSv1.%u cipher ECDHE-RSA-AES256-GCM-SHA384", dcid,
                    2 + vg_rand(g, 2));
            else if (vg_chance(g, 500))
                ESA("DCID %llu TLS failed: %s", dcid, "STARTTLS unexpected response");
            ESA("Delivery start DCID %llu MID %llu to RID [0]", dcid, mid);
            ESA("Message done DCID %llu MID %llu to RID [0]", dcid, mid);
            ESA("DCID %llu close", dcid);
            count_sent(g, t, tls);
        }
        ESA("ICID %llu close", icid);
        return;
    }
    vg_line(g, t, "<22>%s %s status: Info: Status: CPULd %u DskIO 0 RAMUtil 1 CrtMID %llu", st, host, vg_rand(g, 90),
            mid);
}

/* ---- Mimecast SIEM ------------------------------------------------------------- */

static void mc_event(struct vgen *g, int64_t t)
{
    char ts[40], ip[48];
    iso_local_compact(g, t, ts);
    unsigned long long id = ++mb_seq;
    uint32_t kind = vg_rand(g, 100);
    if (kind < 22) {
        static const char *const rej[][2] = {
            {"IP found in RBL", "reputation"},
            {"Virus Signature Detection", "malware"},
            {"Invalid Recipient Address", "policy"},
            {"Message Bounced due to Spam Score", "spam"},
            {"Anti-Spoofing Policy - Inbound Impersonation", "phishing"},
        };
        unsigned r = vg_rand(g, 5);
        vg_attacker_ip(g, ip, 0);
        if (vg_chance(g, 300)) /* the newer API's shape: epoch ms, aggregateId */
            vg_line(g, t,
                    "{\"aggregateId\":\"ag%llu\",\"processingId\":\"pr%llu\",\"accountId\":\"C0A0\",\"timestamp\":%lld,"
                    "\"action\":\"Rej\",\"senderEnvelope\":\"x@sender.example\",\"messageId\":\"<r%llu@sender.example>\","
                    "\"recipients\":\"u@example.org\",\"senderIp\":\"%s\",\"rejectionType\":\"%s\",\"rejectionCode\":"
                    "\"550\",\"direction\":\"inbound\",\"type\":\"receipt\",\"subtype\":\"Rej\"}",
                    id, id, (long long)(t / 1000), id, ip, rej[r][0]);
        else
            vg_line(g, t,
                    "datetime=%s|aCode=aC%llu|acc=C0A0|IP=%s|Dir=Inbound|Act=Rej|RejType=%s|RejCode=550|"
                    "MsgId=<r%llu@sender.example>|Sender=x@sender.example|Rcpt=u@example.org|TlsVer=TLSv1.2",
                    ts, id, ip, rej[r][0], id);
        count_blocked(g, t, rej[r][1]);
    } else if (kind < 32 && vg_chance(g, 300)) {
        /* newer API: a process hold, its TTP impersonation hold (same
         * aggregateId: once), and the held-message notification (nothing) */
        vg_line(g, t,
                "{\"aggregateId\":\"ag%llu\",\"processingId\":\"pr%llu\",\"accountId\":\"C0A0\",\"action\":\"Hld\","
                "\"timestamp\":%lld,\"messageId\":\"<h%llu@bulk.example>\",\"holdReason\":\"Spm\",\"type\":\"process\","
                "\"subtype\":\"Hld\"}",
                id, id, (long long)(t / 1000), id);
        if (vg_chance(g, 300))
            vg_line(g, t,
                    "{\"processingId\":\"pr%llu\",\"aggregateId\":\"ag%llu\",\"taggedMalicious\":\"true\",\"action\":"
                    "\"Hold\",\"timestamp\":%lld,\"eventType\":\"impersonation protect\",\"route\":\"Inbound\"}",
                    id, id, (long long)(t / 1000));
        vg_line(g, t,
                "{\"aggregateId\":\"ag%llu\",\"processingId\":\"pr%llu\",\"timestamp\":%lld,\"recipients\":"
                "\"u@example.org\",\"type\":\"notification\",\"direction\":\"Inbound\"}",
                id, id, (long long)(t / 1000));
        count_blocked(g, t, "spam");
    } else if (kind < 32) {
        vg_line(g, t,
                "{\"acc\":\"C0A0\",\"Act\":\"Hld\",\"Hld\":\"Spm\",\"MsgId\":\"<h%llu@bulk.example>\",\"aCode\":"
                "\"aC%llu\",\"AttCnt\":0,\"MsgSize\":%u,\"datetime\":\"%s\"}",
                id, id, 2000 + vg_rand(g, 50000), ts);
        if (vg_chance(g, 300)) /* the same message seen by impersonation protect */
            vg_line(g, t,
                    "{\"id\":\"MTOKEN:%llu\",\"senderAddress\":\"ceo@examp1e.org\",\"recipientAddress\":"
                    "\"fin@example.org\",\"action\":\"hold\",\"taggedMalicious\":true,\"eventTime\":\"%s\","
                    "\"messageId\":\"<h%llu@bulk.example>\"}",
                    id, ts, id);
        count_blocked(g, t, "spam");
    } else if (kind < 37) {
        vg_line(g, t,
                "{\"id\":\"MTOKEN:%llu\",\"senderAddress\":\"ceo@examp1e.org\",\"recipientAddress\":"
                "\"fin@example.org\",\"definition\":\"IP - hold\",\"hits\":2,\"action\":\"hold\",\"taggedExternal\":"
                "true,\"taggedMalicious\":true,\"eventTime\":\"%s\",\"messageId\":\"<i%llu@examp1e.org>\"}",
                id, ts, id);
        count_blocked(g, t, "phishing");
    } else if (kind < 70) {
        vg_home_ip(g, ip);
        unsigned nr = 1 + (vg_chance(g, 250) ? 1 : 0);
        for (unsigned r = 0; r < nr; r++)
            vg_line(g, t,
                    "{\"acc\":\"C0A0\",\"Delivered\":true,\"IP\":\"%s\",\"Dir\":\"Inbound\",\"Rcpt\":"
                    "\"u%u@example.org\",\"Attempt\":1,\"Snt\":%u,\"aCode\":\"aC%llu\",\"UseTls\":\"Yes\",\"datetime\":"
                    "\"%s\"}",
                    ip, r, 1000 + vg_rand(g, 9000), id, ts);
        vg_count(g, t, "emails_delivered", NULL);
    } else if (kind < 92) {
        vg_public_ip(g, ip);
        int tls = vg_chance(g, 750);
        if (vg_chance(g, 200)) /* newer API delivery: TLS from tlsVersion */
            vg_line(g, t,
                    "{\"aggregateId\":\"ag%llu\",\"processingId\":\"pr%llu\",\"timestamp\":%lld,\"recipients\":"
                    "\"them@remote.example\",\"delivered\":\"true\",\"destinationIp\":\"%s\",\"direction\":\"Outbound\","
                    "\"tlsVersion\":\"%s\",\"type\":\"delivery\",\"subtype\":\"true\"}",
                    id, id, (long long)(t / 1000), ip, tls ? "TLSv1.3" : "");
        else if (vg_chance(g, 500))
            vg_line(g, t,
                    "{\"acc\":\"C0A0\",\"Delivered\":true,\"IP\":\"%s\",\"Dir\":\"Outbound\",\"Rcpt\":"
                    "\"them@remote.example\",\"Attempt\":1,\"aCode\":\"aC%llu\",\"UseTls\":\"%s\",\"datetime\":\"%s\"}",
                    ip, id, tls ? "Yes" : "No", ts);
        else
            vg_line(g, t,
                    "datetime=%s|aCode=aC%llu|acc=C0A0|Delivered=true|IP=%s|Dir=Outbound|Rcpt=them@remote.example|"
                    "UseTls=%s|Attempt=1",
                    ts, id, ip, tls ? "Yes" : "No");
        count_sent(g, t, tls);
    } else {
        vg_public_ip(g, ip);
        vg_line(g, t,
                "datetime=%s|aCode=aC%llu|acc=C0A0|IP=%s|Dir=Inbound|Act=Acc|TlsVer=TLSv1.2|"
                "MsgId=<a%llu@sender.example>",
                ts, id, ip, id);
    }
}

/* ---- Exchange message tracking -------------------------------------------------- */

static int ex_header_done;

static void ex_row(struct vgen *g, int64_t t, const char *cip, const char *sip, const char *ctx, const char *source,
                   const char *event, unsigned long long id, const char *rcpt, const char *rstatus, const char *dir)
{
    char ts[32];
    iso_utc(t, ts);
    vg_line(g, t,
            "%s,%s,h1,%s,h2,%s,,%s,%s,%llu,<m%llu@mail.example>,%08llx-0000-4000-8000-000000000000,%s,%s,2048,1,,,"
            "subject %llu,s@mail.example,s@mail.example,,%s,,%s,,,Email,x,15.01.2507.006",
            ts, cip, sip, ctx, source, event, id, id, id, rcpt, rstatus, id, dir, cip);
}

static void ex_event(struct vgen *g, int64_t t)
{
    char ip[48], srv[48];
    unsigned long long id = ++mb_seq;
    if (!ex_header_done) {
        ex_header_done = 1;
        vg_line_untimed(g, "#Software: Microsoft Exchange Server");
        vg_line_untimed(g,
                "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,"
                "connector-id,source,event-id,internal-message-id,message-id,network-message-id,"
                "recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,"
                "reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,"
                "original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version");
    }
    vg_home_ip(g, srv);
    uint32_t kind = vg_rand(g, 100);
    if (kind < 40) {
        vg_public_ip(g, ip);
        ex_row(g, t, ip, srv, "250 2.0.0 OK", "SMTP", "RECEIVE", id, "u1@example.org", "", "Incoming");
        unsigned nr = 1 + (vg_chance(g, 300) ? 1 : 0);
        for (unsigned r = 0; r < nr; r++)
            ex_row(g, t, srv, srv, "MDB:1", "STOREDRIVER", "DELIVER", id, r ? "u2@example.org" : "u1@example.org", "",
                   "Incoming");
        vg_count(g, t, "emails_delivered", NULL);
    } else if (kind < 65) {
        vg_public_ip(g, ip);
        if (vg_chance(g, 400)) {
            /* Exchange 2013+: the hop to the Front End, then SENDEXTERNAL */
            ex_row(g, t, srv, srv, "Intra-Organization SMTP Send Connector", "SMTP", "SEND", id,
                   "them@remote.example", "250 2.1.5 Recipient OK", "Originating");
            ex_row(g, t, srv, ip, "250 2.0.0 OK", "SMTP", "SENDEXTERNAL", id, "them@remote.example", "250 2.0.0 OK",
                   "Originating");
        } else {
            ex_row(g, t, srv, ip, "250 2.0.0 OK", "SMTP", "SEND", id, "them@remote.example", "250 2.0.0 OK",
                   "Originating");
        }
        vg_count(g, t, "emails_sent", NULL);
    } else if (kind < 68) {
        /* a SEND to a server of another site of the organisation, on a
         * public address: intra-organisation, never a delivery */
        vg_public_ip(g, ip);
        ex_row(g, t, srv, ip, "Intra-Organization SMTP Send Connector", "SMTP", "SEND", id, "col@example.org",
               "250 2.1.5 Recipient OK", "Originating");
    } else if (kind < 90) {
        static const char *const agents[][2] = {
            {"Content Filter Agent", "spam"},
            {"Malware Agent", "malware"},
            {"Connection Filtering Agent", "reputation"},
            {"Transport Rule Agent", "policy"},
            {"Sender Id Agent", "phishing"},
        };
        unsigned a = vg_rand(g, 5);
        vg_attacker_ip(g, ip, 0);
        unsigned nr = 1 + (vg_chance(g, 200) ? 1 : 0);
        for (unsigned r = 0; r < nr; r++)
            ex_row(g, t, ip, srv, agents[a][0], "AGENT", a == 1 ? "DROP" : "FAIL", id,
                   r ? "u2@example.org" : "u1@example.org", "550 5.7.1 Message rejected", "Incoming");
        count_blocked(g, t, agents[a][1]);
    } else {
        vg_home_ip(g, ip);
        ex_row(g, t, srv, ip, "Intra-Organization SMTP", "SMTP", "SEND", id, "col@example.org", "250 OK",
               "Originating");
    }
}

/* ---- Proofpoint (PoD JSON, TAP) -------------------------------------------------- */

static void pp_event(struct vgen *g, int64_t t)
{
    char ts[40], ip[48], utc[32];
    vg_stamp_iso(g, t, ts);
    iso_utc(t, utc);
    unsigned long long id = ++mb_seq;
    uint32_t kind = vg_rand(g, 100);
    if (kind < 25) {
        static const char *const fin[][3] = {
            {"spam", "spam", "spam"},
            {"av", "malware", "malware"},
            {"urldefense", "phish", "phishing"},
            {"access", "blocked_senders", "policy"},
        };
        unsigned f = vg_rand(g, 4);
        vg_attacker_ip(g, ip, 0);
        vg_line(g, t,
                "{\"connection\":{\"ip\":\"%s\",\"protocol\":\"smtp:smtp\"},\"filter\":{\"actions\":[{\"action\":"
                "\"%s\",\"isFinal\":true,\"module\":\"%s\",\"rule\":\"%s\"}],\"disposition\":\"%s\",\"qid\":"
                "\"4Q%llu\",\"routeDirection\":\"inbound\",\"routes\":[\"default_inbound\"]},\"final_module\":\"%s\","
                "\"final_rule\":\"%s\",\"guid\":\"g%llu\",\"ts\":\"%s\"}",
                ip, f == 1 ? "quarantine" : "discard", fin[f][0], fin[f][1], f == 1 ? "quarantine" : "discard", id,
                fin[f][0], fin[f][1], id, ts);
        count_blocked(g, t, fin[f][2]);
    } else if (kind < 35) {
        vg_attacker_ip(g, ip, 0);
        vg_line(g, t,
                "{\"GUID\":\"T%llu\",\"QID\":null,\"spamScore\":0,\"phishScore\":100,\"malwareScore\":0,"
                "\"messageTime\":\"%s\",\"threatsInfoMap\":[{\"classification\":\"phish\",\"threatStatus\":"
                "\"active\"}],\"quarantineFolder\":\"Phish\",\"senderIP\":\"%s\",\"completelyRewritten\":false}",
                id, utc, ip);
        count_blocked(g, t, "phishing");
    } else if (kind < 65) {
        char dst[48];
        vg_home_ip(g, dst);
        unsigned nr = 1 + (vg_chance(g, 250) ? 1 : 0);
        for (unsigned r = 0; r < nr; r++)
            vg_line(g, t,
                    "{\"pps\":{\"agent\":\"m1.ppops.net\"},\"sm\":{\"mailer\":\"relay\",\"qid\":\"5M%llu\",\"relay\":"
                    "\"exch.example.org. [%s]\",\"stat\":\"Sent (250 2.6.0 Queued)\",\"to\":[\"<u%u@example.org>\"]},"
                    "\"tls\":{\"version\":\"TLSv1.2\"},\"ts\":\"%s\"}",
                    id, dst, r, ts);
        vg_count(g, t, "emails_delivered", NULL);
    } else if (kind < 90) {
        vg_public_ip(g, ip);
        int tls = vg_chance(g, 800);
        vg_line(g, t,
                "{\"pps\":{\"agent\":\"m1.ppops.net\"},\"sm\":{\"mailer\":\"esmtp\",\"qid\":\"5M%llu\",\"relay\":"
                "\"mx.remote.example. [%s]\",\"stat\":\"Sent (Ok: queued)\",\"to\":[\"<them@remote.example>\"]},"
                "\"tls\":{\"verify\":\"%s\",\"version\":\"%s\"},\"ts\":\"%s\"}",
                id, ip, tls ? "OK" : "NONE", tls ? "TLSv1.3" : "NONE", ts);
        count_sent(g, t, tls);
    } else {
        vg_public_ip(g, ip);
        vg_line(g, t,
                "{\"GUID\":\"C%llu\",\"url\":\"https://x%llu.example/\",\"classification\":\"phish\",\"clickTime\":"
                "\"%s\",\"clickIP\":\"%s\",\"threatStatus\":\"active\"}",
                id, id, utc, ip);
    }
}

const struct vgen_format vgen_cisco_esa = {"cisco-esa", "Cisco ESA mail_logs (ICID/MID/DCID, HAT, CASE, AV)",
                                           esa_event};
const struct vgen_format vgen_mimecast = {"mimecast", "Mimecast SIEM receipt/process/delivery, TTP (pipe and JSON)",
                                          mc_event};
const struct vgen_format vgen_exchange = {"exchange", "Exchange message tracking log (with #Fields header)",
                                          ex_event};
const struct vgen_format vgen_proofpoint = {"proofpoint", "Proofpoint PoD message/mail JSON and TAP records",
                                            pp_event};
