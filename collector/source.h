/* SPDX-License-Identifier: MIT
 *
 * source.h -- what a kind of log source is to the main loop: a const
 * struct tt_source_ops (Fluent Bit's input plugins, masscan's flat loop).
 * The kinds are listed once, in sources.c; main.c only walks that list.
 *
 *   file     FILE (plain, .zst, .gz: content decides), - (stdin), and with
 *            --follow GLOB: files read once, or followed across rotation
 *            (source_file.c over in_tail.c)
 *   syslog   udp://HOST:PORT, tcp://HOST:PORT, unix:/PATH (in_net.c)
 *   capture  pcap:FILE, iface:NAME (in_pcap.c)
 *
 * A kind's state lives in struct collector (collector.h): the ops are
 * functions over it, so kinds that share one mechanism (the sockets and
 * captures of in_net.c are one epoll set) share their functions, and the
 * loop calls each distinct function once per turn (see sources.c).
 */
#ifndef TT_SOURCE_H
#define TT_SOURCE_H

#include "collector/pipeline.h"

#include <stddef.h>
#include <stdio.h>

struct collector;

struct tt_source_ops {
    const char *name;  /* the kind, as --help and --check-config name it */
    const char *forms; /* the words it takes, as --help shows them */
    const char *help;  /* one line */
    int live;          /* 1: cannot be re-read, counts on in memory while Redis is down */
    /* 1 when spec is a word of this kind; NULL: takes every word that no
     * other kind claims (files). */
    int (*claims)(const char *spec);
    /* Takes one source at start, before privileges are dropped (sockets
     * are bound, captures opened here). cfg is borrowed for the run. TT_ERR
     * with a one-line message. */
    int (*open)(struct collector *c, const char *spec, const struct tt_pipeline_config *cfg, char *err,
                size_t errlen);
    /* 1 when it has something to read or watch. */
    int (*active)(const struct collector *c);
    /* After the last open, before the first turn. */
    void (*start)(struct collector *c);
    /* One turn: handles what is there; with nothing to do it may wait up to
     * wait_ms for input. Returns lines (or messages) handled. */
    size_t (*read)(struct collector *c, int wait_ms);
    /* Reading once: 1 while input is still to come. */
    int (*left)(const struct collector *c);
    /* 1 when its sources never end by themselves (the run is a daemon). */
    int (*endless)(const struct collector *c);
    /* Following, every --scan-interval: rotation, truncation, new files. */
    void (*check)(struct collector *c);
    /* 1 when one of its sources could not be read (the exit status is 1). */
    int (*failed)(const struct collector *c);
    void (*close)(struct collector *c); /* frees everything; safe when never opened */
};

/* sources.c: the list, and the loop's walks over it. */
const struct tt_source_ops *tt_source_find(const char *spec); /* never NULL (files take any word) */
size_t tt_source_count(void);
const struct tt_source_ops *tt_source(size_t i);
/* Opens spec with the kind that claims it. */
int tt_sources_open(struct collector *c, const char *spec, const struct tt_pipeline_config *cfg, char *err,
                    size_t errlen);
void tt_sources_start(struct collector *c);
/* One turn over every kind: the last active one may wait idle_ms when no
 * other had work. *out_left: reading once, input is still to come. */
size_t tt_sources_read(struct collector *c, int idle_ms, int *out_left);
int tt_sources_endless(const struct collector *c);
void tt_sources_check(struct collector *c);
int tt_sources_failed(const struct collector *c);
void tt_sources_close(struct collector *c);
/* --help: one line per kind. */
void tt_sources_help(FILE *f);

#endif
