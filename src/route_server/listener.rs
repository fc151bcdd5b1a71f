//! Serving the API's connections without letting a flood starve Traefik.
//!
//! The route server listens on loopback, where any process of the server — including a tenant
//! container on host networking — can connect. So connections are bounded and prioritised:
//!
//! * at most [`Limits::max_conns`] at once (derived from the file-descriptor limit, which is
//!   raised to the hard limit at start, keeping a reserve for the Docker sockets and state files);
//! * a client must send a complete request head within [`Limits::header_timeout`], and a
//!   keep-alive connection that sends nothing for as long is closed (slowloris, idle floods);
//! * when the cap is reached, a new connection is still accepted and an older one is closed
//!   instead, in this order: connections that never completed a request (oldest first), then
//!   idle keep-alive connections (least recently used first), then busy ones. Traefik's polling
//!   connection completes a request every poll, so a flood of idle or slow connections evicts
//!   its own members, never Traefik's.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

/// Bounds of the HTTP server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_conns: usize,
    pub header_timeout: Duration,
}

/// File descriptors kept for everything but client connections (daemon sockets, inotify,
/// state files, logs).
const FD_RESERVE: u64 = 128;

impl Limits {
    /// Raise the soft file-descriptor limit to the hard one (where allowed), and derive the
    /// connection cap from what is available.
    pub fn from_environment() -> Limits {
        let nofile = raise_nofile();
        let max_conns = nofile.saturating_sub(FD_RESERVE).clamp(16, 4096) as usize;
        Limits {
            max_conns,
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// `RLIMIT_NOFILE`: set the soft limit to the hard limit; return the resulting soft limit.
pub fn raise_nofile() -> u64 {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) != 0 {
            return 1024;
        }
        if r.rlim_cur < r.rlim_max {
            let want = libc::rlimit {
                rlim_cur: r.rlim_max.min(1 << 20),
                rlim_max: r.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &want) == 0 {
                r.rlim_cur = want.rlim_cur;
            }
        }
    }
    r.rlim_cur
}

/// Listen on `addr` with a long accept queue (a burst of connections must not make the kernel
/// drop Traefik's SYN, which would cost it a one-second retransmission).
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

/// What the server knows of one connection.
struct Conn {
    opened: Instant,
    /// Milliseconds after `opened` of the last request start.
    last_request_ms: AtomicU64,
    requests: AtomicU64,
    in_flight: AtomicU32,
    close: Notify,
}

impl Conn {
    /// Eviction order: (class, age key); the smallest goes first.
    fn rank(&self) -> (u8, u64) {
        let requests = self.requests.load(Ordering::Relaxed);
        let busy = self.in_flight.load(Ordering::Relaxed) > 0;
        let opened = self.opened.elapsed().as_millis() as u64;
        if requests == 0 {
            // Never completed a request head: oldest first.
            (0, u64::MAX - opened)
        } else if !busy {
            // Idle keep-alive: least recently used first.
            let last = self.last_request_ms.load(Ordering::Relaxed);
            (1, last)
        } else {
            (2, self.last_request_ms.load(Ordering::Relaxed))
        }
    }
}

#[derive(Default)]
struct Table {
    next: u64,
    conns: HashMap<u64, Arc<Conn>>,
    /// Connections in accept order, for evicting those that never completed a request in O(1)
    /// (a flood is all of them); entries that since completed one, or closed, are skipped.
    fresh: std::collections::VecDeque<u64>,
}

impl Table {
    fn evict_one(&mut self) -> bool {
        while let Some(id) = self.fresh.pop_front() {
            if let Some(c) = self.conns.get(&id)
                && c.requests.load(Ordering::Relaxed) == 0
            {
                let c = self.conns.remove(&id).expect("present");
                c.close.notify_one();
                return true;
            }
        }
        let victim = self
            .conns
            .iter()
            .min_by_key(|(_, c)| c.rank())
            .map(|(id, _)| *id);
        match victim.and_then(|id| self.conns.remove(&id)) {
            Some(c) => {
                c.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Serve `app` on `listener` until `shutdown` turns true; in-flight requests are answered
/// before the function returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let table = Arc::new(Mutex::new(Table::default()));
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => {
                if *shutdown.borrow() { break } else { continue }
            }
        };
        let (stream, peer) = match accepted {
            Ok(x) => x,
            Err(e) => {
                // Out of descriptors (EMFILE/ENFILE): make room, then accept again.
                let freed = table.lock().expect("conn table").evict_one();
                tracing::warn!(error = %e, freed, "accept failed");
                tokio::time::sleep(Duration::from_millis(if freed { 1 } else { 50 })).await;
                continue;
            }
        };
        while tasks.try_join_next().is_some() {}
        let conn = {
            let mut t = table.lock().expect("conn table");
            while t.conns.len() >= limits.max_conns {
                if !t.evict_one() {
                    break;
                }
            }
            let c = Arc::new(Conn {
                opened: Instant::now(),
                last_request_ms: AtomicU64::new(0),
                requests: AtomicU64::new(0),
                in_flight: AtomicU32::new(0),
                close: Notify::new(),
            });
            t.next += 1;
            let id = t.next;
            t.conns.insert(id, c.clone());
            t.fresh.push_back(id);
            (id, c)
        };
        let (id, conn) = conn;
        let app = app.clone();
        let table = table.clone();
        let mut sd = shutdown.clone();
        tasks.spawn(async move {
            // Nothing is built for a connection until it sends something: an idle flood costs a
            // table entry, not an HTTP connection.
            let first = tokio::select! {
                r = stream.readable() => r.is_ok(),
                _ = conn.close.notified() => false,
                _ = tokio::time::sleep(limits.header_timeout) => false,
            };
            if !first {
                table.lock().expect("conn table").conns.remove(&id);
                return;
            }
            let _ = stream.set_nodelay(true);
            let c = conn.clone();
            let svc = tower::service_fn(move |mut req: hyper::Request<Incoming>| {
                let app = app.clone();
                let c = c.clone();
                async move {
                    c.requests.fetch_add(1, Ordering::Relaxed);
                    c.last_request_ms
                        .store(c.opened.elapsed().as_millis() as u64, Ordering::Relaxed);
                    c.in_flight.fetch_add(1, Ordering::Relaxed);
                    req.extensions_mut().insert(ConnectInfo(peer));
                    let r = app.oneshot(req).await;
                    c.in_flight.fetch_sub(1, Ordering::Relaxed);
                    r
                }
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true);
            let served = builder.serve_connection(
                TokioIo::new(stream),
                hyper_util::service::TowerToHyperService::new(svc),
            );
            tokio::pin!(served);
            tokio::select! {
                _ = served.as_mut() => {}
                _ = conn.close.notified() => {}
                _ = async {
                    while !*sd.borrow() {
                        if sd.changed().await.is_err() { break }
                    }
                } => {
                    // Finish what is in flight, then close.
                    served.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(5), served).await;
                }
            }
            table.lock().expect("conn table").conns.remove(&id);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(6), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eviction_prefers_connections_that_never_asked() {
        let mut t = Table::default();
        let mk = |requests: u64, in_flight: u32, last: u64| {
            Arc::new(Conn {
                opened: Instant::now(),
                last_request_ms: AtomicU64::new(last),
                requests: AtomicU64::new(requests),
                in_flight: AtomicU32::new(in_flight),
                close: Notify::new(),
            })
        };
        t.conns.insert(1, mk(5, 1, 900)); // Traefik, long-polling
        t.conns.insert(2, mk(3, 0, 100)); // idle keep-alive
        t.conns.insert(3, mk(0, 0, 0)); // a flood connection
        assert!(t.evict_one());
        assert!(!t.conns.contains_key(&3));
        assert!(t.evict_one());
        assert!(!t.conns.contains_key(&2));
        assert!(t.evict_one());
        assert!(!t.evict_one());
    }
}
