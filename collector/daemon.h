/* SPDX-License-Identifier: MIT
 *
 * daemon.h -- what running as a service needs besides reading logs: the
 * INI config file (/etc/threattally/collector.conf), dropping privileges
 * after sockets are bound, and the systemd notify protocol (Type=notify).
 */
#ifndef TT_DAEMON_H
#define TT_DAEMON_H

#include <stddef.h>

/* Called per "key = value" of the file; TT_ERR with a message stops. */
typedef int (*tt_conf_fn)(const char *key, const char *val, void *ud, char *err, size_t errlen);

/* Reads an INI file with libinih: optional [collector] section header
 * (other sections are an error, so a typo is never silently ignored),
 * "key = value" lines (or "key: value"), values optionally in double quotes,
 * '#' and ';' comment lines, a value continued on indented lines (each
 * continuation is passed as one more value of the same key). Lines are at
 * most 199 bytes. Messages name the file and line. */
int tt_conf_read(const char *path, tt_conf_fn fn, void *ud, char *err, size_t errlen);
/* Parses text the same way (for tests and fuzzing); name is for messages. */
int tt_conf_parse(const char *text, size_t len, const char *name, tt_conf_fn fn, void *ud, char *err, size_t errlen);
/* TT_OK when user exists (a usage check before anything is bound). */
int tt_check_user(const char *user, char *err, size_t errlen);
/* setgroups/setgid/setuid to user; TT_ERR when any step fails or root
 * could be regained. */
int tt_drop_privileges(const char *user, char *err, size_t errlen);
/* Sends msg to $NOTIFY_SOCKET when set (systemd sd_notify protocol). */
void tt_sd_notify(const char *msg);

#endif
