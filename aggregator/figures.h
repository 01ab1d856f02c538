/* SPDX-License-Identifier: MIT
 *
 * figures.h -- the one data model of a report (after GoAccess: one model,
 * many renderers). figures_build reads the store for a window, its previous
 * window and the local days of the window; figures_derive computes the
 * shares, changes, labels and headline sentences from the raw numbers (so a
 * hand-built model renders the same way). Renderers read only this struct;
 * every string in it is display-ready except those marked untrusted, which
 * came from Redis and must be escaped by the renderer for its format.
 *
 * Also here: the number formatting shared by all renderers ("4,012,345",
 * "4.0 million", "8% more than") and the escaping helpers.
 */
#ifndef AGG_FIGURES_H
#define AGG_FIGURES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/event.h"
#include "common/window.h"

struct store;

/* Rows of the figures table. The first four are the panel figures of
 * docs/COUNTING.md#reports; the rest are supporting counters. */
enum figures_row_id {
    FIG_EMAILS_BLOCKED = 0,
    FIG_ATTACKS_BLOCKED,
    FIG_ATTACK_SOURCES,
    FIG_TLS_SHARE,
    FIG_EMAILS_DELIVERED,
    FIG_EMAILS_SENT,
    FIG_EMAILS_SENT_TLS,
    FIG_CONNECTIONS_ALLOWED,
    FIG_IDS_ALERTS,
    FIG_ROW_COUNT
};
#define FIG_PANEL_COUNT 4

/* Columns of the daily series (the daily chart). */
enum figures_col_id {
    FIG_COL_EMAILS_BLOCKED = 0,
    FIG_COL_ATTACKS_BLOCKED,
    FIG_COL_ATTACK_SOURCES,
    FIG_COL_EMAILS_SENT,
    FIG_COL_LINES_TOTAL,
    FIG_COL_EMAILS_SENT_TLS, /* JSON and CSV only (the dashboard's sparkline of the share) */
    FIG_COL_COUNT
};
/* Columns of the daily tables people read (text, Markdown, HTML). */
#define FIG_COL_TABLE_COUNT FIG_COL_EMAILS_SENT_TLS

struct figures_by {
    enum tt_reason reason; /* breakdown reason */
    uint64_t value;        /* in the window */
    uint64_t prev;         /* in the previous window */
};

struct figures_row {
    const char *key;        /* machine name: a metric name, or "emails_sent_tls_share" */
    const char *title;      /* "Emails blocked" */
    const char *unit;       /* "emails", "attacks", "addresses", "percent of outgoing emails" */
    const char *definition; /* plain English, static */
    const char *brief;      /* the definition in one line (panel figures only, else NULL) */
    enum tt_metric metric;  /* TT_METRIC_NONE for the derived share */
    int approximate;        /* 1 for HyperLogLog estimates */
    int is_share;           /* 1: pct/prev_pct are the figure, num/den its parts */
    uint64_t value;         /* count in the window (share: emails_sent_tls) */
    uint64_t prev;          /* count in the previous window (share: its emails_sent_tls) */
    uint64_t den;           /* share only: emails_sent in the window */
    uint64_t prev_den;      /* share only: emails_sent in the previous window */
    /* derived by figures_derive */
    double pct;             /* share: 100 * value / den */
    double prev_pct;        /* share: 100 * prev / prev_den */
    int has_value;          /* 0 for a share of nothing */
    int has_prev;           /* 0 for a share of nothing in the previous window */
    double change_pct;      /* counts: (value - prev) / prev * 100; shares: percentage points */
    int has_change;         /* 0 when there is nothing to compare with */
    size_t nby;             /* entries in by */
    struct figures_by by[TT_REASON_COUNT]; /* breakdown by reason, in reason order */
};

/* A window as people and machines read it. */
struct figures_span {
    int64_t from_s;          /* effective window, UTC */
    int64_t to_s;
    int64_t asked_from_s;    /* as asked */
    int64_t asked_to_s;
    enum tt_gran asked;      /* precision the asked edges need */
    enum tt_gran precision;  /* precision of the answer */
    int coarser;             /* 1 when precision is coarser than asked */
    uint64_t lines;          /* lines_total in the span: 0 means no data to compare with */
    /* derived by figures_derive from the above and the zone */
    char label[128];         /* "February 2018", "the 5 days to 1 March 2018 00:00 GMT" */
    char local_from[48];     /* "1 February 2018 00:00 GMT" */
    char local_to[48];       /* "1 March 2018 00:00 GMT" */
    char asked_local_from[48]; /* the same for the window as asked */
    char asked_local_to[48];
};

struct figures_day {
    int year;                  /* local date */
    unsigned mon;
    unsigned mday;
    int64_t from_s;            /* UTC, effective */
    int64_t to_s;
    int partial;               /* 1 when the window covers part of the day */
    int no_data;               /* 1 when no line at all was read that day (a possible gap) */
    uint64_t v[FIG_COL_COUNT]; /* values, by enum figures_col_id */
    unsigned hour;             /* hourly series: local hour of from_s */
    unsigned minute;           /* hourly series: local minute of from_s */
};

/* One collector's health as the dashboard's health strip shows it. */
struct figures_collector {
    char site[TT_SITE_MAX + 1]; /* site */
    char instance[128];         /* untrusted text (from a key name) */
    int64_t last_flush_s;       /* wall-clock time of its last committed flush, 0 unknown */
    int64_t lag_s;              /* at that flush, -1 unknown */
    uint64_t lines_dropped;     /* since it started */
    uint64_t redis_reconnects;  /* since it started */
    uint64_t possible_gaps;     /* since it started */
};

struct figures_source {
    char site[TT_SITE_MAX + 1]; /* site, validated by the collector but still escaped */
    char *name;                 /* untrusted: from Redis */
    int64_t last_seen_s;        /* UTC, 0 unknown */
    char last_seen[48];         /* derived: local time text */
};

struct figures_quality {
    uint64_t lines_total;                  /* lines read in the window */
    uint64_t lines_unparsed;               /* of which unparsed */
    uint64_t unparsed[TT_REASON_COUNT];    /* by reason */
    uint64_t lines_dropped;                /* messages lost before parsing */
    uint64_t dropped[TT_REASON_COUNT];     /* by reason */
    struct figures_source *sources;        /* heap array */
    size_t nsources;                       /* entries */
};

/* One site's own figures, for reports over several sites (side by side,
 * next to the combined rows of struct figures). */
struct figures_site {
    char site[TT_SITE_MAX + 1];             /* site name (validated charset) */
    struct figures_row rows[FIG_ROW_COUNT]; /* as the combined rows, for this site alone */
    uint64_t lines_total;                   /* data quality of this site */
    uint64_t lines_unparsed;
    uint64_t lines_dropped;
};

/* Longest window that also gets an hourly series (the dashboard's "last
 * hours" chart). */
#define FIG_HOURLY_MAX_S (72 * 3600)

/* report --top-sources: networks most attacks were blocked from. */
#define FIG_TOP_MAX 100
struct figures_top {
    size_t asked;          /* N asked for; 0 = not asked (nothing shown) */
    int64_t from_s, to_s;  /* the whole UTC days counted (they cover the window) */
    char from_text[48];    /* derived: local text of from_s, to_s */
    char to_text[48];
    size_t n;              /* networks found (0: none counted, see definition) */
    struct { char net[48]; uint64_t attacks; } e[FIG_TOP_MAX]; /* busiest first */
};
extern const char figures_top_title[];
extern const char figures_top_definition[];
extern const char figures_top_none[];

#define FIG_NOTES_MAX 8
#define FIG_NOTE_LEN 320

struct figures {
    char site[TT_SITE_MAX + 1];     /* "all" or one site */
    char **sites;                   /* sites summed (heap copies) */
    size_t nsites;
    char zone_name[64];             /* "Europe/London" */
    const struct tt_zone *zone;     /* borrowed; NULL in hand-built models (labels then in UTC) */
    char org[96];                   /* "the council", used in sentences */
    int64_t generated_s;            /* when the report was made, UTC */
    enum tt_window_kind kind;       /* how the window was asked for */
    int month_year, month;          /* TT_WINDOW_MONTH */
    int64_t last_s;                 /* TT_WINDOW_LAST: its duration */
    struct figures_span window;     /* the window */
    struct figures_span prev;       /* the previous window */
    struct figures_row rows[FIG_ROW_COUNT];
    struct figures_day *days;       /* heap array, the daily series */
    size_t ndays;
    struct figures_day *hours;      /* heap array, the hourly series (windows up to FIG_HOURLY_MAX_S), UTC hours */
    size_t nhours;
    struct figures_site *by_site;   /* heap array: each site alone, when more than one site is summed */
    size_t nby_site;
    struct figures_quality quality;
    struct figures_collector *collectors; /* heap array: each collector's health, now (not of the window) */
    size_t ncollectors;
    struct figures_top top;         /* report --top-sources */
    int csv_bom;                    /* render_csv: start with a UTF-8 byte order mark */
    const char *mail_to;            /* render_email: To: header (borrowed, checked) */
    const char *mail_from;          /* render_email: From: header (borrowed, checked) */
    /* derived */
    char headline[FIG_PANEL_COUNT][512]; /* one plain-English sentence per panel figure */
    char notes[FIG_NOTES_MAX][FIG_NOTE_LEN]; /* precision and gap notes */
    char generated_text[48];        /* generated_s for people, "3 Dec 2026 13:25 GMT" */
    char no_prev_text[256];         /* "There is no earlier data to compare with: ..." or "" */
    size_t nnotes;
};

/* What to build. */
struct figures_request {
    const char *site;           /* "all" or a site name */
    char *const *sites;         /* sites to sum (already checked against the store) */
    size_t nsites;
    const struct tt_zone *zone; /* report zone */
    const char *org;            /* NULL = "the council" */
    struct tt_window window;    /* the window asked */
    int64_t now_s;              /* generation time */
    size_t top_sources;         /* report --top-sources N, 0 = none */
};

/* Zero-initialised model with the static parts of every row filled in. */
void figures_init(struct figures *f);
void figures_fini(struct figures *f);
/* Reads the store and derives. TT_ERR with a message in err. */
int figures_build(struct store *s, const struct figures_request *req, struct figures *out, char *err, size_t errlen);
/* Shares, changes, labels, sentences and notes from the raw numbers. */
void figures_derive(struct figures *f);

/* Availability of the UTC days of [from_s, to_s) from the store; helper
 * shared with `query`. *out_avail.gran is heap (free it). */
int figures_avail(struct store *s, char *const *sites, size_t nsites, int64_t from_s, int64_t to_s,
                  struct tt_avail *out_avail);

/* Number formatting. Each writes a NUL-terminated string into buf and
 * returns buf. */
#define FIG_NUM_LEN 48
char *figures_fmt_int(uint64_t v, char *buf, size_t len);        /* "4,012,345" */
char *figures_fmt_human(uint64_t v, char *buf, size_t len);      /* "4.0 million", "12.3 thousand", "950" */
char *figures_fmt_pct(double pct, char *buf, size_t len);        /* "98.2%" ("100%", "0%") */
char *figures_fmt_change(double change_pct, char *buf, size_t len); /* "+8.0%", "-0.4%", "0.0%" */
/* Comparison phrase of a row against the previous window, e.g. "8% more
 * than in January 2018", "up from 97.1% in January 2018". */
char *figures_compare_phrase(const struct figures *f, const struct figures_row *r, char *buf, size_t len);
/* "1 February 2018 00:00 IST to 1 March 2018 00:00 IST", plus "
 * (answered at hour precision: ... to ...)" when the answer is coarser. */
char *figures_span_text(const struct figures_span *sp, char *buf, size_t len);
/* The label, then sep and the span text unless the label already holds
 * it: "February 2018: 1 February 2018 00:00 GMT to ...", "the period from
 * X to Y". */
char *figures_span_title(const struct figures_span *sp, const char *sep, char *buf, size_t len);
/* Local date of a day for machines (CSV, JSON), "2018-02-01". */
char *figures_fmt_date(const struct figures_day *d, char *buf, size_t len);
/* The same for people, "1 Feb 2018": the one date style of every
 * member-facing text. */
char *figures_fmt_day(const struct figures_day *d, char *buf, size_t len);
/* A reason in plain words ("sender reputation", "line too long"). */
const char *figures_reason_label(enum tt_reason r);
/* 1 when anything at all was recorded in the previous window. */
int figures_has_prev(const struct figures *f);
/* Change of a row against the previous window in words or figures:
 * "+8.0%", "-1.2 points", "no change", "up from 0"; "" when there is no
 * earlier data at all (the report says so once, in no_prev_text). */
char *figures_change_text(const struct figures *f, const struct figures_row *r, char *buf, size_t len);

/* Derives one row's shares and changes (figures_derive does every row). */
void figures_derive_row(struct figures_row *r);
/* "14:00" local time of an hourly slot. */
char *figures_fmt_hour(const struct figures_day *d, char *buf, size_t len);
/* Plain value of a row as machines read it: the count, or the share in
 * percent with two decimals ("" for a share of nothing). */
char *figures_fmt_plain(const struct figures_row *r, int prev, char *buf, size_t len);

/* Escaping of untrusted text (common/buf.h escapers on a stdio stream). */
/* Writes s as a JSON string literal (with quotes). */
void figures_json_string(FILE *out, const char *s);
/* Writes s terminal-safe (controls and invalid UTF-8 as \xNN); with md,
 * also escapes Markdown table punctuation. */
void figures_put_clean(FILE *out, const char *s, int md);

#endif
