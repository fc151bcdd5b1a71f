//! The render task: sleeps until something changed (a daemon's containers, router.toml's
//! declarations, the startup deadline, a held host name's release), then takes the daemons'
//! containers from the registry, renders, saves what must survive a restart (port allocations,
//! host ownership), and publishes one [`Snapshot`] for the HTTP endpoints. Until every daemon
//! answered once, only `/health` (saying who is missing) is published; after the deadline
//! routes are served anyway (degraded), so one dead daemon cannot keep every other repository
//! unrouted.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use serde::Serialize;
use tokio::sync::watch;

use super::activity::Activity;
use super::config::RouterConfig;
use super::discovery::{self, DaemonState, DaemonSummary, Shared};
use super::http::{self, Snapshot};
use super::model::Container;
use super::render::{self, DaemonView};
use super::{owners, ports, probe};
use crate::contract::NetworkId;
use crate::contract::router::Hot;

/// The renderer's memory between renders.
struct Renderer {
    cfg: RouterConfig,
    state: render::State,
    tx: watch::Sender<Arc<Snapshot>>,
    started: Instant,
    deadline: Duration,
    ready: bool,
    /// When a held host name is released (seconds since the epoch).
    wakeup: Option<u64>,
    last_yaml: Bytes,
    last_gz: Bytes,
    generation: u64,
    updated_at: SystemTime,
}

/// What one render takes from the registry (Arc clones: the lock is held only to copy them).
struct Inputs {
    entries: Vec<DaemonSummary>,
    lists: Vec<Vec<Arc<Container>>>,
    scanned: bool,
    scan_error: Option<String>,
}

pub(super) async fn run(
    shared: Shared,
    cfg: RouterConfig,
    state: render::State,
    tx: watch::Sender<Arc<Snapshot>>,
    mut declarations: watch::Receiver<Hot>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut r = Renderer {
        deadline: Duration::from_secs(cfg.startup_deadline_secs),
        cfg,
        state,
        tx,
        started: Instant::now(),
        ready: false,
        wakeup: None,
        last_yaml: Bytes::new(),
        last_gz: Bytes::new(),
        generation: 0,
        updated_at: SystemTime::now(),
    };
    // router.toml is watched only when the server was started from one: without it the
    // sender is gone at once, and its channel must not be polled again (it would answer
    // "closed" at once, forever: a busy loop).
    let mut reloads = r.cfg.source.is_some();
    loop {
        let tick = r.next_tick();
        let timer = async {
            match tick {
                Some(t) => tokio::time::sleep(t).await,
                // Nothing to wait for but a change: no timer at all.
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = shared.changed.notified() => {}
            _ = timer => {}
            res = shutdown.changed() => {
                if res.is_err() {
                    break;
                }
            }
            res = declarations.changed(), if reloads => {
                if res.is_err() {
                    reloads = false;
                    continue;
                }
                let hot = declarations.borrow_and_update().clone();
                r.cfg.apply_hot(hot);
                tracing::info!(repositories = r.cfg.repositories.len(), "router.toml reloaded (declarations, ports)");
            }
        }
        Activity::bump(&shared.activity.render_wakeups);
        if *shutdown.borrow() {
            break;
        }
        // Let updates that are already queued (a burst of events) land before rendering;
        // a render that misses one is followed by another at once (the notify keeps a permit).
        tokio::task::yield_now().await;
        let inputs = Inputs::take(&shared);
        if r.becomes_ready(&inputs) {
            Activity::bump(&shared.activity.renders);
            r.render(inputs);
        } else {
            r.publish_starting(&inputs.entries);
        }
    }
}

impl Inputs {
    fn take(shared: &Shared) -> Inputs {
        let r = shared.registry.lock().expect("registry lock");
        Inputs {
            entries: r.daemons.values().map(DaemonSummary::of).collect(),
            lists: r
                .daemons
                .values()
                .map(|d| d.containers.values().cloned().collect())
                .collect(),
            scanned: r.scanned,
            scan_error: r.scan_error.clone(),
        }
    }

    fn degraded(&self) -> bool {
        self.scan_error.is_some()
            || self.entries.iter().any(|d| {
                matches!(
                    d.state,
                    DaemonState::Unreachable | DaemonState::Invalid | DaemonState::Connecting
                )
            })
    }
}

impl Renderer {
    /// Before ready, wake at the startup deadline; after, on change, or when a held host name
    /// is released. Nothing else wakes the renderer.
    fn next_tick(&self) -> Option<Duration> {
        if !self.ready {
            Some(
                self.deadline
                    .saturating_sub(self.started.elapsed())
                    .max(Duration::from_millis(10)),
            )
        } else {
            self.wakeup
                .map(|w| Duration::from_secs(w.saturating_sub(unix_now()).max(1)))
        }
    }

    /// Ready once every daemon was listed, or at the startup deadline (then degraded).
    fn becomes_ready(&mut self, inputs: &Inputs) -> bool {
        let settled = inputs.scanned && inputs.entries.iter().all(|d| d.settled);
        if !self.ready && (settled || self.started.elapsed() > self.deadline) {
            self.ready = true;
            if !settled {
                tracing::warn!("serving routes although some daemons have not answered yet");
            }
        }
        self.ready
    }

    /// Nothing is served before the first full listing: rendering then (once per daemon listed,
    /// at start) would only burn CPU and memory. `/health` says who is missing.
    fn publish_starting(&self, entries: &[DaemonSummary]) {
        let health = serde_json::json!({
            "status": "starting",
            "ready": false,
            "auto_routes": self.cfg.auto_routes,
            "base_domain": self.cfg.base_domain,
            "daemons": daemon_health(entries),
        });
        let body = Bytes::from(pretty(&health));
        self.tx.send_if_modified(|cur| {
            if cur.health == body {
                return false;
            }
            let mut next = (**cur).clone();
            next.health = body;
            *cur = Arc::new(next);
            true
        });
    }

    fn render(&mut self, inputs: Inputs) {
        let views: Vec<DaemonView> = inputs
            .entries
            .iter()
            .zip(&inputs.lists)
            .filter(|(d, _)| d.state != DaemonState::Invalid)
            .map(|(d, cs)| DaemonView {
                network_id: d.network_id,
                socket: d.socket.display().to_string(),
                listed: d.listed,
                containers: cs,
            })
            .collect();
        let mut out = render::render(&self.cfg, &views, &self.state, unix_now());
        drop(views);
        self.wakeup = out.next_wakeup;
        self.save_state(&out.state);
        let mut config = std::mem::take(&mut out.config);
        probe::add(&mut config, &self.cfg);
        let yaml = Bytes::from(render::to_yaml(&config));
        drop(config);
        if yaml != self.last_yaml {
            self.generation += 1;
            self.updated_at = SystemTime::now();
            self.last_yaml = yaml.clone();
            self.last_gz = http::gzip(&yaml);
            tracing::info!(
                generation = self.generation,
                http = out.report.counts.http_routers,
                tcp = out.report.counts.tcp_routers,
                udp = out.report.counts.udp_routers,
                skipped = out.report.counts.skipped,
                "routes changed"
            );
        }
        let snap = self.snapshot(&inputs, &out, yaml);
        drop(out);
        drop(inputs);
        release_free_memory();
        self.tx.send_if_modified(|cur| {
            let same = cur.ready == snap.ready
                && cur.generation == snap.generation
                && cur.json == snap.json
                && cur.health == snap.health
                && cur.ports == snap.ports;
            if !same {
                *cur = Arc::new(snap);
            }
            !same
        });
    }

    /// Port allocations and host ownership survive a restart: saved when they change.
    fn save_state(&mut self, next: &render::State) {
        if next.ports != self.state.ports {
            if let Err(e) = ports::save(&self.cfg.state_dir, &next.ports) {
                tracing::error!(error = %format!("{e:#}"), "cannot save port allocations");
            }
            self.state.ports = next.ports.clone();
        }
        if next.owners != self.state.owners {
            if let Err(e) = owners::save(&self.cfg.state_dir, &next.owners) {
                tracing::error!(error = %format!("{e:#}"), "cannot save host ownership");
            }
            self.state.owners = next.owners.clone();
        }
    }

    /// Every body the endpoints serve, for this render.
    fn snapshot(&self, inputs: &Inputs, out: &render::Output, yaml: Bytes) -> Snapshot {
        let cfg = &self.cfg;
        let health = serde_json::json!({
            "status": if inputs.degraded() { "degraded" } else { "ok" },
            "ready": self.ready,
            "auto_routes": cfg.auto_routes,
            "base_domain": cfg.base_domain,
            "generation": self.generation,
            "updated_at": ts(self.updated_at),
            "counts": out.report.counts,
            "daemons": daemon_health(&inputs.entries),
            "discovery_error": inputs.scan_error,
            "dynamic_ports": {"allocated": out.state.ports.tcp.len(), "range": cfg.dynamic_ports, "exhausted": out.exhausted.len()},
        });
        #[derive(Serialize)]
        struct RoutesJson<'a> {
            ready: bool,
            generation: u64,
            updated_at: String,
            http: &'a [render::RouterReport],
            tcp: &'a [render::RouterReport],
            udp: &'a [render::RouterReport],
            skipped: &'a [render::Skipped],
            counts: &'a render::Counts,
        }
        // Straight to bytes (no intermediate JSON tree): it is the largest body.
        let mut json = serde_json::to_vec(&RoutesJson {
            ready: self.ready,
            generation: self.generation,
            updated_at: ts(self.updated_at),
            http: &out.report.http,
            tcp: &out.report.tcp,
            udp: &out.report.udp,
            skipped: &out.report.skipped,
            counts: &out.report.counts,
        })
        .unwrap_or_default();
        json.push(b'\n');
        let ports_body = serde_json::json!({
            "range": {"start": cfg.dynamic_ports[0], "end": cfg.dynamic_ports[1]},
            "tcp": out.tcp_mappings,
            "udp": out.udp_mappings,
            "exhausted": out.exhausted,
        });
        Snapshot {
            ready: self.ready,
            generation: self.generation,
            yaml,
            yaml_gz: self.last_gz.clone(),
            // Compact: it is the largest body (every router with its origin); pipe it through
            // `python3 -m json.tool` or `jq` to read it.
            json: Bytes::from(json),
            health: Bytes::from(pretty(&health)),
            ports: Bytes::from(pretty(&ports_body)),
        }
    }
}

#[derive(Serialize)]
struct DaemonHealth {
    socket: String,
    network_id: NetworkId,
    state: DaemonState,
    containers: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    since: String,
}

fn daemon_health(entries: &[discovery::DaemonSummary]) -> Vec<DaemonHealth> {
    entries
        .iter()
        .map(|d| DaemonHealth {
            socket: d.socket.display().to_string(),
            network_id: d.network_id,
            state: d.state,
            containers: d.containers,
            error: d.last_error.clone(),
            since: ts(d.state_since),
        })
        .collect()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn ts(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

/// A render at scale allocates and frees tens of megabytes; glibc keeps freed memory in its
/// arenas unless asked to give it back, which would leave the daemon's RSS at its peak forever.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::malloc_trim(0);
    }
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
