/* SPDX-License-Identifier: MIT
 *
 * slowpeer.c -- hostile clients for the tests of issue 16: many sockets that
 * trickle a byte now and then (slowloris) or hold a connection doing
 * nothing, reconnecting whenever the server closes them, so that the
 * pressure lasts the whole run.
 *
 *   slowpeer PORT CONNS SECONDS MODE [ADDRS]
 *
 * MODE http: an HTTP request whose headers never end (a header byte a
 * second); syslog: a byte of a line that never ends, a second apart; hold:
 * connect and send nothing. Connections come from ADDRS loopback addresses
 * 127.0.0.2 .. (default 10), round robin. Ends after SECONDS and prints
 * "slowpeer: CONNS sockets, N reconnects, M refused".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char http_head[] = "GET /api/sites HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";

struct peer {
    int fd;       /* -1 when not connected */
    int sent;     /* bytes sent on this connection */
    double next;  /* when the next byte is due */
    int addr;     /* source address index */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int dial(int port, int addr_index)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in src = {.sin_family = AF_INET};
    src.sin_addr.s_addr = htonl(0x7F000002u + (unsigned)addr_index);
    if (bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0) {
        close(fd);
        return -1;
    }
    struct timeval tv = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* 1 when the server has closed (or reset) the connection. */
static int closed(int fd)
{
    char b[512];
    ssize_t n = recv(fd, b, sizeof(b), MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: slowpeer PORT CONNS SECONDS http|syslog|hold [ADDRS]\n");
        return 2;
    }
    int port = atoi(argv[1]), n = atoi(argv[2]);
    double secs = atof(argv[3]);
    const char *mode = argv[4];
    int addrs = argc > 5 ? atoi(argv[5]) : 10;
    if (n < 1 || addrs < 1 || addrs > 200)
        return 2;
    struct peer *p = calloc((size_t)n, sizeof(*p));
    long reconnects = 0, refused = 0;
    double t0 = now(), end = t0 + secs;
    for (int i = 0; i < n; i++) {
        p[i].fd = -1;
        p[i].addr = i % addrs;
        p[i].next = t0 + (double)i / n; /* spread over the first second */
    }
    while (now() < end) {
        double t = now();
        for (int i = 0; i < n; i++) {
            struct peer *q = &p[i];
            if (q->fd >= 0 && closed(q->fd)) {
                close(q->fd);
                q->fd = -1;
                reconnects++;
                q->next = t + 0.5; /* back in half a second */
            }
            if (t < q->next)
                continue;
            if (q->fd < 0) {
                q->fd = dial(port, q->addr);
                q->sent = 0;
                if (q->fd < 0) {
                    refused++;
                    q->next = t + 0.2;
                    continue;
                }
            }
            q->next = t + 1.0;
            if (strcmp(mode, "hold") == 0)
                continue;
            char c = 'x';
            if (strcmp(mode, "http") == 0)
                c = q->sent < (int)sizeof(http_head) - 1 ? http_head[q->sent] : 'a';
            if (send(q->fd, &c, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) {
                q->sent++;
            } else {
                close(q->fd);
                q->fd = -1;
                reconnects++;
            }
        }
        usleep(20000);
    }
    printf("slowpeer: %d sockets, %ld reconnects, %ld refused\n", n, reconnects, refused);
    return 0;
}
