//! The machine's side of backups in btrfs: where a repository's backup subvolumes are
//! (`Dirs`), the datastore checked to be btrfs, a frozen filesystem thawed on drop, the local
//! snapshots (listed, complete or not, deleted), and which of them each target last got
//! (`targets.json`: the snapshots worth keeping).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

use anyhow::{Context, Result};

use super::super::layout::Layout;
use crate::contract::backup::BackupJob;
use crate::error::usage;

/// The magic number of btrfs in `statfs`.
pub(super) const BTRFS_MAGIC: i64 = 0x9123_683E;

pub(super) struct Dirs {
    pub(super) root: PathBuf,
    pub(super) cur: PathBuf,
    pub(super) snaps: PathBuf,
}

impl Dirs {
    fn of(job: &BackupJob) -> Dirs {
        let p = job.repo.prefix.trim_end_matches('/');
        let root = PathBuf::from(format!("{p}{}", job.repo.datastore))
            .join("backups")
            .join(&job.repo.guid);
        Dirs {
            cur: root.join("cur"),
            snaps: root.join("snaps"),
            root,
        }
    }
}

pub(super) fn check_btrfs(dir: &Path) -> Result<()> {
    let st = rustix::fs::statfs(dir).with_context(|| format!("statfs {}", dir.display()))?;
    if st.f_type as i64 != BTRFS_MAGIC {
        return Err(usage(format!(
            "the datastore {} is not btrfs; backups are btrfs snapshots (make a btrfs datastore with: rdc context setup-machine MACHINE --datastore-size 95%)",
            dir.display()
        )));
    }
    Ok(())
}

/// The datastore (checked to be btrfs) and the backup directories made.
pub(super) fn prepare(job: &BackupJob) -> Result<(Layout, Dirs)> {
    let l = Layout::of(&job.repo);
    let ds = l
        .image
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    std::fs::create_dir_all(&ds).with_context(|| format!("creating {}", ds.display()))?;
    check_btrfs(&ds)?;
    let d = Dirs::of(job);
    std::fs::create_dir_all(&d.snaps)?;
    Ok((l, d))
}

/// Thaws a frozen filesystem when dropped (also on an error or a panic).
pub(super) struct Frozen<'a>(pub(super) &'a Path);

impl Drop for Frozen<'_> {
    fn drop(&mut self) {
        let _ = Command::new("fsfreeze").arg("-u").arg(self.0).status();
    }
}

/// The local snapshots' tags, oldest first (by creation).
pub(super) fn local_snaps(d: &Dirs) -> Result<Vec<String>> {
    let mut v: Vec<(SystemTime, String)> = Vec::new();
    for e in std::fs::read_dir(&d.snaps)?.flatten() {
        let t = e
            .metadata()
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        v.push((t, e.file_name().to_string_lossy().into_owned()));
    }
    v.sort();
    Ok(v.into_iter().map(|(_, t)| t).collect())
}

/// The base of an incremental transfer: the newest complete local snapshot other than `tag`
/// that the other side has too (`shared`). None: the transfer is full.
pub(super) fn newest_shared(
    d: &Dirs,
    tag: &str,
    shared: impl Fn(&str) -> bool,
) -> Result<Option<String>> {
    Ok(local_snaps(d)?
        .into_iter()
        .rev()
        .find(|t| t != tag && shared(t) && complete(&d.snaps.join(t))))
}

pub(super) fn delete_subvolume(p: &Path) {
    if p.exists() {
        let _ = Command::new("btrfs")
            .args(["subvolume", "delete"])
            .arg(p)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Whether `snap` is a complete snapshot: `btrfs receive` (and `snapshot -r`) make it read-only
/// only once it is whole.
pub(super) fn complete(snap: &Path) -> bool {
    snap.exists()
        && Command::new("btrfs")
            .args(["property", "get", "-ts"])
            .arg(snap)
            .arg("ro")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "ro=true")
}

/// Which snapshot each target last got (`storage:NAME`, `machine:NAME`, `from:NAME`): the base
/// of the next transfer with it.
fn targets(d: &Dirs) -> std::collections::BTreeMap<String, String> {
    std::fs::read(d.root.join("targets.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// The snapshots some target got (and may have as a base), whatever their order.
pub(super) fn recorded(d: &Dirs) -> Vec<String> {
    targets(d).into_values().collect()
}

/// `target` got `tag`; then every snapshot no target still needs is deleted (the snapshots of
/// the image hold its old blocks: only the bases of the next transfers stay).
pub(super) fn record(d: &Dirs, target: &str, tag: &str) -> Result<()> {
    let mut t = targets(d);
    t.insert(target.to_string(), tag.to_string());
    // A target whose snapshot is gone (deleted by hand) needs nothing any more.
    t.retain(|_, v| d.snaps.join(v.as_str()).exists());
    crate::contract::fs::write_atomic(
        &d.root.join("targets.json"),
        &serde_json::to_vec(&t)?,
        0o600,
    )?;
    for s in local_snaps(d)? {
        if !t.values().any(|v| *v == s) {
            delete_subvolume(&d.snaps.join(&s));
        }
    }
    Ok(())
}
