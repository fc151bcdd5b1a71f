#!/usr/bin/env bash
# Backups: full vs incremental, to a storage (rclone `local`, a directory on the same disk) and
# to a second machine (relayed by the laptop), side by side in one run. A 2 GB repository
# (--no-encrypt: LUKS needs device-mapper), 1.5 GB of data written into it, running; then per
# round: change 50 MB inside, push (incremental). Reported: bytes moved and seconds of the full
# push and of each incremental one (median of 3), and their ratio. A loopback sshd plays both
# servers (two prefixes, two btrfs datastores), as in scripts/demo. Usage, as root:
#   bash scripts/bench/backup.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
RDC=$PWD/target/release/rdc
B=$(mktemp -d /tmp/rdcb-XXXX)
IP=127.0.0.91
export RDC_CONFIG=$B/config.toml
cleanup() {
    "$RDC" repo down bench --unmount >/dev/null 2>&1 || true
    for p in $(ls "$B"/server2/var/run/rediacc/*.pid 2>/dev/null); do kill "$(cat "$p")" 2>/dev/null || true; done
    [ -f "$B/sshd.pid" ] && kill "$(cat "$B/sshd.pid")" 2>/dev/null || true
    for p in $(ls "$B"/server/var/run/rediacc/*.pid 2>/dev/null); do kill "$(cat "$p")" 2>/dev/null || true; done
    sleep 1
    { grep -o " $B/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$B"
}
trap cleanup EXIT

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
# The datastore: an 8 GB sparse btrfs.
mkdir -p "$B/server/mnt/rediacc" "$B/store" "$B/src"
truncate -s 8G "$B/ds.img"
mkfs.btrfs -q "$B/ds.img" >/dev/null
mount -o loop "$B/ds.img" "$B/server/mnt/rediacc"
"$RDC" -q context storage add loc --type local --path "$B/store"
# The second machine: same sshd, its own prefix, route server address and btrfs datastore.
"$RDC" -q context add-machine m2 --ip 127.0.0.1 --port "$PORT" --user root --prefix "$B/server2" --service-manager none
"$RDC" -q context scan-keys m2 >/dev/null
"$RDC" -q context set-infra m2 --public-ipv4 127.0.0.92 --base-domain example.org --route-listen "127.0.0.92:7111" --admin-listen "127.0.0.92:7112"
mkdir -p "$B/server2/usr/local/bin" "$B/server2/mnt/rediacc"
ln -s "$PWD/.tools/venv/bin/traefik" "$B/server2/usr/local/bin/traefik"
"$RDC" -q context push-infra m2 --yes >/dev/null
truncate -s 8G "$B/ds2.img"
mkfs.btrfs -q "$B/ds2.img" >/dev/null
mount -o loop "$B/ds2.img" "$B/server2/mnt/rediacc"
printf 'up() { :; }\ndown() { :; }\n' >"$B/src/Rediaccfile"
"$RDC" -q repo create bench -m m --size 2G --no-encrypt --from "$B/src" 2>/dev/null
"$RDC" -q repo up bench --mount 2>/dev/null
MNT=$("$RDC" repo status bench -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["mount"])')
for i in $(seq 1 15); do head -c 100M /dev/urandom >"$MNT/data$i.bin"; done
sync

push() { # tag where -> "bytes seconds"
    "$RDC" repo push bench $2 --tag "$1" -o json 2>/dev/null |
        python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["entry"]["bytes"], j["seconds"])'
}
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
report() { # label full_bytes full_s inc_bytes inc_s
    python3 - "$@" <<'EOF'
import sys
label = sys.argv[1]
fb, fs, ib, is_ = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
print(f"{label}")
print(f"  full:        {fb/1e6:8.1f} MB in {fs:6.2f} s")
print(f"  incremental: {ib/1e6:8.1f} MB in {is_:6.2f} s  (median of 3, 50 MB changed each)")
print(f"  bytes moved / change: {ib/(50*1048576):.2f}x   time incremental / full: {is_/fs:.3f}")
EOF
}
# Per round, the same 50 MB change goes to the storage and to m2, one after the other.
read -r FB FS < <(push full "--to loc")
read -r MFB MFS < <(push mfull "--to-machine m2")
INC_B=(); INC_S=(); MINC_B=(); MINC_S=()
for r in 1 2 3; do
    head -c 50M /dev/urandom >"$MNT/change$r.bin"
    sync
    read -r b s < <(push "inc$r" "--to loc")
    INC_B+=("$b"); INC_S+=("$s")
    read -r b s < <(push "minc$r" "--to-machine m2")
    MINC_B+=("$b"); MINC_S+=("$s")
done
report "to a storage (rclone local):" "$FB" "$FS" "$(median "${INC_B[@]}")" "$(median "${INC_S[@]}")"
report "to a second machine (relayed by the laptop over SSH):" "$MFB" "$MFS" "$(median "${MINC_B[@]}")" "$(median "${MINC_S[@]}")"
