#!/usr/bin/env bash
# Traefik's polls under a flood of idle and slow local connections, with the route server limited
# to 1,024 file descriptors (it cannot raise its limit), 1,000 routes over 10 synthetic daemons.
# Usage: bash scripts/bench/flood.sh [SECONDS]   (default 30 s of flood)
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
RDC=$PWD/target/release/rdc
T=$(mktemp -d /tmp/rdcf-XXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
python3 scripts/bench/fake_docker.py --dir "$T/d" --daemons 10 --containers 100 >/dev/null &
PIDS+=($!)
sleep 2
prlimit --nofile=1024:1024 "$RDC" route-server --listen 127.0.0.34:7111 --sockets "$T/d/docker-*.sock" \
    --base-domain example.test --state-dir "$T/state" 2>"$T/rs.log" &
PIDS+=($!)
for _ in $(seq 500); do curl -sf http://127.0.0.34:7111/health >/dev/null 2>&1 && break; sleep 0.02; done
grep -o 'max_connections=[0-9]*' "$T/rs.log" || true
python3 scripts/bench/flood.py --addr 127.0.0.34:7111 --idle 2000 --slow 2000 --seconds "${1:-30}"
