/* SPDX-License-Identifier: MIT
 *
 * lease.c -- collector identity: lease tokens and the default instance name
 * (see lease.h). The machine is told apart by its boot id and pid namespace,
 * not only by its host name: two containers may share a host name, and a pid
 * means something only inside its namespace.
 */
#include "collector/lease.h"
#include "common/mem.h"
#include "common/tt.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Reads the first line of a small file into out ("-" when unreadable). */
static void first_line(const char *path, char *out, size_t outlen)
{
    snprintf(out, outlen, "-");
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(out, (int)outlen, f))
        out[strcspn(out, "\r\n")] = '\0';
    fclose(f);
    if (!out[0])
        snprintf(out, outlen, "-");
}

/* Host name with only the characters a token field and an instance name
 * allow. */
static void host_name(char *out, size_t outlen)
{
    char host[256] = "";
    if (gethostname(host, sizeof(host)) != 0)
        host[0] = '\0';
    host[sizeof(host) - 1] = '\0';
    size_t w = 0;
    for (const char *p = host; *p && w + 1 < outlen; p++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                 ch == '_' || ch == '-';
        out[w++] = ok ? ch : '_';
    }
    out[w] = '\0';
    if (!w)
        snprintf(out, outlen, "host");
}

static void machine_ids(char *boot, size_t bootlen, char *pidns, size_t pidnslen)
{
    first_line("/proc/sys/kernel/random/boot_id", boot, bootlen);
    struct stat sb;
    if (stat("/proc/self/ns/pid", &sb) == 0)
        snprintf(pidns, pidnslen, "%llu", (unsigned long long)sb.st_ino);
    else
        snprintf(pidns, pidnslen, "-");
}

void tt_lease_token(const char *run_id, char *out, size_t outlen)
{
    char host[TT_INSTANCE_MAX + 1], boot[64], pidns[32];
    host_name(host, sizeof(host));
    machine_ids(boot, sizeof(boot), pidns, sizeof(pidns));
    snprintf(out, outlen, "host=%s boot=%s pidns=%s pid=%ld run=%s since=%lld", host, boot, pidns, (long)getpid(),
             run_id, (long long)time(NULL));
}

void tt_lease_field(const char *token, const char *name, char *out, size_t outlen)
{
    size_t nl = strlen(name);
    snprintf(out, outlen, "?");
    for (const char *p = token; p && *p;) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            snprintf(out, outlen, "%.*s", (int)(len - nl - 1), p + nl + 1);
            return;
        }
        p = end;
    }
}

enum tt_lease_holder tt_lease_holder(const char *token)
{
    char boot[64], pidns[32], tboot[64], tpidns[32], tpid[32];
    machine_ids(boot, sizeof(boot), pidns, sizeof(pidns));
    tt_lease_field(token, "boot", tboot, sizeof(tboot));
    tt_lease_field(token, "pidns", tpidns, sizeof(tpidns));
    tt_lease_field(token, "pid", tpid, sizeof(tpid));
    if (strcmp(boot, "-") == 0 || strcmp(pidns, "-") == 0 || strcmp(boot, tboot) != 0 || strcmp(pidns, tpidns) != 0)
        return TT_LEASE_HOLDER_ELSEWHERE;
    char *end;
    long pid = strtol(tpid, &end, 10);
    if (*end || pid <= 0)
        return TT_LEASE_HOLDER_ELSEWHERE;
    if (pid == (long)getpid())
        return TT_LEASE_HOLDER_LIVE;
    return kill((pid_t)pid, 0) == 0 || errno == EPERM ? TT_LEASE_HOLDER_LIVE : TT_LEASE_HOLDER_DEAD;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void tt_lease_default_instance(const char *const *sources, size_t n, char *out, size_t outlen)
{
    char **abs = tt_calloc(n ? n : 1, sizeof(*abs));
    char cwd[PATH_MAX] = "";
    if (!getcwd(cwd, sizeof(cwd)))
        cwd[0] = '\0';
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = sources[i];
        char *a = NULL;
        /* URLs (udp://, tcp://, unix:, pcap:, iface:) and "-" as given;
         * paths made absolute so that ./x and /dir/x name the same file. */
        if (s[0] != '/' && strcmp(s, "-") != 0 && !strchr(s, ':')) {
            size_t len = strlen(cwd) + strlen(s) + 2;
            a = tt_malloc(len);
            snprintf(a, len, "%s/%s", cwd, s);
        } else {
            a = tt_strdup(s);
        }
        abs[m++] = a;
    }
    qsort(abs, m, sizeof(*abs), cmp_str);
    uint64_t h = 0;
    for (size_t i = 0; i < m; i++) {
        if (i && strcmp(abs[i], abs[i - 1]) == 0)
            continue; /* a source given twice is one source */
        /* the first hash's (tt_hash64_v1): an instance name is stored in
         * Redis and must stay the same across upgrades, whatever hash the
         * id tables use */
        h = tt_hash64_v1(h, abs[i], strlen(abs[i]) + 1);
    }
    for (size_t i = 0; i < m; i++)
        free(abs[i]);
    free(abs);
    char host[TT_INSTANCE_MAX + 1];
    host_name(host, sizeof(host));
    /* host (at most 55 characters) + '-' + 8 hex digits <= 64 */
    snprintf(out, outlen, "%.55s-%08x", host, (unsigned)(h ^ (h >> 32)));
}
