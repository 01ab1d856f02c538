/* SPDX-License-Identifier: MIT
 *
 * parse_cisco_esa.c -- Cisco Secure Email Gateway (ESA, IronPort AsyncOS)
 * text mail logs and consolidated CEF event logs, turned into the mail
 * counters of docs/COUNTING.md#mail-gateways.
 *
 *   <22>Mar 17 18:24:37 esa1 mail_logs: Info: ICID 282204970 REJECT SG
 *     BLOCKED match sbrs[-10.0:-3.0] SBRS -6.5
 *   Thu Mar 18 08:04:46 2021 Info: Message done DCID 8 MID 6 to RID [0]
 *   <166>Mar 17 18:24:37 esa1 consolidated_event: CEF:0|Cisco|C100V Email
 *     Security Virtual Appliance|14.0.0-657|ESA_CONSOLIDATED_LOG_EVENT|
 *     Consolidated Log Event|5|... ESAMID=1053 ... act=QUARANTINED ...
 *
 * Place in the pipeline: envelope -> this parser -> tally. Lines reach it by
 * the ESA log subscription name used as syslog tag (mail_logs,
 * consolidated_event, amp, antispam, gui_logs, status, system, ...), or by
 * probe(): the local-file form "Thu Mar 18 08:04:46 2021 Info: ..." and CEF
 * lines whose vendor is Cisco and product an Email Security appliance (so
 * they are taken here before the generic CEF parser sees them).
 *
 * ESA spreads one message over many lines: an incoming connection (ICID)
 * carries messages (MID), which are delivered over delivery connections
 * (DCID). The state keeps three bounded tables (collector/idtab.h),
 * keyed by (host, id):
 *   - ICID: client address, "relayed" (outbound) flag, rejected-once mark;
 *   - MID: direction, the pending verdict reason (spam, malware...), the
 *     root MID of a split message, and what was already counted;
 *   - DCID: the delivery host address and whether TLS was negotiated.
 * A blocked message counts when its action is logged (drop, quarantine),
 * not at a positive scan verdict (a tagged spam that is delivered is not
 * blocked). One count per message (root MID) and metric.
 */
#include "collector/scan_kv.h"
#include "collector/scan_cef.h"
#include "collector/scan_time.h"
#include "collector/parser.h"
#include "collector/idstate.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define ESA_ICID_ENTRIES 16384
#define ESA_MID_ENTRIES 65536
#define ESA_DCID_ENTRIES 8192
#define ESA_ICID_TTL_S 3600
#define ESA_MID_TTL_S (2 * 86400)
#define ESA_DCID_TTL_S 3600

/* ICID flags */
#define ESA_I_RELAY 1u    /* HAT RELAY policy: our own hosts sending out */
#define ESA_I_COUNTED 2u  /* a connection-level reject already counted */
#define ESA_I_ADDR 4u     /* addr holds the client address */
/* MID flags */
#define ESA_M_OUT 1u       /* outbound (relayed, or matched the outbound table) */
#define ESA_M_IN 2u        /* explicitly inbound (matched the inbound table) */
#define ESA_M_BLOCKED 4u   /* emails_blocked counted */
#define ESA_M_DELIVERED 8u /* emails_delivered counted */
#define ESA_M_SENT 16u     /* emails_sent counted */
#define ESA_M_ROOT 32u     /* aux holds the root MID (message split) */
#define ESA_M_REASON_SHIFT 8 /* bits 8..11: pending enum tt_reason */
/* DCID flags */
#define ESA_D_TLS 1u  /* "DCID n TLS success" */
#define ESA_D_ADDR 2u /* addr holds the delivery host */

struct esa_state {
    struct tt_idtab icid; /* (host, ICID) -> ESA_I_* and client address */
    struct tt_idtab mid;  /* (host, MID) -> ESA_M_*, reason, root MID in aux */
    struct tt_idtab dcid; /* (host, DCID) -> ESA_D_* and delivery address */
};

static const struct tt_idstate_table esa_tables[] = {
    {offsetof(struct esa_state, icid), ESA_ICID_ENTRIES, ESA_ICID_TTL_S},
    {offsetof(struct esa_state, mid), ESA_MID_ENTRIES, ESA_MID_TTL_S},
    {offsetof(struct esa_state, dcid), ESA_DCID_ENTRIES, ESA_DCID_TTL_S},
};

static void esa_state_destroy(void *p)
{
    tt_idstate_destroy_n(p, esa_tables, TT_ARRAY_LEN(esa_tables));
}

static void *esa_state_create(void)
{
    return tt_idstate_create_n(sizeof(struct esa_state), esa_tables, TT_ARRAY_LEN(esa_tables));
}

/* ---- small text cursor ----------------------------------------------------- */

struct esa_cur {
    const char *p; /* next byte */
    size_t n;      /* bytes left */
};

#define ESA_EAT(c, lit) esa_eat((c), (lit), sizeof(lit) - 1)
#define ESA_STARTS(c, lit) ((c)->n >= sizeof(lit) - 1 && memcmp((c)->p, (lit), sizeof(lit) - 1) == 0)
#define ESA_FIND(c, lit) ((const char *)memmem((c)->p, (c)->n, (lit), sizeof(lit) - 1))

static int esa_eat(struct esa_cur *c, const char *lit, size_t n)
{
    if (c->n < n || memcmp(c->p, lit, n) != 0)
        return 0;
    c->p += n;
    c->n -= n;
    return 1;
}

/* A decimal id followed by a blank or the end; consumes the blank. */
static int esa_num(struct esa_cur *c, uint64_t *out)
{
    size_t d = tt_parse_u64(c->p, c->n, out);
    if (d == 0 || (d < c->n && c->p[d] != ' '))
        return 0;
    c->p += d;
    c->n -= d;
    if (c->n) {
        c->p++;
        c->n--;
    }
    return 1;
}

/* ---- keys ------------------------------------------------------------------- */

static uint64_t esa_key(const struct tt_envelope *env, uint64_t kind, uint64_t id)
{
    uint64_t h = tt_hash64(0xE5A0 + kind, env->host.p ? env->host.p : "", env->host.len);
    char b[8];
    memcpy(b, &id, 8);
    return tt_hash64(h, b, 8);
}

struct esa_line {
    struct esa_state *s;              /* per-stream tables */
    const struct tt_parse_ctx *ctx;   /* --home-net, now */
    const struct tt_envelope *env;    /* host for keys */
    int64_t now_s;                    /* event time for expiry */
};

static int esa_home(const struct esa_line *L, const struct tt_addr *a)
{
    return a->family && L->ctx && L->ctx->home_net && tt_cidr_set_contains(L->ctx->home_net, a);
}

/* The MID entry that carries the counted marks of mid: its root when the
 * message was split ("MID 7 was generated based on MID 6"). */
static struct tt_idtab_entry *esa_mid_root(const struct esa_line *L, uint64_t mid, struct tt_idtab_entry **out_self)
{
    struct tt_idtab_entry *e = tt_idtab_get(&L->s->mid, esa_key(L->env, 2, mid), L->now_s);
    if (out_self)
        *out_self = e;
    if (e->flags & ESA_M_ROOT) {
        struct tt_idtab_entry *r = tt_idtab_find(&L->s->mid, esa_key(L->env, 2, e->aux), L->now_s);
        if (r)
            return r;
    }
    return e;
}

static enum tt_reason esa_pending(const struct tt_idtab_entry *e)
{
    unsigned r = (e->flags >> ESA_M_REASON_SHIFT) & 15u;
    return r < TT_REASON_COUNT ? (enum tt_reason)r : TT_REASON_NONE;
}

static void esa_set_pending(struct tt_idtab_entry *e, enum tt_reason r)
{
    /* malware and phishing verdicts outrank spam, spam outranks policy */
    enum tt_reason old = esa_pending(e);
    if (old == TT_REASON_MALWARE || (old == TT_REASON_PHISHING && r != TT_REASON_MALWARE) ||
        (old == TT_REASON_SPAM && r == TT_REASON_POLICY))
        return;
    e->flags = (e->flags & ~(15u << ESA_M_REASON_SHIFT)) | ((unsigned)r << ESA_M_REASON_SHIFT);
}

/* Counts a blocked message once (root MID), inbound only. */
static void esa_block(const struct esa_line *L, uint64_t mid, enum tt_reason fallback, const char *why,
                      struct tt_event *ev)
{
    struct tt_idtab_entry *self;
    struct tt_idtab_entry *e = esa_mid_root(L, mid, &self);
    ev->verdict = TT_VERDICT_BLOCKED;
    if (self->addr.family)
        ev->src = self->addr;
    if ((e->flags | self->flags) & ESA_M_OUT) {
        ev->why = "outbound message blocked (not counted)";
        return;
    }
    if (e->flags & ESA_M_BLOCKED) {
        ev->why = "same message as previous block";
        return;
    }
    e->flags |= ESA_M_BLOCKED;
    enum tt_reason r = esa_pending(self);
    if (r == TT_REASON_NONE)
        r = esa_pending(e);
    if (fallback != TT_REASON_NONE && (r == TT_REASON_NONE || fallback == TT_REASON_MALWARE))
        r = fallback;
    if (r == TT_REASON_NONE)
        r = TT_REASON_POLICY;
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = r;
    ev->why = why;
}

/* Reason named by the engine in "Dropped by X" / a quarantine name. */
static enum tt_reason esa_reason_of(const char *p, size_t n)
{
    struct tt_slice s = tt_slice_make(p, n);
    if (tt_slice_icontains(s, "virus") || tt_slice_icontains(s, "viral") || tt_slice_icontains(s, "amp") ||
        tt_slice_icontains(s, "malware") || tt_slice_icontains(s, "sophos") || tt_slice_icontains(s, "mcafee"))
        return TT_REASON_MALWARE;
    if (tt_slice_icontains(s, "phish"))
        return TT_REASON_PHISHING;
    if (tt_slice_icontains(s, "outbreak"))
        return TT_REASON_PHISHING;
    if (tt_slice_icontains(s, "case") || tt_slice_icontains(s, "spam") || tt_slice_icontains(s, "brightmail") ||
        tt_slice_icontains(s, "graymail") || tt_slice_icontains(s, "isq"))
        return TT_REASON_SPAM;
    if (tt_slice_icontains(s, "filter") || tt_slice_icontains(s, "policy") || tt_slice_icontains(s, "dlp"))
        return TT_REASON_POLICY;
    return TT_REASON_NONE;
}

/* ---- mail_logs lines ---------------------------------------------------------- */

/* "New SMTP ICID 5 interface Main (192.0.2.1) address 198.51.100.7 reverse ..."
 * "New SMTP DCID 8 interface 192.0.2.1 address 203.0.113.9 port 25" */
static void esa_new_conn(const struct esa_line *L, struct esa_cur *c, int icid)
{
    uint64_t id;
    if (!esa_num(c, &id))
        return;
    const char *a = ESA_FIND(c, " address ");
    struct tt_addr addr = {0};
    if (a) {
        const char *v = a + 9;
        size_t left = (size_t)(c->p + c->n - v);
        const char *e = memchr(v, ' ', left);
        tt_addr_parse(v, e ? (size_t)(e - v) : left, &addr);
    }
    struct tt_idtab_entry *e =
        tt_idtab_get(icid ? &L->s->icid : &L->s->dcid, esa_key(L->env, icid ? 1 : 3, id), L->now_s);
    e->flags = 0;
    e->addr = addr;
    if (addr.family)
        e->flags |= icid ? ESA_I_ADDR : ESA_D_ADDR;
}

static enum tt_parse_rc esa_icid_line(const struct esa_line *L, struct esa_cur *c, struct tt_event *ev)
{
    uint64_t icid;
    if (!esa_num(c, &icid))
        return TT_PARSE_BAD;
    uint64_t key = esa_key(L->env, 1, icid);
    if (ESA_STARTS(c, "REJECT ") || ESA_STARTS(c, "TCPREFUSE ")) {
        struct tt_idtab_entry *e = tt_idtab_get(&L->s->icid, key, L->now_s);
        ev->verdict = TT_VERDICT_BLOCKED;
        ev->src = e->addr;
        if (e->flags & ESA_I_COUNTED) {
            ev->why = "same connection as previous reject";
            return TT_PARSE_OK;
        }
        e->flags |= ESA_I_COUNTED;
        ev->metric = TT_METRIC_EMAILS_BLOCKED;
        ev->reason = TT_REASON_REPUTATION;
        ev->why = c->p[0] == 'R' ? "HAT reject (sender reputation)" : "HAT TCP refuse (sender reputation)";
        return TT_PARSE_OK;
    }
    if (ESA_STARTS(c, "RELAY ")) {
        struct tt_idtab_entry *e = tt_idtab_get(&L->s->icid, key, L->now_s);
        e->flags |= ESA_I_RELAY;
        ev->why = "relay connection (outbound)";
        return TT_PARSE_OK;
    }
    if (ESA_STARTS(c, "close")) {
        tt_idtab_remove(&L->s->icid, key);
        ev->why = "connection closed";
        return TT_PARSE_OK;
    }
    if (ESA_FIND(c, "sender rejected") || ESA_FIND(c, "Rejected by")) {
        /* envelope sender or recipient refused before a MID exists */
        struct tt_idtab_entry *e = tt_idtab_find(&L->s->icid, key, L->now_s);
        ev->verdict = TT_VERDICT_BLOCKED;
        if (e)
            ev->src = e->addr;
        if (e && (e->flags & ESA_I_RELAY)) {
            ev->why = "outbound reject (not counted)";
            return TT_PARSE_OK;
        }
        ev->metric = TT_METRIC_EMAILS_BLOCKED;
        ev->reason = TT_REASON_POLICY;
        ev->why = "envelope rejected";
        return TT_PARSE_OK;
    }
    ev->why = "connection event";
    return TT_PARSE_OK;
}

/* "Start MID 6 ICID 5" */
static enum tt_parse_rc esa_start_mid(const struct esa_line *L, struct esa_cur *c, struct tt_event *ev)
{
    uint64_t mid, icid;
    if (!esa_num(c, &mid) || !ESA_EAT(c, "ICID ") || !esa_num(c, &icid))
        return TT_PARSE_BAD;
    struct tt_idtab_entry *m = tt_idtab_get(&L->s->mid, esa_key(L->env, 2, mid), L->now_s);
    m->flags = 0;
    m->aux = 0;
    memset(&m->addr, 0, sizeof(m->addr));
    struct tt_idtab_entry *i = tt_idtab_find(&L->s->icid, esa_key(L->env, 1, icid), L->now_s);
    if (i) {
        m->addr = i->addr;
        if (i->flags & ESA_I_RELAY)
            m->flags |= ESA_M_OUT;
    }
    ev->why = "message started";
    return TT_PARSE_OK;
}

static enum tt_parse_rc esa_mid_line(const struct esa_line *L, struct esa_cur *c, struct tt_event *ev)
{
    uint64_t mid;
    if (!esa_num(c, &mid))
        return TT_PARSE_BAD;
    if (ESA_FIND(c, "Rejected by") && (ESA_STARTS(c, "ICID ") || ESA_STARTS(c, "RID "))) {
        esa_block(L, mid, TT_REASON_POLICY, "recipient rejected (RAT/LDAP)", ev);
        return TT_PARSE_OK;
    }
    if (ESA_STARTS(c, "matched all recipients for per-recipient policy") ||
        ESA_STARTS(c, "matched recipients for per-recipient policy")) {
        struct tt_idtab_entry *e = tt_idtab_get(&L->s->mid, esa_key(L->env, 2, mid), L->now_s);
        if (ESA_FIND(c, "in the outbound table"))
            e->flags |= ESA_M_OUT;
        else if (ESA_FIND(c, "in the inbound table"))
            e->flags = (e->flags & ~ESA_M_OUT) | ESA_M_IN;
        ev->why = "policy match";
        return TT_PARSE_OK;
    }
    if (ESA_STARTS(c, "was generated based on MID ") || ESA_STARTS(c, "rewritten to MID ")) {
        /* splits: the new MID shares the counted marks of the first one */
        int generated = c->p[0] == 'w';
        c->p += generated ? 27 : 17;
        c->n -= generated ? 27 : 17;
        uint64_t other;
        if (!esa_num(c, &other))
            return TT_PARSE_BAD;
        uint64_t parent = generated ? other : mid;
        uint64_t child = generated ? mid : other;
        struct tt_idtab_entry *p = tt_idtab_get(&L->s->mid, esa_key(L->env, 2, parent), L->now_s);
        uint32_t root = (p->flags & ESA_M_ROOT) ? p->aux : (uint32_t)parent;
        uint32_t pflags = p->flags;
        struct tt_addr paddr = p->addr;
        struct tt_idtab_entry *ch = tt_idtab_get(&L->s->mid, esa_key(L->env, 2, child), L->now_s);
        ch->flags = (pflags & (ESA_M_OUT | ESA_M_IN | (15u << ESA_M_REASON_SHIFT))) | ESA_M_ROOT;
        ch->aux = root;
        ch->addr = paddr;
        ev->why = "message split";
        return TT_PARSE_OK;
    }
    if (ESA_STARTS(c, "quarantined to ") || ESA_STARTS(c, "enqueued for transfer to centralized quarantine")) {
        esa_block(L, mid, esa_reason_of(c->p, c->n), "quarantined", ev);
        return TT_PARSE_OK;
    }
    if (ESA_STARTS(c, "Dropped by ") || ESA_STARTS(c, "dropped by ")) {
        esa_block(L, mid, esa_reason_of(c->p + 11, c->n - 11), "dropped", ev);
        return TT_PARSE_OK;
    }
    /* scan verdicts: remembered, counted when the action comes */
    enum tt_reason r = TT_REASON_NONE;
    if (ESA_FIND(c, "antivirus positive") || ESA_FIND(c, "antivirus encrypted") ||
        (ESA_FIND(c, "AMP file reputation verdict") && ESA_FIND(c, "MALICIOUS")))
        r = TT_REASON_MALWARE;
    else if (ESA_FIND(c, "Outbreak Filters: verdict positive"))
        r = TT_REASON_PHISHING;
    else if ((ESA_FIND(c, "using engine: ") || ESA_FIND(c, "interim verdict")) &&
             (ESA_FIND(c, "spam positive") || ESA_FIND(c, "spam suspect")))
        r = TT_REASON_SPAM;
    else if (ESA_FIND(c, "Brightmail positive") || (ESA_FIND(c, "graymail") && ESA_FIND(c, "positive")))
        r = TT_REASON_SPAM;
    else if (ESA_STARTS(c, "DLP violation"))
        r = TT_REASON_POLICY;
    if (r != TT_REASON_NONE) {
        struct tt_idtab_entry *e = tt_idtab_get(&L->s->mid, esa_key(L->env, 2, mid), L->now_s);
        esa_set_pending(e, r);
        ev->why = "scan verdict (action logged separately)";
        return TT_PARSE_OK;
    }
    ev->why = "message event";
    return TT_PARSE_OK;
}

/* "Message aborted MID 6 Dropped by CASE", "Message finished MID 6 done" */
static enum tt_parse_rc esa_message_line(const struct esa_line *L, struct esa_cur *c, struct tt_event *ev)
{
    if (ESA_EAT(c, "aborted MID ")) {
        uint64_t mid;
        if (!esa_num(c, &mid))
            return TT_PARSE_BAD;
        if (ESA_STARTS(c, "Dropped by ") || ESA_STARTS(c, "dropped by ")) {
            esa_block(L, mid, esa_reason_of(c->p + 11, c->n - 11), "dropped", ev);
            return TT_PARSE_OK;
        }
        ev->why = "message aborted (not a gateway verdict)";
        return TT_PARSE_OK;
    }
    ev->why = "message event";
    return TT_PARSE_OK;
}

/* "Message done DCID 8 MID 6 to RID [0]" */
static enum tt_parse_rc esa_done(const struct esa_line *L, struct esa_cur *c, struct tt_event *ev)
{
    uint64_t dcid, mid;
    if (!esa_num(c, &dcid) || !ESA_EAT(c, "MID ") || !esa_num(c, &mid))
        return TT_PARSE_BAD;
    struct tt_idtab_entry *d = tt_idtab_find(&L->s->dcid, esa_key(L->env, 3, dcid), L->now_s);
    struct tt_idtab_entry *self;
    struct tt_idtab_entry *m = esa_mid_root(L, mid, &self);
    int out = ((m->flags | self->flags) & ESA_M_OUT) != 0;
    enum tt_metric metric;
    if (d && (d->flags & ESA_D_ADDR)) {
        ev->dst = d->addr;
        if (tt_addr_is_loopback(&d->addr) || esa_home(L, &d->addr))
            metric = out ? TT_METRIC_NONE : TT_METRIC_EMAILS_DELIVERED;
        else
            metric = TT_METRIC_EMAILS_SENT;
    } else {
        /* delivery connection not seen (log cut): direction decides */
        metric = out ? TT_METRIC_EMAILS_SENT : TT_METRIC_EMAILS_DELIVERED;
        ev->why = "delivered (delivery connection not seen, direction of the message)";
    }
    ev->verdict = TT_VERDICT_ALLOWED;
    if (metric == TT_METRIC_NONE) {
        ev->why = "outbound message handed to an internal host";
        return TT_PARSE_OK;
    }
    uint32_t bit = metric == TT_METRIC_EMAILS_SENT ? ESA_M_SENT : ESA_M_DELIVERED;
    if (m->flags & bit) {
        ev->why = "already counted";
        return TT_PARSE_OK;
    }
    m->flags |= bit;
    ev->metric = metric;
    if (metric == TT_METRIC_EMAILS_SENT) {
        ev->tls = d && (d->flags & ESA_D_TLS) ? 1 : 0;
        if (!ev->why)
            ev->why = "sent to external host";
    } else if (!ev->why) {
        ev->why = "delivered to internal host";
    }
    return TT_PARSE_OK;
}

static enum tt_parse_rc esa_dcid_line(const struct esa_line *L, struct esa_cur *c, struct tt_event *ev)
{
    uint64_t dcid;
    if (!esa_num(c, &dcid))
        return TT_PARSE_BAD;
    uint64_t key = esa_key(L->env, 3, dcid);
    if (ESA_STARTS(c, "TLS success")) {
        struct tt_idtab_entry *e = tt_idtab_get(&L->s->dcid, key, L->now_s);
        e->flags |= ESA_D_TLS;
        ev->why = "delivery TLS established";
    } else if (ESA_STARTS(c, "TLS failed") || ESA_STARTS(c, "TLS was required but")) {
        struct tt_idtab_entry *e = tt_idtab_find(&L->s->dcid, key, L->now_s);
        if (e)
            e->flags &= ~ESA_D_TLS;
        ev->why = "delivery TLS failed";
    } else if (ESA_STARTS(c, "close")) {
        tt_idtab_remove(&L->s->dcid, key);
        ev->why = "delivery connection closed";
    } else {
        ev->why = "delivery connection event";
    }
    return TT_PARSE_OK;
}

static enum tt_parse_rc esa_mail_text(const struct esa_line *L, const char *p, size_t n, struct tt_event *ev)
{
    struct esa_cur c = {p, n};
    if (ESA_EAT(&c, "MID "))
        return esa_mid_line(L, &c, ev);
    if (ESA_EAT(&c, "ICID "))
        return esa_icid_line(L, &c, ev);
    if (ESA_EAT(&c, "DCID "))
        return esa_dcid_line(L, &c, ev);
    if (ESA_EAT(&c, "Start MID "))
        return esa_start_mid(L, &c, ev);
    if (ESA_EAT(&c, "New SMTP ICID ")) {
        esa_new_conn(L, &c, 1);
        ev->why = "connection opened";
        return TT_PARSE_OK;
    }
    if (ESA_EAT(&c, "New SMTP DCID ")) {
        esa_new_conn(L, &c, 0);
        ev->why = "delivery connection opened";
        return TT_PARSE_OK;
    }
    if (ESA_EAT(&c, "Message done DCID "))
        return esa_done(L, &c, ev);
    if (ESA_EAT(&c, "Message "))
        return esa_message_line(L, &c, ev);
    if (ESA_EAT(&c, "ISQ: Tagging MID ")) {
        uint64_t mid;
        if (!esa_num(&c, &mid))
            return TT_PARSE_BAD;
        esa_block(L, mid, TT_REASON_SPAM, "spam quarantine", ev);
        return TT_PARSE_OK;
    }
    ev->why = "mail log event";
    return TT_PARSE_OK;
}

/* ---- consolidated event log (CEF) -------------------------------------------- */

/* "CEF:0|Cisco|<product>|...": vendor Cisco, product an ESA. */
static int esa_is_cef(const char *p, size_t n)
{
    if (n < 20 || memcmp(p, "CEF:", 4) != 0)
        return 0;
    const char *b = memchr(p, '|', TT_MIN(n, 8));
    if (!b || (size_t)(p + n - b) < 8 || memcmp(b + 1, "Cisco|", 6) != 0)
        return 0;
    const char *prod = b + 7;
    size_t left = (size_t)(p + n - prod);
    const char *e = memchr(prod, '|', TT_MIN(left, 96));
    if (!e)
        return 0;
    struct tt_slice s = tt_slice_make(prod, (size_t)(e - prod));
    return tt_slice_icontains(s, "Email Security") || tt_slice_icontains(s, "ESA") || tt_slice_icontains(s, "IronPort");
}

/* "Thu Mar 18 08:04:46 2021" (ctime, day space-padded or not). */
static size_t esa_ctime(const char *p, size_t n, struct tt_stamp *out)
{
    if (n < 24 || p[3] != ' ')
        return 0;
    struct tt_stamp st;
    size_t used = tt_parse_bsd_stamp(p + 4, n - 4, &st);
    if (!used)
        return 0;
    size_t i = 4 + used;
    if (i + 5 > n || p[i] != ' ')
        return 0;
    uint64_t y;
    if (tt_parse_u64(p + i + 1, 4, &y) != 4 || y < 1970 || y > 9999)
        return 0;
    st.year = (int16_t)y;
    st.kind = TT_STAMP_LOCAL;
    *out = st;
    return i + 5;
}

static enum tt_reason esa_cef_reason(const char *p, size_t n)
{
    struct tt_slice v;
    if ((TT_CEF_FIND(p, n, "ESAAVVerdict", &v) && tt_slice_ieq(v, "POSITIVE")) ||
        (TT_CEF_FIND(p, n, "ESAAMPVerdict", &v) && tt_slice_ieq(v, "MALICIOUS")))
        return TT_REASON_MALWARE;
    if (TT_CEF_FIND(p, n, "ESAASVerdict", &v) && (tt_slice_ieq(v, "POSITIVE") || tt_slice_ieq(v, "SUSPECT")))
        return TT_REASON_SPAM;
    if (TT_CEF_FIND(p, n, "ESAOFVerdict", &v) && tt_slice_ieq(v, "POSITIVE"))
        return TT_REASON_PHISHING;
    if (TT_CEF_FIND(p, n, "ESAGMVerdict", &v) && tt_slice_ieq(v, "POSITIVE"))
        return TT_REASON_SPAM;
    return TT_REASON_POLICY;
}

static enum tt_parse_rc esa_cef(const struct esa_line *L, const char *p, size_t n, struct tt_event *ev)
{
    struct tt_slice act, v;
    if (TT_CEF_FIND(p, n, "endTime", &v) || TT_CEF_FIND(p, n, "startTime", &v)) {
        if (esa_ctime(v.p, v.len, &ev->stamp))
            ev->has_stamp = 1;
    }
    if (TT_CEF_FIND(p, n, "sourceAddress", &v))
        tt_addr_parse(v.p, v.len, &ev->src);
    if (!TT_CEF_FIND(p, n, "act", &act)) {
        ev->why = "consolidated event without action";
        return TT_PARSE_OK;
    }
    int out = TT_CEF_FIND(p, n, "deviceDirection", &v) && tt_slice_eq(v, "1");
    uint64_t mid = 0;
    int has_mid = TT_CEF_FIND(p, n, "ESAMID", &v) && tt_parse_u64(v.p, v.len, &mid) == v.len && v.len;
    struct tt_idtab_entry *m = has_mid ? esa_mid_root(L, mid, NULL) : NULL;
    if (tt_slice_ieq(act, "QUARANTINED") || tt_slice_ieq(act, "DROPPED") || tt_slice_ieq(act, "DROP") ||
        tt_slice_ieq(act, "REJECTED") || tt_slice_ieq(act, "QUARANTINE")) {
        ev->verdict = TT_VERDICT_BLOCKED;
        if (out) {
            ev->why = "outbound message blocked (not counted)";
            return TT_PARSE_OK;
        }
        if (m && (m->flags & ESA_M_BLOCKED)) {
            ev->why = "same message as previous block";
            return TT_PARSE_OK;
        }
        if (m)
            m->flags |= ESA_M_BLOCKED;
        ev->metric = TT_METRIC_EMAILS_BLOCKED;
        ev->reason = esa_cef_reason(p, n);
        ev->why = tt_slice_ieq(act, "QUARANTINED") || tt_slice_ieq(act, "QUARANTINE") ? "quarantined" : "dropped";
        return TT_PARSE_OK;
    }
    if (tt_slice_ieq(act, "DELIVERED")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        enum tt_metric metric = out ? TT_METRIC_EMAILS_SENT : TT_METRIC_EMAILS_DELIVERED;
        uint32_t bit = out ? ESA_M_SENT : ESA_M_DELIVERED;
        if (m && (m->flags & bit)) {
            ev->why = "already counted";
            return TT_PARSE_OK;
        }
        if (m)
            m->flags |= bit;
        ev->metric = metric;
        if (out) {
            ev->tls = (TT_CEF_FIND(p, n, "ESATLSOutConnStatus", &v) && tt_slice_icontains(v, "success")) ||
                      (TT_CEF_FIND(p, n, "ESATLSOutProtocol", &v) && tt_slice_icontains(v, "TLS"));
            ev->why = "sent (consolidated event)";
        } else {
            ev->why = "delivered (consolidated event)";
        }
        return TT_PARSE_OK;
    }
    ev->why = "consolidated event, other action";
    return TT_PARSE_OK;
}

/* ---- routing ------------------------------------------------------------------ */

/* ESA log subscriptions, used as the syslog tag. */
static const char *const esa_apps[] = {
    "mail_logs", "consolidated_event", "amp", "antispam", "antivirus", "gui_logs", "status", "system",
    "error_logs", "content_scanner", "authentication", "bounces", "cli_logs", "euq_logs", "updater_logs",
    "upgrade_logs", "reportd_logs", "sntpd_logs", "smartlicense", "ipr_client", "sdr_client",
    "url_rep_client", "dlp", "graymail", "config_history", "mail_auth", "mail_logs_ext", NULL,
};

/* Severity prefix of every ESA line: returns its length or 0. */
static size_t esa_level(const char *p, size_t n)
{
    static const char *const lv[] = {"Info: ", "Warning: ", "Critical: ", "Debug: ", "Trace: ", "Alert: "};
    for (size_t i = 0; i < TT_ARRAY_LEN(lv); i++) {
        size_t m = strlen(lv[i]);
        if (n >= m && memcmp(p, lv[i], m) == 0)
            return m;
    }
    return 0;
}

/* A syslog header followed directly by "CEF:0|..." leaves "CEF" as the
 * program name and "0|..." as the message: *out gets the whole CEF text. */
static int esa_cef_text(const struct tt_envelope *env, struct tt_slice *out)
{
    if (env->msg.len >= 4 && memcmp(env->msg.p, "CEF:", 4) == 0) {
        *out = env->msg;
        return 1;
    }
    if (env->app.len == 3 && memcmp(env->app.p, "CEF", 3) == 0 && env->msg.p > env->app.p) {
        *out = tt_slice_make(env->app.p, (size_t)(env->msg.p + env->msg.len - env->app.p));
        return out->len >= 4 && out->p[3] == ':';
    }
    return 0;
}

static int esa_probe(const struct tt_envelope *env)
{
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    struct tt_slice cef;
    if (esa_cef_text(env, &cef))
        return esa_is_cef(cef.p, cef.len);
    /* local-file form "Thu Mar 18 08:04:46 2021 Info: " */
    if (env->kind == TT_ENVELOPE_NONE && n > 31 && p[3] == ' ' && p[7] == ' ' && p[24] == ' ')
        return esa_level(p + 25, n - 25) != 0;
    return 0;
}

static enum tt_parse_rc esa_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                  struct tt_event *ev)
{
    struct esa_state *s = state;
    if (!s)
        return TT_PARSE_NOMATCH;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    struct esa_line L = {s, ctx, env, ctx ? ctx->now_s : 0};

    struct tt_slice cef;
    if (esa_cef_text(env, &cef)) {
        if (!esa_is_cef(cef.p, cef.len))
            return TT_PARSE_NOMATCH;
        p = cef.p;
        n = cef.len;
        struct tt_slice et;
        struct tt_stamp st;
        if ((TT_CEF_FIND(p, n, "endTime", &et) || TT_CEF_FIND(p, n, "startTime", &et)) && esa_ctime(et.p, et.len, &st))
            L.now_s = tt_stamp_epoch_or(&st, L.now_s);
        enum tt_parse_rc rc = esa_cef(&L, p, n, ev);
        if (rc == TT_PARSE_OK && ev->verdict == TT_VERDICT_OTHER && ev->metric == TT_METRIC_NONE)
            rc = TT_PARSE_SKIP;
        return rc;
    }

    struct tt_slice prog = tt_app_program(env->app, NULL);
    int mail = 0;
    if (env->kind == TT_ENVELOPE_NONE) {
        struct tt_stamp st;
        size_t used = esa_ctime(p, n, &st);
        if (!used || used >= n || p[used] != ' ')
            return TT_PARSE_NOMATCH;
        ev->stamp = st;
        ev->has_stamp = 1;
        L.now_s = tt_stamp_epoch_or(&st, L.now_s);
        p += used + 1;
        n -= used + 1;
        mail = 1; /* a local mail_logs file */
    } else {
        int known = 0;
        for (const char *const *a = esa_apps; *a; a++) {
            size_t m = strlen(*a);
            if (prog.len == m && memcmp(prog.p, *a, m) == 0) {
                known = 1;
                break;
            }
        }
        if (!known)
            return TT_PARSE_NOMATCH;
        mail = tt_slice_eq(prog, "mail_logs") || tt_slice_eq(prog, "mail_logs_ext");
    }
    size_t lv = esa_level(p, n);
    if (!lv)
        return TT_PARSE_NOMATCH;
    p += lv;
    n -= lv;

    enum tt_parse_rc rc = TT_PARSE_OK;
    if (mail) {
        rc = esa_mail_text(&L, p, n, ev);
        if (rc == TT_PARSE_BAD) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "ESA mail log line without its ids";
            return rc;
        }
    } else {
        ev->why = "ESA system or scanner log";
    }
    if (rc == TT_PARSE_OK && ev->verdict == TT_VERDICT_OTHER && ev->metric == TT_METRIC_NONE)
        rc = TT_PARSE_SKIP;
    return rc;
}

const struct tt_parser_ops tt_parser_cisco_esa = {
    .name = "cisco-esa",
    .help = "Cisco Secure Email (ESA/IronPort) mail_logs (ICID/MID/DCID) and consolidated CEF events",
    .apps = esa_apps,
    .probe = esa_probe,
    .state_create = esa_state_create,
    .state_destroy = esa_state_destroy,
    .parse = esa_parse,
};
