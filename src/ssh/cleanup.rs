//! SSH masters never outlive the rdc that opened them.
//!
//! Each connection's master (`ssh -M -f`, started by openssh) detaches from rdc: a signal that
//! ends rdc does not reach it, and with `ControlPersist=yes` it would stay forever, holding the
//! remote session (and every command on it) open. So:
//!
//! * every control directory (`/tmp/rdc-ssh-*`) holds an `owner` file, the pid and start time
//!   of the rdc that made it;
//! * the first connection of a process installs a handler for SIGINT, SIGTERM and SIGHUP that
//!   asks each live master to exit (`ssh -O exit`: the server then closes every channel, and the
//!   host commands end with their channel), removes the directories, and exits with 128 + the
//!   signal's number;
//! * a connection first removes the directories of rdc processes that are gone (killed with
//!   SIGKILL, or a crash), after telling their masters to exit.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, Once};
use std::time::Duration;

use crate::procs::Proc;

/// Prefix of the control directories under `/tmp`.
pub(crate) const PREFIX: &str = "rdc-ssh-";
const OWNER: &str = "owner";

/// How old a control directory without an owner file must be before it may be removed.
const OWNERLESS_AGE: Duration = Duration::from_secs(600);

static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();
/// The signal that interrupted this process (0: none yet).
static INTERRUPTED: AtomicI32 = AtomicI32::new(0);
/// Held by the handler while it cleans up.
static CLEANING: Mutex<()> = Mutex::new(());

/// When a signal interrupted this process: wait until the clean-up is done and give the exit
/// code (128 + the signal). The command's own error (a lost connection, because its master was
/// just ended) is not the story then.
pub(crate) fn interrupted() -> Option<u8> {
    let sig = INTERRUPTED.load(Ordering::SeqCst);
    if sig == 0 {
        return None;
    }
    drop(CLEANING.lock().unwrap_or_else(|e| e.into_inner()));
    Some((128 + sig) as u8)
}

/// Take charge of a new control directory: record this process as its owner, clean up what
/// killed rdc processes left, and make sure a signal ends the master.
fn adopt(dir: &Path) -> anyhow::Result<()> {
    sweep(dir.parent().unwrap_or(Path::new("/tmp")));
    if let Some(me) = Proc::of(std::process::id() as i32) {
        crate::contract::fs::write_atomic(&dir.join(OWNER), me.record().as_bytes(), 0o600)?;
    }
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(dir.to_path_buf());
    HANDLER.call_once(install_handler);
    Ok(())
}

/// A control directory of this process: adopted when made, released and removed on drop.
pub(crate) struct ControlDir(tempfile::TempDir);

impl ControlDir {
    /// A new control directory under `/tmp` (short: a unix socket path has 107 bytes).
    pub(crate) fn new() -> anyhow::Result<ControlDir> {
        let tmp = tempfile::Builder::new().prefix(PREFIX).tempdir_in("/tmp")?;
        adopt(tmp.path())?;
        Ok(ControlDir(tmp))
    }

    pub(crate) fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for ControlDir {
    fn drop(&mut self) {
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|d| d != self.0.path());
    }
}

fn install_handler() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        tracing::warn!(
            "cannot install the signal handler; an interrupted rdc may leave its SSH master running"
        );
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _cleaning = CLEANING.lock().unwrap_or_else(|e| e.into_inner());
            INTERRUPTED.store(sig, Ordering::SeqCst);
            let dirs = std::mem::take(&mut *LIVE.lock().unwrap_or_else(|e| e.into_inner()));
            for d in &dirs {
                end_masters(d);
                let _ = std::fs::remove_dir_all(d);
            }
            // A progress bar or a prompt may have hidden the cursor.
            let _ = console::Term::stderr().show_cursor();
            std::process::exit(128 + sig);
        }
    });
}

/// End every master under `dir`: ask it to exit (`ssh -O exit`), wait until its process is gone,
/// and kill it after [`MASTER_GRACE`] (a master busy with an interactive session may linger).
fn end_masters(dir: &Path) {
    for socket in masters(dir) {
        let pid = control(&socket, "check").and_then(|out| master_pid(&out));
        let master = pid.and_then(Proc::of);
        control(&socket, "exit");
        if let Some(p) = master {
            let deadline = std::time::Instant::now() + MASTER_GRACE;
            while p.alive() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            p.signal(libc::SIGKILL);
        }
    }
}

/// How long a master may take to exit when asked.
const MASTER_GRACE: Duration = Duration::from_secs(2);

/// `ssh -S socket -O cmd`, bounded; its stderr (where ssh answers `check`).
fn control(socket: &Path, cmd: &str) -> Option<String> {
    let mut child = std::process::Command::new("ssh")
        .arg("-S")
        .arg(socket)
        .args(["-o", "BatchMode=yes", "-O", cmd, "rdc-master"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take()?, &mut err).ok()?;
    Some(err)
}

/// The pid in `ssh -O check`'s answer: `Master running (pid=1234)`.
fn master_pid(answer: &str) -> Option<i32> {
    let (_, rest) = answer.split_once("(pid=")?;
    rest.split(')').next()?.trim().parse().ok()
}

/// The master sockets openssh made under a control directory (`.ssh-connection*/master`).
fn masters(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.flatten()
        .map(|e| e.path().join("master"))
        .filter(|p| p.exists())
        .collect()
}

/// Remove the control directories under `tmp` whose owner is gone, ending their masters. A
/// directory without an owner file (an rdc older than this one) is removed only when no master
/// answers on its socket and it is older than [`OWNERLESS_AGE`] (another rdc may have made it
/// an instant ago and not yet written its owner file).
fn sweep(tmp: &Path) {
    use std::os::unix::fs::MetadataExt;
    let Ok(rd) = std::fs::read_dir(tmp) else {
        return;
    };
    let uid = rustix::process::getuid().as_raw();
    for e in rd.flatten() {
        let name = e.file_name();
        if !name.to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let dir = e.path();
        // Only real directories of our own user (never through a link).
        let Ok(meta) = std::fs::symlink_metadata(&dir) else {
            continue;
        };
        if !meta.is_dir() || meta.uid() != uid {
            continue;
        }
        let stale = match std::fs::read_to_string(dir.join(OWNER)) {
            Ok(text) => Proc::parse_record(&text).is_none_or(|p| !p.alive()),
            Err(_) => {
                meta.modified()
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .is_some_and(|age| age > OWNERLESS_AGE)
                    && masters(&dir)
                        .iter()
                        .all(|s| std::os::unix::net::UnixStream::connect(s).is_err())
            }
        };
        if stale {
            end_masters(&dir);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_master_pid_is_read_from_the_check_answer() {
        assert_eq!(master_pid("Master running (pid=4321)\r\n"), Some(4321));
        assert_eq!(master_pid("Control socket connect(/x): No such file"), None);
    }

    #[test]
    fn a_directory_whose_owner_is_gone_is_removed_and_a_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = tmp.path().join(format!("{PREFIX}dead"));
        let live = tmp.path().join(format!("{PREFIX}live"));
        let other = tmp.path().join("someone-else");
        for d in [&dead, &live, &other] {
            std::fs::create_dir(d).unwrap();
        }
        // A process that has exited: its pid and start time name nobody now.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = Proc::of(child.id() as i32);
        child.wait().unwrap();
        let gone = gone.unwrap_or(Proc {
            pid: child.id() as i32,
            start: 1,
        });
        std::fs::write(dead.join(OWNER), gone.record()).unwrap();
        let me = Proc::of(std::process::id() as i32).unwrap();
        std::fs::write(live.join(OWNER), me.record()).unwrap();
        sweep(tmp.path());
        assert!(!dead.exists(), "the dead owner's directory stayed");
        assert!(live.exists(), "a live owner's directory was removed");
        assert!(other.exists(), "a directory that is not rdc's was touched");
    }

    #[test]
    fn an_ownerless_directory_goes_only_when_no_master_answers() {
        let tmp = tempfile::tempdir().unwrap();
        let idle = tmp.path().join(format!("{PREFIX}idle"));
        let busy = tmp.path().join(format!("{PREFIX}busy"));
        std::fs::create_dir_all(idle.join(".ssh-connection1")).unwrap();
        std::fs::create_dir_all(busy.join(".ssh-connection1")).unwrap();
        // A socket file nobody listens on, and one that answers.
        drop(std::os::unix::net::UnixListener::bind(idle.join(".ssh-connection1/master")).unwrap());
        let _l =
            std::os::unix::net::UnixListener::bind(busy.join(".ssh-connection1/master")).unwrap();
        let fresh = tmp.path().join(format!("{PREFIX}fresh"));
        std::fs::create_dir(&fresh).unwrap();
        let old = std::time::SystemTime::now() - OWNERLESS_AGE - Duration::from_secs(60);
        for d in [&idle, &busy] {
            std::fs::File::open(d).unwrap().set_modified(old).unwrap();
        }
        sweep(tmp.path());
        assert!(!idle.exists(), "an old directory without a master stayed");
        assert!(
            busy.exists(),
            "a directory whose master answers was removed"
        );
        assert!(
            fresh.exists(),
            "a directory made an instant ago was removed"
        );
    }
}
