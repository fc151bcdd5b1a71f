//! What discovery knows about each daemon, and how it changes: a pure state machine. The tasks
//! that talk to Docker (`follow`) and scan the socket directory (`run`) turn what they see into
//! [`Input`]s and scan results, apply them here under the registry lock, and only log and notify.
//! Time is passed in, so every transition (the grace period both ways included) is tested
//! without a daemon or a clock.
//!
//! A daemon is *found* (its socket appeared: `Connecting`), *listed* (`Ok`, containers known,
//! events followed), *unreachable* (`Unreachable`: its routes are kept until
//! `unreachable_grace_secs` have passed since the first failure, then withdrawn), or *gone* (its
//! socket disappeared: the entry and its routes go at once). A socket name without a valid
//! network id is `Invalid` and never followed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::contract::NetworkId;
use crate::route_server::model::Container;

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

/// What a daemon's task saw.
#[derive(Debug, Clone)]
pub enum Input {
    /// A complete listing.
    Listed(BTreeMap<String, Arc<Container>>),
    /// A container was created or changed (from an event, or an inspect).
    Upsert(Arc<Container>),
    /// A container is gone (destroyed, or unknown to the daemon).
    Remove(String),
    /// The event stream ended cleanly; the task reconnects and lists again.
    StreamEnded,
    /// Talking to the daemon failed.
    Failed(String),
}

/// What applying an input did, for the task to log and to decide whether to wake the renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing that affects routes or `/health` changed.
    Unchanged,
    Changed,
    /// The daemon just became unreachable (routes kept for the grace period).
    BecameUnreachable,
    /// The grace period ran out: the daemon's routes were withdrawn.
    GraceExpired,
}

impl DaemonEntry {
    /// A socket just found. Without a network id in its name it is `Invalid` (and settled).
    pub fn found(socket: PathBuf, network_id: Option<NetworkId>, wall: SystemTime) -> DaemonEntry {
        DaemonEntry {
            socket,
            network_id: network_id.unwrap_or_default(),
            state: if network_id.is_some() {
                DaemonState::Connecting
            } else {
                DaemonState::Invalid
            },
            containers: BTreeMap::new(),
            listed: false,
            settled: network_id.is_none(),
            last_error: network_id.is_none().then(|| {
                "the socket name does not carry a valid network id (2816 + 64·n)".to_string()
            }),
            unreachable_since: None,
            state_since: wall,
        }
    }

    fn enter(&mut self, state: DaemonState, wall: SystemTime) {
        if self.state != state {
            self.state_since = wall;
        }
        self.state = state;
    }

    /// Apply one input at monotonic time `now` (wall-clock `wall`, for `/health`).
    pub fn apply(
        &mut self,
        input: Input,
        now: Instant,
        wall: SystemTime,
        grace: Duration,
    ) -> Outcome {
        match input {
            Input::Listed(containers) => {
                self.containers = containers;
                self.listed = true;
                self.settled = true;
                self.enter(DaemonState::Ok, wall);
                self.last_error = None;
                self.unreachable_since = None;
                Outcome::Changed
            }
            Input::Upsert(c) => {
                // Only a real change wakes the renderer (equal → same output).
                if self.containers.get(&c.id).is_some_and(|old| **old == *c) {
                    return Outcome::Unchanged;
                }
                self.containers.insert(c.id.clone(), c);
                Outcome::Changed
            }
            Input::Remove(id) => match self.containers.remove(&id) {
                Some(_) => Outcome::Changed,
                None => Outcome::Unchanged,
            },
            Input::StreamEnded => {
                self.listed = false;
                self.enter(DaemonState::Connecting, wall);
                Outcome::Changed
            }
            Input::Failed(msg) => {
                let first = self.state != DaemonState::Unreachable;
                self.enter(DaemonState::Unreachable, wall);
                self.listed = false;
                self.settled = true;
                self.last_error = Some(msg);
                let since = *self.unreachable_since.get_or_insert(now);
                if now.saturating_duration_since(since) >= grace && !self.containers.is_empty() {
                    self.containers.clear();
                    return Outcome::GraceExpired;
                }
                if first {
                    Outcome::BecameUnreachable
                } else {
                    Outcome::Changed
                }
            }
        }
    }
}

/// Everything discovery knows, shared with the renderer.
#[derive(Debug, Default)]
pub struct Registry {
    pub daemons: BTreeMap<PathBuf, DaemonEntry>,
    /// The socket directory has been scanned at least once.
    pub scanned: bool,
    /// The last scan failed (EMFILE, EACCES…): the daemons known before are kept.
    pub scan_error: Option<String>,
}

/// What a scan changed: sockets to start following, sockets whose task must stop.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ScanOutcome {
    /// New sockets with a network id (each needs a task).
    pub follow: Vec<PathBuf>,
    /// New sockets without one (ignored, reported in `/health`).
    pub invalid: Vec<PathBuf>,
    /// Sockets that disappeared: their entries (and routes) are gone.
    pub gone: Vec<PathBuf>,
    /// The scan failed, and the previous one did not (log it once).
    pub new_error: Option<String>,
    /// Anything the renderer must see changed.
    pub changed: bool,
}

impl Registry {
    /// Apply a scan of the socket directory. A failed scan changes no daemon: the caller must
    /// not conclude that daemons went away because a directory could not be read.
    pub fn scanned(
        &mut self,
        pattern: &str,
        result: Result<Vec<PathBuf>, String>,
        wall: SystemTime,
    ) -> ScanOutcome {
        let mut out = ScanOutcome::default();
        let found = match result {
            Ok(f) => f,
            Err(e) => {
                if self.scan_error.is_none() {
                    out.new_error = Some(e.clone());
                }
                out.changed = self.scan_error.as_ref() != Some(&e);
                self.scan_error = Some(e);
                return out;
            }
        };
        out.changed = !self.scanned || self.scan_error.is_some();
        self.scanned = true;
        self.scan_error = None;
        out.gone = self
            .daemons
            .keys()
            .filter(|p| !found.contains(p))
            .cloned()
            .collect();
        for p in &out.gone {
            self.daemons.remove(p);
        }
        for p in found {
            if self.daemons.contains_key(&p) {
                continue;
            }
            let net = network_id_of(pattern, &p);
            if net.is_some() {
                out.follow.push(p.clone());
            } else {
                out.invalid.push(p.clone());
            }
            self.daemons
                .insert(p.clone(), DaemonEntry::found(p, net, wall));
        }
        out.changed |= !out.gone.is_empty() || !out.follow.is_empty() || !out.invalid.is_empty();
        out
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

#[cfg(test)]
mod tests {
    use super::*;

    const PAT: &str = "/run/r/docker-*.sock";
    const GRACE: Duration = Duration::from_secs(60);

    fn sock(id: u32) -> PathBuf {
        PathBuf::from(format!("/run/r/docker-{id}.sock"))
    }

    fn listing(ids: &[&str]) -> BTreeMap<String, Arc<Container>> {
        ids.iter()
            .map(|id| {
                let c = Container::new(*id, *id, Default::default(), "running", None, 0);
                (id.to_string(), Arc::new(c))
            })
            .collect()
    }

    /// A registry with one listed daemon holding two containers, at time `t0`.
    fn listed(t0: Instant) -> Registry {
        let mut r = Registry::default();
        let o = r.scanned(PAT, Ok(vec![sock(2816)]), SystemTime::UNIX_EPOCH);
        assert_eq!(o.follow, vec![sock(2816)]);
        let d = r.daemons.get_mut(&sock(2816)).unwrap();
        assert_eq!(d.state, DaemonState::Connecting);
        assert!(!d.settled, "found, but no answer yet");
        d.apply(
            Input::Listed(listing(&["a", "b"])),
            t0,
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        r
    }

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
    fn grace_kept_while_the_daemon_is_unreachable_for_less_than_the_grace_period() {
        let t0 = Instant::now();
        let mut r = listed(t0);
        let d = r.daemons.get_mut(&sock(2816)).unwrap();
        let o = d.apply(
            Input::Failed("refused".into()),
            t0,
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        assert_eq!(o, Outcome::BecameUnreachable);
        // Retries keep failing until just before the grace period ends: routes stay.
        for s in [1, 10, 59] {
            let o = d.apply(
                Input::Failed("refused".into()),
                t0 + Duration::from_secs(s),
                SystemTime::UNIX_EPOCH,
                GRACE,
            );
            assert_eq!(o, Outcome::Changed, "after {s}s");
            assert_eq!(d.containers.len(), 2, "routes kept after {s}s");
        }
        assert_eq!(d.state, DaemonState::Unreachable);
        assert!(d.settled && !d.listed);
        assert_eq!(d.last_error.as_deref(), Some("refused"));
    }

    #[test]
    fn grace_expired_withdraws_the_routes() {
        let t0 = Instant::now();
        let mut r = listed(t0);
        let d = r.daemons.get_mut(&sock(2816)).unwrap();
        d.apply(
            Input::Failed("refused".into()),
            t0,
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        let o = d.apply(
            Input::Failed("refused".into()),
            t0 + GRACE,
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        assert_eq!(o, Outcome::GraceExpired);
        assert!(
            d.containers.is_empty(),
            "routes withdrawn when the grace period ends"
        );
        assert_eq!(d.state, DaemonState::Unreachable);
        // A grace period of zero withdraws at the first failure.
        let mut r = listed(t0);
        let d = r.daemons.get_mut(&sock(2816)).unwrap();
        let o = d.apply(
            Input::Failed("x".into()),
            t0,
            SystemTime::UNIX_EPOCH,
            Duration::ZERO,
        );
        assert_eq!(o, Outcome::GraceExpired);
        assert!(d.containers.is_empty());
    }

    #[test]
    fn reconnect_replaces_the_list_and_restarts_the_grace_clock() {
        let t0 = Instant::now();
        let mut r = listed(t0);
        let d = r.daemons.get_mut(&sock(2816)).unwrap();
        d.apply(
            Input::Failed("refused".into()),
            t0,
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        // Back within the grace period, with one container fewer.
        let t1 = t0 + Duration::from_secs(30);
        d.apply(
            Input::Listed(listing(&["a"])),
            t1,
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        assert_eq!(d.state, DaemonState::Ok);
        assert_eq!(d.containers.keys().collect::<Vec<_>>(), vec!["a"]);
        assert_eq!(d.unreachable_since, None);
        assert_eq!(d.last_error, None);
        // A new failure starts a new grace period: 59 s later the routes are still there,
        // although 89 s passed since the first failure.
        let t2 = t1 + Duration::from_secs(1);
        d.apply(
            Input::Failed("again".into()),
            t2,
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        let o = d.apply(
            Input::Failed("again".into()),
            t2 + Duration::from_secs(59),
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        assert_eq!(o, Outcome::Changed);
        assert_eq!(d.containers.len(), 1);
        // A stream that ends cleanly makes it relist; its containers stay meanwhile.
        d.apply(
            Input::Listed(listing(&["a"])),
            t2,
            SystemTime::UNIX_EPOCH,
            GRACE,
        );
        d.apply(Input::StreamEnded, t2, SystemTime::UNIX_EPOCH, GRACE);
        assert_eq!(d.state, DaemonState::Connecting);
        assert!(!d.listed);
        assert_eq!(d.containers.len(), 1);
    }

    #[test]
    fn socket_gone_takes_the_routes_at_once() {
        let t0 = Instant::now();
        let mut r = listed(t0);
        r.scanned(
            PAT,
            Ok(vec![sock(2816), sock(2880)]),
            SystemTime::UNIX_EPOCH,
        );
        let o = r.scanned(PAT, Ok(vec![sock(2880)]), SystemTime::UNIX_EPOCH);
        assert_eq!(o.gone, vec![sock(2816)]);
        assert!(o.follow.is_empty());
        assert!(o.changed);
        assert!(
            !r.daemons.contains_key(&sock(2816)),
            "no grace for a removed socket"
        );
        // The same scan again changes nothing.
        let o = r.scanned(PAT, Ok(vec![sock(2880)]), SystemTime::UNIX_EPOCH);
        assert_eq!(o, ScanOutcome::default());
    }

    #[test]
    fn a_failed_scan_keeps_every_daemon_and_is_reported_once() {
        let t0 = Instant::now();
        let mut r = listed(t0);
        let o = r.scanned(PAT, Err("EMFILE".into()), SystemTime::UNIX_EPOCH);
        assert_eq!(o.new_error.as_deref(), Some("EMFILE"));
        assert!(o.gone.is_empty());
        assert_eq!(r.daemons[&sock(2816)].containers.len(), 2);
        assert_eq!(r.scan_error.as_deref(), Some("EMFILE"));
        let o = r.scanned(PAT, Err("EMFILE".into()), SystemTime::UNIX_EPOCH);
        assert_eq!(o.new_error, None, "logged once");
        let o = r.scanned(PAT, Ok(vec![sock(2816)]), SystemTime::UNIX_EPOCH);
        assert!(o.changed, "the error clearing is a change for /health");
        assert_eq!(r.scan_error, None);
    }

    #[test]
    fn sockets_without_a_network_id_are_invalid_and_never_followed() {
        let mut r = Registry::default();
        let bad = PathBuf::from("/run/r/docker-x.sock");
        let o = r.scanned(PAT, Ok(vec![bad.clone()]), SystemTime::UNIX_EPOCH);
        assert_eq!(o.invalid, vec![bad.clone()]);
        assert!(o.follow.is_empty());
        let d = &r.daemons[&bad];
        assert_eq!(d.state, DaemonState::Invalid);
        assert!(d.settled);
    }

    #[test]
    fn events_change_containers_only_when_they_differ() {
        let t0 = Instant::now();
        let mut r = listed(t0);
        let d = r.daemons.get_mut(&sock(2816)).unwrap();
        let same = d.containers["a"].clone();
        assert_eq!(
            d.apply(Input::Upsert(same), t0, SystemTime::UNIX_EPOCH, GRACE),
            Outcome::Unchanged
        );
        let c = Arc::new(Container::new(
            "c",
            "c",
            Default::default(),
            "running",
            None,
            0,
        ));
        assert_eq!(
            d.apply(Input::Upsert(c), t0, SystemTime::UNIX_EPOCH, GRACE),
            Outcome::Changed
        );
        assert_eq!(
            d.apply(Input::Remove("a".into()), t0, SystemTime::UNIX_EPOCH, GRACE),
            Outcome::Changed
        );
        assert_eq!(
            d.apply(Input::Remove("a".into()), t0, SystemTime::UNIX_EPOCH, GRACE),
            Outcome::Unchanged
        );
        assert_eq!(d.containers.keys().collect::<Vec<_>>(), vec!["b", "c"]);
    }
}
