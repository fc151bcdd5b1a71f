//! The streams every transfer moves, wherever they come from or go: `btrfs send` of a snapshot
//! into any writer (rclone, or stdout for another machine), `btrfs receive` into the snapshots
//! from any reader, each byte hashed and counted on its way (`pump`), and the entry that
//! describes a sent stream.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::super::layout::{Layout, say};
use super::snaps::Dirs;
use crate::contract::backup::Entry;
use crate::contract::host::PROGRESS;

/// Copy `from` to `to` through `hash`: every chunk is hashed and counted on its way; progress
/// (bytes of `total`, 0 when unknown) goes to the client twice a second as a progress line.
/// Returns (bytes, sha256).
pub(super) fn pump(
    from: &mut dyn Read,
    to: &mut dyn Write,
    what: &str,
    total: u64,
) -> Result<(u64, String)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    let mut last = Instant::now();
    loop {
        let k = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context(format!("{what}: reading")),
        };
        h.update(&buf[..k]);
        to.write_all(&buf[..k])
            .with_context(|| format!("{what}: writing"))?;
        n += k as u64;
        if last.elapsed() > Duration::from_millis(500) {
            say(format!("{PROGRESS}{n} {total} {what}"));
            last = Instant::now();
        }
    }
    to.flush().ok();
    Ok((n, hex::encode(h.finalize())))
}

/// `btrfs send` of `snaps/<tag>` (incremental against `snaps/<base>`) into `to`, hashed: how
/// `btrfs send` ended, and what the pump saw (bytes, sha256). The caller judges both, in the
/// order that explains a failure best.
pub(super) fn send_snapshot(
    d: &Dirs,
    l: &Layout,
    tag: &str,
    base: Option<&str>,
    to: &mut dyn Write,
) -> Result<(Output, Result<(u64, String)>)> {
    let mut cmd = Command::new("btrfs");
    cmd.arg("send").arg("-q");
    if let Some(b) = base {
        cmd.arg("-p").arg(d.snaps.join(b));
        say(format!("sending {tag} (incremental against {b})"));
    } else {
        say(format!("sending {tag} (full)"));
    }
    let mut sender = cmd
        .arg(d.snaps.join(tag))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running btrfs send")?;
    // A full stream is about the image's allocated bytes; an increment's size is unknown.
    let total = match base {
        Some(_) => 0,
        None => {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(&l.image).map_or(0, |m| m.blocks() * 512)
        }
    };
    let pumped = {
        let mut from = sender.stdout.take().expect("piped");
        pump(&mut from, to, &format!("sending {tag}"), total)
    };
    Ok((sender.wait_with_output()?, pumped))
}

/// `btrfs receive` into the snapshots from `from`, hashed: how it ended, and what the pump saw.
pub(super) fn receive_snapshot(
    d: &Dirs,
    from: &mut dyn Read,
    what: &str,
    total: u64,
) -> Result<(Output, Result<(u64, String)>)> {
    let mut recv = Command::new("btrfs")
        .args(["receive", "-q"])
        .arg(&d.snaps)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("running btrfs receive")?;
    let pumped = {
        let mut to = recv.stdin.take().expect("piped");
        pump(from, &mut to, what, total)
    };
    Ok((recv.wait_with_output()?, pumped))
}

/// The entry of a stream sent now.
pub(super) fn entry(
    tag: &str,
    (bytes, sha256): (u64, String),
    base: Option<&str>,
    l: &Layout,
    encrypted: bool,
) -> Entry {
    let ms = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    Entry {
        tag: tag.to_string(),
        time: ms / 1000,
        time_ms: ms,
        bytes,
        base: base.map(str::to_string),
        sha256,
        image_bytes: std::fs::metadata(&l.image).map(|m| m.len()).unwrap_or(0),
        encrypted,
    }
}

/// The image of `snap` reflinked beside the repository's image, under a temporary name: the
/// caller renames it over the image (at once) or removes it.
pub(super) fn image_beside(l: &Layout, snap: &Path) -> Result<std::path::PathBuf> {
    let tmp = l.image.with_extension("img.rdc-partial");
    let _ = std::fs::remove_file(&tmp);
    if let Some(parent) = l.image.parent() {
        std::fs::create_dir_all(parent)?;
    }
    super::rclone::run(
        "putting the image in place (reflink)",
        Command::new("cp")
            .arg("--reflink=always")
            .arg(snap.join("image.img"))
            .arg(&tmp),
    )?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pump_hashes_and_counts_what_passes() {
        let data = vec![7u8; 3 << 20];
        let mut out = Vec::new();
        let (n, sha) = pump(&mut data.as_slice(), &mut out, "t", 0).unwrap();
        assert_eq!(n, data.len() as u64);
        assert_eq!(out, data);
        assert_eq!(sha, hex::encode(Sha256::digest(&data)));
    }
}
