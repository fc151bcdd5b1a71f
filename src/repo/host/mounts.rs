//! Mount points on the server: whether a path is mounted, whether an image is mounted somewhere
//! else, and making a mount point private to root.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::Result;

use crate::error::usage;

/// Whether something is mounted at `path` (/proc/self/mountinfo).
pub(crate) fn is_mounted(path: &Path) -> bool {
    let Ok(info) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    let target = path.to_string_lossy();
    info.lines()
        .any(|l| l.split_whitespace().nth(4) == Some(target.as_ref()))
}

/// A mount point only root may enter (0700, owned by root), whatever it was before.
pub(crate) fn private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(dir)?;
    if !meta.is_dir() {
        return Err(usage(format!(
            "{} is not a directory (a symlink?); remove it and try again",
            dir.display()
        )));
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// Where a loop device backed by `image` is mounted, other than `ours`.
pub(crate) fn mounted_elsewhere(image: &Path, ours: &Path) -> Option<String> {
    let out = Command::new("losetup")
        .arg("-j")
        .arg(image)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let devices: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split(':').next().map(str::to_string))
        .collect();
    let mounts = std::fs::read_to_string("/proc/self/mounts").ok()?;
    let ours = ours.to_string_lossy();
    mounts.lines().find_map(|l| {
        let mut w = l.split_whitespace();
        let (src, at) = (w.next()?, w.next()?);
        (devices.iter().any(|d| d == src) && at != ours).then(|| at.to_string())
    })
}

/// Every mount point at or below `dir`, deepest first (/proc/self/mountinfo).
pub(crate) fn mounts_below(dir: &Path) -> Vec<String> {
    let Ok(info) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return Vec::new();
    };
    let mut v: Vec<String> = info
        .lines()
        .filter_map(|l| l.split_whitespace().nth(4))
        .filter(|m| Path::new(m).starts_with(dir))
        .map(str::to_string)
        .collect();
    v.sort_by_key(|m| std::cmp::Reverse(m.len()));
    v.dedup();
    v
}
