/* SPDX-License-Identifier: MIT
 *
 * daemon.c -- see daemon.h. The config file is read by libinih (Debian's
 * libinih-dev); its keys are the long option names, so the file covers every
 * command-line option by construction. The notify
 * protocol is one datagram to $NOTIFY_SOCKET, written by hand rather than
 * linking libsystemd for it.
 */
#include "collector/daemon.h"
#include "common/mem.h"
#include "common/tt.h"

#include <errno.h>
#include <ini.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* libinih reads lines of at most INI_MAX_LINE bytes (200 in Debian's
 * build) and would split a longer one silently; and it passes a section
 * header without keys unseen. Both are checked here first, so that a typo
 * or an over-long value is an error naming its line, never a setting
 * quietly lost. */
#define CONF_LINE_MAX 199

struct conf_run {
    tt_conf_fn fn;     /* the caller's callback */
    void *ud;          /* its argument */
    char msg[512];     /* the first callback error */
    int failed;        /* a callback refused a value */
};

static int conf_handler(void *user, const char *section, const char *name, const char *value)
{
    struct conf_run *r = user;
    if (r->failed)
        return 0;
    char val[CONF_LINE_MAX + 1];
    size_t vl = strlen(value);
    if (vl >= sizeof(val))
        vl = sizeof(val) - 1;
    memcpy(val, value, vl);
    val[vl] = '\0';
    char *v = val;
    if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') { /* "a value with blanks" */
        v[vl - 1] = '\0';
        v++;
    }
    if (*section && strcmp(section, "collector") != 0) {
        snprintf(r->msg, sizeof(r->msg), "unknown section [%.60s] (only [collector])", section);
    } else if (r->fn(name, v, r->ud, r->msg, sizeof(r->msg)) == TT_OK) {
        return 1;
    }
    r->failed = 1;
    return 0;
}

int tt_conf_parse(const char *text, size_t len, const char *name, tt_conf_fn fn, void *ud, char *err, size_t errlen)
{
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s: NUL byte in the file", name);
        return TT_ERR;
    }
    int lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *p = text + pos, *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos;
        pos += n + 1;
        lineno++;
        if (n > CONF_LINE_MAX) {
            snprintf(err, errlen, "%s:%d: line longer than %d bytes (continue a long value on indented lines)",
                     name, lineno, CONF_LINE_MAX);
            return TT_ERR;
        }
        while (n && (*p == ' ' || *p == '\t'))
            p++, n--;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
            n--;
        if (n && p[0] == '[' && !(n == 11 && memcmp(p, "[collector]", 11) == 0)) {
            snprintf(err, errlen, "%s:%d: unknown section %.*s (only [collector])", name, lineno, (int)TT_MIN(n, 60),
                     p);
            return TT_ERR;
        }
    }
    char *copy = tt_malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    struct conf_run r = {fn, ud, "", 0};
    int line = ini_parse_string(copy, conf_handler, &r);
    free(copy);
    if (line == 0)
        return TT_OK;
    if (line < 0)
        snprintf(err, errlen, "%s: cannot be read (out of memory)", name);
    else if (r.failed)
        snprintf(err, errlen, "%s:%d: %s", name, line, r.msg);
    else
        snprintf(err, errlen, "%s:%d: expected 'key = value'", name, line);
    return TT_ERR;
}

int tt_conf_read(const char *path, tt_conf_fn fn, void *ud, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "--config: cannot read %s: %s", path, strerror(errno));
        return TT_ERR;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            if (cap > (1u << 22)) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "--config: %s is too large", path);
                return TT_ERR;
            }
            text = tt_realloc(text, cap);
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    int rc = tt_conf_parse(text, len, path, fn, ud, err, errlen);
    free(text);
    return rc;
}

int tt_check_user(const char *user, char *err, size_t errlen)
{
    if (!getpwnam(user)) {
        snprintf(err, errlen, "--user: no such user '%s'", user);
        return TT_ERR;
    }
    return TT_OK;
}

int tt_drop_privileges(const char *user, char *err, size_t errlen)
{
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        snprintf(err, errlen, "--user: no such user '%s'", user);
        return TT_ERR;
    }
    if (getuid() == pw->pw_uid && geteuid() == pw->pw_uid)
        return TT_OK; /* already that user (systemd User=) */
    if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        snprintf(err, errlen, "cannot switch to user '%s': %s", user, strerror(errno));
        return TT_ERR;
    }
    if (pw->pw_uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
        snprintf(err, errlen, "switched to user '%s' but root could be regained; refusing to run", user);
        return TT_ERR;
    }
    return TT_OK;
}

void tt_sd_notify(const char *msg)
{
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || !*path || (path[0] != '/' && path[0] != '@'))
        return;
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    size_t n = strlen(path);
    if (n >= sizeof(sa.sun_path))
        return;
    memcpy(sa.sun_path, path, n);
    if (sa.sun_path[0] == '@')
        sa.sun_path[0] = '\0'; /* abstract namespace */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    socklen_t sl = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    (void)!sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa, sl);
    close(fd);
}
