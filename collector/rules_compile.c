/* SPDX-License-Identifier: MIT
 *
 * rules_compile.c -- see rules_compile.h. The child compiles, serializes the
 * database (hs_serialize_database) and writes it to a pipe; the parent
 * reads it back (hs_deserialize_database). A child still compiling at the
 * limit is killed by its own alarm(); the parent sees end of file, reaps it
 * and reports the time-out. Nothing of the parent is touched by the child,
 * which leaves with _exit() (no atexit handlers, no stdio flush of copied
 * buffers).
 */
#include "collector/rules_compile.h"
#include "common/mem.h"
#include "common/tt.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Vectorscan's compile time grows with counted repeats, fast for fixed
 * ones (x{500}) and much faster than linearly for ranges nested in repeats
 * ((.{0,100}x){50} takes over a second). This estimates the size of the
 * expanded pattern -- an atom counts 1, a repeat {n,m} multiplies what it
 * applies to by n + 4(m-n) -- so that a pattern far beyond what a log rule
 * needs is refused at once rather than compiled for minutes. Returns the
 * offset of the repeat that crossed the limit, or -1. */
#define RULES_WEIGHT_MAX 5000.0
#define RULES_NEST_MAX 64

static long repeat_weight(const char *p, size_t len, size_t *i, double *out_mult)
{
    /* at p[*i] == '{': "{n}", "{n,}", "{n,m}"; anything else is a literal */
    size_t j = *i + 1;
    double n = 0, m;
    int digits = 0;
    while (j < len && p[j] >= '0' && p[j] <= '9' && digits < 9)
        n = n * 10 + (p[j++] - '0'), digits++;
    if (!digits)
        return 0;
    m = n;
    if (j < len && p[j] == ',') {
        j++;
        int md = 0;
        double mm = 0;
        while (j < len && p[j] >= '0' && p[j] <= '9' && md < 9)
            mm = mm * 10 + (p[j++] - '0'), md++;
        m = md ? mm : n + 1;
    }
    if (j >= len || p[j] != '}')
        return 0;
    *out_mult = n + 4.0 * (m > n ? m - n : 0);
    if (*out_mult < 1)
        *out_mult = 1;
    *i = j;
    return 1;
}

long tt_rules_pattern_too_heavy(const char *p, size_t len)
{
    double seq[RULES_NEST_MAX + 1] = {0}; /* weight of the sequence open at each depth */
    int depth = 0;
    double last = 0; /* weight of the last atom, for a following repeat */
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        double mult;
        if (c == '\\') {
            i++;
            last = 1;
            seq[depth] += 1;
        } else if (c == '[') {
            size_t j = i + 1;
            if (j < len && p[j] == '^')
                j++;
            if (j < len && p[j] == ']')
                j++;
            while (j < len && p[j] != ']')
                j += p[j] == '\\' ? 2 : 1;
            i = j;
            last = 1;
            seq[depth] += 1;
        } else if (c == '(') {
            if (depth >= RULES_NEST_MAX)
                return (long)i;
            seq[++depth] = 0;
            last = 0;
        } else if (c == ')' && depth > 0) {
            last = seq[depth--];
            seq[depth] += last;
        } else if (c == '{' && repeat_weight(p, len, &i, &mult)) {
            seq[depth] += last * (mult - 1);
            last *= mult;
        } else {
            last = 1;
            seq[depth] += 1;
        }
        if (seq[depth] > RULES_WEIGHT_MAX || last > RULES_WEIGHT_MAX)
            return (long)i;
    }
    return -1;
}

/* What the child sends before the database or the message. */
struct compile_reply {
    int32_t ok;       /* 1: a serialized database follows; 0: a message */
    int32_t expr;     /* pattern at fault, -1 none */
    uint64_t len;     /* bytes that follow */
};

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return TT_ERR;
        c += w;
        n -= (size_t)w;
    }
    return TT_OK;
}

static void child(int fd, const char *const *pats, const unsigned *ids, unsigned n, unsigned limit_s)
{
    /* The parent's handlers (libFuzzer's own SIGALRM, the collector's
     * SIGTERM/SIGHUP flags) must not keep the child alive past the limit. */
    signal(SIGALRM, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    alarm(limit_s);
    unsigned *flags = malloc(n * sizeof(*flags));
    if (!flags)
        _exit(1);
    for (unsigned i = 0; i < n; i++)
        flags[i] = HS_FLAG_SINGLEMATCH;
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    struct compile_reply rep = {0, -1, 0};
    char *bytes = NULL;
    size_t len = 0;
    if (hs_compile_multi(pats, flags, ids, n, HS_MODE_BLOCK, NULL, &db, &ce) == HS_SUCCESS) {
        if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
            _exit(1);
        rep.ok = 1;
    } else {
        rep.expr = ce ? ce->expression : -1;
        bytes = (char *)(ce && ce->message ? ce->message : "unknown error");
        len = strlen(bytes);
    }
    rep.len = len;
    if (write_all(fd, &rep, sizeof(rep)) != TT_OK || write_all(fd, bytes, len) != TT_OK)
        _exit(1);
    _exit(0);
}

int tt_rules_hs_compile(const char *const *pats, const unsigned *ids, unsigned n, unsigned limit_s,
                        hs_database_t **out, int *out_expr, char *msg, size_t msglen)
{
    *out = NULL;
    *out_expr = -1;
    int fd[2];
    if (pipe(fd) != 0) {
        snprintf(msg, msglen, "cannot compile: pipe: %s", strerror(errno));
        return TT_ERR;
    }
    fflush(NULL); /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(msg, msglen, "cannot compile: fork: %s", strerror(errno));
        close(fd[0]);
        close(fd[1]);
        return TT_ERR;
    }
    if (pid == 0) {
        close(fd[0]);
        child(fd[1], pats, ids, n, limit_s);
    }
    close(fd[1]);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = tt_realloc(buf, cap);
        }
        ssize_t got = read(fd[0], buf + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    struct compile_reply rep;
    int rc = TT_ERR;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
        snprintf(msg, msglen, "Vectorscan did not finish compiling within %u s (a counted repeat too large?)",
                 limit_s);
    } else if (len < sizeof(rep)) {
        snprintf(msg, msglen, "Vectorscan compile failed (status %d)", status);
    } else {
        memcpy(&rep, buf, sizeof(rep));
        const char *body = buf + sizeof(rep);
        size_t blen = len - sizeof(rep);
        if (rep.len != blen) {
            snprintf(msg, msglen, "Vectorscan compile reply cut short");
        } else if (rep.ok) {
            if (hs_deserialize_database(body, blen, out) == HS_SUCCESS)
                rc = TT_OK;
            else
                snprintf(msg, msglen, "cannot load the compiled Vectorscan database");
        } else {
            snprintf(msg, msglen, "%.*s", (int)TT_MIN(blen, (size_t)400), body);
            *out_expr = rep.expr;
        }
    }
    free(buf);
    return rc;
}
