/* SPDX-License-Identifier: MIT
 *
 * input.h -- a byte stream from a file or stdin, decompressed when its first
 * bytes are a zstd or gzip magic number (content decides, not the name).
 * Reads in large blocks; the framer cuts lines out of what it returns.
 */
#ifndef TT_INPUT_H
#define TT_INPUT_H

#include <stdint.h>
#include <sys/types.h>

enum tt_codec {
    TT_CODEC_PLAIN = 0,
    TT_CODEC_ZSTD,
    TT_CODEC_GZIP,
    TT_CODEC_COUNT
};

struct tt_input {
    int fd;                  /* open descriptor, -1 when closed */
    char *name;              /* copy of the path, "-" for stdin */
    enum tt_codec codec;     /* detected from the magic number */
    void *zstd;              /* ZSTD_DStream *, when zstd */
    void *gz;                /* z_stream *, when gzip */
    unsigned char *in;       /* compressed (or peeked) input buffer */
    size_t in_cap;           /* its size */
    size_t in_pos;           /* next unread byte */
    size_t in_len;           /* bytes held */
    int in_eof;              /* read() returned 0 */
    int frame_open;          /* compressed: inside an unfinished frame/member */
    uint64_t raw_offset;     /* bytes read from fd */
    uint64_t out_offset;     /* bytes returned to the caller */
    int truncated;           /* compressed input ended inside a frame */
    int err;                 /* TT_ERR after a read or decode error */
    int err_pending;         /* errstr is set; err follows once the bytes decoded before it are returned */
    char errstr[256];        /* the message for a person */
    uint64_t decoded;        /* bytes the decoder produced (out_offset plus what is decoded ahead) */
    struct tt_ahead *ahead;  /* compressed regular file: decoding thread, NULL until the first read */
};

/* A compressed regular file is decoded by a thread of its own (two at most
 * in the process), a few 1 MiB blocks ahead of the reader, so
 * decompression and parsing use two cores;
 * the reader takes whole blocks (one lock per block, none per line). While
 * that thread runs, only out_offset is the reader's: err, errstr,
 * truncated and raw_offset are the decoder's until tt_input_read has
 * returned 0 or -1 (it then has stopped). tt_input_close stops it. */

/* Opens path ("-" = stdin) and detects its codec. TT_ERR with errstr set. */
int tt_input_open(struct tt_input *in, const char *path);
/* Reads up to cap decompressed bytes. Returns bytes (>0), 0 at the end, or
 * -1 on error (errstr says what and where). After 0, in->truncated tells a
 * damaged compressed input that simply stopped. */
/* Same over an open descriptor (owned from now on, closed by
 * tt_input_close), read from its current offset; path names it in messages. */
int tt_input_open_fd(struct tt_input *in, int fd, const char *path);
ssize_t tt_input_read(struct tt_input *in, char *buf, size_t cap);
/* Skips n decompressed bytes (lseek for plain regular files). */
int tt_input_skip(struct tt_input *in, uint64_t n);
void tt_input_close(struct tt_input *in);
const char *tt_codec_name(enum tt_codec c);

#endif
