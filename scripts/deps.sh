#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages threattally needs, only those missing.
# Used by `make demo`, `make check` and `make bench`; safe to run again.
set -eu
need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in build-essential pkg-config clang libclang-rt-14-dev libhiredis-dev libzstd-dev zlib1g-dev \
         libcmocka-dev libpcap-dev libinih-dev libvectorscan-dev libpcre2-dev libxxhash-dev redis-server redis-tools zstd gzip \
         tzdata ca-certificates libmicrohttpd-dev chromium fonts-dejavu-core poppler-utils curl python3 rsyslog \
         prometheus; do
    have_pkg "$p" || need="$need $p"
done
# `scripts/deps.sh bench`: also the baselines and peer tools make bench compares with.
if [ "${1:-}" = bench ]; then
    for p in time mawk pflogsumm fwlogwatch; do
        have_pkg "$p" || need="$need $p"
    done
fi
if [ -n "$need" ]; then
    echo "deps: installing missing Debian packages:$need"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "deps: need root or sudo to install:$need" >&2; exit 1; }
        SUDO=sudo
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
# Debian's redis-server, rsyslog and prometheus packages start system services; we never use them
# (tests and the demo run a private redis-server on a Unix socket, tests/integration/t_rsyslog.sh a
# private rsyslogd with its own config; prometheus is installed for promtool).
exit 0
