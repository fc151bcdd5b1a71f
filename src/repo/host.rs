//! The server side of repositories (`rdc host repo create|up|down|status|sync`), driven by the
//! client over SSH with a [`Job`] on stdin (the credential travels there, never in argv).
//! Progress goes to stderr (streamed to the operator), the result as JSON to stdout.
//!
//! Layout under the machine's prefix and datastore:
//!   `<datastore>/repositories/<guid>.img`  the sparse image (btrfs; LUKS2 when encrypted)
//!   `<datastore>/mounts/<guid>`             where it is mounted (`REPOSITORY_PATH`)
//!   `<mount>/.rediacc/docker`                the repository daemon's data (inside the image)
//!   `/var/run/rediacc/docker-<id>.sock`      its socket (the route server watches these)
//!   `/var/run/rediacc/x-<id>`                its exec root, and `docker-<id>.pid`

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use crate::contract::host::{Job, JobFile, Status};
use anyhow::Result;
use base64::Engine;

use super::daemon;
use super::image::{mount, umount};
pub use super::mounts::is_mounted;
use super::rediaccfile::{self, Ran};
use crate::compose::slots::Slots;
use crate::error::{remote, usage};

/// Where everything of a repository is on the server.
#[derive(Debug, Clone)]
pub struct Layout {
    pub image: PathBuf,
    pub mount: PathBuf,
    pub socket: PathBuf,
    pub exec_root: PathBuf,
    pub pidfile: PathBuf,
    pub data_root: PathBuf,
    pub log: PathBuf,
    /// One operation at a time (`super::lock`).
    pub lock: PathBuf,
    /// Who the image belongs to (`ImageMeta`).
    pub meta: PathBuf,
    /// Present when the operator runs the repository without isolation (`--no-isolation`).
    pub isolation_off: PathBuf,
}

impl Layout {
    pub fn of(job: &Job) -> Layout {
        let p = job.prefix.trim_end_matches('/');
        let ds = PathBuf::from(format!("{p}{}", job.datastore));
        let run = PathBuf::from(format!("{p}/var/run/rediacc"));
        let mount = ds.join("mounts").join(&job.guid);
        Layout {
            image: ds.join("repositories").join(format!("{}.img", job.guid)),
            socket: run.join(format!("docker-{}.sock", job.network_id)),
            exec_root: run.join(format!("x-{}", job.network_id)),
            pidfile: run.join(format!("docker-{}.pid", job.network_id)),
            data_root: mount.join(".rediacc").join("docker"),
            log: mount.join(".rediacc").join("dockerd.log"),
            lock: ds.join("repositories").join(format!("{}.lock", job.guid)),
            meta: ds.join("repositories").join(format!("{}.json", job.guid)),
            isolation_off: ds
                .join("repositories")
                .join(format!("{}.isolation", job.guid)),
            mount,
        }
    }
}

/// Take the repository's lock for `action` (every action but `status`), waiting unless the
/// client asked for `--no-wait`.
pub fn lock(job: &Job, action: &str) -> Result<super::lock::Lock> {
    let wait = (!job.no_wait).then_some(super::lock::WAIT);
    super::lock::acquire(&Layout::of(job).lock, &job.name, action, wait, &|m| say(m))
}

/// Progress for the operator, on stderr (streamed over SSH). A closed connection must not end
/// the process half-way (the job cleans up after itself), so a failed write is ignored.
pub(crate) fn say(msg: impl AsRef<str>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{}", msg.as_ref());
}

/// Put `files` into the repository at `root`. Nothing is written through a symlink: a link on
/// the way is refused, a link at a file's name is replaced (`Beneath`).
pub(crate) fn write_files(root: &Path, files: &[JobFile]) -> Result<()> {
    let b = crate::contract::fs::Beneath::open(root)?;
    for f in files {
        let rel = Path::new(&f.path);
        let res = match &f.link {
            Some(target) => b.symlink(rel, target),
            None => {
                let data = base64::engine::general_purpose::STANDARD
                    .decode(&f.data)
                    .map_err(|e| usage(format!("{}: bad base64: {e}", f.path)))?;
                b.write(rel, &data, f.mode & 0o7777)
            }
        };
        res.map_err(|e| usage(format!("{}: {e:#}", f.path)))?;
    }
    say(format!("wrote {} file(s)", files.len()));
    Ok(())
}

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

pub fn up(job: &Job) -> Result<Status> {
    let l = Layout::of(job);
    // Refused before anything is mounted or started.
    let v2 = if job.no_isolation {
        None
    } else {
        Some(super::isolate::require(job)?)
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
        super::image::write_meta(job, &l)?;
    }
    // A filesystem gone read-only (a full datastore) would take writes and lose them: nothing
    // runs on it.
    if let Some(why) = super::space::problem(&l.mount) {
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
    let iso = super::isolate::up(job, &l, &known, v2)?;
    daemon::start(job, &l, iso.as_ref().map(|i| &i.cg))?;
    let mut env = env(job, &l, &slots);
    env.extend(super::isolate::env(iso.as_ref()));
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
    let mut st = status(job, failed)?;
    // What the route server makes of the labels: every route it leaves out, with the reason.
    let ids = daemon::running_ids(&l.socket);
    if let Some(skipped) =
        super::routes::skipped_for(&job.prefix, job.network_id, &ids, Duration::from_secs(3))
    {
        st.skipped_routes = skipped;
    }
    Ok(st)
}

/// The longest a `down()` hook, and then each container, gets to stop (`--timeout`).
pub fn stop_timeout(job: &Job) -> Duration {
    Duration::from_secs(job.timeout_secs.unwrap_or(DEFAULT_STOP_TIMEOUT))
}

/// `rdc repo down --timeout` when not given.
pub const DEFAULT_STOP_TIMEOUT: u64 = 60;

pub fn down(job: &Job) -> Result<Status> {
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
        super::isolate::remove(job);
        // Flushed and checked before the unmount, which would not report a lost write.
        if is_mounted(&l.mount) {
            lost = super::space::flush(&l.mount)
                .err()
                .or_else(|| super::space::problem(&l.mount));
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
pub fn restart(job: &Job) -> Result<Status> {
    let l = Layout::of(job);
    if !is_mounted(&l.mount) || !daemon::ping(&l.socket) {
        return Err(usage(format!(
            "repository {} is not running on this server; start it with: rdc repo up {} --mount",
            job.name, job.name
        )));
    }
    let dirs = super::look::dirs_of(&l.mount, job.service.as_deref())?;
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

pub fn sync(job: &Job) -> Result<Status> {
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

pub fn status(job: &Job, failed: Vec<String>) -> Result<Status> {
    use std::os::unix::fs::MetadataExt;
    let l = Layout::of(job);
    let meta = std::fs::metadata(&l.image).ok();
    let mounted = is_mounted(&l.mount);
    let daemon_running = daemon::ping(&l.socket);
    let services = if mounted {
        Slots::load(&l.mount)
            .map(|s| {
                s.services
                    .keys()
                    .map(|n| (n.clone(), s.ip(job.network_id, n).unwrap().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(Status {
        name: job.name.clone(),
        guid: job.guid.clone(),
        network_id: job.network_id,
        network: job.network_id.cidr(),
        encrypted: job.encrypted,
        image: l.image.display().to_string(),
        image_exists: meta.is_some(),
        image_used_bytes: meta.as_ref().map(|m| m.blocks() * 512).unwrap_or(0),
        image_size_bytes: meta.as_ref().map(|m| m.len()).unwrap_or(0),
        mounted,
        mount: l.mount.display().to_string(),
        daemon_running,
        socket: l.socket.display().to_string(),
        containers_running: if daemon_running {
            daemon::running_containers(&l.socket)
        } else {
            0
        },
        isolation: Some(super::isolate::state(job, &l)),
        services,
        failed,
        skipped_routes: Vec::new(),
        filesystem: if mounted {
            super::space::problem(&l.mount).map(|w| w.replace("NAME", &job.name))
        } else {
            None
        },
        overcommit: super::image::read_meta(&l.meta).is_some_and(|m| m.overcommit),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_under_prefix() {
        let job = Job {
            name: "my-app".into(),
            machine: "m".into(),
            guid: "g1".into(),
            network_id: crate::contract::NetworkId(2816),
            credential: None,
            encrypted: false,
            size: None,
            datastore: "/mnt/rediacc".into(),
            prefix: "/tmp/px/".into(),
            mount: false,
            unmount: false,
            files: vec![],
            no_wait: false,
            timeout_secs: None,
            service: None,
            no_isolation: false,
            overcommit: false,
        };
        let l = Layout::of(&job);
        assert_eq!(
            l.image,
            PathBuf::from("/tmp/px/mnt/rediacc/repositories/g1.img")
        );
        assert_eq!(l.mount, PathBuf::from("/tmp/px/mnt/rediacc/mounts/g1"));
        assert_eq!(
            l.socket,
            PathBuf::from("/tmp/px/var/run/rediacc/docker-2816.sock")
        );
        assert_eq!(
            l.data_root,
            PathBuf::from("/tmp/px/mnt/rediacc/mounts/g1/.rediacc/docker")
        );
    }

    #[test]
    fn files_stay_inside() {
        let d = tempfile::tempdir().unwrap();
        let f = |p: &str| JobFile {
            path: p.into(),
            mode: 0o644,
            data: "aGk=".into(),
            link: None,
        };
        write_files(d.path(), &[f("a/b.txt")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(d.path().join("a/b.txt")).unwrap(),
            "hi"
        );
        assert!(write_files(d.path(), &[f("../x")]).is_err());
        assert!(write_files(d.path(), &[f("/etc/x")]).is_err());
    }
}
