//! No silent data loss (server side). Images are sparse: a datastore can promise more than it
//! holds, and when it fills, btrfs inside an image forces itself read-only — writes and `sync`
//! of the application may still report success while nothing reaches the disk. So:
//!
//! * `repo create` refuses to over-commit the datastore: the new image's full size plus what
//!   every existing image may still grow by must fit in its free space, unless the operator
//!   passes `--overcommit` (recorded in the image's metadata, shown by `repo status`);
//! * a mounted repository's filesystem is checked (read-only, btrfs error counters) by `repo
//!   up`, `repo status` and `repo down`; a problem fails the command with the reason;
//! * `repo down --unmount` flushes the filesystem (`syncfs`) and checks it before unmounting,
//!   and fails when the flush failed or the filesystem had gone read-only.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::Result;

use crate::error::usage;

/// What the images in `dir` (`*.img`) may still grow by: for each, its size minus the space it
/// takes now.
pub(crate) fn claims(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "img"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len().saturating_sub(m.blocks() * 512))
        .sum()
}

/// Free bytes of the filesystem holding `dir` (for an unprivileged user: what root keeps aside
/// is not counted).
pub(crate) fn free(dir: &Path) -> std::io::Result<u64> {
    let s = rustix::fs::statvfs(dir)?;
    Ok(s.f_bavail.saturating_mul(s.f_frsize))
}

/// Whether a new image of `size` fits the datastore at `dir` without over-committing it.
pub(crate) fn check_room(name: &str, dir: &Path, size: u64, overcommit: bool) -> Result<()> {
    let free = free(dir)?;
    let claims = claims(dir);
    let need = size.saturating_add(claims);
    if need <= free || overcommit {
        return Ok(());
    }
    Err(usage(format!(
        "repository {name}: --size {} would over-commit the datastore: it has {} free, and its images may still grow by {}; when it fills, a repository's filesystem turns read-only and writes are lost. Give a smaller --size (at most {}), free space on the datastore, or pass --overcommit to accept the risk (recorded, shown by repo status)",
        gib(size),
        gib(free),
        gib(claims),
        gib(free.saturating_sub(claims))
    )))
}

fn gib(b: u64) -> String {
    if b >= 1 << 30 {
        format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64)
    } else {
        format!("{} MiB", b >> 20)
    }
}

/// What is wrong with the filesystem mounted at `mount`, if anything: mounted read-only (btrfs
/// turns itself read-only after an error, a full device above all), or error counters.
pub(crate) fn problem(mount: &Path) -> Option<String> {
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let target = mount.to_string_lossy();
    let opts = info.lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        (f.get(4).map(|m| unescape(m)) == Some(target.to_string())).then(|| f[5].to_string())
    })?;
    if opts.split(',').any(|o| o == "ro") {
        return Some(
            "has gone read-only (the kernel stopped writing after an error, most often a full datastore: see `dmesg | grep -i btrfs`); writes since then are lost. Free space on the datastore, then: rdc repo down NAME --unmount and rdc repo up NAME --mount".to_string(),
        );
    }
    let errors = device_errors(mount);
    (!errors.is_empty()).then(|| {
        format!(
            "reports errors ({}); see `btrfs device stats {}` and `dmesg | grep -i btrfs`",
            errors.join(", "),
            mount.display()
        )
    })
}

/// Non-zero btrfs error counters of the filesystem at `mount` (`btrfs device stats`).
fn device_errors(mount: &Path) -> Vec<String> {
    let Ok(o) = Command::new("btrfs")
        .args(["device", "stats"])
        .arg(mount)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
    else {
        return Vec::new();
    };
    parse_stats(&String::from_utf8_lossy(&o.stdout))
}

fn parse_stats(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let (key, n) = l.rsplit_once(char::is_whitespace)?;
            let n: u64 = n.trim().parse().ok()?;
            let counter = key.trim().rsplit('.').next()?;
            (n > 0).then(|| format!("{counter} {n}"))
        })
        .collect()
}

/// `/proc/self/mountinfo` escapes spaces and the like as `\NNN` (octal).
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 3 < b.len() && b[i + 1..i + 4].iter().all(u8::is_ascii_digit) {
            out.push(u8::from_str_radix(&s[i + 1..i + 4], 8).unwrap_or(b'?'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Write everything the filesystem at `mount` holds in memory to its device (`syncfs`): the
/// error a later unmount would not report.
pub(crate) fn flush(mount: &Path) -> std::result::Result<(), String> {
    use std::os::fd::AsRawFd;
    let dir =
        std::fs::File::open(mount).map_err(|e| format!("cannot open {}: {e}", mount.display()))?;
    // SAFETY: syncfs on a descriptor this function owns.
    if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
        return Err(format!(
            "could not write its data to the image ({}): writes since the last successful flush may be lost; most often the datastore is full (df -h on the server), see `dmesg | grep -i btrfs`",
            std::io::Error::last_os_error()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_counters_are_read() {
        let text = "[/dev/loop3].write_io_errs    0\n[/dev/loop3].read_io_errs     2\n[/dev/loop3].flush_io_errs    0\n[/dev/loop3].corruption_errs 1\n[/dev/loop3].generation_errs 0\n";
        assert_eq!(
            parse_stats(text),
            vec!["read_io_errs 2", "corruption_errs 1"]
        );
        assert!(parse_stats("").is_empty());
    }

    #[test]
    fn mountinfo_paths_are_unescaped() {
        assert_eq!(unescape("/mnt/a\\040b"), "/mnt/a b");
        assert_eq!(unescape("/plain"), "/plain");
    }

    #[test]
    fn an_image_claims_what_it_may_still_grow_by() {
        let t = tempfile::tempdir().unwrap();
        let f = std::fs::File::create(t.path().join("a.img")).unwrap();
        f.set_len(100 << 20).unwrap();
        std::fs::write(t.path().join("b.json"), b"{}").unwrap();
        let c = claims(t.path());
        assert!(c > 99 << 20 && c <= 100 << 20, "{c}");
        // Room: the free space is far below 1 PiB.
        let e = check_room("x", t.path(), 1 << 50, false)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("over-commit") && e.contains("--overcommit"),
            "{e}"
        );
        check_room("x", t.path(), 1 << 50, true).unwrap();
        check_room("x", t.path(), 1 << 20, false).unwrap();
    }
}
