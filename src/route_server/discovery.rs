//! Finding and following the repositories' Docker daemons.
//!
//! A supervisor globs the socket pattern (default `/var/run/rediacc/docker-*.sock`) at start,
//! whenever the directory changes (inotify) and every few seconds (a watch dies silently when
//! its directory is replaced). Each socket gets its own task, so one daemon's trouble never
//! touches another's routes. A daemon task lists every container once, then follows the event
//! stream (from a timestamp taken before the listing, so nothing falls in between), inspecting
//! only the container an event is about; when the stream breaks it reconnects with backoff and
//! lists everything again. A socket that disappears takes its routes with it at once; a daemon
//! that merely stops answering keeps its routes for `unreachable_grace_secs`.

use crate::contract::NetworkId;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use bollard::Docker;
use bollard::query_parameters::{
    EventsOptionsBuilder, InspectContainerOptions, ListContainersOptionsBuilder,
};
use futures_util::StreamExt;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use super::model::Container;

/// How often the socket directory is rescanned even without inotify events.
pub const RESCAN_EVERY: Duration = Duration::from_secs(5);
/// Reconnect backoff bounds.
const BACKOFF_MIN: Duration = Duration::from_millis(200);
const BACKOFF_MAX: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DaemonState {
    /// Being listed for the first time (or again after a reconnect).
    Connecting,
    /// Listed; its event stream is followed.
    Ok,
    /// Not answering; routes kept until the grace period ends.
    Unreachable,
    /// The socket name does not carry a valid network id; ignored.
    Invalid,
}

#[derive(Debug, Clone)]
pub struct DaemonEntry {
    pub socket: PathBuf,
    pub network_id: NetworkId,
    pub state: DaemonState,
    pub containers: BTreeMap<String, Arc<Container>>,
    /// The current container list is complete (listed, and the stream is followed).
    pub listed: bool,
    /// Listed once or failed once: the first answer, either way, is in.
    pub settled: bool,
    pub last_error: Option<String>,
    pub unreachable_since: Option<Instant>,
    pub state_since: SystemTime,
}

/// A daemon's state without its containers (what the renderer copies out under the lock).
#[derive(Debug, Clone)]
pub struct DaemonSummary {
    pub socket: PathBuf,
    pub network_id: NetworkId,
    pub state: DaemonState,
    pub containers: usize,
    pub listed: bool,
    pub settled: bool,
    pub last_error: Option<String>,
    pub state_since: SystemTime,
}

impl DaemonSummary {
    pub fn of(d: &DaemonEntry) -> DaemonSummary {
        DaemonSummary {
            socket: d.socket.clone(),
            network_id: d.network_id,
            state: d.state,
            containers: d.containers.len(),
            listed: d.listed,
            settled: d.settled,
            last_error: d.last_error.clone(),
            state_since: d.state_since,
        }
    }
}

/// Everything discovery knows, shared with the renderer.
#[derive(Default)]
pub struct Registry {
    pub daemons: BTreeMap<PathBuf, DaemonEntry>,
    /// The socket directory has been scanned at least once.
    pub scanned: bool,
    /// The last scan failed (EMFILE, EACCES…): the daemons known before are kept.
    pub scan_error: Option<String>,
}

#[derive(Clone)]
pub struct Shared {
    pub registry: Arc<Mutex<Registry>>,
    /// Poked on every change; the renderer waits on it.
    pub changed: Arc<Notify>,
}

impl Shared {
    pub fn new() -> Shared {
        Shared {
            registry: Arc::new(Mutex::new(Registry::default())),
            changed: Arc::new(Notify::new()),
        }
    }
    fn update(&self, f: impl FnOnce(&mut Registry)) {
        {
            let mut r = self.registry.lock().expect("registry lock");
            f(&mut r);
        }
        self.changed.notify_one();
    }
    fn update_daemon(&self, socket: &Path, f: impl FnOnce(&mut DaemonEntry)) {
        self.update(|r| {
            if let Some(d) = r.daemons.get_mut(socket) {
                f(d);
            }
        });
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared::new()
    }
}

/// The network id carried by a socket name that matched the pattern: the text the `*` stands
/// for (`docker-2816.sock` with `docker-*.sock` → 2816).
pub fn network_id_of(pattern: &str, socket: &Path) -> Option<NetworkId> {
    let file_pat = Path::new(pattern).file_name()?.to_str()?;
    let (pre, post) = file_pat.split_once('*')?;
    let name = socket.file_name()?.to_str()?;
    name.strip_prefix(pre)?.strip_suffix(post)?.parse().ok()
}

/// The sockets matching the pattern. An error reading the directory or a path (other than
/// "not found") is an error, not an empty result: the caller must not conclude that daemons
/// went away.
fn scan(pattern: &str) -> Result<Vec<PathBuf>, String> {
    use std::os::unix::fs::FileTypeExt;
    let paths = glob::glob(pattern).map_err(|e| format!("bad socket pattern {pattern}: {e}"))?;
    let mut out = Vec::new();
    for entry in paths {
        let p = entry.map_err(|e| format!("cannot read {}: {}", e.path().display(), e.error()))?;
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_socket() => out.push(p),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot stat {}: {e}", p.display())),
        }
    }
    Ok(out)
}

/// Run discovery until `shutdown` turns true.
pub async fn run(
    shared: Shared,
    pattern: String,
    grace: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let dir = Path::new(&pattern)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<()>(16);
    let mut watcher: Option<notify::RecommendedWatcher> = None;
    let mut tasks: HashMap<PathBuf, JoinHandle<()>> = HashMap::new();
    let mut tick = tokio::time::interval(RESCAN_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        if watcher.is_none() && dir.is_dir() {
            watcher = watch_dir(&dir, tx.clone());
        }
        match scan(&pattern) {
            Ok(found) => reconcile(&shared, &pattern, grace, &found, &mut tasks),
            Err(e) => {
                let first = shared
                    .registry
                    .lock()
                    .expect("registry lock")
                    .scan_error
                    .is_none();
                if first {
                    tracing::warn!(error = %e, "cannot scan the socket directory; keeping the daemons known so far");
                }
                shared.update(|r| r.scan_error = Some(e));
            }
        }
        tokio::select! {
            _ = tick.tick() => {}
            Some(()) = rx.recv() => {
                // A burst of inotify events (compose starting daemons) becomes one rescan.
                tokio::time::sleep(Duration::from_millis(30)).await;
                while rx.try_recv().is_ok() {}
            }
            _ = shutdown.changed() => break,
        }
        if *shutdown.borrow() {
            break;
        }
    }
    for (_, t) in tasks {
        t.abort();
    }
}

fn watch_dir(dir: &Path, tx: tokio::sync::mpsc::Sender<()>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let mut w = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if res.is_ok() {
            let _ = tx.try_send(());
        }
    })
    .ok()?;
    match w.watch(dir, notify::RecursiveMode::NonRecursive) {
        Ok(()) => Some(w),
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "cannot watch the socket directory; relying on periodic rescans");
            None
        }
    }
}

fn reconcile(
    shared: &Shared,
    pattern: &str,
    grace: Duration,
    found: &[PathBuf],
    tasks: &mut HashMap<PathBuf, JoinHandle<()>>,
) {
    let gone: Vec<PathBuf> = tasks
        .keys()
        .filter(|p| !found.contains(p))
        .cloned()
        .collect();
    let mut changed = false;
    for p in &gone {
        if let Some(t) = tasks.remove(p) {
            t.abort();
        }
        tracing::info!(socket = %p.display(), "socket gone: its routes are withdrawn");
        changed = true;
    }
    let mut fresh = Vec::new();
    for p in found {
        if tasks.contains_key(p) {
            continue;
        }
        let net = network_id_of(pattern, p);
        let entry = DaemonEntry {
            socket: p.clone(),
            network_id: net.unwrap_or_default(),
            state: if net.is_some() {
                DaemonState::Connecting
            } else {
                DaemonState::Invalid
            },
            containers: BTreeMap::new(),
            listed: false,
            settled: net.is_none(),
            last_error: net.is_none().then(|| {
                "the socket name does not carry a valid network id (2816 + 64·n)".to_string()
            }),
            unreachable_since: None,
            state_since: SystemTime::now(),
        };
        fresh.push(entry);
        changed = true;
    }
    let was_scanned;
    {
        let mut r = shared.registry.lock().expect("registry lock");
        was_scanned = r.scanned;
        for p in &gone {
            r.daemons.remove(p);
        }
        for e in &fresh {
            r.daemons.insert(e.socket.clone(), e.clone());
        }
        r.scanned = true;
        r.scan_error = None;
    }
    for e in fresh {
        let socket = e.socket.clone();
        let handle = if e.state == DaemonState::Invalid {
            tracing::warn!(socket = %socket.display(), "ignoring a socket without a valid network id in its name");
            tokio::spawn(async {})
        } else {
            tracing::info!(socket = %socket.display(), network_id = %e.network_id, "daemon found");
            tokio::spawn(follow(shared.clone(), socket.clone(), grace))
        };
        tasks.insert(socket, handle);
    }
    if changed || !was_scanned {
        shared.changed.notify_one();
    }
}

/// One daemon: list, follow events, reconnect and relist on failure.
async fn follow(shared: Shared, socket: PathBuf, grace: Duration) {
    let mut backoff = BACKOFF_MIN;
    loop {
        match session(&shared, &socket).await {
            Ok(()) => {
                backoff = BACKOFF_MIN;
                tracing::warn!(socket = %socket.display(), "event stream ended; reconnecting");
                shared.update_daemon(&socket, |d| {
                    d.listed = false;
                    d.state = DaemonState::Connecting;
                    d.state_since = SystemTime::now();
                });
            }
            Err(e) => {
                let msg = format!("{e:#}");
                shared.update_daemon(&socket, |d| {
                    if d.state != DaemonState::Unreachable {
                        tracing::warn!(socket = %socket.display(), error = %msg, "daemon unreachable");
                        d.state_since = SystemTime::now();
                    }
                    d.state = DaemonState::Unreachable;
                    d.listed = false;
                    d.settled = true;
                    d.last_error = Some(msg);
                    let since = *d.unreachable_since.get_or_insert_with(Instant::now);
                    if since.elapsed() >= grace && !d.containers.is_empty() {
                        tracing::warn!(socket = %socket.display(), "unreachable for longer than the grace period: routes withdrawn");
                        d.containers.clear();
                    }
                });
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(BACKOFF_MAX);
            }
        }
    }
}

fn docker_err(e: bollard::errors::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Connect, list, follow. Returns Ok when the stream ends cleanly, Err on any failure.
async fn session(shared: &Shared, socket: &Path) -> anyhow::Result<()> {
    let docker = Docker::connect_with_unix(
        socket.to_str().unwrap_or_default(),
        30,
        bollard::API_DEFAULT_VERSION,
    )
    .map_err(docker_err)?;
    // Events are requested from a moment before the listing, so a change that happens while
    // listing is replayed rather than lost.
    let since = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs().saturating_sub(1))
        .unwrap_or(0);
    let list = tokio::time::timeout(
        Duration::from_secs(30),
        docker.list_containers(Some(
            ListContainersOptionsBuilder::default().all(true).build(),
        )),
    )
    .await
    .map_err(|_| anyhow::anyhow!("listing containers timed out after 30s"))?
    .map_err(docker_err)?;
    let mut containers = BTreeMap::new();
    for s in list {
        if let Some(c) = from_summary(s) {
            containers.insert(c.id.clone(), Arc::new(c));
        }
    }
    let n = containers.len();
    shared.update_daemon(socket, |d| {
        d.containers = containers;
        d.listed = true;
        d.settled = true;
        if d.state != DaemonState::Ok {
            d.state_since = SystemTime::now();
        }
        d.state = DaemonState::Ok;
        d.last_error = None;
        d.unreachable_since = None;
    });
    tracing::info!(socket = %socket.display(), containers = n, "daemon listed");
    let filters = HashMap::from([("type", vec!["container"])]);
    let mut events = docker.events(Some(
        EventsOptionsBuilder::default()
            .since(&since.to_string())
            .filters(&filters)
            .build(),
    ));
    while let Some(ev) = events.next().await {
        let ev = ev.map_err(docker_err)?;
        let action = ev.action.unwrap_or_default();
        let Some(id) = ev.actor.and_then(|a| a.id) else {
            continue;
        };
        if !relevant(&action) {
            continue;
        }
        if action == "destroy" {
            shared.update_daemon(socket, |d| {
                d.containers.remove(&id);
            });
            continue;
        }
        // State changes of a container we already know need no inspect: its labels do not
        // change, and the event says what happened. This keeps an API round trip off the
        // path from `start` to a route.
        let known = {
            let r = shared.registry.lock().expect("registry lock");
            r.daemons
                .get(socket)
                .and_then(|d| d.containers.get(&id).cloned())
        };
        if let Some(c) = known
            && let Some(next) = apply_event(&c, &action)
        {
            if next != *c {
                shared.update_daemon(socket, |d| {
                    d.containers.insert(id.clone(), Arc::new(next));
                });
            }
            continue;
        }
        match docker
            .inspect_container(&id, None::<InspectContainerOptions>)
            .await
        {
            Ok(info) => {
                if let Some(c) = from_inspect(info) {
                    let c = Arc::new(c);
                    shared.update_daemon(socket, |d| {
                        // Only a real change wakes the renderer's work (equal → same output).
                        if d.containers.get(&c.id).is_none_or(|old| **old != *c) {
                            d.containers.insert(c.id.clone(), c);
                        }
                    });
                }
            }
            Err(bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            }) => {
                shared.update_daemon(socket, |d| {
                    d.containers.remove(&id);
                });
            }
            Err(e) => return Err(docker_err(e)),
        }
    }
    Ok(())
}

/// The container after an event, when the event alone says it; None means "inspect it".
fn apply_event(c: &Container, action: &str) -> Option<Container> {
    let (verb, arg) = match action.split_once(':') {
        Some((v, a)) => (v.trim(), Some(a.trim())),
        None => (action.trim(), None),
    };
    match verb {
        "start" => Some(c.with_state("running", c.has_healthcheck.then(|| "starting".to_string()))),
        "die" => Some(c.with_state("exited", None)),
        "pause" => Some(c.with_state("paused", c.health.clone())),
        "unpause" => Some(c.with_state("running", c.health.clone())),
        "health_status" => arg.map(|h| c.with_state(&c.state, Some(h.to_string()))),
        // stop, kill and oom are followed by die; restart by die and start: nothing to do.
        "stop" | "kill" | "oom" | "restart" => Some(c.clone()),
        _ => None,
    }
}

/// Container events that can change routes.
fn relevant(action: &str) -> bool {
    let a = action.split(':').next().unwrap_or(action).trim();
    matches!(
        a,
        "create"
            | "start"
            | "restart"
            | "die"
            | "stop"
            | "kill"
            | "pause"
            | "unpause"
            | "destroy"
            | "rename"
            | "update"
            | "health_status"
            | "oom"
    )
}

fn from_summary(s: bollard::models::ContainerSummary) -> Option<Container> {
    let id = s.id?;
    let name = s
        .names
        .and_then(|n| n.into_iter().next())
        .unwrap_or_else(|| id.clone());
    let state = s.state.map(|st| st.to_string()).unwrap_or_default();
    let health = s
        .health
        .and_then(|h| h.status)
        .map(|h| h.to_string())
        .filter(|h| !h.is_empty() && h != "none")
        .or_else(|| health_from_status(s.status.as_deref().unwrap_or("")));
    Some(Container::new(
        id,
        name,
        s.labels.unwrap_or_default().into_iter().collect(),
        state,
        health,
        s.created.unwrap_or(0),
    ))
}

/// Older engines only say it in the status text: "Up 3 seconds (health: starting)".
fn health_from_status(status: &str) -> Option<String> {
    if status.contains("(healthy)") {
        Some("healthy".into())
    } else if status.contains("(unhealthy)") {
        Some("unhealthy".into())
    } else if status.contains("(health: starting)") {
        Some("starting".into())
    } else {
        None
    }
}

fn from_inspect(i: bollard::models::ContainerInspectResponse) -> Option<Container> {
    let id = i.id?;
    let name = i.name.unwrap_or_else(|| id.clone());
    let has_healthcheck = i
        .config
        .as_ref()
        .and_then(|c| c.healthcheck.as_ref())
        .and_then(|h| h.test.as_ref())
        .is_some_and(|t| !t.is_empty() && t[0] != "NONE");
    let labels = i.config.and_then(|c| c.labels).unwrap_or_default();
    let (state, health) = match i.state {
        Some(st) => (
            st.status.map(|s| s.to_string()).unwrap_or_default(),
            st.health
                .and_then(|h| h.status)
                .map(|h| h.to_string())
                .filter(|h| !h.is_empty() && h != "none"),
        ),
        None => (String::new(), None),
    };
    let created = i
        .created
        .as_deref()
        .and_then(|t| humantime::parse_rfc3339_weak(t).ok())
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64);
    let mut c = Container::new(
        id,
        name,
        labels.into_iter().collect(),
        state,
        health,
        created,
    );
    c.has_healthcheck |= has_healthcheck;
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_ids_from_socket_names() {
        let pat = "/var/run/rediacc/docker-*.sock";
        assert_eq!(
            network_id_of(pat, Path::new("/var/run/rediacc/docker-2816.sock")),
            Some(NetworkId(2816))
        );
        assert_eq!(
            network_id_of(pat, Path::new("/var/run/rediacc/docker-x.sock")),
            None
        );
        assert_eq!(
            network_id_of(pat, Path::new("/var/run/rediacc/other-2816.sock")),
            None
        );
    }

    #[test]
    fn health_text() {
        assert_eq!(
            health_from_status("Up 3 seconds (health: starting)").as_deref(),
            Some("starting")
        );
        assert_eq!(
            health_from_status("Up 1 minute (healthy)").as_deref(),
            Some("healthy")
        );
        assert_eq!(health_from_status("Up 1 minute"), None);
    }

    #[test]
    fn events_update_known_containers() {
        let c = Container::new("a", "/a", Default::default(), "created", None, 0);
        assert_eq!(apply_event(&c, "start").unwrap().state, "running");
        assert_eq!(apply_event(&c, "start").unwrap().health, None);
        let mut h = c.clone();
        h.has_healthcheck = true;
        assert_eq!(
            apply_event(&h, "start").unwrap().health.as_deref(),
            Some("starting")
        );
        assert_eq!(
            apply_event(&h, "health_status: healthy")
                .unwrap()
                .health
                .as_deref(),
            Some("healthy")
        );
        assert_eq!(apply_event(&c, "die").unwrap().state, "exited");
        assert!(apply_event(&c, "rename").is_none());
        assert!(apply_event(&c, "create").is_none());
    }

    #[test]
    fn relevant_events() {
        assert!(relevant("start"));
        assert!(relevant("health_status: healthy"));
        assert!(!relevant("exec_start: sh"));
        assert!(!relevant("attach"));
    }
}
