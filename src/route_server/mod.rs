//! The route server (`rdc route-server`): discovers every repository's Docker daemon, turns
//! container labels into Traefik dynamic configuration and serves it on a loopback HTTP API.
//!
//! Modules: `discovery` (sockets and daemons → registry), `labels` (label decoding and the
//! schema, pure), `rules` and `hostname` (what a rule matches, pure), `render` (registry →
//! configuration and report, pure, in stages), `ports` and `owners` (dynamic port allocations
//! and host ownership, with their state files), `http` (the API), `config` (`router.toml`),
//! `model`.
//! This file wires them: a renderer task turns every registry change into a new snapshot.

use crate::contract::NetworkId;
pub(crate) mod activity;
pub mod config;
pub(crate) mod dirwatch;
pub mod discovery;
pub mod hosts;
pub mod http;
pub mod labels;
pub mod listener;
pub mod model;
pub mod owners;
pub mod ports;
pub mod probe;
pub mod render;
pub mod rules;
pub mod state_file;
pub(crate) mod ticker;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use bytes::Bytes;
use serde::Serialize;
use tokio::sync::watch;

use activity::Activity;
use config::RouterConfig;
use discovery::{DaemonState, Shared};
use http::Snapshot;
use model::Container;
use render::DaemonView;

/// Run the route server until SIGTERM/SIGINT.
pub async fn serve(cfg: RouterConfig) -> Result<()> {
    let listener =
        listener::bind(cfg.listen).with_context(|| format!("cannot listen on {}", cfg.listen))?;
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let handle = start(cfg, listener, shutdown_rx).await?;
    shutdown_signal().await;
    tracing::info!("shutting down");
    let _ = shutdown_tx.send(true);
    handle.await;
    Ok(())
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}

/// A running route server (for in-process tests): await it after sending shutdown.
pub struct Running {
    tasks: Vec<tokio::task::JoinHandle<()>>,
    pub addr: SocketAddr,
}

impl Running {
    pub async fn await_all(self) {
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

impl std::future::IntoFuture for Running {
    type Output = ();
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.await_all())
    }
}

/// Start discovery, the renderer and the HTTP API on `listener`; they stop when `shutdown`
/// becomes true.
pub async fn start(
    cfg: RouterConfig,
    listener: tokio::net::TcpListener,
    shutdown: watch::Receiver<bool>,
) -> Result<Running> {
    let addr = listener.local_addr()?;
    let prev = render::State {
        ports: ports::load(&cfg.state_dir)?,
        owners: owners::load(&cfg.state_dir)?,
    };
    let shared = Shared::new();
    let activity = shared.activity.clone();
    let (tx, rx) = watch::channel(Arc::new(Snapshot {
        health: Bytes::from_static(b"{\"status\":\"starting\"}\n"),
        json: Bytes::from_static(b"{\"ready\":false}\n"),
        ports: Bytes::from_static(b"{}\n"),
        ..Snapshot::default()
    }));
    tracing::info!(listen = %addr, sockets = %cfg.sockets, base_domain = ?cfg.base_domain, "route server starting");
    let grace = Duration::from_secs(cfg.unreachable_grace_secs);
    let disc = tokio::spawn(discovery::run(
        shared.clone(),
        cfg.sockets.clone(),
        grace,
        discovery::Bollard,
        shutdown.clone(),
    ));
    let (decl_tx, decl_rx) = watch::channel(cfg.hot());
    let mut tasks = Vec::new();
    if let Some(path) = cfg.source.clone() {
        tasks.push(tokio::spawn(watch_declarations(
            path,
            decl_tx,
            activity.clone(),
            shared.ticked.clone(),
            shutdown.clone(),
        )));
    }
    let rend = tokio::spawn(render_loop(
        shared,
        cfg,
        prev,
        tx,
        decl_rx,
        shutdown.clone(),
    ));
    let app = http::router(rx, shutdown.clone(), activity);
    let limits = listener::Limits::from_environment();
    tracing::info!(max_connections = limits.max_conns, "HTTP limits");
    let web = tokio::spawn(listener::serve(listener, app, limits, shutdown.clone()));
    tasks.extend([disc, rend, web]);
    Ok(Running { tasks, addr })
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

async fn render_loop(
    shared: Shared,
    mut cfg: RouterConfig,
    mut state: render::State,
    tx: watch::Sender<Arc<Snapshot>>,
    mut declarations: watch::Receiver<crate::contract::router::Hot>,
    mut shutdown: watch::Receiver<bool>,
) {
    // Until every daemon answered once, `/routes.yaml` says 503; after the deadline it is
    // served anyway (degraded), so one dead daemon cannot keep every other repository unrouted.
    let deadline = Duration::from_secs(cfg.startup_deadline_secs);
    let started = Instant::now();
    let mut last_yaml = Bytes::new();
    let mut last_gz = Bytes::new();
    let mut generation = 0u64;
    let mut updated_at = SystemTime::now();
    let mut ready = false;
    let mut wakeup: Option<u64> = None;
    // router.toml is watched only when the server was started from one: without it the
    // sender is gone at once, and its channel must not be polled again (it would answer
    // "closed" at once, forever: a busy loop).
    let mut reloads = cfg.source.is_some();
    loop {
        // Before ready, wake at the startup deadline; after, on change, or when a held host
        // name is released. Nothing else wakes the renderer.
        let tick = if !ready {
            Some(
                deadline
                    .saturating_sub(started.elapsed())
                    .max(Duration::from_millis(10)),
            )
        } else {
            wakeup.map(|w| Duration::from_secs(w.saturating_sub(unix_now()).max(1)))
        };
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
            r = shutdown.changed() => {
                if r.is_err() {
                    break;
                }
            }
            r = declarations.changed(), if reloads => {
                if r.is_err() {
                    reloads = false;
                    continue;
                }
                let hot = declarations.borrow_and_update().clone();
                cfg.apply_hot(hot);
                tracing::info!(repositories = cfg.repositories.len(), "router.toml reloaded (declarations, ports)");
            }
        }
        Activity::bump(&shared.activity.render_wakeups);
        if *shutdown.borrow() {
            break;
        }
        // Let updates that are already queued (a burst of events) land before rendering;
        // a render that misses one is followed by another at once (the notify keeps a permit).
        tokio::task::yield_now().await;
        // Take what the render needs under the lock (Arc clones), then let discovery go on.
        let (entries, lists, scanned, scan_error) = {
            let r = shared.registry.lock().expect("registry lock");
            let entries: Vec<discovery::DaemonSummary> = r
                .daemons
                .values()
                .map(discovery::DaemonSummary::of)
                .collect();
            let lists: Vec<Vec<Arc<Container>>> = r
                .daemons
                .values()
                .map(|d| d.containers.values().cloned().collect())
                .collect();
            (entries, lists, r.scanned, r.scan_error.clone())
        };
        let settled = scanned && entries.iter().all(|d| d.settled);
        if !ready && (settled || started.elapsed() > deadline) {
            ready = true;
            if !settled {
                tracing::warn!("serving routes although some daemons have not answered yet");
            }
        }
        if !ready {
            // Nothing is served before the first full listing: rendering now (once per daemon
            // listed, at start) would only burn CPU and memory. /health says who is missing.
            let health = serde_json::json!({
                "status": "starting",
                "ready": false,
                "auto_routes": cfg.auto_routes,
                "base_domain": cfg.base_domain,
                "daemons": daemon_health(&entries),
            });
            let body = Bytes::from(pretty(&health));
            tx.send_if_modified(|cur| {
                if cur.health == body {
                    return false;
                }
                let mut next = (**cur).clone();
                next.health = body;
                *cur = Arc::new(next);
                true
            });
            continue;
        }
        let views: Vec<DaemonView> = entries
            .iter()
            .zip(&lists)
            .filter(|(d, _)| d.state != DaemonState::Invalid)
            .map(|(d, cs)| DaemonView {
                network_id: d.network_id,
                socket: d.socket.display().to_string(),
                listed: d.listed,
                containers: cs,
            })
            .collect();
        Activity::bump(&shared.activity.renders);
        let mut out = render::render(&cfg, &views, &state, unix_now());
        wakeup = out.next_wakeup;
        if out.state.ports != state.ports {
            if let Err(e) = ports::save(&cfg.state_dir, &out.state.ports) {
                tracing::error!(error = %format!("{e:#}"), "cannot save port allocations");
            }
            state.ports = out.state.ports.clone();
        }
        if out.state.owners != state.owners {
            if let Err(e) = owners::save(&cfg.state_dir, &out.state.owners) {
                tracing::error!(error = %format!("{e:#}"), "cannot save host ownership");
            }
            state.owners = out.state.owners.clone();
        }
        let mut config = std::mem::take(&mut out.config);
        probe::add(&mut config, &cfg);
        let yaml = Bytes::from(render::to_yaml(&config));
        if ready && yaml != last_yaml {
            generation += 1;
            updated_at = SystemTime::now();
            last_yaml = yaml.clone();
            last_gz = http::gzip(&yaml);
            tracing::info!(
                generation,
                http = out.report.counts.http_routers,
                tcp = out.report.counts.tcp_routers,
                udp = out.report.counts.udp_routers,
                skipped = out.report.counts.skipped,
                "routes changed"
            );
        }
        let degraded = scan_error.is_some()
            || entries.iter().any(|d| {
                matches!(
                    d.state,
                    DaemonState::Unreachable | DaemonState::Invalid | DaemonState::Connecting
                )
            });
        let status = if !ready {
            "starting"
        } else if degraded {
            "degraded"
        } else {
            "ok"
        };
        let daemons = daemon_health(&entries);
        let health = serde_json::json!({
            "status": status,
            "ready": ready,
            "auto_routes": cfg.auto_routes,
            "base_domain": cfg.base_domain,
            "generation": generation,
            "updated_at": ts(updated_at),
            "counts": out.report.counts,
            "daemons": daemons,
            "discovery_error": scan_error,
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
            ready,
            generation,
            updated_at: ts(updated_at),
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
        let snap = Snapshot {
            ready,
            generation,
            yaml,
            yaml_gz: last_gz.clone(),
            // Compact: it is the largest body (every router with its origin); pipe it through
            // `python3 -m json.tool` or `jq` to read it.
            json: Bytes::from(json),
            health: Bytes::from(pretty(&health)),
            ports: Bytes::from(pretty(&ports_body)),
        };
        drop(out);
        drop(lists);
        release_free_memory();
        tx.send_if_modified(|cur| {
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
}

/// Re-read the hot settings of router.toml (declared domains, the machine's ports) when the
/// file changes, so that `rdc repo set --domain` and a new port take effect without a restart.
/// Other settings need one (push-infra plans it). The directory is watched with inotify (the
/// file is replaced by a rename); the file's stamp is also checked at discovery's periodic
/// rescan (sharing its wakeup), which covers a watch that died with its directory.
async fn watch_declarations(
    path: std::path::PathBuf,
    tx: watch::Sender<crate::contract::router::Hot>,
    activity: Arc<Activity>,
    ticked: Arc<tokio::sync::Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    let stamp = |p: &std::path::Path| {
        std::fs::metadata(p).ok().map(|m| {
            (
                m.modified().ok(),
                m.len(),
                std::os::unix::fs::MetadataExt::ino(&m),
            )
        })
    };
    let dir = path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| ".".into());
    let name = path.file_name().map(|n| n.to_os_string());
    let mut watch = dirwatch::DirWatch::new(&dir).ok();
    let mut last = stamp(&path);
    loop {
        tokio::select! {
            _ = ticked.notified() => {
                if watch.is_none() {
                    watch = dirwatch::DirWatch::new(&dir).ok();
                }
            }
            change = dirwatch::next(&mut watch) => match change {
                None => watch = None,
                Some(dirwatch::Change::Entry(n)) if Some(&n) != name.as_ref() => continue,
                Some(_) => {}
            },
            _ = shutdown.changed() => return,
        }
        let now = stamp(&path);
        if now == last {
            continue;
        }
        last = now;
        Activity::bump(&activity.config_reloads);
        match config::load(&path) {
            Ok(c) => {
                tx.send_if_modified(|cur| {
                    let hot = c.hot();
                    let changed = *cur != hot;
                    *cur = hot;
                    changed
                });
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "router.toml changed but cannot be read; keeping the previous declarations");
            }
        }
    }
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
