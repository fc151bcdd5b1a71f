#!/usr/bin/env bash
# What network isolation costs, side by side in one run (docs/isolation.md):
#  1. connect()+close() per second to an address of the repository (a host accept loop), from a
#     process in a service's slot cgroup (programs on the connect path) and from a process in a
#     cgroup without programs, alternating, 5 rounds of 20,000 each; then the same to
#     127.0.0.1 from the slot (rewritten to the service's address and remembered in the map)
#     vs straight to the service's address from the plain cgroup;
#  2. requests per second through Traefik to the repository's busybox httpd, with the repository
#     isolated and again with --no-isolation (wrk, 5 s, 8 connections, 3 rounds each);
#  3. `rdc repo up --mount` after `down --unmount`, with and without isolation (5 each, alternating).
# A loopback sshd plays the server, as in scripts/demo. Usage, as root:
#   bash scripts/bench/isolation.sh      (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
RDC=$PWD/target/release/rdc
B=$(mktemp -d /tmp/rdcb-XXXX)
IP=127.0.0.90
export RDC_CONFIG=$B/config.toml
PIDS=()
cleanup() {
    "$RDC" repo delete bench --yes >/dev/null 2>&1 || true
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$B/sshd.pid" ] && kill "$(cat "$B/sshd.pid")" 2>/dev/null || true
    [ -d "$B/plain" ] && rmdir "$B/plain" 2>/dev/null || true
    [ -n "${PLAIN_CG:-}" ] && rmdir "$PLAIN_CG" 2>/dev/null || true
    wait 2>/dev/null || true
    { grep -o " $B/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$B"
}
trap cleanup EXIT

# The server: sshd on loopback, a context, push-infra, the two services started by hand.
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$B/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$B/client_key"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '%s\n' "Port $PORT" 'ListenAddress 127.0.0.1' "HostKey $B/host_key" "PidFile $B/sshd.pid" \
    "AuthorizedKeysFile $B/client_key.pub" 'PermitRootLogin prohibit-password' 'StrictModes no' \
    'UsePAM no' 'Subsystem sftp internal-sftp' >"$B/sshd_config"
/usr/sbin/sshd -f "$B/sshd_config"
"$RDC" -q context create bench --ssh-key "$B/client_key"
"$RDC" -q context add-machine m --ip 127.0.0.1 --port "$PORT" --user root --prefix "$B/server" --service-manager none
"$RDC" -q context scan-keys m >/dev/null
"$RDC" -q context set-infra m --public-ipv4 "$IP" --base-domain example.com --route-listen "$IP:7111" --admin-listen "$IP:7112"
mkdir -p "$B/server/usr/local/bin"
ln -s "$PWD/.tools/venv/bin/traefik" "$B/server/usr/local/bin/traefik"
"$RDC" -q context push-infra m --yes >/dev/null
for unit in rediacc-router rediacc-proxy; do
    cmd=$(sed -n 's/^ExecStart=//p' "$B/server/etc/systemd/system/$unit.service")
    (exec $cmd) >"$B/$unit.log" 2>&1 &
    PIDS+=("$!")
done

# The repository: busybox httpd on 0.0.0.0:80 and an idle client.
mkdir -p "$B/src/rootfs/bin" "$B/src/rootfs/www"
cp /bin/busybox "$B/src/rootfs/bin/"
for c in sh httpd sleep; do ln -sf busybox "$B/src/rootfs/bin/$c"; done
head -c 1024 /dev/zero | tr '\0' 'x' >"$B/src/rootfs/www/index.html"
tar -C "$B/src/rootfs" -cf "$B/src/busybox.tar" .
rm -rf "$B/src/rootfs"
cat >"$B/src/docker-compose.yml" <<'EOF'
services:
  web:
    image: rdc-bench/busybox:1
    # Its own address, explicitly: without isolation a bind to every address would collide with
    # Traefik's :80 (the very thing isolation fixes), and the comparison would be with 502s.
    command: ["/bin/sh", "-c", "exec httpd -f -p $$SERVICE_IP:80 -h /www"]
  client:
    image: rdc-bench/busybox:1
    command: ["/bin/sleep", "3600"]
    labels: {traefik.enable: "false"}
EOF
cat >"$B/src/Rediaccfile" <<'EOF'
prep() { docker image inspect rdc-bench/busybox:1 >/dev/null 2>&1 || docker import "$REPOSITORY_PATH/busybox.tar" rdc-bench/busybox:1; }
up() { rdc compose -- up -d; }
down() { rdc compose -- down; }
EOF
"$RDC" -q repo create bench -m m --size 300M --no-encrypt --from "$B/src" 2>/dev/null
"$RDC" -q repo up bench --mount 2>/dev/null
# client is slot 0 (127.0.11.2), web slot 1 (127.0.11.3).
V2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
NAME=$(ls "$V2" | grep -- '-2816$' | grep '^rdc-' | head -1)
SLOT_CG=$V2/$NAME/s0
PLAIN_CG=$V2/rdcb-plain-$$
mkdir -p "$PLAIN_CG"

# A host process accepts in a tight loop on an address of the repository (busybox httpd forks
# per connection and its backlog of 9 would measure httpd, not the connect path).
SINK=127.0.11.60
printf '%s\n' 'import socket, sys' 's = socket.socket()' \
    's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)' 's.bind((sys.argv[1], int(sys.argv[2])))' \
    's.listen(4096)' 'while True:' '    c, _ = s.accept()' '    c.close()' >"$B/sink.py"
python3 "$B/sink.py" $SINK 7000 &
PIDS+=("$!")
# The client slot's own address, where its connects to 127.0.0.1 land.
OWN=127.0.11.2
python3 "$B/sink.py" $OWN 7001 &
PIDS+=("$!")
sleep 0.5
echo "1. connect()+close() per second to $SINK:7000 (a host accept loop; 20,000 per round)"
printf '%s\n' 'import os, socket, sys, time' 'open(sys.argv[1], "w").write(str(os.getpid()))' \
    'n = 20000' 't = time.perf_counter()' 'for _ in range(n):' '    s = socket.socket()' \
    '    s.settimeout(5)' '    s.connect((sys.argv[2], int(sys.argv[3])))' '    s.close()' \
    'print(f"{n / (time.perf_counter() - t):.0f}")' >"$B/connect.py"
with=(); without=()
for r in 1 2 3 4 5; do
    with+=("$(python3 "$B/connect.py" "$SLOT_CG/cgroup.procs" $SINK 7000)")
    without+=("$(python3 "$B/connect.py" "$PLAIN_CG/cgroup.procs" $SINK 7000)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mw=$(median "${with[@]}"); mo=$(median "${without[@]}")
echo "   with the programs:     ${with[*]} -> median $mw/s"
echo "   without (no programs): ${without[*]} -> median $mo/s"
python3 -c "print(f'   overhead: {(1 - $mw / $mo) * 100:.1f} %')"
echo "1b. connect()+close() per second to 127.0.0.1:7001 from the slot (rewritten to $OWN, remembered) vs to $OWN:7001 without programs"
with=(); without=()
for r in 1 2 3 4 5; do
    with+=("$(python3 "$B/connect.py" "$SLOT_CG/cgroup.procs" 127.0.0.1 7001)")
    without+=("$(python3 "$B/connect.py" "$PLAIN_CG/cgroup.procs" $OWN 7001)")
done
mw=$(median "${with[@]}"); mo=$(median "${without[@]}")
echo "   rewritten:             ${with[*]} -> median $mw/s"
echo "   direct (no programs):  ${without[*]} -> median $mo/s"
python3 -c "print(f'   overhead: {(1 - $mw / $mo) * 100:.1f} %')"

echo "2. requests/s through Traefik (wrk -t2 -c8 -d5s, Host web-2816.example.com)"
rps() {
    local out
    out=$(wrk -t2 -c8 -d5s -H 'Host: web-2816.example.com' "http://$IP/")
    if grep -q "Non-2xx" <<<"$out"; then echo "wrk saw errors: $out" >&2; exit 1; fi
    awk '/Requests\/sec/ {print int($2)}' <<<"$out"
}
for _ in $(seq 100); do curl -sf -o /dev/null -H 'Host: web-2816.example.com' "http://$IP/" && break; sleep 0.1; done
on=(); off=()
up_on=(); up_off=()
for r in 1 2 3; do
    on+=("$(rps)")
    "$RDC" -q repo down bench --unmount 2>/dev/null
    "$RDC" -q repo up bench --mount --no-isolation 2>/dev/null
    for _ in $(seq 100); do curl -sf -o /dev/null -H 'Host: web-2816.example.com' "http://$IP/" && break; sleep 0.1; done
    off+=("$(rps)")
    "$RDC" -q repo down bench --unmount 2>/dev/null
    "$RDC" -q repo up bench --mount 2>/dev/null
    for _ in $(seq 100); do curl -sf -o /dev/null -H 'Host: web-2816.example.com' "http://$IP/" && break; sleep 0.1; done
done
echo "   isolated:     ${on[*]} -> median $(median "${on[@]}")"
echo "   not isolated: ${off[*]} -> median $(median "${off[@]}")"
python3 -c "print(f'   overhead: {(1 - $(median "${on[@]}") / $(median "${off[@]}")) * 100:.1f} %')"

echo "3. rdc repo up --mount after down --unmount (seconds)"
t() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1; python3 -c "print(f'{($(date +%s%N) - $s) / 1e9:.2f}')"; }
for r in 1 2 3 4 5; do
    "$RDC" -q repo down bench --unmount 2>/dev/null
    up_on+=("$(t "$RDC" -q repo up bench --mount)")
    "$RDC" -q repo down bench --unmount 2>/dev/null
    up_off+=("$(t "$RDC" -q repo up bench --mount --no-isolation)")
done
echo "   with isolation:    ${up_on[*]} -> median $(median "${up_on[@]}") s"
echo "   --no-isolation:    ${up_off[*]} -> median $(median "${up_off[@]}") s"
