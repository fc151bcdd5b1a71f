//! The host protocol: what the laptop asks of `rdc host repo ACTION` over SSH, and what it
//! answers. The [`Job`] (credential included) travels on stdin as one JSON line, never in argv;
//! the [`Status`] comes back as one JSON line on stdout, progress on stderr; the exit code is one
//! of `ExitKind`'s.
//!
//! `create` is confirmed: after its status line the server waits for [`COMMIT`] on stdin and
//! removes everything it made when the line does not come (a cut connection, a client that
//! died), so a laptop never forgets a repository that the server keeps. `rdc host repos` lists
//! a machine's repository images (with their [`ImageMeta`]) for `repo list --live`.

use crate::contract::NetworkId;
use serde::{Deserialize, Serialize};

/// Version of the laptop-server host protocol (the `Job` and `Status` shapes, the actions and
/// their exit codes). A server rdc that speaks another version is refused with the command that
/// upgrades it; any other version difference is only reported.
pub const PROTOCOL: u32 = 5;

/// The start of a host command's progress line on stderr, `@rdc-progress DONE TOTAL WHAT` (bytes
/// of a transfer; TOTAL 0 when unknown): the client shows it as a progress bar, not as a line.
pub const PROGRESS: &str = "@rdc-progress ";

/// The exit code of the host-call wrapper when there is no rdc at the path it was given (not
/// 127: the SSH mux reports 127 as "the remote command could not be executed", a lost call).
pub const NOT_INSTALLED: i32 = 121;

/// What the client answers to `create`'s status line to keep the new repository.
pub const COMMIT: &str = "commit";
/// How long the server waits for [`COMMIT`].
pub const COMMIT_WAIT_SECS: u64 = 60;

/// `rdc host version`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerVersion {
    pub version: String,
    pub protocol: u32,
}

impl ServerVersion {
    /// This binary's version.
    pub fn this() -> ServerVersion {
        ServerVersion {
            version: env!("CARGO_PKG_VERSION").to_string(),
            protocol: PROTOCOL,
        }
    }
}

/// `major.minor.patch` of a version string (pre-release and build suffixes ignored); None when
/// it is not one.
pub fn semver(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.trim().split(['-', '+']).next()?;
    let mut it = core.split('.').map(|x| x.parse::<u64>().ok());
    let t = (it.next()??, it.next()??, it.next()??);
    it.next().is_none().then_some(t)
}

/// What the laptop asks the server to do with a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Up,
    Down,
    Sync,
    Status,
    /// Stop everything, unmount, remove the image and the repository's state on the server.
    Delete,
    /// Recreate one service (`Job::service`), or every service.
    Restart,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Create,
        Action::Up,
        Action::Down,
        Action::Sync,
        Action::Status,
        Action::Delete,
        Action::Restart,
    ];
    pub const NAMES: [&'static str; 7] = [
        "create", "up", "down", "sync", "status", "delete", "restart",
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Up => "up",
            Action::Down => "down",
            Action::Sync => "sync",
            Action::Status => "status",
            Action::Delete => "delete",
            Action::Restart => "restart",
        }
    }
}

impl std::str::FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Action, String> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown action {s:?}; one of {}", Action::NAMES.join(", ")))
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    pub name: String,
    /// The machine's name in the operator's context (for the commands messages suggest).
    #[serde(default)]
    pub machine: String,
    pub guid: String,
    pub network_id: NetworkId,
    #[serde(default)]
    pub credential: Option<String>,
    pub encrypted: bool,
    #[serde(default)]
    pub size: Option<String>,
    pub datastore: String,
    pub prefix: String,
    #[serde(default)]
    pub mount: bool,
    #[serde(default)]
    pub unmount: bool,
    /// Files to put into the repository (create --from, sync).
    #[serde(default)]
    pub files: Vec<JobFile>,
    /// Fail at once when another operation holds the repository's lock (`--no-wait`).
    #[serde(default)]
    pub no_wait: bool,
    /// `down --timeout`: the longest a `down()` hook and then each container get to stop.
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// `restart`: the one service to recreate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// `up --no-isolation`: run without the repository's cgroup programs (recorded on the
    /// server, shown by every status).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_isolation: bool,
    /// `create --overcommit`: create the image even when the datastore cannot hold every image
    /// at full size (recorded in its metadata).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overcommit: bool,
}

impl Job {
    /// A job naming a repository without credential or files (for the server's own listing).
    pub fn bare(
        name: &str,
        guid: &str,
        network_id: NetworkId,
        prefix: &str,
        datastore: &str,
    ) -> Job {
        Job {
            name: name.to_string(),
            machine: String::new(),
            guid: guid.to_string(),
            network_id,
            credential: None,
            encrypted: false,
            size: None,
            datastore: datastore.to_string(),
            prefix: prefix.to_string(),
            mount: false,
            unmount: false,
            files: Vec::new(),
            no_wait: false,
            timeout_secs: None,
            service: None,
            no_isolation: false,
            overcommit: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobFile {
    /// Relative to the repository root.
    pub path: String,
    pub mode: u32,
    /// base64 (empty for a symlink).
    pub data: String,
    /// A symlink and its target: created as a link, never followed (`--from`, `sync`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// Kept next to each image (`<datastore>/repositories/<guid>.json`, 0600): who the image
/// belongs to, so that an image the laptop no longer knows can be named, stopped and removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageMeta {
    pub name: String,
    pub guid: String,
    pub network_id: NetworkId,
    pub encrypted: bool,
    /// Seconds since the epoch.
    #[serde(default)]
    pub created: u64,
    /// Created with `--overcommit`: the datastore could not hold every image at full size.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overcommit: bool,
}

/// One repository image on a machine, as `rdc host repos` sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LiveRepo {
    pub guid: String,
    /// None for an image without its metadata file.
    pub meta: Option<ImageMeta>,
    pub image_size_bytes: u64,
    pub image_used_bytes: u64,
    pub mounted: bool,
    pub daemon_running: bool,
    pub containers_running: usize,
    pub containers_total: usize,
    /// Routers the route server serves for it (None when the route server did not answer).
    #[serde(default)]
    pub routes: Option<usize>,
    /// Whether it is isolated (docs/isolation.md), for a repository whose daemon runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolation: Option<Isolation>,
}

/// `rdc host overview`'s answer: what `rdc context status` shows of a machine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub version: String,
    pub protocol: u32,
    /// Traefik's version (`traefik version`), None when it is not installed or does not answer.
    pub traefik: Option<String>,
    /// Whether the route server answered `/health` with 200 (None: no router.toml).
    pub router_healthy: Option<bool>,
    /// Routers served (None when the route server did not answer).
    pub routes: Option<RouteCounts>,
    pub repos: usize,
    /// Repositories whose daemon runs.
    pub repos_up: usize,
    /// Certificates Traefik obtained (from its ACME storage), None when it cannot be read.
    pub certs: Option<Vec<Cert>>,
    /// On when the server can isolate repositories and every running one is; off with the
    /// reason (the host's, or the repositories that are not). None from an older server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolation: Option<Isolation>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteCounts {
    pub http: usize,
    pub tcp: usize,
    pub udp: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cert {
    pub domain: String,
    /// Expiry, seconds since the epoch.
    pub not_after: i64,
}

/// One container of a repository, as `rdc host ps` reports it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PsRow {
    pub service: String,
    pub container: String,
    pub id: String,
    pub image: String,
    pub state: String,
    pub status: String,
    #[serde(default)]
    pub health: Option<String>,
    #[serde(default)]
    pub ip: Option<String>,
    /// Routes the route server serves for this container (`http Host(…)`, `tcp …`).
    #[serde(default)]
    pub routes: Vec<String>,
    /// For a running container: whether it runs under the repository's cgroup and programs
    /// (docs/isolation.md). None from an older server, or for a stopped container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolated: Option<bool>,
}

/// What `status` (and every other action) reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Status {
    pub name: String,
    pub guid: String,
    pub network_id: NetworkId,
    pub network: String,
    pub encrypted: bool,
    pub image: String,
    pub image_exists: bool,
    /// Bytes used by the sparse image on disk.
    pub image_used_bytes: u64,
    pub image_size_bytes: u64,
    pub mounted: bool,
    pub mount: String,
    pub daemon_running: bool,
    pub socket: String,
    pub containers_running: usize,
    pub services: Vec<(String, String)>,
    #[serde(default)]
    pub failed: Vec<String>,
    /// After `up`: what the route server left out of this repository or changed, and why
    /// (`not routed|changed: container: what: reason`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_routes: Vec<String>,
    /// Whether the repository is a network of its own (docs/isolation.md); None from a server
    /// that does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolation: Option<Isolation>,
    /// What is wrong with the mounted filesystem (read-only after an error, error counters, a
    /// failed flush at `down --unmount`); None when it is fine or not mounted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filesystem: Option<String>,
    /// The image was created with `--overcommit`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overcommit: bool,
}

/// Whether a repository is isolated, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Isolation {
    pub on: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Isolation {
    pub fn on() -> Isolation {
        Isolation {
            on: true,
            reason: None,
        }
    }
    pub fn off(reason: impl Into<String>) -> Isolation {
        Isolation {
            on: false,
            reason: Some(reason.into()),
        }
    }
}

impl std::fmt::Display for Isolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.on, &self.reason) {
            (true, _) => f.write_str("on"),
            (false, Some(r)) => write!(f, "off ({r})"),
            (false, None) => f.write_str("off"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_their_numbers() {
        assert_eq!(semver("0.10.2"), Some((0, 10, 2)));
        assert_eq!(semver("1.2.3-rc.1+abc"), Some((1, 2, 3)));
        assert!(semver("0.10.0") > semver("0.9.9"));
        for bad in [
            "",
            "1.2",
            "1.2.3.4",
            "x.y.z",
            "(older than `rdc host version`)",
            "١.٢.٣",
        ] {
            assert_eq!(semver(bad), None, "{bad}");
        }
    }

    /// Whatever a server answers, reading it never panics (the answers are fuzzed: random bytes,
    /// truncations and mutations of valid answers).
    #[test]
    fn hostile_answers_never_panic() {
        let valid = [
            serde_json::to_vec(&ServerVersion::this()).unwrap(),
            br#"{"name":"a","guid":"g","network_id":2816,"network":"127.0.11.0/26","encrypted":false,"image":"/i","image_exists":true,"image_used_bytes":1,"image_size_bytes":2,"mounted":true,"mount":"/m","daemon_running":true,"socket":"/s","containers_running":1,"services":[["web","127.0.11.2"]],"failed":[]}"#.to_vec(),
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for i in 0..200_000 {
            let mut b = valid[i % 2].clone();
            match next() % 4 {
                0 => b.truncate((next() as usize) % (b.len() + 1)),
                1 => {
                    for _ in 0..1 + next() % 8 {
                        let at = (next() as usize) % b.len();
                        b[at] = next() as u8;
                    }
                }
                2 => b = (0..next() % 64).map(|_| next() as u8).collect(),
                _ => {
                    let at = (next() as usize) % b.len();
                    let junk = b"\"\x1b]0;x\x07{}[]9999999999999999999999-1e999";
                    b.insert(at, junk[(next() as usize) % junk.len()]);
                }
            }
            let _ = serde_json::from_slice::<ServerVersion>(&b);
            let _ = serde_json::from_slice::<Status>(&b);
            let _ = serde_json::from_slice::<Vec<LiveRepo>>(&b);
            let _ = serde_json::from_slice::<ImageMeta>(&b);
            if let Ok(v) = serde_json::from_slice::<ServerVersion>(&b) {
                let _ = semver(&v.version);
            }
            let _ = semver(&String::from_utf8_lossy(&b));
        }
    }
}
