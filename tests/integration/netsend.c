/* SPDX-License-Identifier: MIT
 *
 * netsend.c -- test helper: sends the lines of a file to a syslog listener.
 *   netsend udp PORT FILE            one datagram per line, as fast as possible;
 *                                    prints the number sendto() accepted
 *   netsend udpmm PORT FILE          the same, 64 datagrams per sendmmsg() call
 *                                    (a sender fast enough to load the collector)
 *   netsend tcp PORT FILE CONNS      CONNS connections, lines dealt round-robin;
 *                                    even connections use RFC 6587 octet
 *                                    counting, odd ones newline framing; the
 *                                    bytes go out interleaved in 1000-byte
 *                                    slices (frames cut anywhere); prints lines
 *   netsend unix PATH FILE           one datagram per line to a unix socket
 *   netsend hog PORT BYTES           one connection: BYTES without a newline,
 *                                    then a normal line, kept open until stdin ends
 * Built by the tests themselves (cc -O2 -o netsend netsend.c).
 */
#define _GNU_SOURCE /* sendmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (fread(p, 1, (size_t)n, f) != (size_t)n)
        exit(1);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static int connect_to(int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        perror("connect");
        exit(1);
    }
    return fd;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            perror("write");
            exit(1);
        }
        p += w;
        n -= (size_t)w;
    }
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int port = atoi(argv[2]);
    if (!strcmp(argv[1], "unix")) {
        size_t len;
        char *text = slurp(argv[3], &len);
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[2]);
        int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
        unsigned long sent = 0;
        for (size_t pos = 0; pos < len;) {
            char *nl = memchr(text + pos, '\n', len - pos);
            size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
            if (sendto(fd, text + pos, n, 0, (struct sockaddr *)&sa, sizeof(sa)) == (ssize_t)n) /* blocks when full */
                sent++;
            pos += n + 1;
        }
        printf("%lu\n", sent);
        return 0;
    }
    if (!strcmp(argv[1], "hog")) {
        size_t n = (size_t)atol(argv[3]);
        int fd = connect_to(port);
        char *junk = malloc(n);
        memset(junk, 'x', n);
        write_all(fd, junk, n);
        write_all(fd, "\n<13>Feb  1 00:00:00 h hog: after the flood\n", 44);
        char b[64];
        while (read(0, b, sizeof(b)) > 0) {
        }
        close(fd);
        return 0;
    }
    size_t len;
    char *text = slurp(argv[3], &len);
    if (!strcmp(argv[1], "udp")) {
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int fd = socket(AF_INET, SOCK_DGRAM, 0);
        unsigned long sent = 0, failed = 0;
        for (size_t pos = 0; pos < len;) {
            char *nl = memchr(text + pos, '\n', len - pos);
            size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
            if (sendto(fd, text + pos, n, 0, (struct sockaddr *)&sa, sizeof(sa)) == (ssize_t)n)
                sent++;
            else
                failed++;
            pos += n + 1;
        }
        printf("%lu\n", sent);
        fprintf(stderr, "netsend: udp sent %lu, failed %lu\n", sent, failed);
        return 0;
    }
    if (!strcmp(argv[1], "udpmm")) {
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int fd = socket(AF_INET, SOCK_DGRAM, 0);
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
            perror("netsend: connect");
            return 1;
        }
        enum { BATCH = 64 };
        struct mmsghdr msgs[BATCH];
        struct iovec iov[BATCH];
        unsigned long sent = 0, failed = 0;
        for (size_t pos = 0; pos < len;) {
            int k = 0;
            for (; k < BATCH && pos < len; k++) {
                char *nl = memchr(text + pos, '\n', len - pos);
                size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
                iov[k].iov_base = text + pos;
                iov[k].iov_len = n;
                memset(&msgs[k], 0, sizeof(msgs[k]));
                msgs[k].msg_hdr.msg_iov = &iov[k];
                msgs[k].msg_hdr.msg_iovlen = 1;
                pos += n + 1;
            }
            for (int done = 0; done < k;) {
                int r = sendmmsg(fd, msgs + done, (unsigned)(k - done), 0);
                if (r <= 0) { /* the message at done failed: count it, go on */
                    failed++;
                    done++;
                    continue;
                }
                sent += (unsigned long)r;
                done += r;
            }
        }
        printf("%lu\n", sent);
        fprintf(stderr, "netsend: udp sent %lu, failed %lu (sendmmsg)\n", sent, failed);
        return 0;
    }
    int conns = atoi(argv[4]);
    char **buf = calloc((size_t)conns, sizeof(*buf));
    size_t *blen = calloc((size_t)conns, sizeof(*blen)), *bcap = calloc((size_t)conns, sizeof(*bcap));
    unsigned long lines = 0;
    for (size_t pos = 0, k = 0; pos < len; k++) {
        char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        int c = (int)(k % (size_t)conns);
        if (blen[c] + n + 32 > bcap[c]) {
            bcap[c] = (blen[c] + n + 32) * 2;
            buf[c] = realloc(buf[c], bcap[c]);
        }
        if (c % 2 == 0)
            blen[c] += (size_t)sprintf(buf[c] + blen[c], "%zu ", n);
        memcpy(buf[c] + blen[c], text + pos, n);
        blen[c] += n;
        if (c % 2 == 1)
            buf[c][blen[c]++] = '\n';
        lines++;
        pos += n + 1;
    }
    int *fd = calloc((size_t)conns, sizeof(*fd));
    size_t *off = calloc((size_t)conns, sizeof(*off));
    for (int c = 0; c < conns; c++)
        fd[c] = connect_to(port);
    for (int busy = 1; busy;) {
        busy = 0;
        for (int c = 0; c < conns; c++) {
            size_t n = blen[c] - off[c] < 1000 ? blen[c] - off[c] : 1000;
            if (!n)
                continue;
            write_all(fd[c], buf[c] + off[c], n);
            off[c] += n;
            busy = 1;
        }
    }
    for (int c = 0; c < conns; c++)
        close(fd[c]);
    printf("%lu\n", lines);
    return 0;
}
