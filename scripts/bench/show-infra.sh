#!/usr/bin/env bash
# Wall time of `rdc context show-infra` (a cold process per run: parse, read config, print).
# Usage: bash scripts/bench/show-infra.sh   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
R=$PWD/target/release/rdc
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export RDC_CONFIG=$T/config.toml
$R -q context create prod
$R -q context add-machine server-1 --ip 203.0.113.50 --user root
$R -q context set-infra server-1 --public-ipv4 203.0.113.50 --base-domain example.com \
    --cert-email admin@example.com --tcp-ports 25,143,465,587,993 --udp-ports 53
echo tok | $R -q context set-infra server-1 --cf-dns-token -
hyperfine -N --warmup 20 --runs 500 --export-json "$T/h.json" \
    "$R context show-infra server-1" "$R context show-infra server-1 -o json" >/dev/null
python3 - "$T/h.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command'].split('/rdc ')[1]:45} median {r['median']*1000:.2f} ms  (p5 {sorted(r['times'])[len(r['times'])//20]*1000:.2f}, p95 {sorted(r['times'])[len(r['times'])*19//20]*1000:.2f}, n={len(r['times'])})")
PY
