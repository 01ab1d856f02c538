/* SPDX-License-Identifier: MIT
 *
 * in_tail.c -- file sources read once or followed (see in_tail.h).
 *
 * Rotation by rename: the open descriptor keeps the old inode readable, so
 * the tail reads it to its end, waits until it has been quiet for two checks
 * (a writer may still append to the renamed file until it reopens), and only
 * then finishes; source_file.c opens the new file found under the path. A rotated
 * copy that is later compressed (.gz/.zst) has the same decompressed first
 * bytes, hence the same fingerprint, and resumes at the stored position: it
 * is never counted again.
 *
 * copytruncate: the file shrinks below what was read, or its first bytes
 * change. Whatever was appended between the last read and the truncation is
 * only in the copy: reported as a possible gap (and, when the copy is also a
 * source, read from there exactly once, as its fingerprint is the old one).
 */
#include "collector/in_tail.h"
#include "common/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void tt_fingerprint(const char *p, size_t n, char out[TT_FINGERPRINT_HEX])
{
    uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
    for (size_t i = 0; i < n; i++) {
        h1 = (h1 ^ (unsigned char)p[i]) * 0x100000001b3ULL;
        h2 = (h2 ^ (unsigned char)p[i]) * 0x100000001b3ULL + (h2 >> 29);
    }
    snprintf(out, TT_FINGERPRINT_HEX, "%016llx%016llx-%zu", (unsigned long long)h1, (unsigned long long)h2, n);
}

/* Reads into the framer until it holds the head or the input ends; copies
 * the head. */
static void prefill_head(struct tt_tail *t)
{
    struct tt_framer *f = &t->fr;
    while (f->end < TT_TAIL_HEAD) {
        size_t space;
        char *p = tt_framer_space(f, &space);
        ssize_t got = tt_input_read(&t->in, p, space);
        if (got <= 0)
            break;
        tt_framer_commit(f, (size_t)got);
    }
    t->head_len = TT_MIN(f->end, (size_t)TT_TAIL_HEAD);
    memcpy(t->head, f->buf, t->head_len);
}

static void framer_reset(struct tt_framer *f)
{
    f->start = f->end = f->scan = 0;
    f->finished = f->truncated = f->discarding = 0;
    f->dropped = f->consumed = f->lines = 0;
}

int tt_tail_open(struct tt_tail *t, const char *path, int follow, const struct tt_pipeline_config *cfg,
                 size_t framer_cap, char *err, size_t errlen)
{
    memset(t, 0, sizeof(*t));
    snprintf(t->path, sizeof(t->path), "%s", path);
    t->cfg = cfg;
    t->last_seen_s = INT64_MIN;
    t->in.fd = -1;
    t->anonymous = strcmp(path, "-") == 0;
    int fd = t->anonymous ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return TT_ERR;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "%s: is a directory", path);
        close(fd);
        return TT_ERR;
    }
    if (!t->anonymous)
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    t->dev = sb.st_dev;
    t->ino = sb.st_ino;
    if (tt_input_open_fd(&t->in, fd, path) != TT_OK) {
        snprintf(err, errlen, "%s", t->in.errstr);
        tt_input_close(&t->in);
        return TT_ERR;
    }
    t->is_open = 1;
    /* Only plain regular files grow; compressed files and pipes are read once. */
    t->follow = follow && t->in.codec == TT_CODEC_PLAIN && S_ISREG(sb.st_mode);
    tt_framer_init(&t->fr, framer_cap);
    if (tt_stream_init(&t->st, cfg) != TT_OK) {
        snprintf(err, errlen, "%s: cannot allocate parser state", path);
        tt_tail_close(t);
        return TT_ERR;
    }
    t->st_ok = 1;
    prefill_head(t);
    t->state = TT_TAIL_READING;
    return TT_OK;
}

void tt_tail_close(struct tt_tail *t)
{
    if (!t || !t->is_open)
        return;
    struct stat sb;
    if (t->in.fd >= 0 && fstat(t->in.fd, &sb) == 0) {
        t->closed_size = sb.st_size;
        t->closed_mtime = sb.st_mtime;
    }
    tt_input_close(&t->in);
    tt_framer_fini(&t->fr);
    if (t->st_ok)
        tt_stream_fini(&t->st);
    t->st_ok = 0;
    t->is_open = 0;
    t->state = TT_TAIL_CLOSED;
}

/* A plain file still shorter than the head when opened: its head grows. */
static void refresh_head(struct tt_tail *t, size_t want)
{
    if (t->head_len >= want || t->in.codec != TT_CODEC_PLAIN || !t->is_open)
        return;
    ssize_t n = pread(t->in.fd, t->head, TT_TAIL_HEAD, 0);
    if (n > 0 && (size_t)n > t->head_len)
        t->head_len = (size_t)n;
}

size_t tt_tail_candidates(struct tt_tail *t, char (*out)[TT_FINGERPRINT_HEX], uint64_t *out_len, size_t max)
{
    size_t n = 0;
    if (t->head_len == TT_TAIL_HEAD && n < max) {
        tt_fingerprint(t->head, TT_TAIL_HEAD, out[n]);
        out_len[n++] = TT_TAIL_HEAD;
    }
    /* Line boundaries, longest first (only the last max-1 are kept). */
    size_t lim = TT_MIN(t->head_len, (size_t)TT_TAIL_HEAD - 1);
    for (size_t k = lim; k > 0 && n < max; k--) {
        if (t->head[k - 1] != '\n')
            continue;
        tt_fingerprint(t->head, k, out[n]);
        out_len[n++] = k;
    }
    /* A short file without a final newline, read to its end once. */
    if (t->head_len > 0 && t->head_len < TT_TAIL_HEAD && t->head[t->head_len - 1] != '\n' && n < max) {
        tt_fingerprint(t->head, t->head_len, out[n]);
        out_len[n++] = t->head_len;
    }
    return n;
}

void tt_tail_position_key(struct tt_tail *t, char out[TT_FINGERPRINT_HEX])
{
    size_t want = (size_t)TT_MIN(t->offset, (uint64_t)TT_TAIL_HEAD);
    refresh_head(t, want);
    tt_fingerprint(t->head, TT_MIN(want, t->head_len), out);
}

/* Reads the next block of the input into the framer; tt_input_read's result. */
static ssize_t fill(struct tt_tail *t)
{
    size_t space;
    char *p = tt_framer_space(&t->fr, &space);
    ssize_t got = tt_input_read(&t->in, p, space);
    if (got > 0)
        tt_framer_commit(&t->fr, (size_t)got);
    return got;
}

/* Parser state is not stored with a position: a restarted collector would
 * not know, say, that a Postfix queue id was already counted as delivered.
 * So the lines of [from, until) -- already counted -- go through the parsers
 * once more, counting nothing, to rebuild that state. The first piece is
 * skipped when from is not the start (it is most likely the end of a line).
 * TT_ERR when the input ends before until (every byte read is dropped). */
static int warm_up(struct tt_tail *t, uint64_t from, uint64_t until)
{
    struct tt_framer *f = &t->fr;
    int skip = from > 0;
    int64_t arrival = (int64_t)time(NULL);
    while (f->consumed < until) {
        struct tt_slice line;
        enum tt_frame_rc fr = tt_framer_next(f, &line);
        if (fr == TT_FRAME_NEED_MORE) {
            if (fill(t) > 0)
                continue;
            f->consumed += f->end - f->start; /* shorter than the position: drop the rest */
            f->start = f->scan = f->end;
            return TT_ERR;
        }
        if (fr == TT_FRAME_END)
            return TT_ERR;
        if (skip) {
            skip = 0;
            continue;
        }
        if (fr == TT_FRAME_LINE && t->st_ok) {
            struct tt_line_result res;
            tt_pipeline_line(t->cfg, &t->st, line.p, line.len, arrival, &res);
        }
    }
    return TT_OK;
}

int tt_tail_seek(struct tt_tail *t, uint64_t offset, uint64_t lines, char *err, size_t errlen)
{
    err[0] = '\0';
    if (!t->is_open)
        return TT_ERR;
    /* Anything but a fresh open at 0: restart the decoder from the start. */
    if (t->in.out_offset != t->fr.end || t->fr.consumed != 0 || t->fr.start != 0) {
        int fd = dup(t->in.fd);
        if (fd < 0) {
            snprintf(err, errlen, "%s: cannot rewind: %s", t->path, strerror(errno));
            return TT_ERR;
        }
        tt_input_close(&t->in); /* first: it stops a decoding thread reading the shared offset */
        if (lseek(fd, 0, SEEK_SET) != 0) {
            snprintf(err, errlen, "%s: cannot rewind: %s", t->path, strerror(errno));
            close(fd);
            return TT_ERR;
        }
        if (tt_input_open_fd(&t->in, fd, t->path) != TT_OK) {
            snprintf(err, errlen, "%s", t->in.errstr);
            return TT_ERR;
        }
        framer_reset(&t->fr);
        prefill_head(t);
    }
    if (t->st_ok)
        tt_stream_fini(&t->st);
    t->st_ok = tt_stream_init(&t->st, t->cfg) == TT_OK;
    struct tt_framer *f = &t->fr;
    uint64_t from = offset > TT_TAIL_WARM_BYTES ? offset - TT_TAIL_WARM_BYTES : 0;
    if (from > 0) {
        if (from <= f->end) {
            f->start = f->scan = (size_t)from;
        } else {
            uint64_t rest = from - f->end;
            f->start = f->end = f->scan = 0;
            if (tt_input_skip(&t->in, rest) != TT_OK) {
                snprintf(err, errlen, "%s: stored position %llu is beyond its end; not re-reading it", t->path,
                         (unsigned long long)offset);
                offset = from = t->in.out_offset;
                t->in.err = 0;
            }
        }
    }
    f->consumed = from;
    if (from < offset && warm_up(t, from, offset) != TT_OK) {
        snprintf(err, errlen, "%s: stored position %llu is beyond its end; not re-reading it", t->path,
                 (unsigned long long)offset);
        offset = f->consumed;
        t->in.err = 0;
    }
    f->lines = 0;
    t->base_lines = lines;
    t->offset = t->committed = offset;
    t->lines = t->committed_lines = lines;
    t->state = TT_TAIL_READING;
    return TT_OK;
}

enum tt_tail_rc tt_tail_next(struct tt_tail *t, struct tt_slice *out, enum tt_frame_rc *kind)
{
    struct tt_framer *f = &t->fr;
    if (!t->is_open || t->state == TT_TAIL_FINISHED || t->state == TT_TAIL_CLOSED)
        return TT_TAIL_END;
    for (;;) {
        enum tt_frame_rc fr = tt_framer_next(f, out);
        if (fr == TT_FRAME_END) {
            t->state = TT_TAIL_FINISHED;
            return TT_TAIL_END;
        }
        if (fr != TT_FRAME_NEED_MORE) {
            *kind = fr;
            t->state = TT_TAIL_READING;
            return TT_TAIL_LINE;
        }
        ssize_t got = fill(t);
        if (got > 0)
            continue;
        if (got == 0 && t->follow && !t->in.err && !t->in.truncated) {
            t->in.in_eof = 0; /* a growing file: try again later */
            t->state = TT_TAIL_IDLE;
            return TT_TAIL_WAIT;
        }
        tt_framer_finish(f, got < 0 || t->in.truncated);
    }
}

void tt_tail_counted(struct tt_tail *t)
{
    t->offset = t->fr.consumed;
    t->lines = t->base_lines + t->fr.lines;
}

enum tt_tail_event tt_tail_check(struct tt_tail *t)
{
    if (!t->is_open || !t->follow)
        return TT_TAIL_NOTHING;
    struct stat fsb, psb;
    if (fstat(t->in.fd, &fsb) == 0) {
        int truncated = (uint64_t)fsb.st_size < t->in.raw_offset;
        if (!truncated && t->head_len > 0) {
            char buf[TT_TAIL_HEAD];
            ssize_t n = pread(t->in.fd, buf, t->head_len, 0);
            truncated = n < (ssize_t)t->head_len || memcmp(buf, t->head, t->head_len) != 0;
        }
        if (truncated) {
            t->gap_bytes = t->in.raw_offset > t->offset ? t->in.raw_offset - t->offset : 0;
            return TT_TAIL_TRUNCATED;
        }
        if ((uint64_t)fsb.st_size > t->in.raw_offset) {
            t->quiet_ticks = 0;
            t->state = TT_TAIL_READING;
        }
    }
    int moved = stat(t->path, &psb) != 0 || psb.st_dev != t->dev || psb.st_ino != t->ino;
    if (!moved) {
        t->rotated = 0;
        t->quiet_ticks = 0;
        return TT_TAIL_NOTHING;
    }
    t->rotated = 1;
    if (t->state == TT_TAIL_IDLE && ++t->quiet_ticks >= 2) {
        /* Drained and quiet: finish (the partial last line, if any, counts). */
        t->follow = 0;
        t->state = TT_TAIL_READING;
        return TT_TAIL_ROTATED;
    }
    return TT_TAIL_NOTHING;
}

int tt_tail_same_head(const struct tt_tail *a, const char *head, size_t head_len)
{
    size_t n = TT_MIN(a->head_len, head_len);
    return n > 0 && memcmp(a->head, head, n) == 0;
}

size_t tt_tail_peek_head(const char *path, char *out, size_t cap)
{
    struct tt_input in;
    size_t n = 0;
    if (tt_input_open(&in, path) == TT_OK) {
        while (n < cap) {
            ssize_t got = tt_input_read(&in, out + n, cap - n);
            if (got <= 0)
                break;
            n += (size_t)got;
        }
    }
    tt_input_close(&in);
    return n;
}
