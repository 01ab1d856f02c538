/* SPDX-License-Identifier: MIT
 *
 * in_tail.h -- one file being read (once, or followed across rotation),
 * identified by its inode while open and by a fingerprint of its first
 * decompressed bytes in Redis (docs/COUNTING.md#files).
 *
 * A tail knows nothing about Redis: the file source (source_file.c) and
 * commit.c ask it for the fingerprints under which a position may be stored
 * (tt_tail_candidates), tell it where to resume (tt_tail_seek), take lines
 * from it (tt_tail_next) and, on each flush, the key under which its
 * position goes (tt_tail_position_key, a struct tt_position of position.h).
 *
 * Positions are stored under F(first min(offset, 4096) bytes): a file that is
 * still shorter than 4096 bytes while followed moves to a longer key as it
 * grows, and on a restart every line boundary within the first 4096 bytes is
 * a candidate key, the longest stored one wins.
 */
#ifndef TT_IN_TAIL_H
#define TT_IN_TAIL_H

#include "collector/framer.h"
#include "collector/input.h"
#include "collector/pipeline.h"
#include "collector/position.h"

#include <sys/types.h>
#include <time.h>

#define TT_TAIL_HEAD 4096
#define TT_TAIL_CANDIDATES 256
/* A resumed file's parser state is rebuilt from up to this many bytes
 * before the stored position (see tt_tail_seek). */
#define TT_TAIL_WARM_BYTES (8u << 20)

enum tt_tail_state {
    TT_TAIL_READING = 0, /* open, lines may be available */
    TT_TAIL_IDLE,        /* following: at the end, waiting for more */
    TT_TAIL_FINISHED,    /* at its real end; kept open until its position is committed */
    TT_TAIL_CLOSED,      /* committed and closed; kept only as an identity (dev, inode) */
    TT_TAIL_STATE_COUNT
};

enum tt_tail_rc {
    TT_TAIL_LINE = 0,  /* *out is a line (kind says LINE, TOO_LONG or TRUNCATED) */
    TT_TAIL_WAIT,      /* following: nothing more for now */
    TT_TAIL_END,       /* the input is finished */
    TT_TAIL_RC_COUNT
};

enum tt_tail_event {
    TT_TAIL_NOTHING = 0, /* no change */
    TT_TAIL_TRUNCATED,   /* copytruncate or rewrite: restarted at 0, possible gap */
    TT_TAIL_ROTATED,     /* the path now names another file (or none): drain and finish */
    TT_TAIL_EVENT_COUNT
};

struct tt_tail {
    char path[1024];                /* path it was opened by (copy) */
    int follow;                     /* keep reading after the end (plain files only) */
    struct tt_input in;             /* decoder over the open descriptor */
    int is_open;                    /* in holds an open descriptor */
    dev_t dev;                      /* identity of the open file ... */
    ino_t ino;                      /* ... device and inode */
    enum tt_tail_state state;       /* see enum */
    struct tt_framer fr;            /* line cutter of this file */
    struct tt_stream st;            /* parser state of this file */
    int st_ok;                      /* st initialised */
    char head[TT_TAIL_HEAD];        /* first decompressed bytes */
    size_t head_len;                /* how many are known */
    uint64_t committed;             /* offset stored in Redis (what a restart resumes from) */
    uint64_t committed_lines;       /* lines stored with it */
    uint64_t base_lines;            /* lines before the position resumed from */
    uint64_t offset;                /* bytes counted into the tally (a line boundary) */
    uint64_t lines;                 /* lines counted into the tally */
    int64_t last_seen_s;            /* newest event time, INT64_MIN none */
    int rotated;                    /* the path no longer names this file */
    int quiet_ticks;                /* rotated: checks at the end without growth */
    uint64_t gap_bytes;             /* truncation: bytes of the old content never read */
    const struct tt_pipeline_config *cfg; /* borrowed, for stream resets */
    int anonymous;                  /* stdin: no position, at most once */
    int resumed;                    /* commit.c: stored position applied, may be read */
    int seen;                       /* source_file.c: found by the latest scan */
    uint64_t serial_until;          /* source_file.c: read on one thread until lines reaches this ... */
    uint64_t serial_run;            /* ... after a run of this many (a parser with memory was wanted) */
    off_t closed_size;              /* at close: size ... */
    time_t closed_mtime;            /* ... and time, to tell a reused inode number */
};

/* Opens path (no reading beyond the first bytes). TT_ERR with a message. */
int tt_tail_open(struct tt_tail *t, const char *path, int follow, const struct tt_pipeline_config *cfg,
                 size_t framer_cap, char *err, size_t errlen);
void tt_tail_close(struct tt_tail *t); /* frees buffers, closes the file; identity kept */
/* Fingerprints under which this content's position may be stored. */
size_t tt_tail_candidates(struct tt_tail *t, char (*out)[TT_FINGERPRINT_HEX], uint64_t *out_len, size_t max);
/* The key for the current offset. */
void tt_tail_position_key(struct tt_tail *t, char out[TT_FINGERPRINT_HEX]);
/* Restarts reading at a stored (offset, lines): resets the decoder from the
 * start of the file, the framer and the parser state, then rebuilds that
 * state from the lines of the TT_TAIL_WARM_BYTES before offset, counting
 * none of them. */
int tt_tail_seek(struct tt_tail *t, uint64_t offset, uint64_t lines, char *err, size_t errlen);
/* Next line; *kind is the framer's code for it. */
enum tt_tail_rc tt_tail_next(struct tt_tail *t, struct tt_slice *out, enum tt_frame_rc *kind);
/* After a line was counted: the tail's counted position advances. */
void tt_tail_counted(struct tt_tail *t);
/* Following, at the end: truncation and rotation checks (one stat, one
 * fstat, one pread of the head). */
enum tt_tail_event tt_tail_check(struct tt_tail *t);
/* 1 when the two tails hold the same content as far as both heads go. */
int tt_tail_same_head(const struct tt_tail *a, const char *head, size_t head_len);
/* Reads the first bytes of a file (decompressed) without a tail. */
size_t tt_tail_peek_head(const char *path, char *out, size_t cap);
/* The fingerprint function (FNV-1a, twice, plus the length). */
void tt_fingerprint(const char *p, size_t n, char out[TT_FINGERPRINT_HEX]);

#endif
