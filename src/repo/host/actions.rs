//! The actions a client asks for (`rdc host repo up|down|restart|sync`): each takes the
//! repository from one state to the next (mount, daemon, isolation, Rediaccfile hooks) and
//! answers its [`Status`].

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::Result;

use super::image::{mount, umount};
use super::layout::{Layout, say, stop_timeout, write_files};
use super::mounts::is_mounted;
use super::rediaccfile::{self, Ran};
use super::status::status;
use super::{daemon, isolate, look, routes, space};
use crate::compose::slots::Slots;
use crate::contract::host::{Job, Status};
use crate::error::{remote, usage};

/// The environment of a Rediaccfile.
fn env(job: &Job, l: &Layout, slots: &Slots) -> Vec<(String, String)> {
    let mut v = vec![
        ("REPOSITORY_PATH".to_string(), l.mount.display().to_string()),
        ("REPOSITORY_NAME".to_string(), job.name.clone()),
        ("REPOSITORY_GUID".to_string(), job.guid.clone()),
        (
            "REPOSITORY_NETWORK_ID".to_string(),
            job.network_id.to_string(),
        ),
        (
            "DOCKER_HOST".to_string(),
            format!("unix://{}", l.socket.display()),
        ),
    ];
    v.extend(slots.env(job.network_id));
    // `rdc compose` inside Rediaccfiles is this very binary.
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        let path = std::env::var("PATH").unwrap_or_default();
        v.push(("PATH".into(), format!("{}:{path}", dir.display())));
    }
    v
}

/// `.rediacc.json`: every service of the compose files next to a Rediaccfile gets a slot.
fn refresh_slots(l: &Layout, files: &[rediaccfile::Rediaccfile]) -> Result<Slots> {
    let mut names = BTreeSet::new();
    for rf in files {
        names.extend(crate::compose::declared_services(&rf.dir)?);
    }
    let mut slots = Slots::load(&l.mount)?;
    let added = slots.refresh(&names)?;
    if !added.is_empty() {
        say(format!("new service slots: {}", added.join(", ")));
    }
    slots.save(&l.mount)?;
    Ok(slots)
}

/// How long `up` watches what it started: a service that exits (or keeps restarting) within it
/// fails the command.
const SETTLE: Duration = Duration::from_secs(1);

pub(crate) fn up(job: &Job) -> Result<Status> {
    let l = Layout::of(job);
    // Refused before anything is mounted or started.
    let v2 = if job.no_isolation {
        None
    } else {
        Some(isolate::require(job)?)
    };
    if !is_mounted(&l.mount) {
        if !job.mount {
            return Err(usage(format!(
                "repository {} is not mounted on this server; mount it with: rdc repo up {} --mount",
                job.name, job.name
            )));
        }
        mount(job, &l)?;
    }
    if !l.meta.exists() {
        super::layout::write_meta(job, &l)?;
    }
    // A filesystem gone read-only (a full datastore) would take writes and lose them: nothing
    // runs on it.
    if let Some(why) = space::problem(&l.mount) {
        return Err(remote(format!(
            "repository {}: its filesystem {}; nothing was started",
            job.name,
            why.replace("NAME", &job.name)
        )));
    }
    let files = rediaccfile::find(&l.mount, &mut |m| say(m))?;
    let slots = refresh_slots(&l, &files)?;
    // The cgroups and their programs before the daemon: no container runs unisolated.
    let known: Vec<u32> = slots.services.values().map(|s| s.slot).collect();
    let iso = isolate::up(job, &l, &known, v2)?;
    daemon::start(job, &l, iso.as_ref().map(|i| &i.cg))?;
    let mut env = env(job, &l, &slots);
    env.extend(isolate::env(iso.as_ref()));
    for rf in &files {
        say(format!("prep() in {}", rf.label));
        if let Ran::Failed(c) = rediaccfile::call(rf, "prep", &env, None)? {
            return Err(remote(format!(
                "prep() in {} failed (exit {c}); nothing was started",
                rf.label
            )));
        }
    }
    let mut failed = Vec::new();
    // What up() starts from here on is watched for a second: a service that dies at start fails
    // the command instead of being counted as up.
    let since = std::time::SystemTime::now();
    for rf in &files {
        say(format!("up() in {}", rf.label));
        match rediaccfile::call(rf, "up", &env, None)? {
            Ran::Failed(c) if rf.label == "." => {
                return Err(remote(format!(
                    "up() in the repository root failed (exit {c})"
                )));
            }
            Ran::Failed(c) => {
                say(format!(
                    "up() in {} failed (exit {c}); continuing with the others",
                    rf.label
                ));
                failed.push(format!("up() in {} (exit {c})", rf.label));
            }
            _ => {}
        }
    }
    let dead = daemon::failed_at_start(&l.socket, since, SETTLE);
    if !dead.is_empty() {
        let what: Vec<String> = dead
            .iter()
            .map(|f| {
                let tail = if f.tail.is_empty() {
                    "no log lines".to_string()
                } else {
                    format!("last log lines: {}", f.tail.join(" | "))
                };
                format!("service {} {} ({tail})", f.service, f.how)
            })
            .collect();
        return Err(remote(format!(
            "repository {} is up, but {} failed at start: {}; see them with: rdc repo logs {} SERVICE",
            job.name,
            if dead.len() == 1 {
                "a service".to_string()
            } else {
                format!("{} services", dead.len())
            },
            what.join("; "),
            job.name
        )));
    }
    let mut st = status(job, failed)?;
    // What the route server makes of the labels: every route it leaves out, with the reason.
    let ids = daemon::running_ids(&l.socket);
    if let Some(skipped) =
        routes::skipped_for(&job.prefix, job.network_id, &ids, Duration::from_secs(3))
    {
        st.skipped_routes = skipped;
    }
    Ok(st)
}

pub(crate) fn down(job: &Job) -> Result<Status> {
    let l = Layout::of(job);
    let limit = stop_timeout(job);
    let mut failed = Vec::new();
    if is_mounted(&l.mount) && daemon::ping(&l.socket) {
        let files = rediaccfile::find(&l.mount, &mut |m| say(m))?;
        let slots = Slots::load(&l.mount)?;
        let env = env(job, &l, &slots);
        for rf in files.iter().rev() {
            say(format!("down() in {}", rf.label));
            match rediaccfile::call(rf, "down", &env, Some(limit))? {
                Ran::Failed(c) => {
                    say(format!(
                        "down() in {} failed (exit {c}); continuing",
                        rf.label
                    ));
                    failed.push(format!("down() in {} (exit {c})", rf.label));
                }
                Ran::TimedOut => {
                    say(format!(
                        "down() in {} did not finish within {}s; stopped it, continuing",
                        rf.label,
                        limit.as_secs()
                    ));
                    failed.push(format!("down() in {} (timed out)", rf.label));
                }
                _ => {}
            }
        }
    }
    let mut lost = None;
    if job.unmount {
        daemon::stop(&l, limit)?;
        daemon::unmount_exec_root(&l);
        isolate::remove(job);
        // Flushed and checked before the unmount, which would not report a lost write.
        if is_mounted(&l.mount) {
            lost = space::flush(&l.mount)
                .err()
                .or_else(|| space::problem(&l.mount));
        }
        umount(job, &l)?;
    }
    let mut st = status(job, failed)?;
    if let Some(why) = lost {
        st.filesystem = Some(why.replace("NAME", &job.name));
    }
    Ok(st)
}

/// Recreate `job.service` (every service when None) with `rdc compose -- up -d
/// --force-recreate`, in the directories whose compose files declare it, with the environment
/// of the Rediaccfiles.
pub(crate) fn restart(job: &Job) -> Result<Status> {
    let l = Layout::of(job);
    if !is_mounted(&l.mount) || !daemon::ping(&l.socket) {
        return Err(usage(format!(
            "repository {} is not running on this server; start it with: rdc repo up {} --mount",
            job.name, job.name
        )));
    }
    let dirs = look::dirs_of(&l.mount, job.service.as_deref())?;
    if dirs.is_empty() {
        return Err(crate::error::not_found(match &job.service {
            Some(s) => format!(
                "no compose file of repository {} declares a service {s}",
                job.name
            ),
            None => format!(
                "repository {} has no compose project next to a Rediaccfile",
                job.name
            ),
        }));
    }
    let slots = Slots::load(&l.mount)?;
    let env = env(job, &l, &slots);
    let exe = std::env::current_exe()?;
    let mut failed = Vec::new();
    for d in dirs {
        say(format!(
            "recreating {} in {}",
            job.service.as_deref().unwrap_or("every service"),
            d.display()
        ));
        let mut c = std::process::Command::new(&exe);
        c.args(["compose", "--", "up", "-d", "--force-recreate"]);
        if let Some(s) = &job.service {
            c.args(["--no-deps", s]);
        }
        use std::os::fd::AsFd;
        let out = std::io::stderr().as_fd().try_clone_to_owned()?;
        let st = c
            .current_dir(&d)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::from(out))
            .status()?;
        if !st.success() {
            failed.push(format!("recreating in {} ({st})", d.display()));
        }
    }
    status(job, failed)
}

pub(crate) fn sync(job: &Job) -> Result<Status> {
    let l = Layout::of(job);
    if !is_mounted(&l.mount) {
        return Err(usage(format!(
            "repository {} is not mounted; mount it first with: rdc repo up {} --mount",
            job.name, job.name
        )));
    }
    write_files(&l.mount, &job.files)?;
    status(job, Vec::new())
}
