//! Machine-to-machine transfers, the server's part (`rdc host backup have|send|receive|adopt|
//! sent`; the laptop relays the stream, see `contract::backup`). The source snapshots the image
//! as for a push and writes the `btrfs send` stream (incremental against the newest snapshot the
//! target also has) to stdout; the target receives it into its snapshots, where it is complete
//! only once `btrfs receive` made it read-only; only after the laptop compared the checksums
//! does the target put it in place as the image (`adopt`, refused while the repository is
//! mounted there) and the source keep it as the next base (`sent`). A cut at any point leaves
//! the target's image as it was.

use std::io::{Read, Write};
use std::time::Instant;

use anyhow::Result;

use super::super::layout::{say, write_meta};
use super::super::mounts::is_mounted;
use super::rclone::said;
use super::snaps::{
    complete, delete_subvolume, local_snaps, newest_shared, prepare, record, recorded,
};
use super::stream::{entry, image_beside, receive_snapshot, send_snapshot};
use super::take_snapshot;
use crate::contract::backup::{BackupJob, Entry, Have, Pushed, Received, check_tag};
use crate::error::{not_found, remote, usage};

/// The job's tag (the laptop picks it, so that both machines name the snapshot alike).
fn tag(job: &BackupJob) -> Result<&str> {
    let t = job
        .tag
        .as_deref()
        .ok_or_else(|| usage("a machine-to-machine transfer needs its tag in the job"))?;
    check_tag(t).map_err(usage)?;
    Ok(t)
}

/// `have`: the complete snapshots that were adopted or sent (one received but never adopted,
/// whose checksums the laptop did not accept, is no base), whether there is an image and
/// whether it is mounted.
pub(crate) fn have(job: &BackupJob) -> Result<Have> {
    let (l, d) = prepare(job)?;
    let known = recorded(&d);
    let tags = local_snaps(&d)?
        .into_iter()
        .filter(|t| known.contains(t) && complete(&d.snaps.join(t)))
        .collect();
    Ok(Have {
        tags,
        image: l.image.exists(),
        mounted: is_mounted(&l.mount),
    })
}

/// `send`: snapshot the image and write its stream to `out`. The snapshot stays until the
/// laptop says the target adopted it (`sent`), or is deleted when sending fails.
pub(crate) fn send_to(job: &BackupJob, out: &mut dyn Write) -> Result<Pushed> {
    let started = Instant::now();
    let tag = tag(job)?;
    let (l, d) = prepare(job)?;
    if !l.image.exists() {
        return Err(not_found(format!(
            "repository {} has no image on this machine ({})",
            job.repo.name,
            l.image.display()
        )));
    }
    let snap = d.snaps.join(tag);
    if snap.exists() {
        return Err(usage(format!(
            "this machine already has a snapshot {tag:?} of {}; give another --tag",
            job.repo.name
        )));
    }
    let pause_ms = take_snapshot(&l, &d, tag)?;
    let res = (|| -> Result<Entry> {
        let base = match job.full {
            true => None,
            false => newest_shared(&d, tag, |t| job.bases.iter().any(|b| b == t))?,
        };
        let (st, pumped) = send_snapshot(&d, &l, tag, base.as_deref(), out)?;
        if !st.status.success() {
            return Err(remote(format!("btrfs send failed: {}", said(&st))));
        }
        // (As text: a target that went away is a failed transfer, never a closed terminal.)
        let pumped = pumped.map_err(|e| remote(format!("sending {tag}: {e:#}")))?;
        Ok(entry(tag, pumped, base.as_deref(), &l, job.repo.encrypted))
    })();
    match res {
        Ok(entry) => Ok(Pushed {
            entry,
            pause_ms,
            seconds: started.elapsed().as_secs_f64(),
            pruned: Vec::new(),
        }),
        Err(e) => {
            delete_subvolume(&snap);
            Err(e)
        }
    }
}

/// `receive`: the stream from `input` into the snapshots, hashed on its way. A stream cut
/// short or refused by `btrfs receive` leaves no snapshot.
pub(crate) fn receive_from(job: &BackupJob, input: &mut dyn Read) -> Result<Received> {
    let tag = tag(job)?;
    let (_l, d) = prepare(job)?;
    let staged = d.snaps.join(tag);
    if complete(&staged) {
        return Err(usage(format!(
            "this machine already has a snapshot {tag:?} of {}; give another --tag",
            job.repo.name
        )));
    }
    // What an earlier cut receive left.
    delete_subvolume(&staged);
    say(format!("receiving {tag}"));
    let (st, pumped) = receive_snapshot(&d, input, &format!("receiving {tag}"), 0)?;
    let fail = |msg: String| {
        delete_subvolume(&staged);
        Err(remote(msg))
    };
    if !st.status.success() {
        return fail(format!(
            "btrfs receive of {tag} failed: {}; nothing was changed",
            said(&st)
        ));
    }
    let (bytes, sha256) = match pumped {
        Ok(v) => v,
        Err(e) => return fail(format!("receiving {tag}: {e:#}; nothing was changed")),
    };
    if !complete(&staged) {
        return fail(format!(
            "the stream of {tag} ended before the snapshot was complete (the source or the link went away); nothing was changed"
        ));
    }
    Ok(Received {
        tag: tag.to_string(),
        bytes,
        sha256,
    })
}

/// `adopt`: the received snapshot becomes the repository's image (put in place at once), and
/// the base of the next transfer from (or back to) that machine.
pub(crate) fn adopt(job: &BackupJob) -> Result<()> {
    let tag = tag(job)?;
    let (l, d) = prepare(job)?;
    if is_mounted(&l.mount) {
        return Err(usage(format!(
            "repository {} is mounted on this machine; unmount it here first (rdc repo down {} --unmount, on this machine)",
            job.repo.name, job.repo.name
        )));
    }
    let snap = d.snaps.join(tag);
    if !complete(&snap) {
        return Err(not_found(format!(
            "this machine has no complete snapshot {tag:?} of {} (was it received?)",
            job.repo.name
        )));
    }
    let tmp = image_beside(&l, &snap)?;
    std::fs::rename(&tmp, &l.image)?;
    write_meta(&job.repo, &l)?;
    record(&d, &format!("from:{}", job.storage), tag)?;
    say(format!("{} is in place from snapshot {tag}", job.repo.name));
    Ok(())
}

/// `sent`: the target adopted `tag`; it is the base of the next transfer to it.
pub(crate) fn sent(job: &BackupJob) -> Result<()> {
    let tag = tag(job)?;
    let (_l, d) = prepare(job)?;
    if !complete(&d.snaps.join(tag)) {
        return Err(not_found(format!(
            "this machine has no snapshot {tag:?} of {} any more",
            job.repo.name
        )));
    }
    record(&d, &format!("machine:{}", job.storage), tag)
}
