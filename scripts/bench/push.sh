#!/usr/bin/env bash
# push-infra over a real sshd on 127.0.0.1 (service manager none, temp prefix):
#  - full first push (uploads the rdc binary and every file), Traefik pre-installed
#  - full first push that also uploads Traefik (--traefik-binary, 185 MB)
#  - no-op push (nothing changed), median of 30 runs (hyperfine)
# Usage: bash scripts/bench/push.sh   (as root; needs openssh-server, hyperfine, .tools/venv/bin/traefik)
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
R=$PWD/target/release/rdc
TRAEFIK=$PWD/.tools/venv/bin/traefik
T=$(mktemp -d /tmp/rdcp-XXXX)
cleanup() { [ -f "$T/sshd.pid" ] && kill "$(cat "$T/sshd.pid")" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$T/host_key"; ssh-keygen -q -t ed25519 -N '' -f "$T/client_key"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$T/sshd_config" <<EOC
Port $PORT
ListenAddress 127.0.0.1
HostKey $T/host_key
PidFile $T/sshd.pid
AuthorizedKeysFile $T/client_key.pub
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
EOC
/usr/sbin/sshd -f "$T/sshd_config"
export RDC_CONFIG=$T/config.toml
$R -q context create b --ssh-key "$T/client_key"
setup() {  # $1 = machine, $2 = prefix
  $R -q context add-machine "$1" --ip 127.0.0.1 --port "$PORT" --user root --prefix "$2" --service-manager none
  $R -q context set-infra "$1" --public-ipv4 127.0.0.70 --base-domain example.test --route-listen 127.0.0.70:7111 --admin-listen 127.0.0.70:7112 2>/dev/null
  $R -q context scan-keys "$1" 2>/dev/null
}
ms() { python3 -c "import time; print(f'{(time.time_ns()-$1)/1e6:.0f} ms')"; }
setup m "$T/srv"
mkdir -p "$T/srv/usr/local/bin" && ln -s "$TRAEFIK" "$T/srv/usr/local/bin/traefik"
t=$(date +%s%N); $R -q context push-infra m --yes >/dev/null; echo "first push (rdc $(du -h "$R" | cut -f1) + 5 files):       $(ms $t)"
setup m2 "$T/srv2"
t=$(date +%s%N); $R -q context push-infra m2 --yes --traefik-binary "$TRAEFIK" >/dev/null; echo "first push with Traefik ($(du -h "$TRAEFIK" | cut -f1)):        $(ms $t)"
hyperfine -N --warmup 3 --runs 30 --export-json "$T/h.json" "$R -q context push-infra m --yes" >/dev/null
python3 - "$T/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = sorted(r["times"])
print(f"no-op push (median of {len(t)}):              {r['median']*1000:.0f} ms  (p95 {t[int(len(t)*0.95)-1]*1000:.0f} ms)")
PY
