//! A repository's image on the server: creating it (confirmed by the client, undone otherwise),
//! mounting and unmounting it, its metadata file, deleting it, and listing a machine's images.
//!
//! `create` hands back a [`Pending`] creation: the image stays only when the client confirms
//! (`COMMIT` on stdin) after reading the status; a cut connection, a client that died or any
//! error removes the image, its metadata and its mount again (on drop).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};

use super::daemon;
use super::layout::{Layout, say, stop_timeout, write_files};
use super::luks;
use super::mounts::{is_mounted, mounted_elsewhere, private_dir};
use super::status::status;
use crate::contract::host::LiveRepo;
use crate::contract::host::{Job, Status};
use crate::error::{remote, usage};

fn sh(what: &str, cmd: &mut Command) -> Result<()> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("{what}: cannot run {:?}", cmd.get_program()))?;
    if !out.status.success() {
        return Err(remote(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}

/// Parse `10G`, `300M`, `1T` (powers of 1024).
pub(crate) fn parse_size(s: &str) -> Result<u64> {
    let t = s.trim();
    let (num, mult) = match t.chars().last() {
        Some('K' | 'k') => (&t[..t.len() - 1], 1u64 << 10),
        Some('M' | 'm') => (&t[..t.len() - 1], 1 << 20),
        Some('G' | 'g') => (&t[..t.len() - 1], 1 << 30),
        Some('T' | 't') => (&t[..t.len() - 1], 1 << 40),
        _ => (t, 1),
    };
    let n: u64 = num
        .parse()
        .map_err(|_| usage(format!("--size {s:?} is not a size; give e.g. 10G, 500M")))?;
    let bytes = n.saturating_mul(mult);
    if bytes < 128 << 20 {
        return Err(usage(format!(
            "--size {s}: a repository needs at least 128M (btrfs)"
        )));
    }
    Ok(bytes)
}

fn credential(job: &Job) -> Result<&str> {
    job.credential.as_deref().ok_or_else(|| {
        usage(format!(
            "repository {} is encrypted but the client sent no credential",
            job.name
        ))
    })
}

/// A creation the client has not confirmed yet: dropped without [`Pending::commit`], it removes
/// what it made.
pub(crate) struct Pending {
    job: Job,
    armed: bool,
}

impl Pending {
    pub(crate) fn commit(mut self) {
        self.armed = false;
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if self.armed {
            say(format!(
                "the client did not confirm the creation of {}; removing it again",
                self.job.name
            ));
            let l = Layout::of(&self.job);
            let _ = umount(&self.job, &l);
            let _ = std::fs::remove_file(&l.image);
            let _ = std::fs::remove_file(&l.meta);
            let _ = std::fs::remove_dir(&l.mount);
        }
    }
}

pub(crate) fn create(job: &Job) -> Result<(Status, Pending)> {
    let l = Layout::of(job);
    let size = parse_size(job.size.as_deref().unwrap_or("10G"))?;
    if l.image.exists() {
        return Err(usage(format!(
            "repository image {} already exists on this server",
            l.image.display()
        )));
    }
    if job.encrypted {
        luks::available().map_err(|e| {
            usage(format!(
                "cannot encrypt repository {}: {e}. Create it unencrypted, knowingly, with: rdc repo create {} -m {} --no-encrypt",
                job.name, job.name, job.machine
            ))
        })?;
    }
    std::fs::create_dir_all(l.image.parent().unwrap())?;
    super::space::check_room(&job.name, l.image.parent().unwrap(), size, job.overcommit)?;
    if job.overcommit {
        say(format!(
            "--overcommit: {} may be promised more space than the datastore holds (recorded; repo status shows it)",
            job.name
        ));
    }
    say(format!(
        "creating {} ({} MiB, sparse)",
        l.image.display(),
        size >> 20
    ));
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Only root reads an image (an unencrypted one holds the repository's secrets).
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&l.image)?;
        f.set_len(size)?;
    }
    // From here on, anything that goes wrong (or a client that goes away) undoes the creation.
    let pending = Pending {
        job: job.clone(),
        armed: true,
    };
    super::layout::write_meta(job, &l)?;
    if job.encrypted {
        let pass = credential(job)?;
        luks::run(&luks::format_args(&l.image.to_string_lossy()), pass)?;
        luks::run(
            &luks::open_args(&l.image.to_string_lossy(), &job.guid),
            pass,
        )?;
        let r = sh(
            "mkfs.btrfs",
            Command::new("mkfs.btrfs")
                .args(["-q", "-L", &job.name])
                .arg(luks::mapper_path(&job.guid)),
        );
        luks::run(&luks::close_args(&job.guid), "")?;
        r?;
    } else {
        sh(
            "mkfs.btrfs",
            Command::new("mkfs.btrfs")
                .args(["-q", "-L", &job.name])
                .arg(&l.image),
        )?;
    }
    if !job.files.is_empty() {
        mount(job, &l)?;
        let w = write_files(&l.mount, &job.files);
        let u = umount(job, &l);
        w?;
        u?;
    }
    Ok((status(job, Vec::new())?, pending))
}

/// Stop everything, unmount, remove the image, its metadata, lock and daemon state. Removing a
/// repository that is not there is not an error (the status says `image_exists: false`).
pub(crate) fn delete(job: &Job) -> Result<Status> {
    let l = Layout::of(job);
    daemon::stop(&l, stop_timeout(job))?;
    daemon::unmount_exec_root(&l);
    super::isolate::remove(job);
    umount(job, &l)?;
    if l.image.exists() {
        say(format!("removing {}", l.image.display()));
    }
    for f in [&l.image, &l.meta, &l.pidfile, &l.lock, &l.isolation_off] {
        match std::fs::remove_file(f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing {}", f.display())),
        }
    }
    let _ = std::fs::remove_dir(&l.mount);
    let _ = std::fs::remove_dir_all(&l.exec_root);
    status(job, Vec::new())
}

/// Every repository image under `<prefix><datastore>/repositories`, with what runs of it.
pub(crate) fn list(prefix: &str, datastore: &str) -> Result<Vec<LiveRepo>> {
    use std::os::unix::fs::MetadataExt;
    let dir =
        Path::new(&format!("{}{datastore}", prefix.trim_end_matches('/'))).join("repositories");
    let mut out = Vec::new();
    let rd = match std::fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    let mut names: Vec<String> = rd
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".img"))
        .collect();
    names.sort();
    let routes = super::routes::fetch(prefix).map(|r| super::routes::count_by_network(&r));
    for n in names {
        let guid = n.trim_end_matches(".img").to_string();
        let img = dir.join(&n);
        let Ok(m) = std::fs::symlink_metadata(&img) else {
            continue;
        };
        let meta = super::layout::read_meta(&dir.join(format!("{guid}.json")));
        let mut live = LiveRepo {
            guid: guid.clone(),
            meta: meta.clone(),
            image_size_bytes: m.len(),
            image_used_bytes: m.blocks() * 512,
            mounted: false,
            daemon_running: false,
            containers_running: 0,
            containers_total: 0,
            routes: None,
            isolation: None,
        };
        let mount = Path::new(&format!("{}{datastore}", prefix.trim_end_matches('/')))
            .join("mounts")
            .join(&guid);
        live.mounted = is_mounted(&mount);
        if let (Some(meta), Some(r)) = (&meta, &routes) {
            live.routes = Some(r.get(&meta.network_id).copied().unwrap_or(0));
        }
        if let Some(meta) = &meta {
            let job = Job::bare(&meta.name, &guid, meta.network_id, prefix, datastore);
            let l = Layout::of(&job);
            if daemon::ping(&l.socket) {
                live.daemon_running = true;
                let (running, total) = daemon::container_counts(&l.socket);
                live.containers_running = running;
                live.containers_total = total;
                live.isolation = Some(super::isolate::state(&job, &l));
            }
        }
        out.push(live);
    }
    Ok(out)
}

/// How long `create` waits for the client's confirmation.
pub(crate) const COMMIT_WAIT: Duration =
    Duration::from_secs(crate::contract::host::COMMIT_WAIT_SECS);

/// Wait (at most [`COMMIT_WAIT`]) for the client's [`crate::contract::host::COMMIT`] line on
/// `input`; false on anything else, end of input, or time out.
pub(crate) fn confirmed(input: impl std::io::BufRead + Send + 'static) -> bool {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut input = input;
        let mut line = String::new();
        let ok = input.read_line(&mut line).is_ok() && line.trim() == crate::contract::host::COMMIT;
        let _ = tx.send(ok);
    });
    rx.recv_timeout(COMMIT_WAIT).unwrap_or(false)
}

pub(crate) fn mount(job: &Job, l: &Layout) -> Result<()> {
    std::fs::create_dir_all(&l.mount)?;
    if is_mounted(&l.mount) {
        return Ok(());
    }
    private_dir(&l.mount)?;
    if let Some(elsewhere) = mounted_elsewhere(&l.image, &l.mount) {
        return Err(usage(format!(
            "the image of {} is already mounted at {elsewhere}; unmount it there first (umount {elsewhere})",
            job.name
        )));
    }
    if !l.image.exists() {
        return Err(usage(format!(
            "repository {} has no image on this server ({}); delete it from the config with: rdc repo delete {} (then create it again with: rdc repo create {} -m {})",
            job.name,
            l.image.display(),
            job.name,
            job.name,
            job.machine
        )));
    }
    say(format!("mounting {} at {}", job.name, l.mount.display()));
    if job.encrypted {
        luks::available().map_err(|e| {
            usage(format!(
                "cannot open encrypted repository {}: {e}",
                job.name
            ))
        })?;
        if !Path::new(&luks::mapper_path(&job.guid)).exists() {
            luks::run(
                &luks::open_args(&l.image.to_string_lossy(), &job.guid),
                credential(job)?,
            )?;
        }
        sh(
            "mount",
            Command::new("mount")
                .arg(luks::mapper_path(&job.guid))
                .arg(&l.mount),
        )?;
    } else {
        sh(
            "mount",
            Command::new("mount")
                .args(["-o", "loop"])
                .arg(&l.image)
                .arg(&l.mount),
        )?;
    }
    // The filesystem's root is what others see at the mount point: only root enters it.
    private_dir(&l.mount)
}

pub(crate) fn umount(job: &Job, l: &Layout) -> Result<()> {
    // The staging points of its binds (`compose::stage`) hold the repository's filesystem.
    if let Some(run) = l.socket.parent() {
        crate::compose::stage::clear(&crate::compose::stage::root(run, job.network_id));
    }
    if is_mounted(&l.mount) {
        say(format!("unmounting {}", l.mount.display()));
        // Recursive: a daemon killed hard leaves nested mounts (netns, overlay) below it. A
        // process that is still exiting holds the mount for a moment: retry for a few seconds.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let out = loop {
            let out = Command::new("umount")
                .arg("-R")
                .arg(&l.mount)
                .stdin(Stdio::null())
                .output()
                .context("running umount")?;
            let busy = String::from_utf8_lossy(&out.stderr).contains("busy");
            if out.status.success() || !busy || std::time::Instant::now() >= deadline {
                break out;
            }
            std::thread::sleep(Duration::from_millis(250));
        };
        if !out.status.success() {
            let who = crate::procs::holders(&l.mount);
            return Err(remote(format!(
                "cannot unmount {}: {}{}",
                l.mount.display(),
                String::from_utf8_lossy(&out.stderr).trim(),
                if who.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; held by {} (stop them, then: rdc repo down {} --unmount)",
                        who.join(", "),
                        job.name
                    )
                }
            )));
        }
    }
    if job.encrypted && Path::new(&luks::mapper_path(&job.guid)).exists() {
        luks::run(&luks::close_args(&job.guid), "")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10G").unwrap(), 10 << 30);
        assert_eq!(parse_size("300M").unwrap(), 300 << 20);
        assert!(parse_size("10").is_err());
        assert!(parse_size("ten").is_err());
    }

    #[test]
    fn only_the_commit_line_confirms() {
        assert!(confirmed(std::io::Cursor::new(b"commit\n".to_vec())));
        assert!(!confirmed(std::io::Cursor::new(b"".to_vec())));
        assert!(!confirmed(std::io::Cursor::new(b"abort\n".to_vec())));
    }
}
