//! Finding and following the repositories' Docker daemons.
//!
//! A supervisor globs the socket pattern (default `/var/run/rediacc/docker-*.sock`) at start,
//! whenever an entry whose name matches comes or goes (inotify, `dirwatch`) and every
//! [`RESCAN_EVERY`] (a watch ends when its directory is replaced; the rescan makes a new one). Each socket gets its own task, so one daemon's trouble never
//! touches another's routes. A daemon task lists every container once, then follows the event
//! stream (from a timestamp taken before the listing, so nothing falls in between), inspecting
//! only the container an event is about; when the stream breaks it reconnects with backoff and
//! lists everything again. A socket that disappears takes its routes with it at once; a daemon
//! that merely stops answering keeps its routes for `unreachable_grace_secs`.
//!
//! The decisions live in `state` (pure, time passed in); Docker is behind the `docker` seam.
//! This file holds the effects: scanning, tasks, logging, waking the renderer.

pub mod docker;
#[cfg(test)]
mod fake;
pub mod state;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures_util::StreamExt;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::contract::NetworkId;
use crate::route_server::activity::Activity;
use crate::route_server::dirwatch::{self, Change, DirWatch};
pub use docker::Bollard;
pub mod events;
use docker::{Connect, DockerApi, apply_event, relevant};
pub use state::{DaemonEntry, DaemonState, Input, Outcome, Registry};

/// How often the socket directory is rescanned even without inotify events.
pub const RESCAN_EVERY: Duration = Duration::from_secs(5);
/// Reconnect backoff bounds.
const BACKOFF_MIN: Duration = Duration::from_millis(200);
const BACKOFF_MAX: Duration = Duration::from_secs(5);

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

#[derive(Clone)]
pub struct Shared {
    pub registry: Arc<Mutex<Registry>>,
    /// Poked on every change; the renderer waits on it.
    pub changed: Arc<Notify>,
    /// What discovery and the renderer did (shown in `/health`).
    pub(crate) activity: Arc<Activity>,
    /// Poked at every periodic rescan, for other slow checks to share that wakeup.
    pub(crate) ticked: Arc<Notify>,
}

impl Shared {
    pub fn new() -> Shared {
        Shared {
            registry: Arc::new(Mutex::new(Registry::default())),
            changed: Arc::new(Notify::new()),
            activity: Arc::default(),
            ticked: Arc::new(Notify::new()),
        }
    }

    /// Apply an input to one daemon (if it is still known), waking the renderer on a change.
    fn apply(&self, socket: &Path, input: Input, grace: Duration) -> Outcome {
        let now = tokio::time::Instant::now().into_std();
        let outcome = {
            let mut r = self.registry.lock().expect("registry lock");
            match r.daemons.get_mut(socket) {
                Some(d) => d.apply(input, now, SystemTime::now(), grace),
                None => Outcome::Unchanged,
            }
        };
        if outcome != Outcome::Unchanged {
            self.changed.notify_one();
        }
        outcome
    }

    fn container(
        &self,
        socket: &Path,
        id: &str,
    ) -> Option<Arc<crate::route_server::model::Container>> {
        let r = self.registry.lock().expect("registry lock");
        r.daemons
            .get(socket)
            .and_then(|d| d.containers.get(id).cloned())
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared::new()
    }
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

/// Run discovery until `shutdown` turns true, talking to daemons through `connect`.
pub async fn run<C: Connect>(
    shared: Shared,
    pattern: String,
    grace: Duration,
    connect: C,
    mut shutdown: watch::Receiver<bool>,
) {
    let dir = Path::new(&pattern)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let names = Path::new(&pattern)
        .file_name()
        .and_then(|n| glob::Pattern::new(&n.to_string_lossy()).ok());
    let mut watcher: Option<DirWatch> = None;
    let mut tasks: HashMap<PathBuf, JoinHandle<()>> = HashMap::new();
    let mut tick = crate::route_server::ticker::Ticker::every(RESCAN_EVERY);
    // The first tick is at once: the scan below is the first scan.
    tick.tick().await;
    loop {
        if watcher.is_none() {
            watcher = DirWatch::new(&dir).ok();
        }
        Activity::bump(&shared.activity.scans);
        let found = scan(&pattern);
        let o = shared.registry.lock().expect("registry lock").scanned(
            &pattern,
            found,
            SystemTime::now(),
        );
        if let Some(e) = &o.new_error {
            tracing::warn!(error = %e, "cannot scan the socket directory; keeping the daemons known so far");
        }
        for p in &o.gone {
            if let Some(t) = tasks.remove(p) {
                t.abort();
            }
            tracing::info!(socket = %p.display(), "socket gone: its routes are withdrawn");
        }
        for p in &o.invalid {
            tracing::warn!(socket = %p.display(), "ignoring a socket without a valid network id in its name");
        }
        for p in o.follow {
            tracing::info!(socket = %p.display(), "daemon found");
            let task = tokio::spawn(follow(shared.clone(), p.clone(), grace, connect.clone()));
            tasks.insert(p, task);
        }
        if o.changed {
            shared.changed.notify_one();
        }
        // Wait for a reason to scan: the periodic tick, or a change of a matching entry.
        let mut from_watch = false;
        let stop = loop {
            let rescan = tokio::select! {
                _ = tick.tick() => {
                    // router.toml's slow check rides on this wakeup (no timer of its own).
                    shared.ticked.notify_waiters();
                    true
                }
                change = dirwatch::next(&mut watcher) => match change {
                    // The watch ended (the directory went): rescan, watch again when it is back.
                    None => {
                        watcher = None;
                        true
                    }
                    Some(Change::Entry(n)) => {
                        from_watch = names.as_ref().is_none_or(|p| p.matches(&n.to_string_lossy()));
                        from_watch
                    }
                    Some(Change::Dir) => true,
                },
                _ = shutdown.changed() => break true,
            };
            Activity::bump(&shared.activity.discovery_wakeups);
            if rescan {
                break false;
            }
        };
        if stop || *shutdown.borrow() {
            break;
        }
        // A burst (compose starting daemons) becomes one rescan.
        if from_watch {
            tokio::time::sleep(Duration::from_millis(30)).await;
            while let Ok(Some(_)) =
                tokio::time::timeout(Duration::ZERO, dirwatch::next(&mut watcher)).await
            {
            }
        }
    }
    for (_, t) in tasks {
        t.abort();
    }
}

/// One daemon: list, follow events, reconnect and relist on failure.
async fn follow<C: Connect>(shared: Shared, socket: PathBuf, grace: Duration, connect: C) {
    let mut backoff = BACKOFF_MIN;
    loop {
        let result = match connect.connect(&socket) {
            Ok(api) => session(&shared, &socket, grace, &api).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                backoff = BACKOFF_MIN;
                tracing::warn!(socket = %socket.display(), "event stream ended; reconnecting");
                shared.apply(&socket, Input::StreamEnded, grace);
            }
            Err(e) => {
                let msg = format!("{e:#}");
                match shared.apply(&socket, Input::Failed(msg.clone()), grace) {
                    Outcome::BecameUnreachable => {
                        tracing::warn!(socket = %socket.display(), error = %msg, "daemon unreachable")
                    }
                    Outcome::GraceExpired => {
                        tracing::warn!(socket = %socket.display(), "unreachable for longer than the grace period: routes withdrawn")
                    }
                    _ => {}
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(BACKOFF_MAX);
            }
        }
    }
}

/// List, then follow events. Returns Ok when the stream ends cleanly, Err on any failure.
async fn session<A: DockerApi>(
    shared: &Shared,
    socket: &Path,
    grace: Duration,
    api: &A,
) -> anyhow::Result<()> {
    // Events are requested from a moment before the listing, so a change that happens while
    // listing is replayed rather than lost.
    let since = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs().saturating_sub(1))
        .unwrap_or(0);
    let containers: BTreeMap<_, _> = api
        .list()
        .await?
        .into_iter()
        .map(|c| (c.id.clone(), Arc::new(c)))
        .collect();
    let n = containers.len();
    shared.apply(socket, Input::Listed(containers), grace);
    tracing::info!(socket = %socket.display(), containers = n, "daemon listed");
    let mut events = std::pin::pin!(api.events(since));
    while let Some(ev) = events.next().await {
        let ev = ev?;
        Activity::bump(&shared.activity.events);
        if !relevant(&ev.action) {
            Activity::bump(&shared.activity.events_ignored);
            continue;
        }
        if ev.action == "destroy" {
            shared.apply(socket, Input::Remove(ev.id), grace);
            continue;
        }
        // State changes of a container we already know need no inspect: its labels do not
        // change, and the event says what happened. This keeps an API round trip off the
        // path from `start` to a route.
        if let Some(c) = shared.container(socket, &ev.id)
            && let Some(next) = apply_event(&c, &ev.action)
        {
            shared.apply(socket, Input::Upsert(Arc::new(next)), grace);
            continue;
        }
        let input = match api.inspect(&ev.id).await? {
            Some(c) => Input::Upsert(Arc::new(c)),
            None => Input::Remove(ev.id),
        };
        shared.apply(socket, input, grace);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
