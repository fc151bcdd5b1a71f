//! The route server's HTTP API on a loopback address. Bodies are rendered once per change by
//! the renderer and published as a [`Snapshot`]; handlers only clone bytes.
//!
//! `GET /routes.yaml` — the Traefik dynamic configuration. `503` until every daemon has been
//! listed once (an empty `200` would make Traefik drop every route). A request with the header
//! `X-Rdc-Long-Poll: N` (Traefik sends it, see `providers.http.headers`) that already has the
//! current version on this connection is held until the routes change or N seconds pass; other
//! requests are answered at once.
//! `GET /routes.json` — every router with its origin, and everything skipped with the reason.
//! `GET /health` — `ok`, `degraded` (a daemon is unreachable or invalid) or `starting` (503).
//! `GET /ports` — dynamic TCP port allocations and `rediacc.udp_ports` mappings.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use tokio::sync::watch;

use crate::infra::LONG_POLL_HEADER;

/// Everything the API serves, rendered once per change.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub ready: bool,
    /// Increases whenever the `/routes.yaml` body changes.
    pub generation: u64,
    pub yaml: Bytes,
    /// `yaml`, gzip-compressed once per change: Traefik's Go client asks for gzip and
    /// decompresses transparently; the body shrinks 10-20 times.
    pub yaml_gz: Bytes,
    pub json: Bytes,
    pub health: Bytes,
    pub ports: Bytes,
}

#[derive(Clone)]
struct App {
    rx: watch::Receiver<Arc<Snapshot>>,
    shutdown: watch::Receiver<bool>,
    /// Which version each connection (Traefik keeps its connection alive) was last given.
    served: Arc<Mutex<HashMap<SocketAddr, (u64, Instant)>>>,
}

pub fn router(rx: watch::Receiver<Arc<Snapshot>>, shutdown: watch::Receiver<bool>) -> Router {
    let app = App {
        rx,
        shutdown,
        served: Arc::default(),
    };
    Router::new()
        .route("/routes.yaml", get(routes_yaml))
        .route("/routes.json", get(routes_json))
        .route("/health", get(health))
        .route("/ports", get(ports))
        .fallback(not_found)
        .with_state(app)
}

fn body(status: StatusCode, ctype: &'static str, bytes: Bytes) -> Response {
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn starting() -> Response {
    let mut r = body(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/plain; charset=utf-8",
        Bytes::from_static(b"starting: waiting for the first listing of every Docker daemon\n"),
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r
}

fn long_poll_wait(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(LONG_POLL_HEADER)?.to_str().ok()?;
    let secs: u64 = v.trim().parse().ok()?;
    Some(Duration::from_secs(secs.clamp(1, 60)))
}

async fn routes_yaml(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let snap = app.rx.borrow().clone();
    if !snap.ready {
        return starting();
    }
    if let Some(wait) = long_poll_wait(&headers) {
        let seen = app
            .served
            .lock()
            .expect("served lock")
            .get(&peer)
            .map(|(g, _)| *g);
        if seen == Some(snap.generation) {
            let mut rx = app.rx.clone();
            let mut shutdown = app.shutdown.clone();
            let deadline = tokio::time::sleep(wait);
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    r = rx.changed() => {
                        if r.is_err() || rx.borrow().generation != snap.generation || !rx.borrow().ready {
                            break;
                        }
                    }
                    _ = &mut deadline => break,
                    _ = shutdown.changed() => break,
                }
            }
        }
    }
    let snap = app.rx.borrow().clone();
    if !snap.ready {
        return starting();
    }
    {
        let mut served = app.served.lock().expect("served lock");
        if served.len() > 1024 {
            served.retain(|_, (_, t)| t.elapsed() < Duration::from_secs(300));
        }
        served.insert(peer, (snap.generation, Instant::now()));
    }
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut r = if gzip && !snap.yaml_gz.is_empty() {
        let mut r = body(StatusCode::OK, "application/yaml", snap.yaml_gz.clone());
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        body(StatusCode::OK, "application/yaml", snap.yaml.clone())
    };
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    r
}

/// gzip at a fast level: the body is mostly repeated keys, so even level 1 shrinks it a lot.
pub fn gzip(data: &[u8]) -> Bytes {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 8),
        flate2::Compression::fast(),
    );
    if enc.write_all(data).is_err() {
        return Bytes::new();
    }
    enc.finish().map(Bytes::from).unwrap_or_default()
}

async fn routes_json(State(app): State<App>) -> Response {
    let snap = app.rx.borrow().clone();
    body(StatusCode::OK, "application/json", snap.json.clone())
}

async fn health(State(app): State<App>) -> Response {
    let snap = app.rx.borrow().clone();
    let status = if snap.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    body(status, "application/json", snap.health.clone())
}

async fn ports(State(app): State<App>) -> Response {
    let snap = app.rx.borrow().clone();
    body(StatusCode::OK, "application/json", snap.ports.clone())
}

async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "application/json")],
        "{\"error\":\"not found\",\"endpoints\":[\"/routes.yaml\",\"/routes.json\",\"/health\",\"/ports\"]}\n",
    )
}
