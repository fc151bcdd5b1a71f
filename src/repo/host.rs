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
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub use crate::contract::host::{Job, JobFile, Status};
use anyhow::{Context, Result};
use base64::Engine;

use super::luks;
pub use super::mounts::is_mounted;
use super::mounts::{mounted_elsewhere, private_dir};
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

fn say(msg: impl AsRef<str>) {
    eprintln!("{}", msg.as_ref());
}

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
pub fn parse_size(s: &str) -> Result<u64> {
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

pub fn create(job: &Job) -> Result<Status> {
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
                "cannot encrypt repository {}: {e}. Create it unencrypted, knowingly, with: rdc repo create {} --no-encrypt",
                job.name, job.name
            ))
        })?;
    }
    std::fs::create_dir_all(l.image.parent().unwrap())?;
    say(format!(
        "creating {} ({} MiB, sparse)",
        l.image.display(),
        size >> 20
    ));
    let res = (|| -> Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        // Only root reads an image (an unencrypted one holds the repository's secrets).
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&l.image)?;
        f.set_len(size)?;
        drop(f);
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
        Ok(())
    })();
    if let Err(e) = res {
        let _ = std::fs::remove_file(&l.image);
        return Err(e);
    }
    status(job, Vec::new())
}

fn mount(job: &Job, l: &Layout) -> Result<()> {
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
            "repository {} has no image on this server ({}); create it with: rdc repo create {}",
            job.name,
            l.image.display(),
            job.name
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

fn umount(job: &Job, l: &Layout) -> Result<()> {
    if is_mounted(&l.mount) {
        say(format!("unmounting {}", l.mount.display()));
        // Recursive: a daemon killed hard leaves nested mounts (netns, overlay) below it.
        sh("umount", Command::new("umount").arg("-R").arg(&l.mount))?;
    }
    if job.encrypted && Path::new(&luks::mapper_path(&job.guid)).exists() {
        luks::run(&luks::close_args(&job.guid), "")?;
    }
    Ok(())
}

fn write_files(root: &Path, files: &[JobFile]) -> Result<()> {
    for f in files {
        let rel = Path::new(&f.path);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(usage(format!(
                "refusing file path {:?} (must stay inside the repository)",
                f.path
            )));
        }
        let dest = root.join(rel);
        if let Some(p) = dest.parent() {
            std::fs::create_dir_all(p)?;
        }
        let data = base64::engine::general_purpose::STANDARD
            .decode(&f.data)
            .map_err(|e| usage(format!("{}: bad base64: {e}", f.path)))?;
        crate::contract::fs::write_atomic(&dest, &data, f.mode)?;
    }
    say(format!("wrote {} file(s)", files.len()));
    Ok(())
}

fn ping(socket: &Path) -> bool {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return false;
    };
    rt.block_on(async {
        let Ok(d) = bollard::Docker::connect_with_unix(
            &socket.to_string_lossy(),
            5,
            bollard::API_DEFAULT_VERSION,
        ) else {
            return false;
        };
        tokio::time::timeout(Duration::from_secs(5), d.ping())
            .await
            .is_ok_and(|r| r.is_ok())
    })
}

fn running_containers(socket: &Path) -> usize {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return 0;
    };
    rt.block_on(async {
        let Ok(d) = bollard::Docker::connect_with_unix(
            &socket.to_string_lossy(),
            5,
            bollard::API_DEFAULT_VERSION,
        ) else {
            return 0;
        };
        d.list_containers(None::<bollard::query_parameters::ListContainersOptions>)
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    })
}

fn start_daemon(job: &Job, l: &Layout) -> Result<()> {
    if ping(&l.socket) {
        return Ok(());
    }
    std::fs::create_dir_all(l.socket.parent().unwrap())?;
    std::fs::create_dir_all(&l.data_root)?;
    // A socket left by a daemon that died would make dockerd refuse to start.
    let _ = std::fs::remove_file(&l.socket);
    say(format!(
        "starting the repository's Docker daemon on {}",
        l.socket.display()
    ));
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&l.log)?;
    let mut cmd = Command::new("dockerd");
    cmd.arg("--host")
        .arg(format!("unix://{}", l.socket.display()))
        .arg("--data-root")
        .arg(&l.data_root)
        .arg("--exec-root")
        .arg(&l.exec_root)
        .arg("--pidfile")
        .arg(&l.pidfile)
        .args([
            "--iptables=false",
            "--bridge=none",
            "--ip-forward=false",
            "--ip-masq=false",
        ])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    // Its own session: it outlives the SSH session that started it.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    cmd.spawn().map_err(|e| {
        remote(format!(
            "cannot start dockerd ({e}); is docker.io installed on this server?"
        ))
    })?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if ping(&l.socket) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(remote(format!(
        "the Docker daemon of {} did not answer within 60s; see {}",
        job.name,
        l.log.display()
    )))
}

fn stop_daemon(l: &Layout) -> Result<()> {
    let Some(pid) = std::fs::read_to_string(&l.pidfile)
        .ok()
        .and_then(|s| s.trim().parse::<i32>().ok())
    else {
        return Ok(());
    };
    let alive = |p: i32| unsafe { libc::kill(p, 0) == 0 };
    if !alive(pid) {
        return Ok(());
    }
    say("stopping the repository's Docker daemon");
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(45);
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    if alive(pid) {
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let _ = std::fs::remove_file(&l.socket);
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
    if !is_mounted(&l.mount) {
        if !job.mount {
            return Err(usage(format!(
                "repository {} is not mounted on this server; mount it with: rdc repo up {} --mount",
                job.name, job.name
            )));
        }
        mount(job, &l)?;
    }
    start_daemon(job, &l)?;
    let files = rediaccfile::find(&l.mount)?;
    let slots = refresh_slots(&l, &files)?;
    let env = env(job, &l, &slots);
    for rf in &files {
        say(format!("prep() in {}", rf.label));
        if let Ran::Failed(c) = rediaccfile::call(rf, "prep", &env)? {
            return Err(remote(format!(
                "prep() in {} failed (exit {c}); nothing was started",
                rf.label
            )));
        }
    }
    let mut failed = Vec::new();
    for rf in &files {
        say(format!("up() in {}", rf.label));
        match rediaccfile::call(rf, "up", &env)? {
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
    status(job, failed)
}

pub fn down(job: &Job) -> Result<Status> {
    let l = Layout::of(job);
    let mut failed = Vec::new();
    if is_mounted(&l.mount) {
        let files = rediaccfile::find(&l.mount)?;
        let slots = Slots::load(&l.mount)?;
        let env = env(job, &l, &slots);
        if ping(&l.socket) {
            for rf in files.iter().rev() {
                say(format!("down() in {}", rf.label));
                if let Ran::Failed(c) = rediaccfile::call(rf, "down", &env)? {
                    say(format!(
                        "down() in {} failed (exit {c}); continuing",
                        rf.label
                    ));
                    failed.push(format!("down() in {} (exit {c})", rf.label));
                }
            }
        }
        if job.unmount {
            stop_daemon(&l)?;
            umount(job, &l)?;
        }
    } else if job.unmount {
        stop_daemon(&l)?;
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
    let daemon_running = ping(&l.socket);
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
            running_containers(&l.socket)
        } else {
            0
        },
        services,
        failed,
    })
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
    fn layout_under_prefix() {
        let job = Job {
            name: "my-app".into(),
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
