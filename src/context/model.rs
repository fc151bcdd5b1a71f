//! The typed shape of `config.toml` (README, "The configuration file"), used for reading and for validating every
//! write. Writes themselves go through `toml_edit` (see `store`) so the user's comments survive.

use crate::contract::NetworkId;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub(crate) use super::infra::Infra;
pub(crate) use crate::contract::paths::DEFAULT_DATASTORE;

pub(crate) const DEFAULT_SSH_PORT: u16 = 22;
pub(crate) const DEFAULT_PREFIX: &str = "/";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The context used when neither `--context` nor `RDC_CONTEXT` is given.
    pub current: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Private key used for every machine of the context; absent means ssh's own defaults
    /// (agent, `~/.ssh/id_*`, `~/.ssh/config`).
    pub ssh_key: Option<PathBuf>,
    #[serde(default)]
    pub machines: BTreeMap<String, Machine>,
    #[serde(default)]
    pub repos: BTreeMap<String, Repo>,
    /// Where repository backups go (`rdc context storage add`).
    #[serde(default)]
    pub storages: BTreeMap<String, super::storage::Storage>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceManager {
    /// Install systemd units and restart what changed.
    #[default]
    Systemd,
    /// Install files only; the plan says how to start the services.
    None,
}

impl ServiceManager {
    pub const NAMES: [&'static str; 2] = ["systemd", "none"];
}

impl std::str::FromStr for ServiceManager {
    type Err = String;
    fn from_str(s: &str) -> Result<ServiceManager, String> {
        match s {
            "systemd" => Ok(ServiceManager::Systemd),
            "none" => Ok(ServiceManager::None),
            _ => Err(format!("unknown service manager {s:?}; systemd or none")),
        }
    }
}

impl fmt::Display for ServiceManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServiceManager::Systemd => "systemd",
            ServiceManager::None => "none",
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// Address used for SSH: an IP address or a host name.
    pub ip: String,
    pub user: String,
    #[serde(default = "default_port")]
    pub port: u16,
    #[serde(default = "default_datastore")]
    pub datastore: String,
    /// Root under which every server path lives (`/` on a real server).
    #[serde(default = "default_prefix")]
    pub prefix: String,
    #[serde(default)]
    pub service_manager: ServiceManager,
    /// `ssh-keyscan` output pinned by `rdc context scan-keys`.
    pub known_hosts: Option<String>,
    pub infra: Option<Infra>,
}

fn default_port() -> u16 {
    DEFAULT_SSH_PORT
}
fn default_datastore() -> String {
    DEFAULT_DATASTORE.to_string()
}
fn default_prefix() -> String {
    DEFAULT_PREFIX.to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repo {
    pub guid: String,
    pub network_id: NetworkId,
    pub machine: String,
    pub credential: Option<Secret>,
    /// Image size given at creation, e.g. `10G`.
    pub size: Option<String>,
    /// Whether the image is LUKS-encrypted (`false` only when the operator chose `--no-encrypt`).
    #[serde(default = "yes")]
    pub encrypted: bool,
    /// Host names only this repository may route (`app.example.com`, `*.shop.example.com`),
    /// pushed to the machine's router.toml.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Its share of routers, services and middlewares on its machine, when not the machine's
    /// (`rdc repo set NAME --max-resources N`).
    #[serde(default)]
    pub max_resources: Option<usize>,
    /// Its dynamic TCP ports, when not the machine's (`rdc repo set NAME --max-ports N`).
    #[serde(default)]
    pub max_ports: Option<usize>,
}

fn yes() -> bool {
    true
}

/// A secret string. Its `Debug` and `Display` print `***`, so it cannot leak through logs or
/// `{:?}`; call [`Secret::expose`] where the value is really needed.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Context {
    /// The repositories of one machine, as its route server is told about them.
    pub fn repo_decls(&self, machine: &str) -> Vec<crate::contract::router::RepoDecl> {
        self.repos
            .iter()
            .filter(|(_, r)| r.machine == machine)
            .map(|(n, r)| crate::contract::router::RepoDecl {
                network_id: r.network_id,
                name: n.clone(),
                domains: r.domains.clone(),
                max_resources: r.max_resources,
                max_ports: r.max_ports,
            })
            .collect()
    }
}

impl Config {
    /// Whether the file holds anything that must not be readable by others.
    pub fn has_secrets(&self) -> bool {
        self.contexts.values().any(|c| {
            c.machines
                .values()
                .any(|m| m.infra.as_ref().is_some_and(|i| i.cf_dns_token().is_some()))
                || c.repos.values().any(|r| r.credential.is_some())
                || c.storages.values().any(|s| s.has_secrets())
        })
    }
}

#[cfg(test)]
impl Machine {
    /// A root machine on 127.0.0.1:22 whose server paths sit under `prefix` (unit tests).
    pub(crate) fn for_tests(prefix: &str, service_manager: ServiceManager) -> Machine {
        Machine {
            ip: "127.0.0.1".into(),
            user: "root".into(),
            port: 22,
            datastore: "/mnt/rediacc".into(),
            prefix: prefix.to_string(),
            service_manager,
            known_hosts: None,
            infra: None,
        }
    }
}
