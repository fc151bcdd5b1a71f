//! `router.toml`: the route server's settings. The laptop renders it (`rdc context
//! push-infra`, `rdc repo set --domain`) from the machine's settings and repositories; the
//! route server reads it (`route_server::config::load`) and re-reads `repositories` while it
//! runs. Command-line flags of `rdc route-server` override it.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::NetworkId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouterConfig {
    /// Loopback address of the HTTP API (`/routes.yaml`, `/routes.json`, `/health`, `/ports`).
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// Glob of the per-repository Docker sockets; the `*` is the repository's network id.
    #[serde(default = "default_sockets")]
    pub sockets: String,
    /// Where dynamic port allocations are kept across restarts.
    #[serde(default = "default_state_dir")]
    pub state_dir: PathBuf,
    /// Base domain of the automatic routes `{service}-{networkID}.{base_domain}`. Without it,
    /// no automatic route is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_domain: Option<String>,
    /// Make tier-1 automatic routes for containers that carry only `rediacc.*` labels.
    #[serde(default = "yes")]
    pub auto_routes: bool,
    /// Whether the IPv4 entrypoints exist (`web`, `websecure`, `tcp-N`, `udp-N`).
    #[serde(default = "yes")]
    pub ipv4: bool,
    /// Whether the IPv6 twins exist (`web-v6`, `websecure-v6`, `tcp-N-v6`, `udp-N-v6`).
    #[serde(default)]
    pub ipv6: bool,
    /// Certificate resolver for automatic routes. With it, they go on `websecure`(+`-v6`) with
    /// TLS; without it, on `web`(+`-v6`) in plain HTTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_resolver: Option<String>,
    /// How the resolver gets certificates: DNS-01 (the machine's wildcard certificate serves
    /// every automatic route) or HTTP-01 (one certificate per host, no wildcard).
    #[serde(default)]
    pub challenge: Challenge,
    /// First and last port of the dynamic TCP range (each has a `tcp-N` entrypoint).
    #[serde(default = "default_range")]
    pub dynamic_ports: [u16; 2],
    /// TCP ports that have a `tcp-N` entrypoint, the dynamic range aside. Empty (a router.toml of
    /// an older rdc): the entrypoints routers name are not checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tcp_ports: Vec<u16>,
    /// The machine's name in the operator's context (for the fixes messages suggest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
    /// UDP ports that have a `udp-N` entrypoint; `rediacc.udp_ports` can only use these.
    #[serde(default)]
    pub udp_ports: Vec<u16>,
    /// How long the routes of a daemon that stopped answering (its socket still present) are
    /// kept before they are withdrawn.
    #[serde(default = "default_grace")]
    pub unreachable_grace_secs: u64,
    /// At start, `/routes.yaml` answers 503 until every daemon has answered once, or until
    /// this many seconds have passed (then it serves what it has, and /health is degraded).
    #[serde(default = "default_startup")]
    pub startup_deadline_secs: u64,
    /// How long a repository keeps a host name after its last route claiming it went away
    /// (a container being recreated keeps its site).
    #[serde(default = "default_hold")]
    pub claim_hold_secs: u64,
    /// The repositories the operator knows on this machine, with the domains declared for them
    /// (`rdc repo set NAME --domain …`). Re-read while the route server runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repositories: Vec<RepoDecl>,
    /// Loopback addresses outside every repository that containers may still reach (besides
    /// the server's loopback resolvers, which always are): docs/isolation.md.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loopback_allow: Vec<std::net::Ipv4Addr>,
    /// Where the cgroup v2 hierarchy is, when it is not the one mounted in this mount namespace
    /// (docs/isolation.md); rdc checks that it accepts the programs before using it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cgroup_root: Option<PathBuf>,
    /// Each repository's fair share of the route server and Traefik (defaults no real
    /// application reaches); a repository's own declaration may change it.
    #[serde(default, skip_serializing_if = "Limits::is_default")]
    pub limits: Limits,
    /// The file this was read from (watched for new declarations while running).
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

/// Fair shares: what one repository may take. What goes over is left out with the reason, for
/// that repository only (docs/route-server.md, Fair shares).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Routers, services and middlewares of one repository, together.
    #[serde(default = "default_resources")]
    pub resources_per_repo: usize,
    /// Dynamic public TCP ports (`rediacc.tcp_ports`) of one repository.
    #[serde(default = "default_ports_per_repo")]
    pub ports_per_repo: usize,
    /// Bytes of labels (keys and values) of one container.
    #[serde(default = "default_label_bytes")]
    pub label_bytes: usize,
}

fn default_resources() -> usize {
    500
}
fn default_ports_per_repo() -> usize {
    4
}
fn default_label_bytes() -> usize {
    64 * 1024
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            resources_per_repo: default_resources(),
            ports_per_repo: default_ports_per_repo(),
            label_bytes: default_label_bytes(),
        }
    }
}

impl Limits {
    pub fn is_default(&self) -> bool {
        *self == Limits::default()
    }
}

/// A repository of this machine, as the operator's config knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoDecl {
    pub network_id: NetworkId,
    pub name: String,
    /// Names only this repository may route: `app.example.com`, `*.shop.example.com`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// This repository's share of routers, services and middlewares, when not the machine's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_resources: Option<usize>,
    /// This repository's dynamic TCP ports, when not the machine's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ports: Option<usize>,
}

fn default_listen() -> SocketAddr {
    super::paths::default_route_listen()
}
fn default_sockets() -> String {
    super::paths::SOCKETS_GLOB.into()
}
fn default_state_dir() -> PathBuf {
    super::paths::ROUTER_STATE_DIR.into()
}
fn yes() -> bool {
    true
}
fn default_range() -> [u16; 2] {
    [
        *super::paths::DYNAMIC_TCP_RANGE.start(),
        *super::paths::DYNAMIC_TCP_RANGE.end(),
    ]
}
fn default_grace() -> u64 {
    30
}
fn default_startup() -> u64 {
    10
}
fn default_hold() -> u64 {
    300
}

impl Default for RouterConfig {
    fn default() -> Self {
        RouterConfig {
            listen: default_listen(),
            sockets: default_sockets(),
            state_dir: default_state_dir(),
            base_domain: None,
            auto_routes: true,
            ipv4: true,
            ipv6: false,
            cert_resolver: None,
            challenge: Challenge::default(),
            dynamic_ports: default_range(),
            udp_ports: Vec::new(),
            tcp_ports: Vec::new(),
            machine: None,
            unreachable_grace_secs: default_grace(),
            startup_deadline_secs: default_startup(),
            claim_hold_secs: default_hold(),
            repositories: Vec::new(),
            loopback_allow: Vec::new(),
            cgroup_root: None,
            limits: Limits::default(),
            source: None,
        }
    }
}

/// The settings the route server applies while it runs (re-read from router.toml within a
/// second); a change of any other setting needs a restart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hot {
    pub repositories: Vec<RepoDecl>,
    pub tcp_ports: Vec<u16>,
    pub udp_ports: Vec<u16>,
    pub machine: Option<String>,
    pub limits: Limits,
}

impl RouterConfig {
    fn decl(&self, net: NetworkId) -> Option<&RepoDecl> {
        self.repositories.iter().find(|r| r.network_id == net)
    }

    /// How many routers, services and middlewares repository `net` may have.
    pub fn resources_for(&self, net: NetworkId) -> usize {
        self.decl(net)
            .and_then(|d| d.max_resources)
            .unwrap_or(self.limits.resources_per_repo)
    }

    /// How many dynamic TCP ports repository `net` may have.
    pub fn ports_for(&self, net: NetworkId) -> usize {
        self.decl(net)
            .and_then(|d| d.max_ports)
            .unwrap_or(self.limits.ports_per_repo)
    }

    pub fn hot(&self) -> Hot {
        Hot {
            repositories: self.repositories.clone(),
            tcp_ports: self.tcp_ports.clone(),
            udp_ports: self.udp_ports.clone(),
            machine: self.machine.clone(),
            limits: self.limits,
        }
    }

    pub fn apply_hot(&mut self, h: Hot) {
        self.repositories = h.repositories;
        self.tcp_ports = h.tcp_ports;
        self.udp_ports = h.udp_ports;
        self.machine = h.machine;
        self.limits = h.limits;
    }

    /// Whether going from `old` to `new` needs a restart of the route server (a change of
    /// anything but the [`Hot`] settings).
    pub fn needs_restart(old: &RouterConfig, new: &RouterConfig) -> bool {
        let mut a = old.clone();
        a.apply_hot(new.hot());
        a.source = None;
        let mut b = new.clone();
        b.source = None;
        a != b
    }

    /// Values the types cannot check: declared domains, network ids.
    pub fn check(&self) -> std::result::Result<(), String> {
        for r in &self.repositories {
            if !r.network_id.is_valid() {
                return Err(format!(
                    "repository {} has network id {}, which is not 2816 + 64·n",
                    r.name, r.network_id
                ));
            }
            for d in &r.domains {
                super::hostname::Pattern::parse(d)
                    .map_err(|e| format!("repository {}: {e}", r.name))?;
            }
        }
        Ok(())
    }

    /// Read router.toml text; the error is one line.
    pub fn parse(text: &str) -> Result<RouterConfig, String> {
        let cfg: RouterConfig = toml::from_str(text).map_err(|e| {
            e.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })?;
        cfg.check()?;
        Ok(cfg)
    }

    pub fn to_toml(&self) -> anyhow::Result<String> {
        Ok(toml::to_string(self)?)
    }

    /// Entrypoints of the automatic HTTP routes.
    pub fn http_entrypoints(&self) -> Vec<String> {
        let base = if self.cert_resolver.is_some() {
            "websecure"
        } else {
            "web"
        };
        self.families()
            .into_iter()
            .map(|v6| super::paths::entrypoint_name(base, v6))
            .collect()
    }

    /// The address families with entrypoints: `false` = IPv4, `true` = IPv6.
    pub fn families(&self) -> Vec<bool> {
        let mut v = Vec::new();
        if self.ipv4 {
            v.push(false);
        }
        if self.ipv6 {
            v.push(true);
        }
        v
    }

    /// Why Traefik would not have entrypoint `ep` on this machine (None: it has it, or the
    /// entrypoints are not known). Traefik leaves a router on a missing entrypoint out without
    /// a word in its API, so the route server says it.
    pub fn missing_entrypoint(&self, ep: &str) -> Option<String> {
        if self.tcp_ports.is_empty() {
            return None;
        }
        let v6 = ep.ends_with("-v6");
        let base = ep.trim_end_matches("-v6");
        let machine = self.machine.as_deref().unwrap_or("MACHINE");
        if v6 && !self.ipv6 || !v6 && !self.ipv4 {
            let flag = if v6 { "--public-ipv6" } else { "--public-ipv4" };
            return Some(format!(
                "entrypoint {ep} is not defined on this machine (it has no {} address); set one with: rdc context set-infra {machine} {flag} IP, then: rdc context push-infra {machine}",
                if v6 { "IPv6" } else { "IPv4" }
            ));
        }
        let port = |p: &str| p.parse::<u16>().ok();
        let defined = match base {
            "web" | "websecure" => true,
            b => {
                if let Some(p) = b.strip_prefix("tcp-").and_then(port) {
                    self.tcp_ports.contains(&p) || self.dynamic_range().contains(&p)
                } else if let Some(p) = b.strip_prefix("udp-").and_then(port) {
                    self.udp_ports.contains(&p)
                } else {
                    false
                }
            }
        };
        if defined {
            return None;
        }
        // --tcp-ports/--udp-ports replace the machine's extra ports: name them all.
        let with = |have: &[u16], preset: &[u16], p: u16| {
            let mut v: Vec<u16> = have
                .iter()
                .copied()
                .filter(|x| !preset.contains(x))
                .collect();
            v.push(p);
            v.sort_unstable();
            v.dedup();
            v.iter().map(u16::to_string).collect::<Vec<_>>().join(",")
        };
        let fix = if let Some(p) = base.strip_prefix("tcp-").and_then(port) {
            format!(
                "add the port with: rdc context set-infra {machine} --tcp-ports {}, then: rdc context push-infra {machine}",
                with(&self.tcp_ports, &super::paths::PRECONFIGURED_TCP, p)
            )
        } else if let Some(p) = base.strip_prefix("udp-").and_then(port) {
            format!(
                "add the port with: rdc context set-infra {machine} --udp-ports {}, then: rdc context push-infra {machine}",
                with(&self.udp_ports, &super::paths::PRECONFIGURED_UDP, p)
            )
        } else {
            "use web, websecure, tcp-<port> or udp-<port> (with -v6 for IPv6)".to_string()
        };
        Some(format!(
            "entrypoint {ep} is not defined on this machine, so Traefik would silently leave the router out; {fix}"
        ))
    }

    pub fn dynamic_range(&self) -> std::ops::RangeInclusive<u16> {
        self.dynamic_ports[0]..=self.dynamic_ports[1]
    }
}

/// How Let's Encrypt checks a machine's names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Challenge {
    /// DNS-01 through Cloudflare: wildcard certificates.
    #[default]
    Dns,
    /// HTTP-01 on the `web` entrypoints: one certificate per host name.
    Http,
}
