//! Processes on the server, read from `/proc`: command lines and start times (so that a pid file
//! is trusted only when it names the process rdc started), parents, cgroups, and who holds a
//! mount busy. Signals go only to processes identified this way, never by name.

use std::path::Path;
use std::time::{Duration, Instant};

/// A process as identified at one moment: its pid and its start time (clock ticks since boot),
/// which together never name another process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Proc {
    pub pid: i32,
    pub start: u64,
}

impl Proc {
    pub(crate) fn of(pid: i32) -> Option<Proc> {
        Some(Proc {
            pid,
            start: start_time(pid)?,
        })
    }

    /// Still the same process (alive, same start time)?
    pub(crate) fn alive(&self) -> bool {
        start_time(self.pid) == Some(self.start) && !zombie(self.pid)
    }

    pub(crate) fn signal(&self, sig: i32) {
        if self.alive() {
            // SAFETY: kill(2) on a pid just checked to be the process we mean.
            unsafe {
                libc::kill(self.pid, sig);
            }
        }
    }

    /// `"<pid> <start>"`, as kept in a `.owner` file.
    pub(crate) fn record(&self) -> String {
        format!("{} {}\n", self.pid, self.start)
    }

    pub(crate) fn parse_record(s: &str) -> Option<Proc> {
        let mut w = s.split_whitespace();
        let pid = w.next()?.parse().ok()?;
        let start = w.next()?.parse().ok()?;
        w.next().is_none().then_some(Proc { pid, start })
    }
}

/// The argv of `pid`.
pub(crate) fn cmdline(pid: i32) -> Option<Vec<String>> {
    let b = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    if b.is_empty() {
        return None;
    }
    Some(
        b.split(|c| *c == 0)
            .filter(|s| !s.is_empty())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect(),
    )
}

/// Field 22 of `/proc/PID/stat` (after the parenthesised command, which may hold spaces).
pub(crate) fn start_time(pid: i32) -> Option<u64> {
    stat_field(pid, 22)
}

pub(crate) fn ppid(pid: i32) -> Option<i32> {
    stat_field(pid, 4).map(|v| v as i32)
}

fn zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, r)| r.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

fn stat_field(pid: i32, n: usize) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = s.rsplit_once(')')?.1;
    // Field 3 (state) is the first after the command.
    rest.split_whitespace().nth(n - 3)?.parse().ok()
}

/// The short command name of `pid`.
pub(crate) fn comm(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Whether `argv` holds `flag VALUE` or `flag=VALUE`.
pub(crate) fn has_arg(argv: &[String], flag: &str, value: &str) -> bool {
    argv.windows(2).any(|w| w[0] == flag && w[1] == value)
        || argv.iter().any(|a| a == &format!("{flag}={value}"))
}

/// The processes of the cgroup that `pid` belongs to (pids controller, or the unified
/// hierarchy), for killing what a container left behind.
pub(crate) fn cgroup_members(pid: i32) -> Vec<i32> {
    let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/cgroup")) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for l in text.lines() {
        let mut parts = l.splitn(3, ':');
        let (_, ctrl, path) = match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => continue,
        };
        if ctrl.split(',').any(|c| c == "pids") {
            files.push(format!("/sys/fs/cgroup/pids{path}/cgroup.procs"));
        } else if ctrl.is_empty() {
            files.push(format!("/sys/fs/cgroup{path}/cgroup.procs"));
            files.push(format!("/sys/fs/cgroup/unified{path}/cgroup.procs"));
        }
    }
    for f in files {
        if let Ok(t) = std::fs::read_to_string(&f) {
            let v: Vec<i32> = t.lines().filter_map(|l| l.trim().parse().ok()).collect();
            if !v.is_empty() {
                return v;
            }
        }
    }
    vec![pid]
}

/// SIGTERM each process, wait up to `grace`, then SIGKILL what is left and wait a little more.
/// Returns the processes still alive after that (normally none).
pub(crate) fn stop_all(procs: &[Proc], grace: Duration) -> Vec<Proc> {
    for p in procs {
        p.signal(libc::SIGTERM);
    }
    wait_gone(procs, grace);
    for p in procs {
        p.signal(libc::SIGKILL);
    }
    wait_gone(procs, Duration::from_secs(5));
    procs.iter().filter(|p| p.alive()).copied().collect()
}

/// Wait until none of `procs` is alive, at most `limit`.
pub(crate) fn wait_gone(procs: &[Proc], limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if procs.iter().all(|p| !p.alive()) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Processes whose working directory, root, executable or an open file lies at or below
/// `dir`: what keeps a mount busy. Each as `pid (comm)`.
pub(crate) fn holders(dir: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let under = |p: &Path| p.starts_with(dir);
    let mut out = Vec::new();
    for e in rd.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let base = e.path();
        let mut hit = ["cwd", "root", "exe"]
            .iter()
            .any(|l| std::fs::read_link(base.join(l)).is_ok_and(|t| under(&t)));
        if !hit && let Ok(fds) = std::fs::read_dir(base.join("fd")) {
            hit = fds
                .flatten()
                .any(|f| std::fs::read_link(f.path()).is_ok_and(|t| under(&t)));
        }
        if !hit {
            // A process in another mount namespace (a container's) that still has the mount.
            let mine = std::fs::read_link("/proc/self/ns/mnt").ok();
            if std::fs::read_link(base.join("ns/mnt")).ok() != mine
                && let Ok(info) = std::fs::read_to_string(base.join("mountinfo"))
            {
                let d = dir.to_string_lossy();
                hit = info
                    .lines()
                    .any(|l| l.split_whitespace().nth(4) == Some(d.as_ref()));
            }
        }
        if hit {
            out.push(format!("{pid} ({})", comm(pid)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_is_its_pid_and_start_time() {
        let me = Proc::of(std::process::id() as i32).unwrap();
        assert!(me.alive());
        assert_eq!(Proc::parse_record(&me.record()), Some(me));
        let other = Proc {
            pid: me.pid,
            start: me.start + 1,
        };
        assert!(!other.alive(), "a pid with another start time is not ours");
        assert_eq!(Proc::parse_record("12"), None);
        assert_eq!(Proc::parse_record("x 1"), None);
        let argv = cmdline(me.pid).unwrap();
        assert!(!argv.is_empty());
        assert!(has_arg(
            &["dockerd".into(), "--pidfile".into(), "/p".into()],
            "--pidfile",
            "/p"
        ));
        assert!(has_arg(
            &["dockerd".into(), "--pidfile=/p".into()],
            "--pidfile",
            "/p"
        ));
        assert!(!has_arg(
            &["dockerd".into(), "--pidfile".into()],
            "--pidfile",
            "/p"
        ));
    }

    #[test]
    fn stop_all_ends_a_child_that_ignores_sigterm() {
        let child = std::process::Command::new("sh")
            .args(["-c", "trap '' TERM; while :; do sleep 0.1; done"])
            .spawn()
            .unwrap();
        let p = Proc::of(child.id() as i32).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let t = Instant::now();
        let left = stop_all(&[p], Duration::from_millis(300));
        let mut child = child;
        let _ = child.wait();
        assert!(left.is_empty());
        assert!(t.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn holders_are_found_by_their_working_directory() {
        let d = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .current_dir(d.path())
            .spawn()
            .unwrap();
        let found = holders(d.path());
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            found
                .iter()
                .any(|h| h.starts_with(&format!("{} ", child.id()))),
            "{found:?}"
        );
    }
}
