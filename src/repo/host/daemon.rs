//! A repository's own Docker daemon on the server: starting it (and noticing at once when it
//! dies), and stopping everything it ran so that the image can always be unmounted.
//!
//! Stopping goes from the gentle to the certain: the daemon stops each container with the
//! container's own grace period (bounded by the caller's timeout); processes of containers the
//! daemon can no longer stop (it was killed, it hangs) are killed through their cgroup, found from
//! the container state the daemon wrote; then dockerd, its containerd and the shims. Every pid is
//! checked against its command line and start time before it is signalled, so a stale pid file
//! never hits an unrelated process.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Result;

use super::{Job, Layout};
use crate::contract::fs::Beneath;
use crate::error::remote;
use crate::procs::{self, Proc};

/// How long `up` waits for a fresh daemon to answer.
const START_WAIT: Duration = Duration::from_secs(60);

fn say(msg: impl AsRef<str>) {
    super::say(msg)
}

/// Run `f` against the daemon at `socket` on a small runtime; None when it cannot connect.
fn with_docker<T, F>(socket: &Path, timeout_secs: u64, f: F) -> Option<T>
where
    F: AsyncFnOnce(bollard::Docker) -> Option<T>,
{
    let rt = crate::runtime::get().ok()?;
    rt.block_on(async {
        let d = bollard::Docker::connect_with_unix(
            &socket.to_string_lossy(),
            timeout_secs,
            bollard::API_DEFAULT_VERSION,
        )
        .ok()?;
        f(d).await
    })
}

/// Whether the daemon answers a ping within 5 s.
pub(crate) fn ping(socket: &Path) -> bool {
    with_docker(socket, 5, async |d| {
        tokio::time::timeout(Duration::from_secs(5), d.ping())
            .await
            .ok()?
            .ok()
    })
    .is_some()
}

/// How many containers run.
pub(crate) fn running_containers(socket: &Path) -> usize {
    with_docker(socket, 5, async |d| {
        d.list_containers(None::<bollard::query_parameters::ListContainersOptions>)
            .await
            .ok()
            .map(|v| v.len())
    })
    .unwrap_or(0)
}

/// The ids of the running containers.
pub(crate) fn running_ids(socket: &Path) -> Vec<String> {
    with_docker(socket, 5, async |d| {
        d.list_containers(None::<bollard::query_parameters::ListContainersOptions>)
            .await
            .ok()
            .map(|v| v.into_iter().filter_map(|c| c.id).collect())
    })
    .unwrap_or_default()
}

/// Containers running and in total.
pub(crate) fn container_counts(socket: &Path) -> (usize, usize) {
    with_docker(socket, 5, async |d| {
        use bollard::query_parameters::ListContainersOptionsBuilder;
        let all = d
            .list_containers(Some(ListContainersOptionsBuilder::new().all(true).build()))
            .await
            .ok()?;
        let running = all
            .iter()
            .filter(|c| c.state == Some(bollard::models::ContainerSummaryStateEnum::RUNNING))
            .count();
        Some((running, all.len()))
    })
    .unwrap_or((0, 0))
}

/// The file that records which process rdc started as the daemon (pid and start time).
fn owner_file(l: &Layout) -> std::path::PathBuf {
    l.pidfile.with_extension("owner")
}

/// The daemon's process, when the pid file names the dockerd that rdc started for this
/// repository: its command line carries this pid file, and its start time is the recorded one.
/// Anything else is reported and ignored (never signalled).
pub(crate) fn daemon_proc(l: &Layout) -> Option<Proc> {
    let text = std::fs::read_to_string(&l.pidfile).ok()?;
    let pid: i32 = text.trim().parse().ok()?;
    let p = Proc::of(pid);
    let argv = procs::cmdline(pid).unwrap_or_default();
    let ours = argv.first().is_some_and(|a| a.ends_with("dockerd"))
        && procs::has_arg(&argv, "--pidfile", &l.pidfile.to_string_lossy());
    let recorded = std::fs::read_to_string(owner_file(l))
        .ok()
        .and_then(|s| Proc::parse_record(&s));
    match (p, ours, recorded) {
        (Some(p), true, Some(r)) if r == p => Some(p),
        (Some(p), true, None) => Some(p),
        (Some(_), _, _) => {
            say(format!(
                "{} names process {pid} ({}), which is not this repository's dockerd; leaving it alone",
                l.pidfile.display(),
                procs::comm(pid)
            ));
            None
        }
        (None, _, _) => None,
    }
}

/// The repository daemon's containerd (dockerd starts one per exec root), when alive.
fn containerd_proc(l: &Layout) -> Option<Proc> {
    let pidfile = l.exec_root.join("containerd").join("containerd.pid");
    let pid: i32 = std::fs::read_to_string(pidfile).ok()?.trim().parse().ok()?;
    let argv = procs::cmdline(pid)?;
    let root = l.exec_root.to_string_lossy();
    (argv.first().is_some_and(|a| a.ends_with("containerd"))
        && argv.iter().any(|a| a.contains(root.as_ref())))
    .then(|| Proc::of(pid))
    .flatten()
}

/// Start the daemon unless it answers already. Fails at once when the new dockerd exits, with
/// the last lines of its log.
pub(crate) fn start(job: &Job, l: &Layout, cg: Option<&crate::isolation::Layout>) -> Result<()> {
    if ping(&l.socket) {
        return Ok(());
    }
    let mount = Beneath::open(&l.mount)?;
    mount.mkdirs(Path::new(".rediacc/docker"), 0o700)?;
    mount.mkdirs(Path::new(".rediacc/tmp"), 0o700)?;
    let log = mount.append(Path::new(".rediacc/dockerd.log"), 0o600)?;
    std::fs::create_dir_all(l.socket.parent().unwrap())?;
    // What a daemon that died left behind: its containerd and a socket file that would make
    // dockerd refuse to start.
    if daemon_proc(l).is_none() {
        if let Some(c) = containerd_proc(l) {
            say("stopping the containerd left by a daemon that died");
            procs::stop_all(&[c], Duration::from_secs(5));
        }
        let _ = std::fs::remove_file(&l.socket);
    }
    say(format!(
        "starting the repository's Docker daemon on {}",
        l.socket.display()
    ));
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
        ]);
    if let Some(cg) = cg {
        // Every container under the repository's cgroup (and its programs). The cgroupfs
        // driver takes a path on both cgroup layouts, where systemd's would want a slice.
        cmd.arg("--cgroup-parent")
            .arg(cg.parent())
            .args(["--exec-opt", "native.cgroupdriver=cgroupfs"]);
    }
    cmd
        // Temporary files of the daemon and its containerd (a stack dump when dockerd restarts
        // an unresponsive containerd) stay with the repository, beside dockerd.log.
        .env("TMPDIR", l.mount.join(".rediacc/tmp"))
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    // Its own session: it outlives the SSH session that started it.
    // SAFETY: setsid is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd.spawn().map_err(|e| {
        remote(format!(
            "cannot start dockerd ({e}); is docker.io installed on this server?"
        ))
    })?;
    if let Some(p) = Proc::of(child.id() as i32) {
        crate::contract::fs::write_atomic(&owner_file(l), p.record().as_bytes(), 0o600)?;
    }
    let deadline = Instant::now() + START_WAIT;
    while Instant::now() < deadline {
        if ping(&l.socket) {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(remote(format!(
                "the Docker daemon of {} exited at start ({status}): {}",
                job.name,
                log_tail(l, 3)
            )));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(remote(format!(
        "the Docker daemon of {} did not answer within {}s: {}",
        job.name,
        START_WAIT.as_secs(),
        log_tail(l, 3)
    )))
}

/// The last `n` lines of the daemon's log, on one line.
fn log_tail(l: &Layout, n: usize) -> String {
    let text = Beneath::open(&l.mount)
        .ok()
        .and_then(|b| b.read(Path::new(".rediacc/dockerd.log")).ok().flatten())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|x| !x.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(n)..].join(" | ");
    if tail.is_empty() {
        format!("see {}", l.log.display())
    } else {
        format!("{tail} (see {})", l.log.display())
    }
}

/// Ask the daemon to stop every running container, each with its own stop timeout bounded by
/// `timeout`. Returns how many it stopped.
pub(crate) fn stop_containers(socket: &Path, timeout: Duration) -> usize {
    let t = timeout.as_secs();
    with_docker(socket, t + 30, async |d| {
        use bollard::query_parameters::StopContainerOptionsBuilder;
        let list = d
            .list_containers(None::<bollard::query_parameters::ListContainersOptions>)
            .await
            .ok()?;
        let mut jobs = Vec::new();
        for c in list {
            let Some(id) = c.id else { continue };
            let d = d.clone();
            jobs.push(async move {
                let own = d
                    .inspect_container(&id, None)
                    .await
                    .ok()
                    .and_then(|i| i.config)
                    .and_then(|c| c.stop_timeout)
                    .unwrap_or(10);
                let grace = own.clamp(0, t as i64) as i32;
                let opts = StopContainerOptionsBuilder::new().t(grace).build();
                d.stop_container(&id, Some(opts)).await.is_ok()
            });
        }
        let done = futures_util::future::join_all(jobs).await;
        Some(done.into_iter().filter(|ok| *ok).count())
    })
    .unwrap_or(0)
}

/// Containers the daemon's state says are running, with their init process: what a daemon that
/// died (or hangs) leaves behind.
fn leftover_containers(l: &Layout) -> Vec<(String, i32)> {
    let dir = l.data_root.join("containers");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in rd.flatten() {
        let id = e.file_name().to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(e.path().join("config.v2.json")) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let pid = v["State"]["Pid"].as_i64().unwrap_or(0) as i32;
        if pid > 0
            && std::fs::read_to_string(format!("/proc/{pid}/cgroup")).is_ok_and(|c| c.contains(&id))
        {
            out.push((id, pid));
        }
    }
    out
}

/// Stop everything of the repository's daemon: containers (through the daemon when it answers,
/// else by their cgroups), dockerd, its containerd and shims. Bounded by `timeout` plus a few
/// seconds.
pub(crate) fn stop(l: &Layout, timeout: Duration) -> Result<()> {
    if ping(&l.socket) {
        let n = running_containers(&l.socket);
        if n > 0 {
            say(format!(
                "stopping {n} container(s) (each within its own grace, at most {}s)",
                timeout.as_secs()
            ));
            stop_containers(&l.socket, timeout);
        }
    }
    let mut shims = Vec::new();
    let mut killed = 0;
    for (id, pid) in leftover_containers(l) {
        // The shim that supervises the container, if it is this daemon's.
        if let Some(shim) = procs::ppid(pid)
            && procs::cmdline(shim).is_some_and(|a| procs::has_arg(&a, "-id", &id))
            && let Some(p) = Proc::of(shim)
        {
            shims.push(p);
        }
        for member in procs::cgroup_members(pid) {
            if let Some(p) = Proc::of(member) {
                p.signal(libc::SIGKILL);
                killed += 1;
            }
        }
    }
    if killed > 0 {
        say(format!(
            "killed {killed} process(es) of containers the daemon could not stop"
        ));
    }
    let mut rest: Vec<Proc> = Vec::new();
    if let Some(d) = daemon_proc(l) {
        say("stopping the repository's Docker daemon");
        rest.extend(procs::stop_all(&[d], Duration::from_secs(20)));
    }
    let mut tail: Vec<Proc> = containerd_proc(l).into_iter().collect();
    tail.extend(shims);
    rest.extend(procs::stop_all(&tail, Duration::from_secs(5)));
    let _ = std::fs::remove_file(&l.socket);
    let _ = std::fs::remove_file(owner_file(l));
    if !rest.is_empty() {
        let names: Vec<String> = rest
            .iter()
            .map(|p| format!("{} ({})", p.pid, procs::comm(p.pid)))
            .collect();
        return Err(remote(format!(
            "these processes of the repository's daemon survived SIGKILL: {}",
            names.join(", ")
        )));
    }
    Ok(())
}

/// Unmount what the daemon left under its exec root (the network namespace bind mount).
pub(crate) fn unmount_exec_root(l: &Layout) {
    for m in super::mounts::mounts_below(&l.exec_root) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(&m)
            .stdin(Stdio::null())
            .status();
    }
}

/// A container that failed right after `up`: its service, what happened, its last log lines.
#[derive(Debug)]
pub(crate) struct FailedAtStart {
    pub(crate) service: String,
    pub(crate) how: String,
    pub(crate) tail: Vec<String>,
}

/// What a container's state says about a start: None when it is fine (running, or a one-shot
/// that finished with 0 and is not meant to restart).
fn judge(
    status: Option<bollard::models::ContainerStateStatusEnum>,
    code: i64,
    policy: Option<bollard::models::RestartPolicyNameEnum>,
    restarted: i64,
) -> Option<String> {
    use bollard::models::ContainerStateStatusEnum as S;
    use bollard::models::RestartPolicyNameEnum as P;
    let restarts = matches!(policy, Some(P::ALWAYS | P::UNLESS_STOPPED | P::ON_FAILURE));
    match status {
        Some(S::RESTARTING) => Some(format!("keeps restarting (last exit code {code})")),
        // Caught between two restarts: running again, but it already died.
        _ if restarted > 0 => Some(format!(
            "was restarted {restarted} time(s) since up (last exit code {code})"
        )),
        Some(S::DEAD) => Some("is dead".to_string()),
        Some(S::EXITED) if code != 0 => Some(format!("exited with code {code}")),
        Some(S::EXITED) if restarts && !matches!(policy, Some(P::ON_FAILURE)) => Some(format!(
            "exited (code 0) although its restart policy ({}) keeps it running",
            policy.map(|p| p.to_string()).unwrap_or_default()
        )),
        _ => None,
    }
}

/// The containers started since `since` that exited, died or keep restarting, watched until
/// each has run for `settle` (at most `settle` past now): a service that fails at start makes
/// `up` fail instead of being reported as up.
pub(crate) fn failed_at_start(
    socket: &Path,
    since: std::time::SystemTime,
    settle: Duration,
) -> Vec<FailedAtStart> {
    let deadline = std::time::Instant::now() + settle;
    loop {
        let (failed, young) = with_docker(socket, 10, async |d| {
            use bollard::query_parameters::{ListContainersOptionsBuilder, LogsOptionsBuilder};
            use futures_util::StreamExt;
            let all = d
                .list_containers(Some(ListContainersOptionsBuilder::new().all(true).build()))
                .await
                .ok()?;
            let mut failed = Vec::new();
            let mut young = false;
            for c in all {
                let Some(id) = c.id else { continue };
                let Ok(i) = d.inspect_container(&id, None).await else {
                    continue;
                };
                let st = i.state.unwrap_or_default();
                let started = st
                    .started_at
                    .as_deref()
                    .and_then(|s| humantime::parse_rfc3339_weak(s).ok());
                // Only what this `up` started: an old container stopped on purpose is not news.
                if started.is_none_or(|t| t < since) {
                    continue;
                }
                let policy = i
                    .host_config
                    .and_then(|h| h.restart_policy)
                    .and_then(|p| p.name);
                let restarted = i.restart_count.unwrap_or(0);
                let Some(how) = judge(st.status, st.exit_code.unwrap_or(0), policy, restarted)
                else {
                    if started.is_some_and(|t| t.elapsed().unwrap_or_default() < settle) {
                        young = true;
                    }
                    continue;
                };
                let service = i
                    .config
                    .and_then(|c| c.labels)
                    .and_then(|l| l.get("com.docker.compose.service").cloned())
                    .or(i.name.map(|n| n.trim_start_matches('/').to_string()))
                    .unwrap_or(id.clone());
                let opts = LogsOptionsBuilder::new()
                    .stdout(true)
                    .stderr(true)
                    .tail("5")
                    .build();
                let tail: Vec<String> = d
                    .logs(&id, Some(opts))
                    .take(50)
                    .filter_map(|l| async move { l.ok() })
                    .map(|l| l.to_string().trim_end().to_string())
                    .collect()
                    .await;
                failed.push(FailedAtStart { service, how, tail });
            }
            Some((failed, young))
        })
        .unwrap_or_default();
        if !failed.is_empty() || !young || std::time::Instant::now() >= deadline {
            return failed;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[cfg(test)]
mod start_tests {
    use super::judge;
    use bollard::models::ContainerStateStatusEnum as S;
    use bollard::models::RestartPolicyNameEnum as P;

    #[test]
    fn what_counts_as_failing_at_start() {
        assert!(judge(Some(S::RUNNING), 0, Some(P::ALWAYS), 0).is_none());
        // A one-shot that finished well, not meant to restart.
        assert!(judge(Some(S::EXITED), 0, Some(P::NO), 0).is_none());
        assert!(judge(Some(S::EXITED), 0, Some(P::ON_FAILURE), 0).is_none());
        assert!(
            judge(Some(S::EXITED), 3, Some(P::NO), 0)
                .unwrap()
                .contains("code 3")
        );
        assert!(
            judge(Some(S::EXITED), 0, Some(P::UNLESS_STOPPED), 0)
                .unwrap()
                .contains("restart policy (unless-stopped)")
        );
        assert!(
            judge(Some(S::RESTARTING), 1, Some(P::ALWAYS), 2)
                .unwrap()
                .contains("keeps restarting")
        );
        assert!(
            judge(Some(S::RUNNING), 1, Some(P::ALWAYS), 2)
                .unwrap()
                .contains("restarted 2 time(s)")
        );
    }
}
