//! Backups on the server (`rdc host backup push|pull|list`): btrfs snapshots of the repository's
//! image, sent to a storage through rclone, incremental by construction.
//!
//! Layout under the datastore (which must be btrfs: `setup-machine --datastore-size` makes one):
//!   `<datastore>/backups/<guid>/cur`          a subvolume holding a reflink of the image
//!   `<datastore>/backups/<guid>/snaps/<tag>`  read-only snapshots of `cur`; the newest is the
//!                                             base of the next push, or what a pull received
//!
//! Push: freeze the mounted repository's filesystem, reflink the image into `cur` (milliseconds:
//! no data is copied), thaw; snapshot `cur` read-only; `btrfs send` it (with `-p` the newest
//! snapshot the storage also has: only the image's changed extents travel), hashing the stream on
//! its way to `rclone rcat <tag>.btrfs.partial`; move it into place; write `<tag>.json` last. A
//! cut at any point leaves no `<tag>.json`: the storage still lists exactly the previous backups,
//! and a re-run sends again. Pull: each stream of the chain (full, then increments), hashed on
//! its way from `rclone cat` into `btrfs receive`, checked against its entry (a snapshot that
//! fails the check, or a receive cut half-way, is deleted; only a complete, read-only one is
//! ever used or kept); then the image is reflinked into place under a temporary
//! name and renamed. The rclone config (the storage's secrets) is a 0600 file in a private
//! directory for the duration of the transfer.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result};

use super::layout::{Layout, say, write_meta};
use super::mounts::is_mounted;
use crate::contract::backup::{BackupJob, Entry, Pulled, Pushed, chain, check_tag, prune, tag_at};
use crate::error::{not_found, remote, usage};
use rclone::{Rclone, run, said};
use snaps::{Dirs, Frozen, complete, delete_subvolume, newest_shared, prepare, record};
use stream::{entry, image_beside, pump, receive_snapshot, send_snapshot};

mod machine;
mod rclone;
mod snaps;
mod stream;

pub(crate) use machine::{adopt, have, receive_from, send_to, sent};

/// `rdc host backup push`.
pub(crate) fn push(job: &BackupJob) -> Result<Pushed> {
    let started = Instant::now();
    if let Some(t) = &job.tag {
        check_tag(t).map_err(usage)?;
    }
    let (l, d) = prepare(job)?;
    if !l.image.exists() {
        return Err(not_found(format!(
            "repository {} has no image on this machine ({})",
            job.repo.name,
            l.image.display()
        )));
    }
    let rc = Rclone::new(job)?;
    let stored = rc.entries()?;
    let tag = job.tag.clone().unwrap_or_else(|| tag_at(SystemTime::now()));
    if stored.iter().any(|e| e.tag == tag) {
        return Err(usage(format!(
            "the storage already has a backup {tag:?} of {}; give another --tag",
            job.repo.name
        )));
    }
    let pause_ms = take_snapshot(&l, &d, &tag)?;
    let snap = d.snaps.join(&tag);
    // The base: the newest local snapshot the storage also has.
    let base = match job.full {
        true => None,
        false => newest_shared(&d, &tag, |t| stored.iter().any(|e| e.tag == t))?,
    };
    let res = send(job, &rc, &d, &tag, base.as_deref(), &l);
    match res {
        Ok(entry) => {
            // The new snapshot is the base of the next push to this storage.
            record(&d, &format!("storage:{}", job.storage), &tag)?;
            let pruned = match job.keep {
                Some(n) => prune_storage(&rc, n, &entry.tag)?,
                None => Vec::new(),
            };
            Ok(Pushed {
                entry,
                pause_ms,
                seconds: started.elapsed().as_secs_f64(),
                pruned,
            })
        }
        Err(e) => {
            delete_subvolume(&snap);
            Err(e)
        }
    }
}

/// Freeze the mounted repository's filesystem, reflink its image into `cur` (milliseconds: no
/// data is copied), thaw, and snapshot `cur` read-only as `snaps/<tag>`. The pause in ms (None:
/// not mounted).
fn take_snapshot(l: &Layout, d: &Dirs, tag: &str) -> Result<Option<u64>> {
    if !d.cur.exists() {
        run(
            "creating the backup subvolume",
            Command::new("btrfs")
                .args(["subvolume", "create"])
                .arg(&d.cur),
        )?;
    }
    let pause_ms = {
        let mounted = is_mounted(&l.mount);
        let t = Instant::now();
        let frozen = if mounted {
            run(
                "freezing the repository's filesystem",
                Command::new("fsfreeze").arg("-f").arg(&l.mount),
            )?;
            Some(Frozen(&l.mount))
        } else {
            None
        };
        run(
            "copying the image (reflink)",
            Command::new("cp")
                .arg("--reflink=always")
                .arg(&l.image)
                .arg(d.cur.join("image.img")),
        )?;
        drop(frozen);
        mounted.then(|| t.elapsed().as_millis() as u64)
    };
    if let Some(ms) = pause_ms {
        say(format!("snapshot taken; the repository was paused {ms} ms"));
    }
    run(
        "snapshotting",
        Command::new("btrfs")
            .args(["subvolume", "snapshot", "-r"])
            .arg(&d.cur)
            .arg(d.snaps.join(tag)),
    )?;
    Ok(pause_ms)
}

fn send(
    job: &BackupJob,
    rc: &Rclone,
    d: &Dirs,
    tag: &str,
    base: Option<&str>,
    l: &Layout,
) -> Result<Entry> {
    let partial = rc.at(&format!("{tag}.btrfs.partial"));
    let mut receiver = rc
        .cmd()
        .args(["rcat", &partial])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("running rclone rcat")?;
    let (send_st, pumped) = {
        // Dropped after the stream: rclone sees its end.
        let mut to = receiver.stdin.take().expect("piped");
        send_snapshot(d, l, tag, base, &mut to)?
    };
    let recv_st = receiver.wait_with_output()?;
    // The storage's complaint first (a refused credential ends the pipe early); the pump's own
    // error is kept as text (a broken pipe here is a failure, not a closed terminal).
    if !recv_st.status.success() {
        return Err(remote(format!(
            "writing the backup to storage {} failed: {}",
            job.storage,
            said(&recv_st)
        )));
    }
    if !send_st.status.success() {
        return Err(remote(format!("btrfs send failed: {}", said(&send_st))));
    }
    let pumped = pumped.map_err(|e| remote(format!("sending {tag}: {e:#}")))?;
    rc.run(
        "putting the backup in place",
        &["moveto", &partial, &rc.at(&format!("{tag}.btrfs"))],
    )?;
    let entry = entry(tag, pumped, base, l, job.repo.encrypted);
    let body = serde_json::to_vec(&entry)?;
    let mut w = rc
        .cmd()
        .args(["rcat", &rc.at(&format!("{tag}.json"))])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("running rclone rcat")?;
    w.stdin.take().expect("piped").write_all(&body)?;
    let st = w.wait_with_output()?;
    if !st.status.success() {
        return Err(remote(format!(
            "writing the backup's entry failed: {}",
            said(&st)
        )));
    }
    Ok(entry)
}

/// `--keep N`: delete what no kept backup needs. An entry goes first (the backup leaves the
/// listing at once), then its stream.
fn prune_storage(rc: &Rclone, keep: usize, newest: &str) -> Result<Vec<String>> {
    let mut entries = rc.entries()?;
    // The backup just made is the newest, whatever the clocks of earlier pushes said.
    if let Some(i) = entries.iter().position(|e| e.tag == newest) {
        let e = entries.remove(i);
        entries.push(e);
    }
    let gone = prune(&entries, keep);
    for t in &gone {
        rc.run(
            &format!("deleting backup {t}"),
            &["deletefile", &rc.at(&format!("{t}.json"))],
        )?;
        rc.run(
            &format!("deleting backup {t}"),
            &["deletefile", &rc.at(&format!("{t}.btrfs"))],
        )?;
        say(format!("deleted backup {t} (--keep {keep})"));
    }
    Ok(gone)
}

/// `rdc host backup list`.
pub(crate) fn list(job: &BackupJob) -> Result<Vec<Entry>> {
    Rclone::new(job)?.entries()
}

/// `rdc host backup pull`: restore the repository's image from the storage (it must not have
/// one on this machine).
pub(crate) fn pull(job: &BackupJob) -> Result<Pulled> {
    let started = Instant::now();
    let (l, d) = prepare(job)?;
    if l.image.exists() {
        return Err(usage(format!(
            "repository {} already has an image on this machine ({}); pull restores a missing one (remove it first: rdc repo delete {})",
            job.repo.name,
            l.image.display(),
            job.repo.name
        )));
    }
    let rc = Rclone::new(job)?;
    let stored = rc.entries()?;
    let tag = match &job.tag {
        Some(t) => t.clone(),
        None => stored
            .last()
            .map(|e| e.tag.clone())
            .ok_or_else(|| not_found(format!("the storage has no backup of {}", job.repo.name)))?,
    };
    let chain = chain(&stored, &tag).map_err(|e| {
        let known: Vec<&str> = stored.iter().map(|e| e.tag.as_str()).collect();
        not_found(format!(
            "{e} (the storage has: {})",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })?;
    // What the machine already has (a whole snapshot of the chain) is not received again: the
    // newest it has is where receiving starts.
    let start = chain
        .iter()
        .rposition(|e| complete(&d.snaps.join(&e.tag)))
        .map_or(0, |i| i + 1);
    let mut received = Vec::new();
    let mut bytes = 0;
    for e in &chain[start..] {
        delete_subvolume(&d.snaps.join(&e.tag));
        bytes += receive(&rc, &d, e)?;
        received.push(e.tag.clone());
    }
    // The image, in place at once: a reflink under a temporary name, then renamed.
    let tmp = image_beside(&l, &d.snaps.join(&tag))?;
    let verified_bytes = if job.verify {
        match verify(&rc, &chain, &tmp) {
            Ok(n) => Some(n),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
    } else {
        None
    };
    std::fs::rename(&tmp, &l.image)?;
    write_meta(&job.repo, &l)?;
    record(&d, &format!("storage:{}", job.storage), &tag)?;
    say(format!("restored {} from backup {tag}", job.repo.name));
    Ok(Pulled {
        tag,
        received,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        verified_bytes,
    })
}

/// `pull --verify`: every stream of the chain read again from the storage and checked against
/// its entry (the storage still holds a restorable chain), and every block of the restored image
/// read back (btrfs checks each against its checksum: a bad block is an I/O error). The bytes
/// read.
fn verify(rc: &Rclone, chain: &[&Entry], image: &Path) -> Result<u64> {
    let mut total = 0;
    for e in chain {
        let mut src = rc
            .cmd()
            .args(["cat", &rc.at(&format!("{}.btrfs", e.tag))])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("running rclone cat")?;
        let pumped = {
            let mut from = src.stdout.take().expect("piped");
            pump(
                &mut from,
                &mut std::io::sink(),
                &format!("verifying {}", e.tag),
                e.bytes,
            )
        };
        let st = src.wait_with_output()?;
        if !st.status.success() {
            return Err(remote(format!(
                "verifying backup {}: reading it from the storage failed: {}",
                e.tag,
                said(&st)
            )));
        }
        let (n, sha) = pumped?;
        if sha != e.sha256 || n != e.bytes {
            return Err(remote(format!(
                "verifying backup {}: the storage's copy has sha256 {sha} ({n} bytes), its entry says {} ({} bytes); the restore was not kept",
                e.tag, e.sha256, e.bytes
            )));
        }
        total += n;
    }
    let len = std::fs::metadata(image)?.len();
    let mut f = std::fs::File::open(image)?;
    let (n, _) = pump(&mut f, &mut std::io::sink(), "verifying the image", len).map_err(|e| {
        remote(format!(
            "verifying the restored image: {e:#} (a block failed its btrfs checksum?); the restore was not kept"
        ))
    })?;
    say(format!(
        "verified: {} stream(s) re-read from the storage, {n} bytes of the image read back",
        chain.len()
    ));
    Ok(total + n)
}

/// Receive one stream into `snaps`, and check it (a snapshot that fails is deleted).
fn receive(rc: &Rclone, d: &Dirs, e: &Entry) -> Result<u64> {
    let staged = d.snaps.join(&e.tag);
    say(format!(
        "receiving {} ({})",
        e.tag,
        e.base
            .as_deref()
            .map_or("full".to_string(), |b| format!("incremental against {b}"))
    ));
    let mut source = rc
        .cmd()
        .args(["cat", &rc.at(&format!("{}.btrfs", e.tag))])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running rclone cat")?;
    let (recv_st, pumped) = {
        let mut from = source.stdout.take().expect("piped");
        receive_snapshot(d, &mut from, &format!("receiving {}", e.tag), e.bytes)?
    };
    let src_st = source.wait_with_output()?;
    let fail = |msg: String| {
        delete_subvolume(&staged);
        Err(remote(msg))
    };
    // The receiver's refusal first: it explains a source cut by a broken pipe.
    if !recv_st.status.success() {
        return fail(format!(
            "backup {} is damaged or does not apply here (btrfs receive refused it: {}); nothing was restored",
            e.tag,
            said(&recv_st)
        ));
    }
    if !src_st.status.success() {
        return fail(format!(
            "reading backup {} from the storage failed: {}",
            e.tag,
            said(&src_st)
        ));
    }
    let (bytes, sha) = match pumped {
        Ok(v) => v,
        Err(err) => return fail(format!("receiving {}: {err:#}", e.tag)),
    };
    if sha != e.sha256 || bytes != e.bytes {
        return fail(format!(
            "backup {} is damaged: its stream has sha256 {sha} ({bytes} bytes), its entry says {} ({} bytes); nothing was restored",
            e.tag, e.sha256, e.bytes
        ));
    }
    if !complete(&staged) {
        return fail(format!("btrfs receive of {} did not complete", e.tag));
    }
    Ok(bytes)
}
