//! The host protocol: what the laptop asks of `rdc host repo ACTION` over SSH, and what it
//! answers. The [`Job`] (credential included) travels on stdin, never in argv; the [`Status`]
//! comes back as JSON on stdout, progress on stderr; the exit code is one of `ExitKind`'s.

use crate::contract::NetworkId;
use serde::{Deserialize, Serialize};

/// What the laptop asks the server to do with a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Up,
    Down,
    Sync,
    Status,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Create,
        Action::Up,
        Action::Down,
        Action::Sync,
        Action::Status,
    ];
    pub const NAMES: [&'static str; 5] = ["create", "up", "down", "sync", "status"];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Up => "up",
            Action::Down => "down",
            Action::Sync => "sync",
            Action::Status => "status",
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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobFile {
    /// Relative to the repository root.
    pub path: String,
    pub mode: u32,
    /// base64.
    pub data: String,
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
}
