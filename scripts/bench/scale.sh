#!/usr/bin/env bash
# Route server at scale, against the synthetic engine (scripts/bench/fake_docker.py):
#  - resync: route-server start -> /routes.yaml served with every container (10,000 over 100 daemons)
#  - RSS at that scale, and idle RSS (no daemon)
#  - /routes.yaml latency and throughput at 1,000 routes over 10 daemons (wrk, gzip as Traefik asks)
# Usage: bash scripts/bench/scale.sh   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
RDC=$PWD/target/release/rdc
T=$(mktemp -d /tmp/rdcs-XXXX)
PIDS=()
# Only what this script started, by pid.
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }
wait_ready() {  # $1 = addr, $2 = expected containers; prints seconds since $3 (epoch ns)
  local t0=$3
  for _ in $(seq 3000); do
    if curl -sf "http://$1/health" 2>/dev/null | python3 2>/dev/null -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d['ready'] and d['counts']['containers']==$2 else 1)"; then
      python3 -c "import time; print(f'{(time.time_ns()-$t0)/1e9:.3f}')"; return
    fi
    sleep 0.01
  done
  echo "timeout"; return 1
}

# Idle.
mkdir -p "$T/idle"
$RDC route-server --listen 127.0.0.31:7111 --sockets "$T/idle/docker-*.sock" --state-dir "$T/idle/state" 2>/dev/null &
IDLE=$!; PIDS+=("$IDLE"); sleep 2
echo "idle RSS (no daemon):                     $(rss $IDLE)"
kill $IDLE

# 10,000 containers over 100 daemons.
python3 scripts/bench/fake_docker.py --dir "$T/big" --daemons 100 --containers 100 >/dev/null &
PIDS+=("$!")
sleep 3
for run in 1 2 3; do
  T0=$(date +%s%N)
  $RDC route-server --listen 127.0.0.32:7111 --sockets "$T/big/docker-*.sock" --base-domain example.test --state-dir "$T/big-state" 2>/dev/null &
  BIG=$!; PIDS+=("$BIG")
  echo "resync 10,000 containers / 100 daemons:   $(wait_ready 127.0.0.32:7111 10000 $T0) s (run $run)"
  sleep 1
  echo "RSS at 10,000 containers:                 $(rss $BIG)"
  [ $run -eq 1 ] && echo "/routes.yaml at 10,000:                   $(curl -s http://127.0.0.32:7111/routes.yaml | wc -c) bytes, gzip $(curl -s -H 'Accept-Encoding: gzip' http://127.0.0.32:7111/routes.yaml | wc -c) bytes"
  kill $BIG; wait $BIG 2>/dev/null || true
done

# 1,000 routes over 10 daemons.
python3 scripts/bench/fake_docker.py --dir "$T/mid" --daemons 10 --containers 100 >/dev/null &
PIDS+=("$!")
sleep 2
$RDC route-server --listen 127.0.0.33:7111 --sockets "$T/mid/docker-*.sock" --base-domain example.test --state-dir "$T/mid-state" 2>/dev/null &
MID=$!; PIDS+=("$MID")
wait_ready 127.0.0.33:7111 1000 "$(date +%s%N)" >/dev/null
echo "/routes.yaml body at 1,000 routes:        $(curl -s http://127.0.0.33:7111/routes.yaml | wc -c) bytes, gzip $(curl -s -H 'Accept-Encoding: gzip' http://127.0.0.33:7111/routes.yaml | wc -c) bytes"
for c in 1 8 32; do
  th=2; [ $c -eq 1 ] && th=1
  out=$(wrk -t$th -c$c -d10s --latency -H 'Accept-Encoding: gzip' http://127.0.0.33:7111/routes.yaml)
  echo "wrk gzip  c=$c: p50 $(echo "$out" | awk '/ 50%/ {print $2}')  p99 $(echo "$out" | awk '/ 99%/ {print $2}')  $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s"
done
out=$(wrk -t2 -c8 -d10s --latency http://127.0.0.33:7111/routes.yaml)
echo "wrk plain c=8: p50 $(echo "$out" | awk '/ 50%/ {print $2}')  p99 $(echo "$out" | awk '/ 99%/ {print $2}')  $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s"
echo "RSS at 1,000 routes after the load:       $(rss $MID)"
