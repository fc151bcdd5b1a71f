//! The route server's HTTP API on a loopback address. Bodies are rendered once per change by
//! the renderer and published as a [`Snapshot`]; handlers only clone bytes.
//!
//! `GET /routes.yaml` — the Traefik dynamic configuration. `503` until every daemon has been
//! listed once (an empty `200` would make Traefik drop every route). A request with the header
//! `X-Rdc-Long-Poll: N` (Traefik sends it, see `providers.http.headers`) that already has the
//! current version on this connection is held until the routes change or N seconds pass; other
//! requests are answered at once.
//! `GET /routes.json` — every router with its origin, and everything skipped with the reason.
//! `GET /health` — `ok`, `degraded` (a daemon is unreachable or invalid) or `starting` (503),
//! with the live `activity` counters (renders, scans, wakeups, events: `super::activity`).
//! `GET /ports` — dynamic TCP port allocations and `rediacc.udp_ports` mappings.
//! `GET /rdc-probe` — the backend of the probe route (`super::probe`).

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

use super::activity::Activity;
use crate::contract::paths::LONG_POLL_HEADER;

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

/// Most long-polls held at once; beyond that a poll is answered at once (a local process
/// cannot tie up the server with held requests).
const MAX_HELD_POLLS: usize = 64;

#[derive(Clone)]
struct App {
    rx: watch::Receiver<Arc<Snapshot>>,
    shutdown: watch::Receiver<bool>,
    held: Arc<tokio::sync::Semaphore>,
    /// Which version each connection (Traefik keeps its connection alive) was last given.
    served: Arc<Mutex<HashMap<SocketAddr, (u64, Instant)>>>,
    activity: Arc<Activity>,
}

pub(crate) fn router(
    rx: watch::Receiver<Arc<Snapshot>>,
    shutdown: watch::Receiver<bool>,
    activity: Arc<Activity>,
) -> Router {
    let app = App {
        rx,
        shutdown,
        activity,
        held: Arc::new(tokio::sync::Semaphore::new(MAX_HELD_POLLS)),
        served: Arc::default(),
    };
    Router::new()
        .route("/routes.yaml", get(routes_yaml))
        .route("/routes.json", get(routes_json))
        .route("/health", get(health))
        .route(super::probe::PATH, get(probe))
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
        if seen == Some(snap.generation)
            && let Ok(_permit) = app.held.clone().try_acquire_owned()
        {
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

/// The probe route's backend (`super::probe`).
async fn probe() -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"))],
        super::probe::BODY,
    )
        .into_response()
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
    // The counters are live (the rest of the body is the renderer's): at rest they are the
    // only part that moves, and reading them must not make the renderer work.
    let mut v: serde_json::Value =
        serde_json::from_slice(&snap.health).unwrap_or_else(|_| serde_json::json!({}));
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "activity".into(),
            serde_json::to_value(app.activity.counts()).unwrap_or_default(),
        );
    }
    let mut text = serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    body(status, "application/json", Bytes::from(text))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    async fn serve(
        snap: Snapshot,
    ) -> (
        SocketAddr,
        watch::Sender<Arc<Snapshot>>,
        watch::Sender<bool>,
    ) {
        let (tx, rx) = watch::channel(Arc::new(snap));
        let (sd_tx, sd_rx) = watch::channel(false);
        let app = router(rx, sd_rx, Arc::default());
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(l, app.into_make_service_with_connect_info::<SocketAddr>())
                .await
                .unwrap()
        });
        (addr, tx, sd_tx)
    }

    fn ready(generation: u64, yaml: &str) -> Snapshot {
        Snapshot {
            ready: true,
            generation,
            yaml: Bytes::from(yaml.to_string()),
            yaml_gz: gzip(yaml.as_bytes()),
            json: Bytes::from_static(b"{}\n"),
            health: Bytes::from_static(b"{\"status\":\"ok\"}\n"),
            ports: Bytes::from_static(b"{}\n"),
        }
    }

    #[tokio::test]
    async fn not_ready_is_503() {
        let (addr, _tx, _sd) = serve(Snapshot::default()).await;
        let r = crate::fetch::client()
            .unwrap()
            .get(format!("http://{addr}/routes.yaml"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "1");
        let r = crate::fetch::client()
            .unwrap()
            .get(format!("http://{addr}/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503);
        let r = crate::fetch::client()
            .unwrap()
            .get(format!("http://{addr}/nope"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }

    #[tokio::test]
    async fn long_poll_waits_for_a_change_on_the_same_connection() {
        let (addr, tx, _sd) = serve(ready(1, "a: 1\n")).await;
        let client = crate::fetch::client().unwrap();
        let url = format!("http://{addr}/routes.yaml");
        let get = |hdr: bool| {
            let mut rq = client.get(&url);
            if hdr {
                rq = rq.header(LONG_POLL_HEADER, "5");
            }
            rq.send()
        };
        // First request: answered at once (this connection has not seen version 1). A held one
        // would take the whole 5 s: the bound tells the two apart on any machine, however busy.
        let t = Instant::now();
        assert_eq!(get(true).await.unwrap().text().await.unwrap(), "a: 1\n");
        assert!(t.elapsed() < Duration::from_secs(4));
        // A plain request (curl) is never held.
        let t = Instant::now();
        get(false).await.unwrap().text().await.unwrap();
        assert!(t.elapsed() < Duration::from_secs(4));
        // Same connection, same version: held until the change 300 ms later.
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            tx.send(Arc::new(ready(2, "a: 2\n"))).unwrap();
            tokio::time::sleep(Duration::from_secs(10)).await;
            drop(tx);
        });
        let t = Instant::now();
        assert_eq!(get(true).await.unwrap().text().await.unwrap(), "a: 2\n");
        let held = t.elapsed();
        assert!(
            held >= Duration::from_millis(250) && held < Duration::from_secs(3),
            "{held:?}"
        );
    }

    #[tokio::test]
    async fn long_poll_ceiling_and_shutdown() {
        let (addr, _tx, sd) = serve(ready(1, "a: 1\n")).await;
        let client = crate::fetch::client().unwrap();
        let url = format!("http://{addr}/routes.yaml");
        client
            .get(&url)
            .header(LONG_POLL_HEADER, "1")
            .send()
            .await
            .unwrap();
        // Nothing changes: answered with the same body after the 1 s ceiling.
        let t = Instant::now();
        let b = client
            .get(&url)
            .header(LONG_POLL_HEADER, "1")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(b, "a: 1\n");
        assert!(t.elapsed() >= Duration::from_millis(900));
        // A held poll is answered at shutdown.
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            sd.send(true).unwrap();
        });
        let t = Instant::now();
        let r = client
            .get(&url)
            .header(LONG_POLL_HEADER, "30")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(t.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn gzip_when_asked() {
        use std::io::Read;
        let yaml = "http:\n  routers: {}\n".repeat(200);
        let (addr, _tx, _sd) = serve(ready(1, &yaml)).await;
        let r = crate::fetch::client()
            .unwrap()
            .get(format!("http://{addr}/routes.yaml"))
            .header("Accept-Encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["content-encoding"], "gzip");
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.len() < yaml.len() / 5);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, yaml);
    }
}
