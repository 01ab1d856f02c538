/* SPDX-License-Identifier: MIT
 *
 * parallel.h -- both cores on one stream: the reading thread cuts lines into
 * batches, helper threads classify them (tt_pipeline_pre: envelope, parser,
 * verdict; everything that does not depend on the lines before), and the
 * reading thread takes the batches back in the order they were cut to time
 * and count them (tt_pipeline_post). So the counts, the clock's year and DST
 * inference and the file positions are exactly those of one thread: a
 * position only ever covers lines that were counted, in order.
 *
 * A line that wants a parser with memory (Postfix, ASA...) stops its batch
 * there: that line and the rest of the batch go through tt_pipeline_line on
 * the file's own stream, in order (tt_par_batch.stopped, n_pre). No lock is
 * taken per line: one per batch handed over and one per batch taken back.
 */
#ifndef TT_PARALLEL_H
#define TT_PARALLEL_H

#include "collector/framer.h"
#include "collector/pipeline.h"

#include <stddef.h>
#include <stdint.h>

struct tt_par_line {
    uint32_t off;  /* in the batch's bytes */
    uint32_t len;
    uint8_t kind;  /* enum tt_frame_rc: LINE, TOO_LONG or TRUNCATED */
};

struct tt_par_batch {
    char *bytes;               /* the lines' copies, one after the other */
    size_t used, cap;
    struct tt_par_line *lines; /* n lines cut (at most max) ... */
    size_t n, max;
    struct tt_line_pre *pre;   /* ... of which the first n_pre were classified */
    size_t n_pre;
    int stopped;               /* line n_pre wants a parser with memory */
    uint64_t end_consumed;     /* the framer's counted bytes ... */
    uint64_t end_lines;        /* ... and lines after the batch's last line */
    int state;                 /* parallel.c */
};

struct tt_par;

/* threads >= 2 (the reading thread is one of them), batch_lines >= 1.
 * NULL when the helper threads cannot be started (the caller reads alone). */
struct tt_par *tt_par_new(int threads, size_t batch_lines);
void tt_par_free(struct tt_par *p);
/* Before a file's batches: the settings its lines are classified with.
 * Nothing may be in flight. */
void tt_par_begin(struct tt_par *p, const struct tt_pipeline_config *cfg);
/* A free batch to fill (emptied), NULL when all are in flight. */
struct tt_par_batch *tt_par_slot(struct tt_par *p);
/* 1 when b takes no more lines; else tt_par_add copies one into it. */
int tt_par_full(const struct tt_par_batch *b);
void tt_par_add(struct tt_par_batch *b, const char *line, size_t len, enum tt_frame_rc kind);
/* Hands a filled batch to the helpers (an empty one is released). */
void tt_par_queue(struct tt_par *p, struct tt_par_batch *b);
/* The reading thread classifies the oldest queued batch itself: 1 when it
 * did, 0 when none was waiting. */
int tt_par_help(struct tt_par *p);
/* The oldest batch handed over, once classified (wait: until it is); NULL
 * when none is in flight, or (not waiting) when it is not classified yet. */
struct tt_par_batch *tt_par_oldest(struct tt_par *p, int wait);
/* The oldest batch was counted: its slot is free again. */
void tt_par_done(struct tt_par *p, struct tt_par_batch *b);
/* Batches handed over and not yet given back by tt_par_done. */
size_t tt_par_in_flight(const struct tt_par *p);

#endif
