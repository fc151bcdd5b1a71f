//! Where a repository's cgroups are. The programs hang on the cgroup v2 hierarchy (mounted at
//! `/sys/fs/cgroup` on pure v2 hosts, at `/sys/fs/cgroup/unified` on hybrid ones); the
//! repository's dockerd uses the cgroupfs driver with `--cgroup-parent /NAME`, so every
//! container is created under `NAME/` (and, on hybrid hosts, under the same path in each v1
//! controller, which runc creates and rdc removes).
//!
//! `NAME` is `rdc-ID` for a server installed at `/`, `rdc-HASH-ID` for one under a prefix (so a
//! test installation never touches a real one). Service slots get `NAME/sSLOT`.

use std::path::{Path, PathBuf};

use crate::contract::NetworkId;

/// A repository's cgroups on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The cgroup v2 mount.
    pub(crate) v2: PathBuf,
    pub(crate) name: String,
}

/// The cgroup v2 mount point, from `/proc/self/mountinfo`.
pub(crate) fn v2_mount() -> Option<PathBuf> {
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    v2_mount_in(&info)
}

fn v2_mount_in(info: &str) -> Option<PathBuf> {
    info.lines().find_map(|l| {
        let (left, right) = l.split_once(" - ")?;
        (right.split_whitespace().next()? == "cgroup2")
            .then(|| left.split_whitespace().nth(4).map(PathBuf::from))
            .flatten()
    })
}

/// The v1 controller mounts (hybrid hosts), where runc also creates the containers' cgroups.
fn v1_mounts() -> Vec<PathBuf> {
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    info.lines()
        .filter_map(|l| {
            let (left, right) = l.split_once(" - ")?;
            (right.split_whitespace().next()? == "cgroup")
                .then(|| left.split_whitespace().nth(4).map(PathBuf::from))
                .flatten()
        })
        .collect()
}

/// The cgroup name of repository `id` on a server installed under `prefix`.
pub(crate) fn name(prefix: &str, id: NetworkId) -> String {
    let p = prefix.trim_end_matches('/');
    if p.is_empty() {
        format!("rdc-{id}")
    } else {
        use sha2::Digest;
        let h = hex::encode(sha2::Sha256::digest(p.as_bytes()));
        format!("rdc-{}-{id}", &h[..8])
    }
}

impl Layout {
    pub(crate) fn new(v2: PathBuf, prefix: &str, id: NetworkId) -> Layout {
        Layout {
            v2,
            name: name(prefix, id),
        }
    }

    /// The repository's own cgroup.
    pub(crate) fn repo(&self) -> PathBuf {
        self.v2.join(&self.name)
    }

    /// A service slot's cgroup.
    pub(crate) fn slot(&self, slot: u8) -> PathBuf {
        self.repo().join(format!("s{slot}"))
    }

    /// `--cgroup-parent` of the repository's dockerd.
    pub(crate) fn parent(&self) -> String {
        format!("/{}", self.name)
    }

    /// `cgroup_parent` of a service's containers.
    pub(crate) fn slot_parent(&self, slot: u8) -> String {
        format!("/{}/s{slot}", self.name)
    }

    /// Remove the repository's cgroups in every hierarchy, deepest first. Fails (naming the
    /// cgroup) while a process is still in one.
    pub(crate) fn remove(&self) -> std::io::Result<()> {
        let mut roots = vec![self.repo()];
        roots.extend(v1_mounts().into_iter().map(|m| m.join(&self.name)));
        for root in roots {
            if !root.is_dir() {
                continue;
            }
            let mut dirs = Vec::new();
            collect_dirs(&root, &mut dirs);
            dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
            for d in dirs {
                match std::fs::remove_dir(&d) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(std::io::Error::new(
                            e.kind(),
                            format!("cannot remove the cgroup {}: {e}", d.display()),
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

fn collect_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    out.push(dir.to_path_buf());
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                collect_dirs(&e.path(), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_v2_mount_is_found_on_both_layouts() {
        let hybrid = "29 22 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n\
                      30 29 0:27 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw\n\
                      31 29 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        assert_eq!(
            v2_mount_in(hybrid),
            Some(PathBuf::from("/sys/fs/cgroup/unified"))
        );
        let pure =
            "35 24 0:30 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n";
        assert_eq!(v2_mount_in(pure), Some(PathBuf::from("/sys/fs/cgroup")));
        assert_eq!(v2_mount_in("1 0 0:1 / / rw - ext4 /dev/sda1 rw\n"), None);
    }

    #[test]
    fn names_tell_installations_apart() {
        let id = NetworkId::new(2880).unwrap();
        assert_eq!(name("/", id), "rdc-2880");
        assert_eq!(name("", id), "rdc-2880");
        let a = name("/tmp/a", id);
        assert!(
            a.starts_with("rdc-") && a.ends_with("-2880") && a.len() == "rdc-12345678-2880".len()
        );
        assert_ne!(a, name("/tmp/b", id));
        let l = Layout::new("/sys/fs/cgroup".into(), "/", id);
        assert_eq!(l.slot(3), PathBuf::from("/sys/fs/cgroup/rdc-2880/s3"));
        assert_eq!(l.slot_parent(3), "/rdc-2880/s3");
    }
}
