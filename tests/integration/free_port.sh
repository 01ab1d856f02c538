# SPDX-License-Identifier: MIT
# free_port -> a TCP port on 127.0.0.1 that nothing listens on, nor on
# port + 10000 (a cluster node's bus port). Sourced by cluster_lib.sh and
# bench/cluster.sh.
free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 25000))
        # nothing answers on either (bash's /dev/tcp: no iproute2 needed)
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((p + 10000))") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}
