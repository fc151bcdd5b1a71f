//! A repository's isolation on the server (`crate::isolation`): made at `repo up` before its
//! daemon starts (so no container ever runs unisolated), repaired by every `up`, checked by
//! `status`, removed by `down --unmount` and `delete`. An operator's `--no-isolation` is kept
//! next to the image (`<guid>.isolation`), outside anything a container can write, and shown by
//! every status.

use std::net::Ipv4Addr;
use std::path::Path;

use anyhow::Result;

use super::{Layout, say};
use crate::contract::host::Job;
use crate::contract::paths::ServerPaths;
use crate::contract::router::RouterConfig;
use crate::error::remote;
use crate::isolation::{self, State};

use crate::isolation::{ALLOW_VAR, NAME_VAR, ROOT_VAR};

/// The machine's settings (router.toml), defaults when there is none.
fn machine(prefix: &str) -> RouterConfig {
    let path = ServerPaths::new(prefix).router_toml();
    std::fs::read_to_string(Path::new(&path))
        .ok()
        .and_then(|t| RouterConfig::parse(&t).ok())
        .unwrap_or_default()
}

/// Loopback destinations the operator allowed on this machine (router.toml's `loopback_allow`),
/// besides the server's loopback resolvers.
fn allowed(prefix: &str) -> Vec<Ipv4Addr> {
    isolation::allowlist(&machine(prefix).loopback_allow)
}

/// The cgroup v2 hierarchy of this machine, or why it cannot isolate.
pub(crate) fn support(prefix: &str) -> std::result::Result<std::path::PathBuf, String> {
    isolation::support(machine(prefix).cgroup_root.as_deref())
}

/// The cgroup v2 hierarchy, or the refusal `repo up` gives on a host that cannot isolate
/// (checked before anything is mounted or started).
pub(crate) fn require(job: &Job) -> Result<std::path::PathBuf> {
    support(&job.prefix).map_err(|why| {
        remote(format!(
            "this server cannot isolate repositories: {why}; fix the kernel (see: rdc context setup-machine {m}), or start it without isolation, knowingly: rdc repo up {n} --no-isolation",
            m = if job.machine.is_empty() { "MACHINE" } else { &job.machine },
            n = job.name
        ))
    })
}

/// A repository isolated by `up`: its cgroups and the allowlist its programs carry.
pub(crate) struct Isolated {
    pub(crate) cg: isolation::Layout,
    allow: Vec<Ipv4Addr>,
}

/// Before the daemon starts: the repository's cgroup and programs (and those of the slots it
/// already has) under `v2` (what [`require`] found), or, without it, the operator's recorded
/// choice not to isolate.
pub(crate) fn up(
    job: &Job,
    l: &Layout,
    slots: &[u32],
    v2: Option<std::path::PathBuf>,
) -> Result<Option<Isolated>> {
    let Some(v2) = v2 else {
        std::fs::write(&l.isolation_off, "--no-isolation\n")?;
        say(
            "isolation is off for this repository (--no-isolation): its containers can reach every loopback address of this server",
        );
        return Ok(None);
    };
    let _ = std::fs::remove_file(&l.isolation_off);
    let cg = isolation::Layout::new(v2, &job.prefix, job.network_id);
    let allow = allowed(&job.prefix);
    isolation::ensure(&cg.repo(), &isolation::policy(job.network_id, None, &allow))?;
    for s in slots {
        let slot = u8::try_from(*s).map_err(|_| remote(format!("slot {s} out of range")))?;
        isolation::ensure(
            &cg.slot(slot),
            &isolation::policy(job.network_id, Some(slot), &allow),
        )?;
    }
    Ok(Some(Isolated { cg, allow }))
}

/// The variables of Rediaccfile hooks that tell `rdc compose` where the cgroups are.
pub(crate) fn env(iso: Option<&Isolated>) -> Vec<(String, String)> {
    let Some(Isolated { cg, allow }) = iso else {
        return Vec::new();
    };
    vec![
        (ROOT_VAR.into(), cg.v2.display().to_string()),
        (NAME_VAR.into(), cg.name.clone()),
        (
            ALLOW_VAR.into(),
            allow
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ),
    ]
}

/// Is the repository isolated now: its cgroup with every program, and its daemon parenting
/// containers there.
pub(crate) fn state(job: &Job, l: &Layout) -> State {
    if l.isolation_off.exists() {
        return State::off("--no-isolation");
    }
    let v2 = match support(&job.prefix) {
        Ok(v2) => v2,
        Err(why) => return State::off(why),
    };
    let cg = isolation::Layout::new(v2, &job.prefix, job.network_id);
    if !cg.repo().is_dir() {
        return State::off("not up");
    }
    if let Err(why) = isolation::attached(&cg.repo()) {
        return State::off(format!("{why}; repair it with: rdc repo up {}", job.name));
    }
    if let Some(d) = super::daemon::daemon_proc(l)
        && !crate::procs::cmdline(d.pid)
            .is_some_and(|a| crate::procs::has_arg(&a, "--cgroup-parent", &cg.parent()))
    {
        return State::off(format!(
            "its Docker daemon was started without the repository's cgroup; restart it with: rdc repo down {n} --unmount, then: rdc repo up {n} --mount",
            n = job.name
        ));
    }
    State::on()
}

/// For `repo ps`: a test of whether a container (by id) runs under the repository's cgroup with
/// its programs; None when the repository is not isolated at all.
pub(crate) fn confinement(
    prefix: &str,
    id: crate::contract::NetworkId,
) -> Option<impl Fn(&str) -> bool> {
    let cg = isolation::Layout::new(support(prefix).ok()?, prefix, id);
    isolation::attached(&cg.repo()).ok()?;
    let repo = cg.repo();
    Some(move |container: &str| {
        !container.is_empty()
            && (repo.join(container).is_dir()
                || std::fs::read_dir(&repo)
                    .is_ok_and(|rd| rd.flatten().any(|e| e.path().join(container).is_dir())))
    })
}

/// Move this process into the repository's `term` cgroup (under the repository's programs) when
/// the repository is isolated; whether it did.
pub(crate) fn join_shell(prefix: &str, id: crate::contract::NetworkId) -> bool {
    let Ok(v2) = support(prefix) else {
        return false;
    };
    let cg = isolation::Layout::new(v2, prefix, id);
    if !cg.repo().is_dir() || isolation::attached(&cg.repo()).is_err() {
        return false;
    }
    let dir = cg.repo().join("term");
    std::fs::create_dir_all(&dir).is_ok()
        && std::fs::write(dir.join("cgroup.procs"), std::process::id().to_string()).is_ok()
}

/// After the daemon stopped: the repository's cgroups, in every hierarchy.
pub(crate) fn remove(job: &Job) {
    let Some(v2) = machine(&job.prefix)
        .cgroup_root
        .or_else(isolation::cgroup::v2_mount)
    else {
        return;
    };
    let cg = isolation::Layout::new(v2, &job.prefix, job.network_id);
    if let Err(e) = cg.remove() {
        say(format!(
            "{e}; it goes with the next rdc repo down --unmount"
        ));
    }
}
