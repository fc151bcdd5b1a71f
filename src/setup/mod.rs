//! `rdc context setup-machine`: prepare a Debian/Ubuntu server for rdc over SSH, idempotently.
//! A probe script reports what is there (one round trip, reads only); `plan` turns it into a
//! checklist; applying installs the missing packages with apt-get, creates the datastore (a
//! directory, or a btrfs loop image mounted on it and added to fstab), then probes again so the
//! checklist shown at the end is what the machine has now. A second run finds nothing to do.

pub(crate) mod plan;
pub(crate) mod stage;

use anyhow::Result;

use crate::context::Machine;
use crate::contract::paths::ServerPaths;
use crate::error::remote;
use crate::progress::{Event, Progress};
use crate::ssh::Remote;
use plan::{Fix, Item, Probe, Size, Where};

const PROBE: &str = r#"ds=$1; img=$2
if [ -r /etc/os-release ]; then . /etc/os-release; fi
echo "os_id=${ID:-unknown}"; echo "os_version=${VERSION_ID:-}"; echo "os_like=${ID_LIKE:-}"
command -v apt-get >/dev/null 2>&1 && echo apt=yes
for c in dockerd docker-compose mkfs.btrfs cryptsetup rclone; do command -v "$c" >/dev/null 2>&1 && echo "cmd.$c=yes"; done
docker compose version >/dev/null 2>&1 && echo compose_plugin=yes
if mountpoint -q "$ds" 2>/dev/null; then echo datastore=mounted
elif [ -d "$ds" ]; then echo datastore=dir; if [ -z "$(ls -A "$ds" 2>/dev/null)" ]; then echo datastore_empty=yes; else echo datastore_empty=no; fi
elif [ -e "$ds" ] || [ -L "$ds" ]; then echo datastore=other
else echo datastore=missing; fi
grep -qw btrfs /proc/filesystems 2>/dev/null && echo fs.btrfs=yes
[ -e "/lib/modules/$(uname -r)/kernel/fs/btrfs" ] && echo fs.btrfs_module=yes
[ -e /dev/mapper/control ] && echo dm=yes
[ -e /proc/net/if_inet6 ] && [ "$(cat /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null)" != 1 ] && echo ipv6=yes
[ -d /run/systemd/system ] && echo systemd=yes
echo "kernel=$(uname -r)"
if command -v ip >/dev/null 2>&1; then
  echo "local=$( { ip -o -4 route show table local; ip -o -6 route show table local; } 2>/dev/null | awk '$1=="local"{printf "%s ", $2}')"
fi
awk '$3 == "cgroup2" {print "cgroup2=" $2; exit}' /proc/mounts 2>/dev/null
cfg=/boot/config-$(uname -r)
if [ -r "$cfg" ]; then grep -q '^CONFIG_CGROUP_BPF=y' "$cfg" && echo cgroup_bpf=yes || echo cgroup_bpf=no
elif [ -r /proc/config.gz ]; then zcat /proc/config.gz 2>/dev/null | grep -q '^CONFIG_CGROUP_BPF=y' && echo cgroup_bpf=yes || echo cgroup_bpf=no; fi
d=$(dirname "$img"); while [ ! -d "$d" ]; do d=$(dirname "$d"); done
df -Pk "$d" | awk 'NR==2 {print "free_kb=" $4}'
exit 0"#;

/// The datastore as the machine's paths put it (`<prefix><datastore>`) and its loop image.
fn locations(m: &Machine) -> (String, String) {
    let paths = ServerPaths::new(&m.prefix);
    (
        format!("{}{}", m.prefix.trim_end_matches('/'), m.datastore),
        paths.at("/var/lib/rediacc/datastore.img"),
    )
}

/// A machine probed and planned, its connection open.
pub(crate) struct Prepared {
    r: Remote,
    /// The server's lock (`ssh::lock`), held from the probe to the last fix; none for a dry run.
    lock: Option<crate::ssh::lock::ServerLock>,
    pub machine: String,
    pub items: Vec<Item>,
    datastore: String,
    image: String,
    fstab: String,
    size: Option<Size>,
}

async fn probe(r: &Remote, ds: &str, img: &str) -> Result<Probe> {
    let o = r.sh(PROBE, &[ds, img], None).await?;
    if !o.ok() {
        return Err(remote(format!(
            "probing {} failed: {}",
            r.name,
            o.stderr_str()
        )));
    }
    Ok(Probe::parse(&o.stdout_str()))
}

/// Connect, probe, plan. Changes nothing. `lock`: take the server's lock, waiting for another
/// holder (`Some(true)`) or failing at once (`Some(false)`); a dry run takes none.
pub(crate) async fn prepare(
    name: &str,
    m: &Machine,
    ssh_key: Option<&std::path::Path>,
    size: Option<Size>,
    lock: Option<bool>,
    p: &dyn Progress,
) -> Result<Prepared> {
    p.begin(&format!(
        "connecting to {name} ({}@{}:{})",
        m.user, m.ip, m.port
    ));
    let r = Remote::connect(name, m, ssh_key).await;
    p.end();
    prepare_on(r?, m, size, lock, p).await
}

/// [`prepare`] over a connection already open (the SSH fake in unit tests).
pub(crate) async fn prepare_on(
    r: Remote,
    m: &Machine,
    size: Option<Size>,
    lock: Option<bool>,
    p: &dyn Progress,
) -> Result<Prepared> {
    let name = r.name.clone();
    let name = name.as_str();
    let lock = match lock {
        None => None,
        Some(wait) => {
            let path = ServerPaths::new(&m.prefix).server_lock();
            match r.lock(&path, "setup-machine", wait, p).await {
                Ok(l) => Some(l),
                Err(e) => {
                    r.close().await;
                    return Err(e);
                }
            }
        }
    };
    let (datastore, image) = locations(m);
    p.begin(&format!("checking {name}"));
    let found = probe(&r, &datastore, &image).await;
    p.end();
    // Traefik will bind the machine's public address (or --bind-ipv4/6): said now when it
    // cannot, with the flag to set (push-infra refuses it).
    if let (Ok(pr), Some(infra)) = (&found, m.infra.as_ref())
        && let Some(local) = pr.local()
        && let Err(e) = crate::infra::binds::check(name, infra, &local)
    {
        p.warn(&format!("{e:#}"));
    }
    let items = match found.and_then(|pr| {
        plan::checklist(
            name,
            &pr,
            &Where {
                datastore: &datastore,
                image: &image,
            },
            size,
        )
    }) {
        Ok(i) => i,
        Err(e) => {
            if let Some(l) = lock {
                l.release().await;
            }
            r.close().await;
            return Err(e);
        }
    };
    Ok(Prepared {
        r,
        lock,
        machine: name.to_string(),
        items,
        datastore,
        image,
        fstab: ServerPaths::new(&m.prefix).at("/etc/fstab"),
        size,
    })
}

/// The checklist as text.
pub(crate) fn text(machine: &str, items: &[Item]) -> String {
    let mut s = format!("Checklist for {machine}:\n");
    for i in items {
        s.push_str(&format!("  {:10} {:14} {}\n", i.state, i.what, i.detail));
    }
    s
}

impl Prepared {
    pub(crate) fn changes(&self) -> bool {
        self.items.iter().any(|i| i.fix.is_some())
    }

    /// Apply every fix, probe again, close. Returns what was done and the new checklist.
    pub(crate) async fn apply(self, p: &dyn Progress) -> Result<(Vec<String>, Vec<Item>)> {
        let res = self.fixes(p).await;
        let done = match res {
            Ok(d) => d,
            Err(e) => {
                self.close().await;
                return Err(e);
            }
        };
        let again = probe(&self.r, &self.datastore, &self.image)
            .await
            .and_then(|pr| {
                plan::checklist(
                    &self.machine,
                    &pr,
                    &Where {
                        datastore: &self.datastore,
                        image: &self.image,
                    },
                    self.size,
                )
            });
        self.close().await;
        Ok((done, again?))
    }

    /// Free the server's lock and close the connection.
    pub(crate) async fn close(mut self) {
        if let Some(l) = self.lock.take() {
            l.release().await;
        }
        self.r.close().await;
    }

    async fn fixes(&self, p: &dyn Progress) -> Result<Vec<String>> {
        let fixes: Vec<&Fix> = self.items.iter().filter_map(|i| i.fix.as_ref()).collect();
        let mut done = Vec::new();
        for (n, f) in fixes.iter().enumerate() {
            let step = |what: &str| {
                p.event(Event::Step {
                    done: n as u64,
                    total: fixes.len() as u64,
                    what: what.to_string(),
                })
            };
            match f {
                Fix::Install { packages } => {
                    let what = format!("apt-get install {}", packages.join(" "));
                    step(&what);
                    let mut args: Vec<&str> = vec![];
                    args.extend(packages.iter().map(String::as_str));
                    let o = self
                        .r
                        .sh(
                            "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends \"$@\"",
                            &args,
                            None,
                        )
                        .await?;
                    if !o.ok() {
                        return Err(remote(format!(
                            "{what} failed on {}: {}",
                            self.machine,
                            last_lines(&o.stderr_str())
                        )));
                    }
                    done.push(format!("installed {}", packages.join(", ")));
                }
                Fix::CreateDir { path } => {
                    step(&format!("creating {path}"));
                    self.r
                        .check(&format!("creating {path}"), &["mkdir", "-p", "--", path])
                        .await?;
                    done.push(format!("created {path}"));
                }
                Fix::LoopImage {
                    image,
                    mount,
                    bytes,
                } => {
                    step(&format!("creating the datastore image {image}"));
                    let size = bytes.to_string();
                    // Made whole or not at all: a failure removes the image it created.
                    let o = self
                        .r
                        .sh(
                            r#"img=$1; ds=$2; size=$3; fstab=$4
set -e
[ ! -e "$img" ] || { echo "$img already exists; remove it or mount it on $ds yourself" >&2; exit 1; }
mkdir -p "$(dirname "$img")" "$ds" "$(dirname "$fstab")"
trap 'umount "$ds" 2>/dev/null || true; rm -f "$img"' EXIT
truncate -s "$size" "$img"
chmod 600 "$img"
mkfs.btrfs -q "$img" >/dev/null
mount -o loop "$img" "$ds"
grep -qsF "$img $ds " "$fstab" || printf '%s %s btrfs loop,nofail 0 0\n' "$img" "$ds" >> "$fstab"
trap - EXIT"#,
                            &[image, mount, &size, &self.fstab],
                            None,
                        )
                        .await?;
                    if !o.ok() {
                        return Err(remote(format!(
                            "creating the datastore image on {} failed (nothing was kept): {}",
                            self.machine,
                            last_lines(&o.stderr_str())
                        )));
                    }
                    done.push(format!(
                        "created a {} btrfs datastore at {mount}",
                        plan::human(*bytes)
                    ));
                }
            }
        }
        p.end();
        Ok(done)
    }
}

fn last_lines(s: &str) -> String {
    let v: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    v[v.len().saturating_sub(3)..].join(" | ")
}

#[cfg(test)]
mod tests;
