//! A repository is a network of its own: its containers run under a cgroup of the repository
//! (and of their service slot), to which rdc attaches socket-address programs that rewrite
//! wildcard and localhost binds and connects to the service's own loopback address and refuse
//! every other loopback address (docs/isolation.md). Server side only.
//!
//! `insn` (the instruction builder), `programs` (the programs, pure), `bpf` (the syscalls),
//! `cgroup` (where the cgroups are). This file: what `repo up`, `rdc compose`, `repo down` and
//! the status commands ask: can this host isolate, make a repository's or a slot's cgroup with
//! its programs (repairing what is missing), is it on, remove it.

pub(crate) mod bpf;
pub(crate) mod cgroup;
pub(crate) mod insn;
pub(crate) mod programs;

use std::net::Ipv4Addr;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::contract::NetworkId;
pub(crate) use cgroup::Layout;
use programs::{Hook, Policy};

pub use crate::contract::host::Isolation as State;

/// The variables `rdc repo up` gives Rediaccfile hooks, which `rdc compose` reads to put each
/// service in its slot's cgroup: the cgroup v2 mount, the repository's cgroup name, the
/// allowlist.
pub(crate) const ROOT_VAR: &str = "RDC_CGROUP_ROOT";
pub(crate) const NAME_VAR: &str = "RDC_CGROUP_NAME";
pub(crate) const ALLOW_VAR: &str = "RDC_LOOPBACK_ALLOW";

/// The cgroup v2 hierarchy (`root` when the operator named one), or why this host cannot
/// isolate repositories.
pub fn support(root: Option<&Path>) -> std::result::Result<PathBuf, String> {
    let v2 = match root {
        Some(r) => r.to_path_buf(),
        None => cgroup::v2_mount().ok_or_else(|| {
            "no cgroup v2 hierarchy is mounted (kernel ≥ 6.1 with cgroup v2, alone or beside v1, is needed)".to_string()
        })?,
    };
    support_at(&v2)?;
    Ok(v2)
}

/// Whether socket-address programs can be loaded and attached under `v2`.
fn support_at(v2: &Path) -> std::result::Result<(), String> {
    let probe = Policy {
        own: Ipv4Addr::new(127, 0, 11, 2),
        net: Ipv4Addr::new(127, 0, 11, 0),
        allow: Vec::new(),
    };
    let _prog = new_map()
        .and_then(|map| load(Hook::Connect4, &probe, &map))
        .map_err(|e| {
        format!("the kernel does not load cgroup socket-address programs: {e:#} (kernel ≥ 6.1 with CONFIG_CGROUP_BPF, and root, are needed)")
    })?;
    let fd = open_dir(v2).map_err(|e| format!("cannot open {}: {e}", v2.display()))?;
    bpf::query(&fd, Hook::Connect4.attach_type()).map_err(|e| {
        format!(
            "{} does not accept BPF programs ({e}); is it a cgroup v2 mount?",
            v2.display()
        )
    })?;
    Ok(())
}

fn load(hook: Hook, p: &Policy, map: &OwnedFd) -> Result<OwnedFd> {
    use std::os::fd::AsRawFd;
    bpf::load(
        hook.name(),
        hook.attach_type(),
        &insn::bytes(&hook.program(p, map.as_raw_fd())),
    )
}

/// The map of one cgroup's rewrites (programs::MAP_KEY); its programs keep it alive.
fn new_map() -> Result<OwnedFd> {
    bpf::lru_map(
        "rdc_rewrites",
        programs::MAP_KEY,
        programs::MAP_VALUE,
        programs::MAP_ENTRIES,
    )
}

fn open_dir(p: &Path) -> std::io::Result<OwnedFd> {
    use std::os::unix::fs::OpenOptionsExt;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY)
        .open(p)?;
    Ok(f.into())
}

/// The policy of repository `id` for `slot` (None: the repository's own cgroup, whose wildcard
/// address is the /26's base + 1, which no service slot uses).
pub(crate) fn policy(id: NetworkId, slot: Option<u8>, allow: &[Ipv4Addr]) -> Policy {
    let base = id.base();
    Policy {
        own: match slot {
            Some(s) => id.slot_ip(u32::from(s)),
            None => Ipv4Addr::from(u32::from(base) + 1),
        },
        net: base,
        allow: allow.to_vec(),
    }
}

/// Make `dir` a cgroup with the programs of `policy`, before any process runs in it. On a
/// cgroup that has them already, programs of an older policy are replaced (the new one is
/// attached first: there is no moment without one).
pub(crate) fn ensure(dir: &Path, policy: &Policy) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the cgroup {}", dir.display()))?;
    let cg = open_dir(dir).with_context(|| format!("opening the cgroup {}", dir.display()))?;
    let map = new_map()?;
    for hook in Hook::ALL {
        let t = hook.attach_type();
        let before = bpf::query(&cg, t)
            .with_context(|| format!("listing the programs of {}", dir.display()))?;
        let ours: Vec<(u32, OwnedFd)> = before
            .iter()
            .filter_map(|id| bpf::by_id(*id).ok().map(|(fd, name)| (*id, fd, name)))
            .filter(|(_, _, name)| name == hook.name())
            .map(|(id, fd, _)| (id, fd))
            .collect();
        let prog = load(hook, policy, &map)?;
        bpf::attach(&cg, &prog, t).with_context(|| {
            format!("attaching {} to the cgroup {}", hook.name(), dir.display())
        })?;
        for (_, old) in ours {
            let _ = bpf::detach(&cg, &old, t);
        }
    }
    Ok(())
}

/// Whether every program is attached to `dir`.
pub(crate) fn attached(dir: &Path) -> std::result::Result<(), String> {
    let cg = open_dir(dir).map_err(|e| format!("no cgroup {} ({e})", dir.display()))?;
    let mut missing = Vec::new();
    for hook in Hook::ALL {
        let names: Vec<String> = bpf::query(&cg, hook.attach_type())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|id| bpf::by_id(id).ok().map(|(_, n)| n))
            .collect();
        if !names.iter().any(|n| n == hook.name()) {
            missing.push(hook.name());
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} not attached to {}",
            missing.join(", "),
            dir.display()
        ))
    }
}

/// Loopback resolvers of this server (`nameserver 127.x.y.z` in /etc/resolv.conf): reachable
/// from every repository, so that name resolution keeps working.
pub fn resolvers(resolv_conf: &str) -> Vec<Ipv4Addr> {
    resolv_conf
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            (w.next()? == "nameserver").then_some(())?;
            w.next()?.parse::<Ipv4Addr>().ok()
        })
        .filter(|ip| ip.is_loopback())
        .collect()
}

/// The allowlist of loopback destinations outside a repository: the server's loopback
/// resolvers and what the operator added (`router.toml`'s `loopback_allow`).
pub fn allowlist(extra: &[Ipv4Addr]) -> Vec<Ipv4Addr> {
    let mut v = resolvers(&std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default());
    v.extend_from_slice(extra);
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_resolvers_are_read_from_resolv_conf() {
        let conf = "# comment\nnameserver 127.0.0.53\nnameserver 10.0.0.1\nnameserver ::1\noptions edns0\nnameserver 127.0.0.11\n";
        assert_eq!(
            resolvers(conf),
            vec![Ipv4Addr::new(127, 0, 0, 53), Ipv4Addr::new(127, 0, 0, 11)]
        );
    }

    #[test]
    fn a_repository_cgroup_owns_base_plus_one_and_a_slot_its_address() {
        let id = NetworkId::new(2880).unwrap();
        assert_eq!(policy(id, None, &[]).own, Ipv4Addr::new(127, 0, 11, 65));
        assert_eq!(policy(id, Some(0), &[]).own, Ipv4Addr::new(127, 0, 11, 66));
        assert_eq!(policy(id, Some(3), &[]).net, Ipv4Addr::new(127, 0, 11, 64));
    }

    /// The real verifier, on every program (root only: loading needs CAP_BPF; CI runs as root).
    #[test]
    fn every_program_passes_the_kernels_verifier() {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("skipped: loading BPF programs needs root");
            return;
        }
        let p = policy(
            NetworkId::new(2880).unwrap(),
            Some(1),
            &[Ipv4Addr::new(127, 0, 0, 53)],
        );
        let map = new_map().expect("an LRU hash map");
        for hook in Hook::ALL {
            if let Err(e) = load(hook, &p, &map) {
                panic!("{hook:?}: {e:#}");
            }
        }
    }

    #[test]
    fn states_read_as_operators_expect() {
        assert_eq!(State::on().to_string(), "on");
        assert_eq!(
            State::off("--no-isolation").to_string(),
            "off (--no-isolation)"
        );
    }
}
