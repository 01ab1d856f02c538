/* SPDX-License-Identifier: MIT
 *
 * source_file.c -- the file source (source.h): FILE (plain, .zst or .gz,
 * content decides), - for stdin, and with --follow GLOB. Read once, files
 * are opened one after the other, each committed to its end before the
 * next (it may be a copy of the last). Followed, files are found by
 * scanning the sources (globs expanded) right after a successful flush,
 * new compressed files are opened only once settled, and files waiting at
 * their end are checked for rotation and truncation every --scan-interval.
 * One file is one struct tt_tail (in_tail.c); positions go through commit.c.
 */
#include "collector/collector.h"
#include "collector/in_tail.h"
#include "collector/parallel.h"
#include "collector/source.h"
#include "common/mem.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LINES_PER_TURN 16384
#define PAR_LINES_PER_TURN (16 * LINES_PER_TURN)
#define SERIAL_RUN_MIN (64u << 10)
#define SERIAL_RUN_MAX (16u << 20)

/* A compressed file that appeared while following: opened only once its
 * size and time stayed the same over a scan and it is a second old, so a
 * copy still being written by gzip/zstd is never read half-way. */
struct settling {
    dev_t dev;       /* identity ... */
    ino_t ino;       /* ... of the file */
    off_t size;      /* size at the last scan */
    time_t mtime;    /* modification time at the last scan */
    int seen;        /* found by the latest scan */
};

static void free_tail(struct tt_tail *t)
{
    tt_tail_close(t);
    free(t);
}

static struct tt_tail *find_tail(struct collector *c, dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->dev == dev && c->tails[i]->ino == ino && !c->tails[i]->anonymous)
            return c->tails[i];
    return NULL;
}

static void add_tail(struct collector *c, const char *path, const struct tt_pipeline_config *cfg)
{
    char err[600];
    struct tt_tail *t = tt_calloc(1, sizeof(*t));
    /* 1 MiB blocks read once; 256 KiB per followed file (there may be many) */
    if (tt_tail_open(t, path, c->conf.follow, cfg ? cfg : &c->cfg, c->conf.follow ? 256u << 10 : 1u << 20, err, sizeof(err)) != TT_OK) {
        fprintf(stderr, PROG ": %s\n", err);
        c->stat.sources_failed++;
        free_tail(t);
        return;
    }
    if (c->n_tails == c->cap_tails) {
        c->cap_tails = c->cap_tails ? c->cap_tails * 2 : 16;
        c->tails = tt_realloc(c->tails, c->cap_tails * sizeof(*c->tails));
    }
    c->tails[c->n_tails++] = t;
    t->seen = 1;
    if (!c->redis_down && commit_resume_tail(c, t) == TT_OK)
        c->stat.skipped_lines += t->committed_lines;
}

/* Another file with the same first bytes as one being read (a rotated copy
 * being compressed, a copytruncate copy) waits until that one is closed:
 * then its stored position says where the content ends. */
static int same_content_open(struct collector *c, const char *path)
{
    char head[TT_TAIL_HEAD];
    size_t n = tt_tail_peek_head(path, head, sizeof(head));
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->is_open && tt_tail_same_head(c->tails[i], head, n))
            return 1;
    return 0;
}

static int compressed(const char *path)
{
    unsigned char m[4] = {0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(m, 1, 4, f) : 0;
    if (f)
        fclose(f);
    return (n == 4 && m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) ||
           (n >= 2 && m[0] == 0x1F && m[1] == 0x8B);
}

/* Plain files are opened at once (they are the live logs); a compressed
 * file only when settled (see struct settling). */
static int settled(struct collector *c, const char *path, const struct stat *sb)
{
    /* An empty file may be a compressed copy just being created: its kind
     * is known once it has its first bytes (a new empty log loses nothing
     * by waiting, it is read from its start). */
    if (sb->st_size < 4 && time(NULL) - sb->st_mtime < 2)
        return 0;
    if (!compressed(path))
        return 1;
    struct settling *s = NULL;
    for (size_t i = 0; i < c->n_settling; i++)
        if (c->settling[i].dev == sb->st_dev && c->settling[i].ino == sb->st_ino)
            s = &c->settling[i];
    if (!s) {
        if (c->n_settling == c->cap_settling) {
            c->cap_settling = c->cap_settling ? c->cap_settling * 2 : 8;
            c->settling = tt_realloc(c->settling, c->cap_settling * sizeof(*c->settling));
        }
        s = &c->settling[c->n_settling++];
        s->dev = sb->st_dev;
        s->ino = sb->st_ino;
        s->size = sb->st_size;
        s->mtime = sb->st_mtime;
        s->seen = 1;
        return 0;
    }
    s->seen = 1;
    int stable = s->size == sb->st_size && s->mtime == sb->st_mtime && time(NULL) - sb->st_mtime >= 1;
    s->size = sb->st_size;
    s->mtime = sb->st_mtime;
    if (stable)
        *s = c->settling[--c->n_settling];
    return stable;
}

static int has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* Following: opens files that appeared under the sources (globs expanded),
 * forgets closed ones that disappeared. Runs only right after a successful
 * flush, so that every position a new file could share is committed. */
static void scan_files(struct collector *c)
{
    for (size_t i = 0; i < c->n_tails; i++)
        c->tails[i]->seen = c->tails[i]->is_open;
    for (size_t i = 0; i < c->n_settling; i++)
        c->settling[i].seen = 0;
    for (size_t k = 0; k < c->n_file_sources; k++) {
        const char *pat = c->file_sources[k];
        glob_t g;
        memset(&g, 0, sizeof(g));
        int grc = has_glob(pat) ? glob(pat, 0, NULL, &g) : GLOB_NOMATCH;
        size_t n = grc == 0 ? g.gl_pathc : (has_glob(pat) ? 0 : 1);
        for (size_t j = 0; j < n; j++) {
            const char *path = grc == 0 ? g.gl_pathv[j] : pat;
            if (strcmp(path, "-") == 0)
                continue;
            struct stat sb;
            if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
                continue;
            struct tt_tail *t = find_tail(c, sb.st_dev, sb.st_ino);
            if (t && !t->is_open && (t->closed_size != sb.st_size || t->closed_mtime != sb.st_mtime)) {
                /* A closed file changed, or its inode number now names a
                 * new file: forget it, and open what is there now (its
                 * stored position, if any, still applies). */
                t->dev = 0;
                t->ino = 0;
                t->seen = 0;
                t = NULL;
            }
            if (t) {
                t->seen = 1;
                if (!t->is_open && strcmp(t->path, path) != 0)
                    snprintf(t->path, sizeof(t->path), "%s", path);
                continue;
            }
            if (!settled(c, path, &sb) || same_content_open(c, path))
                continue;
            add_tail(c, path, c->file_cfg[k]);
        }
        if (grc == 0)
            globfree(&g);
    }
    size_t w = 0;
    for (size_t i = 0; i < c->n_settling; i++)
        if (c->settling[i].seen)
            c->settling[w++] = c->settling[i];
    c->n_settling = w;
    w = 0;
    for (size_t i = 0; i < c->n_tails; i++) {
        if (!c->tails[i]->seen && !c->tails[i]->is_open)
            free_tail(c->tails[i]);
        else
            c->tails[w++] = c->tails[i];
    }
    c->n_tails = w;
}

/* Reading once: opens the next file source when none is open. */
static void next_file(struct collector *c)
{
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->is_open && c->tails[i]->state != TT_TAIL_FINISHED)
            return;
    /* Commit the finished one first: the next file may be a copy of it. */
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->is_open && commit_flush(c) != TT_OK)
            return;
    /* Closed tails are not needed to read once: free them. */
    for (size_t i = 0; i < c->n_tails; i++)
        free_tail(c->tails[i]);
    c->n_tails = 0;
    while (c->next_file < c->n_file_sources && c->n_tails == 0 && !*c->stop) {
        const struct tt_pipeline_config *cfg = c->file_cfg[c->next_file];
        const char *path = c->file_sources[c->next_file++];
        size_t before = c->stat.sources_failed;
        add_tail(c, path, cfg);
        if (c->stat.sources_failed == before && c->n_tails)
            c->stat.sources_ok++;
    }
}

/* Counts one classified line of t (its time and verdict are in res). */
static void count_result(struct collector *c, struct tt_tail *t, const struct tt_line_result *res, const char *line,
                         size_t len)
{
    c->stat.lines++;
    c->stat.bytes += len + 1;
    c->stat.by_arrival += res->by_arrival;
    c->stat.by_previous += res->by_previous;
    if (c->conf.classify) {
        report_classify_line(c, c->stat.lines, res, line, len);
        return;
    }
    /* stdin cannot be re-read: its counts are kept like a socket's */
    report_count_line(c, t->anonymous ? &c->tally_net : &c->tally_files, res, line, len);
    if (!res->by_arrival) {
        if (t->last_seen_s == INT64_MIN || res->utc_s > t->last_seen_s)
            t->last_seen_s = res->utc_s;
        if (c->newest_s == INT64_MIN || res->utc_s > c->newest_s)
            c->newest_s = res->utc_s;
    }
}

static enum tt_reason frame_reason(enum tt_frame_rc kind)
{
    return kind == TT_FRAME_TOO_LONG ? TT_REASON_TOO_LONG : TT_REASON_TRUNCATED;
}

/* Reads the next line of t: 1 with *line and *kind, 0 at its end or when
 * it waits for more (a damaged input is said once). */
static int next_line(struct collector *c, struct tt_tail *t, struct tt_slice *line, enum tt_frame_rc *kind)
{
    enum tt_tail_rc rc = tt_tail_next(t, line, kind);
    if (rc == TT_TAIL_LINE)
        return 1;
    if (rc == TT_TAIL_END && (t->in.err || t->in.truncated)) {
        if (t->in.err)
            fprintf(stderr, PROG ": warning: %s\n", t->in.errstr);
        else
            fprintf(stderr,
                    PROG ": warning: %s: compressed data ends inside a frame (truncated copy?) after %llu "
                         "decompressed bytes; lines before that were counted\n",
                    t->path, (unsigned long long)t->in.out_offset);
        c->stat.sources_damaged++;
        t->in.err = 0;
        t->in.truncated = 0;
    }
    return 0;
}

/* Reads up to LINES_PER_TURN lines of one file on this thread. */
static size_t pump_serial(struct collector *c, struct tt_tail *t, int64_t arrival)
{
    size_t n = 0;
    struct tt_slice line;
    enum tt_frame_rc kind;
    while (n < LINES_PER_TURN && next_line(c, t, &line, &kind)) {
        struct tt_line_result res;
        if (kind == TT_FRAME_LINE)
            tt_pipeline_line(t->cfg, &t->st, line.p, line.len, arrival, &res);
        else
            tt_pipeline_untimed(&t->st, frame_reason(kind), arrival, &res);
        count_result(c, t, &res, line.p, line.len);
        tt_tail_counted(t);
        n++;
    }
    return n;
}

/* Cuts the next lines of t into b; 0 when t has no more for now. */
static int fill_batch(struct collector *c, struct tt_tail *t, struct tt_par_batch *b)
{
    struct tt_slice line;
    enum tt_frame_rc kind;
    while (!tt_par_full(b) && next_line(c, t, &line, &kind))
        tt_par_add(b, line.p, line.len, kind);
    b->end_consumed = t->fr.consumed;
    b->end_lines = t->fr.lines;
    return b->n > 0;
}

/* Times and counts a classified batch of t, in order: the lines before
 * n_pre from their classification, the rest (a parser with memory was
 * wanted) on t's own stream. */
static size_t count_batch(struct collector *c, struct tt_tail *t, const struct tt_par_batch *b, int64_t arrival)
{
    for (size_t i = 0; i < b->n; i++) {
        const struct tt_par_line *l = &b->lines[i];
        const char *p = b->bytes + l->off;
        struct tt_line_result res;
        if (l->kind != TT_FRAME_LINE)
            tt_pipeline_untimed(&t->st, frame_reason((enum tt_frame_rc)l->kind), arrival, &res);
        else if (i < b->n_pre)
            tt_pipeline_post(&t->st, &b->pre[i], arrival, &res);
        else
            tt_pipeline_line(t->cfg, &t->st, p, l->len, arrival, &res);
        count_result(c, t, &res, p, l->len);
    }
    c->stat.parallel_lines += b->n_pre;
    t->offset = b->end_consumed;
    t->lines = t->base_lines + b->end_lines;
    return b->n;
}

/* Up to PAR_LINES_PER_TURN lines of t, classified by the helper threads and
 * this one, counted here in order. Every batch is counted before it returns,
 * so a flush only ever sees positions of counted lines. A batch stopped by
 * a line for a parser with memory ends the turn, and the file is read on
 * this thread for a while: 64 Ki lines, twice as many after each turn that
 * stops again (a Postfix log soon stays on one thread; a firewall log with
 * a rare such line goes back to batches at once). */
static size_t pump_parallel(struct collector *c, struct tt_tail *t, int64_t arrival)
{
    struct tt_par *p = c->par;
    tt_par_begin(p, t->cfg);
    size_t cut = 0, counted = 0;
    int more = 1, stopped = 0;
    for (;;) {
        struct tt_par_batch *b;
        while (more && !stopped && cut < PAR_LINES_PER_TURN && (b = tt_par_slot(p))) {
            more = fill_batch(c, t, b);
            cut += b->n;
            tt_par_queue(p, b);
        }
        if ((b = tt_par_oldest(p, 0)) != NULL || (!tt_par_help(p) && (b = tt_par_oldest(p, 1)) != NULL)) {
            counted += count_batch(c, t, b, arrival);
            stopped |= b->stopped;
            tt_par_done(p, b);
        } else if (!tt_par_in_flight(p)) {
            break;
        }
    }
    if (stopped) {
        t->serial_run = t->serial_run ? (t->serial_run < SERIAL_RUN_MAX ? t->serial_run * 2 : t->serial_run)
                                      : SERIAL_RUN_MIN;
        t->serial_until = t->lines + t->serial_run;
    } else {
        t->serial_run = 0;
    }
    return counted;
}

static int parallel_wanted(struct collector *c, const struct tt_tail *t)
{
    if (t->lines < t->serial_until || c->conf.classify || t->cfg->rules || c->par_failed)
        return 0;
    if (!c->par) {
        long n = c->conf.threads;
        if (n == 0) {
            n = sysconf(_SC_NPROCESSORS_ONLN);
            n = n < 1 ? 1 : (n > 8 ? 8 : n);
        }
        if (n < 2 || !(c->par = tt_par_new((int)n, (size_t)c->conf.batch_lines))) {
            c->par_failed = 1;
            return 0;
        }
    }
    return 1;
}

/* Reads the next lines of one file. Returns lines read. */
static size_t pump_tail(struct collector *c, struct tt_tail *t)
{
    if (!t->is_open || !t->resumed || t->state == TT_TAIL_FINISHED || t->state == TT_TAIL_CLOSED)
        return 0;
    int64_t arrival = (int64_t)time(NULL);
    return parallel_wanted(c, t) ? pump_parallel(c, t, arrival) : pump_serial(c, t, arrival);
}

/* Following: rotation and truncation checks of files waiting at their end. */
static void check_tails(struct collector *c)
{
    for (size_t i = 0; i < c->n_tails; i++) {
        struct tt_tail *t = c->tails[i];
        if (!t->is_open || t->state != TT_TAIL_IDLE || !t->resumed)
            continue;
        enum tt_tail_event ev = tt_tail_check(t);
        if (ev != TT_TAIL_TRUNCATED)
            continue;
        c->stat.gaps++;
        fprintf(stderr,
                PROG ": warning: %s was truncated in place (copytruncate?) after %llu bytes were read: possible gap "
                     "(lines written after the last read are only in the copy)\n",
                t->path, (unsigned long long)t->offset);
        if (t->offset != t->committed)
            commit_tail_position(t, commit_push_position(c));
        /* The same inode now holds new content: read its head again, then
         * look its position up (a rewrite with the same content resumes). */
        char err[600];
        if (tt_tail_seek(t, 0, 0, err, sizeof(err)) != TT_OK) {
            fprintf(stderr, PROG ": %s\n", err);
            continue;
        }
        commit_resume_tail(c, t);
    }
}

/* ---- the ops ----------------------------------------------------------- */

/* A file source is opened when its turn comes (reading once) or by the
 * scans (following): here it is only listed. */
static int file_open(struct collector *c, const char *spec, const struct tt_pipeline_config *cfg, char *err,
                     size_t errlen)
{
    if (c->n_file_sources >= MAX_SOURCES) {
        snprintf(err, errlen, "too many file sources");
        return TT_ERR;
    }
    c->file_from_config[c->n_file_sources] = c->opening_from_config;
    c->file_cfg[c->n_file_sources] = cfg;
    c->file_sources[c->n_file_sources++] = (char *)spec;
    return TT_OK;
}

static int file_active(const struct collector *c)
{
    return c->n_file_sources || c->n_tails || c->conf.follow;
}

static void file_start(struct collector *c)
{
    if (c->conf.follow)
        scan_files(c);
}

static size_t file_read(struct collector *c, int wait_ms)
{
    if (!c->conf.follow)
        next_file(c);
    size_t work = 0;
    for (size_t i = 0; i < c->n_tails; i++)
        work += pump_tail(c, c->tails[i]);
    if (!work && c->conf.follow && wait_ms > 0)
        usleep((useconds_t)wait_ms * 1000);
    return work;
}

static int file_left(const struct collector *c)
{
    if (c->conf.follow)
        return 0;
    if (c->next_file < c->n_file_sources)
        return 1;
    for (size_t i = 0; i < c->n_tails; i++)
        if (c->tails[i]->is_open && c->tails[i]->state != TT_TAIL_FINISHED)
            return 1;
    return 0;
}

static int file_endless(const struct collector *c)
{
    return c->conf.follow;
}

/* Following: truncation checks, then, right after a successful flush (so
 * that every position a new file could share is committed), the scan. */
static void file_check(struct collector *c)
{
    if (!c->conf.follow)
        return;
    check_tails(c);
    if (!c->redis_down && commit_flush(c) == TT_OK)
        scan_files(c);
}

static int file_failed(const struct collector *c)
{
    return c->stat.sources_failed != 0;
}

static void file_close(struct collector *c)
{
    tt_par_free(c->par);
    c->par = NULL;
    for (size_t i = 0; i < c->n_tails; i++)
        free_tail(c->tails[i]);
    free(c->tails);
    c->tails = NULL;
    c->n_tails = c->cap_tails = 0;
    free(c->settling);
    c->settling = NULL;
    c->n_settling = c->cap_settling = 0;
}

const struct tt_source_ops tt_source_file = {
    .name = "file",
    .forms = "FILE (plain, .zst or .gz, by content), - (stdin), GLOB such as '/var/log/mail.log*'",
    .help = "read once, or with --follow tailed across rotation; exactly once per line (stdin: at most once)",
    .live = 0,
    .claims = NULL,
    .open = file_open,
    .active = file_active,
    .start = file_start,
    .read = file_read,
    .left = file_left,
    .endless = file_endless,
    .check = file_check,
    .failed = file_failed,
    .close = file_close,
};
