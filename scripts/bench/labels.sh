#!/usr/bin/env bash
# A container with 20 MB of labels and a health check that flips every second (a health_status
# event, carrying every label, each time): the route server's CPU over 30 s, next to the same
# measure without that container. One real dockerd, the release route server.
# Usage, as root: bash scripts/bench/labels.sh   (needs busybox-static)
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
RDC=$PWD/target/release/rdc
T=$(mktemp -d /tmp/rdcl-XXXX)
PIDS=()
cleanup() {
    [ -f "$T/dockerd.pid" ] && { DOCKER_HOST=unix://$T/s/docker-2816.sock docker rm -f big >/dev/null 2>&1 || true; }
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for f in $(find "$T/x" -name '*.pid' 2>/dev/null); do kill -9 "$(cat "$f")" 2>/dev/null || true; done
    { grep -o " $T/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/s" "$T/root/bin"
dockerd --host "unix://$T/s/docker-2816.sock" --data-root "$T/data" --exec-root "$T/x" \
    --pidfile "$T/dockerd.pid" --iptables=false --bridge=none >"$T/dockerd.log" 2>&1 &
PIDS+=("$!")
export DOCKER_HOST=unix://$T/s/docker-2816.sock
for _ in $(seq 300); do docker version >/dev/null 2>&1 && break; sleep 0.1; done
cp /bin/busybox "$T/root/bin/"
for c in sh sleep test date; do ln -s busybox "$T/root/bin/$c"; done
tar -C "$T/root" -cf "$T/bb.tar" .
docker import "$T/bb.tar" bench/busybox:1 >/dev/null
printf 'listen = "127.0.0.45:7111"\nsockets = "%s/s/docker-*.sock"\nstate_dir = "%s/state"\nbase_domain = "bench.test"\n' "$T" "$T" >"$T/router.toml"
"$RDC" route-server --config "$T/router.toml" >"$T/rs.log" 2>&1 &
RS=$!
PIDS+=("$RS")
for _ in $(seq 100); do curl -sf http://127.0.0.45:7111/health >/dev/null && break; sleep 0.1; done
cpu() { awk '{print $14 + $15}' "/proc/$RS/stat"; }
measure() {  # $1 = seconds; prints CPU % of one core
    local a b
    a=$(cpu); sleep "$1"; b=$(cpu)
    python3 -c "print(f'{($b - $a) / $(getconf CLK_TCK) / $1 * 100:.2f}')"
}
echo "route server at rest (one daemon, no container), 30 s: $(measure 30) % of a core"
python3 - "$T/labels" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(320):
        f.write(f"junk.{i}={'x' * 65000}\n")
PY
echo "label file: $(du -m "$T/labels" | cut -f1) MB"
docker run -d --name big --network host --label-file "$T/labels" \
    --health-cmd 'test $(( $(date +%s) % 2 )) -eq 0' --health-interval 1s --health-retries 1 \
    --health-timeout 1s bench/busybox:1 sleep 3600 >/dev/null
sleep 10
since=$(date +%s)
echo "with the 20 MB container and its flipping health check, 30 s: $(measure 30) % of a core"
echo "health_status events in those 30 s: $(timeout 5 docker events --since "$since" --until "$(date +%s)" --filter event=health_status 2>/dev/null | wc -l)"
curl -s http://127.0.0.45:7111/routes.json | python3 -c "import json,sys; d=json.load(sys.stdin); print('left out:', [s['reason'] for s in d['skipped'] if s.get('container') == 'big'])"
curl -s http://127.0.0.45:7111/health | python3 -c "import json,sys; print('activity:', json.load(sys.stdin).get('activity'))"
