//! `rdc host proxy run`: Traefik under a small supervisor that can replace it without refusing
//! a connection. The supervisor is the service's main process (systemd's `MAINPID` never
//! changes); Traefik is its child. A handover (`rdc host proxy handover`, what the unit's
//! `ExecReload` runs, or SIGHUP):
//!
//! 1. copies the running Traefik's listening sockets and steers every new connection to it
//!    (`steer`), so the new process cannot take one before it is ready;
//! 2. starts a new Traefik from the current files (static config, binary, env file); with
//!    `reusePort` it binds the same addresses (and any new ones);
//! 3. waits until the new one has loaded every route the old one serves (`/api/rawdata` on the
//!    admin entrypoint, steered to the new process for the question);
//! 4. steers new connections to the new process, lets the old one finish what it accepted
//!    (SIGTERM: Traefik's graceful shutdown), and keeps supervising the new one.
//!
//! Anything that goes wrong before step 4 leaves the old Traefik serving and kills the new one.
//! At the first start, Traefik starts once the route server answers, so it never serves 404s
//! for lack of routes.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

use super::sockets::{self, Proto};
use super::steer::Steer;
use crate::error::remote;

pub(crate) struct Options {
    pub traefik: PathBuf,
    pub config: PathBuf,
    /// `KEY=value` lines given to Traefik (read again for every start, so a rotated token is
    /// picked up by a handover).
    pub env_file: Option<PathBuf>,
    /// The control socket (`rdc host proxy handover`).
    pub control: PathBuf,
    /// Wait for this URL to answer 200 before the first start (the route server's routes).
    pub wait_for: Option<String>,
    /// How long a new Traefik may take to bind its addresses and load the routes.
    pub ready_timeout: Duration,
}

/// What the control socket answers: one line, `ok …` or `error: …`.
pub(crate) const OK: &str = "ok";

fn log(msg: impl AsRef<str>) {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    eprintln!(
        "rdc proxy [{}.{:03}]: {}",
        t.as_secs(),
        t.subsec_millis(),
        msg.as_ref()
    );
}

/// The admin (`traefik`) entrypoint's address in a static configuration file.
pub(crate) fn admin_address(config: &Path) -> Result<SocketAddr> {
    let text =
        std::fs::read_to_string(config).with_context(|| format!("reading {}", config.display()))?;
    let v: serde_json::Value = serde_saphyr::from_str(&text)
        .map_err(|e| remote(format!("{} is not valid YAML: {e}", config.display())))?;
    let a = v["entryPoints"]["traefik"]["address"]
        .as_str()
        .ok_or_else(|| remote(format!("{} has no traefik entrypoint", config.display())))?;
    a.parse()
        .map_err(|e| remote(format!("admin entrypoint address {a:?}: {e}")))
}

fn env_pairs(path: &Path) -> Result<Vec<(String, String)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect())
}

fn spawn(o: &Options) -> Result<Child> {
    if !o.config.is_file() {
        // Traefik would start on defaults (:80) without its file.
        return Err(remote(format!("{} does not exist", o.config.display())));
    }
    let mut cmd = Command::new(&o.traefik);
    cmd.arg(format!("--configFile={}", o.config.display()))
        .stdin(std::process::Stdio::null());
    // Traefik never outlives its supervisor: with reusePort, an orphaned Traefik would keep
    // taking a share of the connections with whatever routes it had last.
    // SAFETY: prctl is async-signal-safe; the supervisor spawns from its only thread.
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    if let Some(f) = &o.env_file {
        cmd.envs(env_pairs(f)?);
    }
    cmd.spawn()
        .with_context(|| format!("starting {}", o.traefik.display()))
}

fn pid_of(c: &Child) -> Result<i32> {
    c.id()
        .map(|p| p as i32)
        .ok_or_else(|| remote("Traefik has already exited"))
}

fn signal(pid: i32, sig: i32) {
    // SAFETY: the pid of our own child, not yet reaped.
    unsafe {
        libc::kill(pid, sig);
    }
}

/// Stop a child gracefully, then for sure.
async fn stop(mut c: Child, grace: Duration) {
    if let Ok(pid) = pid_of(&c) {
        signal(pid, libc::SIGTERM);
    }
    if tokio::time::timeout(grace, c.wait()).await.is_err() {
        let _ = c.kill().await;
    }
}

/// Whether the Traefik answering on `admin` serves the route server's probe route: its
/// entrypoints have switched to the route server's configuration (see `route_server::probe`).
async fn serves_probe(client: &reqwest::Client, admin: SocketAddr) -> bool {
    use crate::contract::paths::probe::{BODY, HOST, PATH};
    let Ok(r) = client
        .get(format!("http://{admin}{PATH}"))
        .header("Host", HOST)
        .send()
        .await
    else {
        return false;
    };
    r.status().is_success() && r.text().await.is_ok_and(|t| t == BODY)
}

/// The `@http` routers (HTTP, TCP, UDP) of the Traefik answering on `admin`.
async fn http_routers(client: &reqwest::Client, admin: SocketAddr) -> Option<BTreeSet<String>> {
    let r = client
        .get(format!("http://{admin}/api/rawdata"))
        .send()
        .await
        .ok()?;
    if !r.status().is_success() {
        return None;
    }
    let v: serde_json::Value = r.json().await.ok()?;
    let mut out = BTreeSet::new();
    for kind in ["routers", "tcpRouters", "udpRouters"] {
        if let Some(m) = v[kind].as_object() {
            out.extend(
                m.keys()
                    .filter(|k| k.ends_with("@http"))
                    .map(|k| format!("{kind}/{k}")),
            );
        }
    }
    Some(out)
}

/// Fail (naming them) when processes other than `ours` listen on the proxy's addresses.
fn refuse_strangers(addrs: &[(Proto, SocketAddr)], ours: &[i32]) -> Result<()> {
    // The supervisor holds copies of the old Traefik's sockets (to steer them): ours too.
    let mut ours = ours.to_vec();
    ours.push(std::process::id() as i32);
    let found = sockets::strangers(addrs, &ours);
    if found.is_empty() {
        return Ok(());
    }
    let who: Vec<String> = found
        .iter()
        .map(|(a, pid, comm)| format!("{a} by pid {pid} ({comm})"))
        .collect();
    Err(remote(format!(
        "not handing over: Traefik's reusePort listeners are shared with processes that are not this proxy's Traefik ({}); they would receive connections meant for it. Stop them, then reload again",
        who.join(", ")
    )))
}

/// Replace `current` with a new Traefik without refusing a connection. On error the old one
/// keeps serving.
async fn handover(
    o: &Options,
    current: &mut Child,
    current_admin: &mut Option<SocketAddr>,
) -> Result<String> {
    let started = Instant::now();
    let old = pid_of(current)?;
    let steer = Steer::grab(old).map_err(|e| {
        remote(format!(
            "cannot take hold of Traefik's sockets ({e}); the kernel must allow pidfd_getfd (Linux 5.6+) for root — restart the proxy instead (systemctl restart rediacc-proxy)"
        ))
    })?;
    // Steering picks a member of each reusePort group by its index: the group must hold the
    // proxy's own Traefiks and nothing else (repositories cannot bind the public address —
    // docs/isolation.md — but a process of the host could).
    refuse_strangers(&steer.addrs(), &[old])?;
    steer.direct(0).map_err(|e| {
        remote(format!(
            "cannot steer connections to the running Traefik: {e}"
        ))
    })?;
    // No pooled connections: the old and the new Traefik share the admin address, and a
    // kept-alive connection to the old one would answer for the new one (ready too early).
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .pool_max_idle_per_host(0)
        .no_proxy()
        .build()?;
    let old_admin = *current_admin;
    let want = match old_admin {
        Some(a) => http_routers(&client, a).await.unwrap_or_default(),
        None => BTreeSet::new(),
    };
    let new_admin = admin_address(&o.config)?;
    // A route server that serves the probe route serves it to the new Traefik too.
    let probe_expected = want.contains(&format!(
        "routers/{}@http",
        crate::contract::paths::probe::NAME
    ));
    log(format!(
        "handover: {} routes to carry over; starting a new Traefik",
        want.len()
    ));
    let mut new = spawn(o)?;
    let ready = async {
        let new_pid = pid_of(&new)?;
        let deadline = Instant::now() + o.ready_timeout;
        // Its sockets: at least every address the old one had that the new file still has,
        // and its admin entrypoint.
        loop {
            if let Ok(Some(st)) = new.try_wait() {
                return Err(remote(format!(
                    "the new Traefik exited at start ({st}); its configuration is refused (see its log)"
                )));
            }
            let mine: Vec<SocketAddr> =
                sockets::listeners(new_pid).iter().map(|l| l.addr).collect();
            if mine.contains(&new_admin) {
                break;
            }
            if Instant::now() >= deadline {
                return Err(remote("the new Traefik did not listen in time"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Ask the new process (its admin socket is the second member, or alone when the
        // admin address changed) until it has every route the old one has.
        if Some(new_admin) == old_admin {
            steer
                .direct_one(Proto::Tcp, new_admin, 1)
                .map_err(|e| remote(format!("steering the admin entrypoint: {e}")))?;
        }
        loop {
            if let Ok(Some(st)) = new.try_wait() {
                return Err(remote(format!("the new Traefik exited ({st})")));
            }
            // Its API lists every route of the old one, and its entrypoints serve the probe
            // route (the API is updated before the entrypoints switch to the new routes).
            if let Some(have) = http_routers(&client, new_admin).await
                && want.is_subset(&have)
                && (!probe_expected || serves_probe(&client, new_admin).await)
            {
                log(format!("handover: pid {new_pid} has the {} routes", have.len()));
                return Ok(new_pid);
            }
            if Instant::now() >= deadline {
                return Err(remote(format!(
                    "the new Traefik did not load the {} routes of the running one within {}s (does the route server answer?)",
                    want.len(),
                    o.ready_timeout.as_secs()
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    .await;
    // Checked again with both Traefiks in the group, before the new one gets the connections.
    let ready = match ready {
        Ok(p) => refuse_strangers(&steer.addrs(), &[old, p]).map(|()| p),
        Err(e) => Err(e),
    };
    let new_pid = match ready {
        Ok(p) => p,
        Err(e) => {
            let _ = steer.direct(0);
            stop(new, Duration::from_secs(5)).await;
            return Err(e);
        }
    };
    // From here on the new process takes every new connection.
    steer
        .direct(1)
        .map_err(|e| remote(format!("cannot steer connections to the new Traefik: {e}")))?;
    let switched = started.elapsed();
    log("handover: new connections go to the new Traefik");
    // Let the old one accept what was already queued for it, then stop it gracefully.
    tokio::time::sleep(Duration::from_millis(300)).await;
    log(format!("handover: stopping pid {old}"));
    let old_child = std::mem::replace(current, new);
    *current_admin = Some(new_admin);
    stop(old_child, Duration::from_secs(15)).await;
    drop(steer);
    Ok(format!(
        "{OK}: Traefik pid {old} handed over to pid {new_pid}: new connections switched after {} ms, the old process finished after {} ms",
        switched.as_millis(),
        started.elapsed().as_millis()
    ))
}

/// Wait (bounded) until `url` answers 200.
async fn wait_for(url: &str, limit: Duration) {
    let Ok(client) = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .no_proxy()
        .build()
    else {
        return;
    };
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(r) = client.get(url).send().await
            && r.status().is_success()
        {
            return;
        }
        if Instant::now() >= deadline {
            log(format!(
                "{url} does not answer after {}s; starting Traefik anyway",
                limit.as_secs()
            ));
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Supervise Traefik until SIGTERM (then stop it gracefully) or until it exits by itself (then
/// exit with an error, for the service manager to restart).
pub(crate) async fn run(o: Options) -> Result<()> {
    use tokio::signal::unix::{SignalKind, signal as on};
    if let Some(url) = &o.wait_for {
        wait_for(url, Duration::from_secs(30)).await;
    }
    let _ = std::fs::remove_file(&o.control);
    if let Some(dir) = o.control.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let control = tokio::net::UnixListener::bind(&o.control)
        .with_context(|| format!("listening on {}", o.control.display()))?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&o.control, std::fs::Permissions::from_mode(0o600))?;
    }
    let mut term = on(SignalKind::terminate())?;
    let mut int = on(SignalKind::interrupt())?;
    let mut hup = on(SignalKind::hangup())?;
    let mut admin = admin_address(&o.config).ok();
    let mut child = spawn(&o)?;
    log(format!("Traefik started (pid {})", pid_of(&child)?));
    let res = loop {
        tokio::select! {
            st = child.wait() => {
                let st = st?;
                break Err(remote(format!("Traefik exited ({st})")));
            }
            _ = term.recv() => break Ok(()),
            _ = int.recv() => break Ok(()),
            _ = hup.recv() => {
                match handover(&o, &mut child, &mut admin).await {
                    Ok(m) => log(m),
                    Err(e) => log(format!("handover failed, the running Traefik keeps serving: {e:#}")),
                }
            }
            conn = control.accept() => {
                let Ok((stream, _)) = conn else { continue };
                let (rd, mut wr) = stream.into_split();
                let mut line = String::new();
                let mut rd = tokio::io::BufReader::new(rd);
                let read = tokio::time::timeout(Duration::from_secs(5), rd.read_line(&mut line)).await;
                let answer = match (read, line.trim()) {
                    (Ok(Ok(_)), "handover") => match handover(&o, &mut child, &mut admin).await {
                        Ok(m) => m,
                        Err(e) => format!("error: {e:#}"),
                    },
                    (Ok(Ok(_)), "status") => format!("{OK}: Traefik pid {}", pid_of(&child).unwrap_or(0)),
                    _ => "error: unknown request (handover, status)".to_string(),
                };
                log(&answer);
                let _ = wr.write_all(format!("{answer}\n").as_bytes()).await;
            }
        }
    };
    stop(child, Duration::from_secs(20)).await;
    let _ = std::fs::remove_file(&o.control);
    res
}

/// `rdc host proxy handover`: ask the supervisor for a handover, print its answer.
pub(crate) async fn request(control: &Path, what: &str, limit: Duration) -> Result<String> {
    let mut s = tokio::net::UnixStream::connect(control)
        .await
        .map_err(|e| {
            remote(format!(
                "no proxy supervisor at {} ({e}); is rediacc-proxy running?",
                control.display()
            ))
        })?;
    s.write_all(format!("{what}\n").as_bytes()).await?;
    let mut line = String::new();
    let mut rd = tokio::io::BufReader::new(s);
    tokio::time::timeout(limit, rd.read_line(&mut line))
        .await
        .map_err(|_| {
            remote(format!(
                "no answer from the proxy supervisor within {}s",
                limit.as_secs()
            ))
        })??;
    let line = line.trim().to_string();
    if line.starts_with(OK) {
        Ok(line)
    } else {
        Err(remote(line.trim_start_matches("error: ").to_string()))
    }
}
