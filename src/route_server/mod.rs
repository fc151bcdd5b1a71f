//! The route server (`rdc route-server`): discovers every repository's Docker daemon, turns
//! container labels into Traefik dynamic configuration and serves it on a loopback HTTP API.
//!
//! Modules: `discovery` (sockets and daemons → registry), `labels` (label decoding and the
//! schema, pure), `rules` and `hostname` (what a rule matches, pure), `render` (registry →
//! configuration and report, pure, in stages), `ports` and `owners` (dynamic port allocations
//! and host ownership, with their state files), `http` (the API), `config` (`router.toml`),
//! `model`.
//! This file wires them: a renderer task turns every registry change into a new snapshot.

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
mod renderer;
pub mod rules;
pub mod state_file;
pub(crate) mod ticker;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use bytes::Bytes;
use tokio::sync::watch;

use activity::Activity;
use config::RouterConfig;
use discovery::Shared;
use http::Snapshot;

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
    let rend = tokio::spawn(renderer::run(
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
