//! One operation per repository at a time, on the server: an exclusive `flock` on
//! `<datastore>/repositories/<guid>.lock`, held from the start to the end of `rdc host repo
//! create|up|down|sync`. A second caller waits (saying who holds it) or, with `--no-wait`, fails
//! at once. The kernel drops the lock when its holder exits, also on a crash or a cut SSH
//! connection: there is no stale lock to clean up.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::os::fd::AsRawFd;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::error::usage;

/// Held while alive.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

/// How long a caller waits before giving up.
pub(crate) const WAIT: Duration = Duration::from_secs(600);

fn try_lock(f: &File) -> std::io::Result<bool> {
    // SAFETY: flock on a file descriptor we own.
    let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

/// Take the lock at `path` for `what` (e.g. `up`) on repository `name`. Waits up to `wait`
/// (None: fail at once), reporting the holder through `say`.
pub(crate) fn acquire(
    path: &Path,
    name: &str,
    what: &str,
    wait: Option<Duration>,
    say: &dyn Fn(&str),
) -> Result<Lock> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags_nofollow()
        .open(path)
        .with_context(|| format!("opening the lock {}", path.display()))?;
    let holder = |f: &mut File| {
        let mut s = String::new();
        let _ = f.rewind();
        let _ = f.take(200).read_to_string(&mut s);
        let s = s.trim().to_string();
        if s.is_empty() {
            "another rdc".to_string()
        } else {
            s
        }
    };
    if !try_lock(&f)? {
        let who = holder(&mut f);
        let Some(wait) = wait else {
            return Err(usage(format!(
                "repository {name} is busy ({who}); try again when it is done, or leave out --no-wait to wait for it"
            )));
        };
        say(&format!("waiting for repository {name}: {who}"));
        let deadline = Instant::now() + wait;
        loop {
            std::thread::sleep(Duration::from_millis(100));
            if try_lock(&f)? {
                break;
            }
            if Instant::now() >= deadline {
                return Err(usage(format!(
                    "repository {name} stayed busy for {}s ({}); try again later",
                    wait.as_secs(),
                    holder(&mut f)
                )));
            }
        }
    }
    f.set_len(0)?;
    f.rewind()?;
    let _ = writeln!(f, "{what} by pid {}", std::process::id());
    Ok(Lock { _file: f })
}

trait NoFollow {
    fn custom_flags_nofollow(&mut self) -> &mut Self;
}

impl NoFollow for std::fs::OpenOptions {
    fn custom_flags_nofollow(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .mode(0o600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_caller_fails_fast_or_waits() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.lock");
        let quiet = |_: &str| {};
        let held = acquire(&p, "app", "up", None, &quiet).unwrap();
        let e = acquire(&p, "app", "down", None, &quiet).unwrap_err();
        assert!(
            e.to_string().contains("repository app is busy (up by pid"),
            "{e}"
        );
        let said = std::sync::Mutex::new(Vec::new());
        let t = std::thread::scope(|s| {
            let h = s.spawn(|| {
                acquire(
                    &p,
                    "app",
                    "down",
                    Some(Duration::from_secs(10)),
                    &|m: &str| said.lock().unwrap().push(m.to_string()),
                )
            });
            std::thread::sleep(Duration::from_millis(300));
            drop(held);
            h.join().unwrap()
        });
        assert!(t.is_ok());
        assert!(said.lock().unwrap()[0].contains("waiting for repository app: up by pid"));
    }

    #[test]
    fn gives_up_after_the_wait() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.lock");
        let _held = acquire(&p, "app", "up", None, &|_| {}).unwrap();
        let e = acquire(&p, "app", "sync", Some(Duration::from_millis(300)), &|_| {}).unwrap_err();
        assert!(e.to_string().contains("stayed busy"), "{e}");
    }

    #[test]
    fn a_symlinked_lock_is_not_followed() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("elsewhere");
        std::fs::write(&target, "keep").unwrap();
        let p = d.path().join("r.lock");
        std::os::unix::fs::symlink(&target, &p).unwrap();
        assert!(acquire(&p, "app", "up", None, &|_| {}).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }
}
