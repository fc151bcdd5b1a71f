#!/usr/bin/env bash
# What rdc's resident processes cost at rest, and what one container start costs at scale.
# CPU is read from /proc/PID/stat (utime + stime, in clock ticks) over a window; "% of a core" is
# CPU seconds / wall seconds * 100.
#
#   A. route server, no daemon (an empty socket directory)
#   B. route server with 2 real dockerd / 20 labelled containers, polled by the real Traefik under
#      rdc's proxy supervisor (long-poll as push-infra configures it); the supervisor measured too
#   C. route server with 100 synthetic daemons / 10,000 containers (scripts/bench/fake_docker.py)
#   D. per-event cost at 10,000 containers: CPU of the route server per container start
#      (create + start events from the synthetic engine, one every 200 ms)
#
# Usage: bash scripts/bench/rest.sh [SECONDS]   (default 60; as root: dockerd, addresses)
set -euo pipefail
cd "$(dirname "$0")/../.."
WINDOW=${1:-60}
cargo build --release --quiet
RDC=$PWD/target/release/rdc
TRAEFIK=${TRAEFIK:-$PWD/.tools/venv/bin/traefik}
T=$(mktemp -d /tmp/rdcr-XXXX)
PIDS=()
DOCKERDS=()
# Only what this script started, by pid.
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for d in "${DOCKERDS[@]}"; do
        [ -f "$d/pid" ] && kill "$(cat "$d/pid")" 2>/dev/null || true
    done
    for d in "${DOCKERDS[@]}"; do
        for _ in $(seq 100); do [ -S "$d.sock" ] || break; sleep 0.1; done
        { grep -o " $d/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    done
    wait 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT

# CPU time in microseconds, every thread: the scheduler's own account (schedstat), finer than
# the clock ticks of /proc/PID/stat.
ticks() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {printf "%d", s / 1000}'; }
pct() {  # microseconds over seconds -> % of a core
    python3 -c "print(f'{$1 / 1e6 / $2 * 100:.3f}')"
}
rest() {  # $1 = label, then pids; prints the % of a core of each over WINDOW seconds
    local label=$1; shift
    local before=() after=() i
    for p in "$@"; do before+=("$(ticks "$p")"); done
    sleep "$WINDOW"
    for p in "$@"; do after+=("$(ticks "$p")"); done
    i=0
    for p in "$@"; do
        echo "$label [$(tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-40)]: $(( (after[i] - before[i]) / 1000 )) ms of CPU in ${WINDOW}s = $(pct $((after[i] - before[i])) "$WINDOW") % of a core"
        i=$((i + 1))
    done
}
wait_ready() {  # $1 = addr, $2 = containers
    for _ in $(seq 3000); do
        if curl -sf "http://$1/health" 2>/dev/null | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d['ready'] and d['counts']['containers']==$2 else 1)" 2>/dev/null; then
            return
        fi
        sleep 0.05
    done
    echo "not ready: $1" >&2
    return 1
}

# 0. The floor on this machine: a process that only wakes every 5 s (what the route server's
#    rescan costs at the least; on a VM a wakeup is charged the host's scheduling noise too).
python3 -c "
import time
while True: time.sleep(5)
" &
F=$!; PIDS+=("$F")
sleep 2
rest "0. floor: python3 sleeping 5 s at a time" "$F"
kill "$F"

# A. No daemon.
mkdir -p "$T/a/s"
$RDC route-server --listen 127.0.0.34:7111 --sockets "$T/a/s/docker-*.sock" --state-dir "$T/a/state" 2>/dev/null &
A=$!; PIDS+=("$A")
wait_ready 127.0.0.34:7111 0
sleep 2
rest "A. route server, no daemon" "$A"
kill "$A"

# B. Two real daemons, 20 containers, Traefik under the supervisor.
mkdir -p "$T/b/s" "$T/rootfs/bin" "$T/rootfs/www"
cp /bin/busybox "$T/rootfs/bin/"
for c in sh httpd sleep; do ln -sf busybox "$T/rootfs/bin/$c"; done
echo hello >"$T/rootfs/www/index.html"
tar -C "$T/rootfs" -cf "$T/busybox.tar" .
for id in 2816 2880; do
    d=$T/b/d$id
    mkdir -p "$d"
    dockerd --host "unix://$T/b/s/docker-$id.sock" --data-root "$d/data" --exec-root "$d/x" \
        --pidfile "$d/pid" --iptables=false --bridge=none >"$d/log" 2>&1 &
    DOCKERDS+=("$d")
    for _ in $(seq 100); do DOCKER_HOST=unix://$T/b/s/docker-$id.sock docker version >/dev/null 2>&1 && break; sleep 0.1; done
    export DOCKER_HOST=unix://$T/b/s/docker-$id.sock
    docker import "$T/busybox.tar" rdc-bench/busybox:1 >/dev/null
    base=$(python3 -c "n=$id; print(f'127.0.{n>>8&255}.{n&255}')")
    for j in $(seq 0 9); do
        ip=${base%.*}.$(( ${base##*.} + 2 + j ))
        docker run -d -q --network host --name "svc$j" -l "rediacc.service_name=svc$j" \
            -l "rediacc.service_ip=$ip" -l rediacc.service_port=8080 \
            rdc-bench/busybox:1 /bin/httpd -f -p "$ip:8080" -h /www >/dev/null
    done
    unset DOCKER_HOST
done
$RDC route-server --listen 127.0.0.35:7111 --sockets "$T/b/s/docker-*.sock" --base-domain example.test --state-dir "$T/b/state" 2>/dev/null &
B=$!; PIDS+=("$B")
wait_ready 127.0.0.35:7111 20
cat >"$T/b/traefik.yml" <<EOF
entryPoints:
  web: {address: "127.0.0.36:80"}
  traefik: {address: "127.0.0.36:7112"}
ping: {entryPoint: traefik}
api: {}
global: {checkNewVersion: false, sendAnonymousUsage: false}
log: {level: ERROR}
providers:
  providersThrottleDuration: 100ms
  http: {endpoint: "http://127.0.0.35:7111/routes.yaml", pollInterval: 100ms, pollTimeout: 14s, headers: {X-Rdc-Long-Poll: "4"}}
EOF
$RDC host proxy run --traefik "$TRAEFIK" --config "$T/b/traefik.yml" --control "$T/b/proxy.ctl" 2>"$T/b/proxy.log" &
P=$!; PIDS+=("$P")
for _ in $(seq 200); do curl -sf -o /dev/null -H 'Host: svc0-2816.example.test' http://127.0.0.36/ && break; sleep 0.1; done
curl -sf -o /dev/null -H 'Host: svc0-2816.example.test' http://127.0.0.36/ || { echo "Traefik does not serve the route" >&2; exit 1; }
sleep 5
rest "B. 2 daemons / 20 containers, Traefik long-polling" "$B" "$P"
curl -s http://127.0.0.35:7111/health | python3 -c "import json,sys; print('   activity:', json.load(sys.stdin)['activity'])"
kill "$P" "$B"

# C and D. 100 synthetic daemons, 10,000 containers.
python3 scripts/bench/fake_docker.py --dir "$T/c" --daemons 100 --containers 100 --control "$T/c.fifo" >/dev/null &
PIDS+=("$!")
for _ in $(seq 100); do [ -p "$T/c.fifo" ] && break; sleep 0.1; done
$RDC route-server --listen 127.0.0.37:7111 --sockets "$T/c/docker-*.sock" --base-domain example.test --state-dir "$T/c-state" 2>/dev/null &
C=$!; PIDS+=("$C")
wait_ready 127.0.0.37:7111 10000
sleep 5
rest "C. 100 daemons / 10,000 containers" "$C"
exec 9>"$T/c.fifo"
N=100
before=$(ticks "$C")
for i in $(seq 0 $((N - 1))); do
    echo "start $((2816 + 64 * (i % 100)))" >&9
    sleep 0.2
done
wait_ready 127.0.0.37:7111 $((10000 + N))
sleep 3
after=$(ticks "$C")
exec 9>&-
python3 -c "print(f'D. per container start at 10,000 containers: {($after - $before) / 1000 / $N:.1f} ms of CPU (n=$N, one every 200 ms)')"
curl -s http://127.0.0.37:7111/health | python3 -c "import json,sys; print('   activity:', json.load(sys.stdin)['activity'])"
