//! Where everything of a repository is on the server ([`Layout`]), its metadata file, its lock,
//! how host commands talk to the operator ([`say`], stderr streamed over SSH) and how files
//! reach it ([`write_files`]). The base every other file of `host` builds on; imports none of
//! them but the lock.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use base64::Engine;

use crate::contract::host::{ImageMeta, Job, JobFile};
use crate::error::usage;

/// Where everything of a repository is on the server.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub image: PathBuf,
    pub mount: PathBuf,
    pub socket: PathBuf,
    pub exec_root: PathBuf,
    pub pidfile: PathBuf,
    pub data_root: PathBuf,
    pub log: PathBuf,
    /// One operation at a time (`lock`).
    pub lock: PathBuf,
    /// Who the image belongs to (`ImageMeta`).
    pub meta: PathBuf,
    /// Present when the operator runs the repository without isolation (`--no-isolation`).
    pub isolation_off: PathBuf,
}

impl Layout {
    pub(crate) fn of(job: &Job) -> Layout {
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
pub(crate) fn lock(job: &Job, action: &str) -> Result<super::lock::Lock> {
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

/// The longest a `down()` hook, and then each container, gets to stop (`--timeout`).
pub(crate) fn stop_timeout(job: &Job) -> Duration {
    Duration::from_secs(job.timeout_secs.unwrap_or(DEFAULT_STOP_TIMEOUT))
}

/// `rdc repo down --timeout` when not given.
pub(crate) const DEFAULT_STOP_TIMEOUT: u64 = 60;

/// Write the image's metadata file (0600).
pub(crate) fn write_meta(job: &Job, l: &Layout) -> Result<()> {
    let meta = ImageMeta {
        name: job.name.clone(),
        guid: job.guid.clone(),
        network_id: job.network_id,
        encrypted: job.encrypted,
        created: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        overcommit: job.overcommit,
    };
    crate::contract::fs::write_atomic(&l.meta, &serde_json::to_vec_pretty(&meta)?, 0o600)
}

pub(crate) fn read_meta(path: &Path) -> Option<ImageMeta> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}
