/* SPDX-License-Identifier: MIT
 *
 * in_file.c -- file and stdin sources: plain, zstd (libzstd streaming API)
 * and gzip (zlib inflate, concatenated members), detected by magic bytes.
 *
 * A damaged archive never loses the good data before the damage: everything
 * decoded up to that point is returned, then the error names the file and the
 * compressed offset reached, so a person can find the bad copy.
 */
#include "collector/input.h"
#include "common/mem.h"
#include "common/tt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define IN_CAP (1u << 20)
#define AHEAD_BLOCKS 4
#define AHEAD_BLOCK (1u << 20)

/* The decoding thread's ring (see input.h). Blocks are produced in order
 * into slot produced % AHEAD_BLOCKS and taken in the same order. */
struct tt_ahead {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t can_fill;        /* a slot is free (or stop) */
    pthread_cond_t can_take;        /* a block is ready */
    char *buf[AHEAD_BLOCKS];        /* decoded bytes */
    ssize_t rc[AHEAD_BLOCKS];       /* > 0 bytes in buf, 0 end of input, -1 error */
    uint64_t produced, taken;       /* blocks so far */
    int stop;                       /* the reader closes: finish now */
    int finished;                   /* the reader took the last block and joined */
    ssize_t final_rc;               /* ... which said 0 or -1 */
    size_t pos;                     /* reader: bytes of the current block already returned */
};

static ssize_t decode(struct tt_input *in, char *buf, size_t cap);

/* Decoding threads running in the process: at most AHEAD_MAX, so that many
 * compressed files open at once (a followed glob) do not each hold a thread
 * and its blocks; the others decode in the reader's thread. */
#define AHEAD_MAX 2
static _Atomic int ahead_running;

const char *tt_codec_name(enum tt_codec c)
{
    static const char *const names[TT_CODEC_COUNT] = {"plain", "zstd", "gzip"};
    return (unsigned)c < TT_CODEC_COUNT ? names[c] : "?";
}

static int fill(struct tt_input *in)
{
    if (in->in_pos < in->in_len || in->in_eof)
        return TT_OK;
    in->in_pos = in->in_len = 0;
    for (;;) {
        ssize_t n = read(in->fd, in->in, in->in_cap);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(in->errstr, sizeof(in->errstr), "%s: read error at byte %llu: %s", in->name,
                     (unsigned long long)in->raw_offset, strerror(errno));
            in->err = TT_ERR;
            return TT_ERR;
        }
        if (n == 0)
            in->in_eof = 1;
        in->in_len = (size_t)n;
        in->raw_offset += (uint64_t)n;
        return TT_OK;
    }
}

int tt_input_open(struct tt_input *in, const char *path)
{
    memset(in, 0, sizeof(*in));
    in->fd = -1;
    int fd;
    if (strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
    } else {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            in->name = tt_strdup(path);
            snprintf(in->errstr, sizeof(in->errstr), "%s: cannot open: %s", path, strerror(errno));
            in->err = TT_ERR;
            return TT_ERR;
        }
        struct stat sb;
        if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            in->name = tt_strdup(path);
            in->fd = fd;
            snprintf(in->errstr, sizeof(in->errstr), "%s: is a directory", path);
            in->err = TT_ERR;
            return TT_ERR;
        }
#ifdef POSIX_FADV_SEQUENTIAL
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    return tt_input_open_fd(in, fd, path);
}

int tt_input_open_fd(struct tt_input *in, int fd, const char *path)
{
    memset(in, 0, sizeof(*in));
    in->fd = fd;
    in->name = tt_strdup(path);
    in->in_cap = IN_CAP;
    in->in = tt_malloc(in->in_cap);
    /* Peek enough bytes for the magic numbers (a pipe may give fewer per read). */
    while (in->in_len < 4 && !in->in_eof) {
        ssize_t n = read(in->fd, in->in + in->in_len, in->in_cap - in->in_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(in->errstr, sizeof(in->errstr), "%s: read error: %s", path, strerror(errno));
            in->err = TT_ERR;
            return TT_ERR;
        }
        if (n == 0)
            in->in_eof = 1;
        in->in_len += (size_t)n;
        in->raw_offset += (uint64_t)n;
    }
    const unsigned char *m = in->in;
    if (in->in_len >= 4 && m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) {
        in->codec = TT_CODEC_ZSTD;
        in->zstd = ZSTD_createDStream();
        if (!in->zstd || ZSTD_isError(ZSTD_initDStream(in->zstd))) {
            snprintf(in->errstr, sizeof(in->errstr), "%s: cannot initialise zstd", path);
            in->err = TT_ERR;
            return TT_ERR;
        }
    } else if (in->in_len >= 2 && m[0] == 0x1F && m[1] == 0x8B) {
        in->codec = TT_CODEC_GZIP;
        z_stream *z = tt_calloc(1, sizeof(*z));
        in->gz = z;
        if (inflateInit2(z, 15 + 16) != Z_OK) {
            snprintf(in->errstr, sizeof(in->errstr), "%s: cannot initialise zlib", path);
            in->err = TT_ERR;
            return TT_ERR;
        }
    }
    return TT_OK;
}

static ssize_t read_plain(struct tt_input *in, char *buf, size_t cap)
{
    if (in->in_pos < in->in_len) {
        size_t n = TT_MIN(cap, in->in_len - in->in_pos);
        memcpy(buf, in->in + in->in_pos, n);
        in->in_pos += n;
        return (ssize_t)n;
    }
    if (in->in_eof)
        return 0;
    for (;;) {
        ssize_t n = read(in->fd, buf, cap);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(in->errstr, sizeof(in->errstr), "%s: read error at byte %llu: %s", in->name,
                     (unsigned long long)in->raw_offset, strerror(errno));
            in->err = TT_ERR;
            return -1;
        }
        if (n == 0)
            in->in_eof = 1;
        in->raw_offset += (uint64_t)n;
        return n;
    }
}

/* A decoding error after `produced` bytes of this call: those bytes are
 * returned first (never lose good data), the error on the next call. */
static ssize_t decode_error(struct tt_input *in, const char *what, size_t produced)
{
    snprintf(in->errstr, sizeof(in->errstr),
             "%s: damaged %s data (%s) near compressed byte %llu, after %llu good bytes; the rest of this file is "
             "skipped",
             in->name, tt_codec_name(in->codec), what,
             (unsigned long long)(in->raw_offset - (in->in_len - in->in_pos)),
             (unsigned long long)(in->decoded + produced));
    if (produced > 0) {
        in->err_pending = 1;
        return (ssize_t)produced;
    }
    in->err = TT_ERR;
    return -1;
}

static ssize_t read_zstd(struct tt_input *in, char *buf, size_t cap)
{
    ZSTD_outBuffer out = {buf, cap, 0};
    while (out.pos == 0) {
        if (fill(in) != TT_OK)
            return -1;
        if (in->in_pos >= in->in_len && in->in_eof) {
            if (in->frame_open)
                in->truncated = 1;
            return 0;
        }
        ZSTD_inBuffer inb = {in->in, in->in_len, in->in_pos};
        size_t rc = ZSTD_decompressStream(in->zstd, &out, &inb);
        in->in_pos = inb.pos;
        if (ZSTD_isError(rc))
            return decode_error(in, ZSTD_getErrorName(rc), out.pos);
        in->frame_open = rc != 0;
    }
    return (ssize_t)out.pos;
}

static ssize_t read_gzip(struct tt_input *in, char *buf, size_t cap)
{
    z_stream *z = in->gz;
    uInt want = (uInt)TT_MIN(cap, (size_t)UINT32_MAX);
    z->next_out = (unsigned char *)buf;
    z->avail_out = want;
    while (z->avail_out == want) { /* until something is produced */
        if (fill(in) != TT_OK)
            return -1;
        if (in->in_pos >= in->in_len && in->in_eof) {
            if (in->frame_open)
                in->truncated = 1;
            break;
        }
        z->next_in = in->in + in->in_pos;
        z->avail_in = (uInt)(in->in_len - in->in_pos);
        int rc = inflate(z, Z_NO_FLUSH);
        in->in_pos = in->in_len - z->avail_in;
        if (rc == Z_STREAM_END) {
            in->frame_open = 0;
            /* Concatenated members (gzip a; gzip b; cat) are one stream. */
            if (inflateReset(z) != Z_OK)
                return decode_error(in, "reset failed", want - z->avail_out);
            continue;
        }
        if (rc == Z_BUF_ERROR)
            continue;
        if (rc != Z_OK)
            return decode_error(in, z->msg ? z->msg : "inflate failed", want - z->avail_out);
        in->frame_open = 1;
    }
    return (ssize_t)(want - z->avail_out);
}

static ssize_t decode(struct tt_input *in, char *buf, size_t cap)
{
    if (in->err_pending) {
        in->err_pending = 0;
        in->err = TT_ERR;
    }
    if (in->err)
        return -1;
    ssize_t n;
    switch (in->codec) {
    case TT_CODEC_ZSTD: n = read_zstd(in, buf, cap); break;
    case TT_CODEC_GZIP: n = read_gzip(in, buf, cap); break;
    default: n = read_plain(in, buf, cap); break;
    }
    if (n > 0)
        in->decoded += (uint64_t)n;
    return n;
}

/* The decoding thread: fills free slots until the input ends, fails, or
 * the reader stops it. It alone touches the decoder and the file. */
static void *ahead_main(void *arg)
{
    struct tt_input *in = arg;
    struct tt_ahead *a = in->ahead;
    for (;;) {
        pthread_mutex_lock(&a->mu);
        while (a->produced - a->taken == AHEAD_BLOCKS && !a->stop)
            pthread_cond_wait(&a->can_fill, &a->mu);
        int stop = a->stop;
        unsigned slot = (unsigned)(a->produced % AHEAD_BLOCKS);
        pthread_mutex_unlock(&a->mu);
        if (stop)
            return NULL;
        ssize_t n = decode(in, a->buf[slot], AHEAD_BLOCK);
        pthread_mutex_lock(&a->mu);
        a->rc[slot] = n;
        a->produced++;
        pthread_cond_signal(&a->can_take);
        pthread_mutex_unlock(&a->mu);
        if (n <= 0)
            return NULL;
    }
}

/* Starts the decoding thread for a compressed regular file; 0 when the
 * input is read in the caller's thread instead. */
static int ahead_start(struct tt_input *in)
{
    struct stat sb;
    if (in->codec == TT_CODEC_PLAIN || in->err || fstat(in->fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0; /* a pipe may block forever: close could not stop the thread */
    if (atomic_fetch_add(&ahead_running, 1) >= AHEAD_MAX) {
        atomic_fetch_sub(&ahead_running, 1);
        return 0;
    }
    struct tt_ahead *a = tt_calloc(1, sizeof(*a));
    for (int i = 0; i < AHEAD_BLOCKS; i++)
        a->buf[i] = tt_malloc(AHEAD_BLOCK);
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->can_fill, NULL);
    pthread_cond_init(&a->can_take, NULL);
    in->ahead = a;
    if (pthread_create(&a->thread, NULL, ahead_main, in) != 0) {
        atomic_fetch_sub(&ahead_running, 1);
        in->ahead = NULL; /* no thread: decode here */
        for (int i = 0; i < AHEAD_BLOCKS; i++)
            free(a->buf[i]);
        free(a);
        return 0;
    }
    return 1;
}

static void ahead_stop(struct tt_input *in)
{
    struct tt_ahead *a = in->ahead;
    if (!a)
        return;
    if (!a->finished) {
        pthread_mutex_lock(&a->mu);
        a->stop = 1;
        pthread_cond_signal(&a->can_fill);
        pthread_mutex_unlock(&a->mu);
        pthread_join(a->thread, NULL);
        atomic_fetch_sub(&ahead_running, 1);
    }
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->can_fill);
    pthread_cond_destroy(&a->can_take);
    for (int i = 0; i < AHEAD_BLOCKS; i++)
        free(a->buf[i]);
    free(a);
    in->ahead = NULL;
}

static ssize_t ahead_read(struct tt_input *in, char *buf, size_t cap)
{
    struct tt_ahead *a = in->ahead;
    if (a->finished)
        return a->final_rc;
    pthread_mutex_lock(&a->mu);
    while (a->produced == a->taken)
        pthread_cond_wait(&a->can_take, &a->mu);
    unsigned slot = (unsigned)(a->taken % AHEAD_BLOCKS);
    pthread_mutex_unlock(&a->mu);
    ssize_t rc = a->rc[slot];
    if (rc <= 0) { /* the thread has ended: its fields are ours again */
        pthread_join(a->thread, NULL);
        atomic_fetch_sub(&ahead_running, 1);
        for (int i = 0; i < AHEAD_BLOCKS; i++) { /* until close, holding nothing */
            free(a->buf[i]);
            a->buf[i] = NULL;
        }
        a->finished = 1;
        a->final_rc = rc;
        return rc;
    }
    size_t n = TT_MIN(cap, (size_t)rc - a->pos);
    memcpy(buf, a->buf[slot] + a->pos, n);
    a->pos += n;
    if (a->pos == (size_t)rc) {
        a->pos = 0;
        pthread_mutex_lock(&a->mu);
        a->taken++;
        pthread_cond_signal(&a->can_fill);
        pthread_mutex_unlock(&a->mu);
    }
    return (ssize_t)n;
}

ssize_t tt_input_read(struct tt_input *in, char *buf, size_t cap)
{
    if (!in->ahead && in->codec != TT_CODEC_PLAIN && in->out_offset == 0 && in->decoded == 0)
        ahead_start(in);
    ssize_t n = in->ahead ? ahead_read(in, buf, cap) : decode(in, buf, cap);
    if (n > 0)
        in->out_offset += (uint64_t)n;
    return n;
}

int tt_input_skip(struct tt_input *in, uint64_t n)
{
    if (in->codec == TT_CODEC_PLAIN && in->fd != STDIN_FILENO) {
        uint64_t buffered = in->in_len - in->in_pos;
        if (n <= buffered) {
            in->in_pos += (size_t)n;
            in->out_offset += n;
            return TT_OK;
        }
        off_t target = (off_t)(in->raw_offset + (n - buffered));
        if (lseek(in->fd, target, SEEK_SET) == target) {
            in->in_pos = in->in_len = 0;
            in->raw_offset = (uint64_t)target;
            in->out_offset += n;
            return TT_OK;
        }
    }
    char *scratch = tt_malloc(1u << 16);
    while (n > 0) {
        ssize_t got = tt_input_read(in, scratch, (size_t)TT_MIN(n, (uint64_t)(1u << 16)));
        if (got <= 0) {
            free(scratch);
            return TT_ERR;
        }
        n -= (uint64_t)got;
    }
    free(scratch);
    return TT_OK;
}

void tt_input_close(struct tt_input *in)
{
    if (!in)
        return;
    ahead_stop(in);
    if (in->fd > STDIN_FILENO)
        close(in->fd);
    in->fd = -1;
    if (in->zstd)
        ZSTD_freeDStream(in->zstd);
    if (in->gz) {
        inflateEnd(in->gz);
        free(in->gz);
    }
    free(in->in);
    free(in->name);
    memset(in, 0, sizeof(*in));
    in->fd = -1;
}
