//! What the render tells people: where each resource came from ([`Origin`]), what was left out
//! and why ([`Skipped`]), and per router the summary `/routes.json` serves ([`RouterReport`]).

use crate::contract::NetworkId;
use serde::Serialize;
use serde_json::Value;

use super::Repo;
use super::conf::{Res, str_list};
use crate::route_server::model::Container;

/// How a resource came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// `traefik.*` labels (tier 2).
    Labels,
    /// The automatic route of a container with `rediacc.*` labels (tier 1).
    Auto,
    /// A dynamic TCP port (`rediacc.tcp_ports`).
    Port,
    /// A `rediacc.udp_ports` mapping.
    UdpPort,
}

/// Where a resource comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Origin {
    pub container: String,
    pub container_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_service: Option<String>,
    pub tier: Tier,
    /// Creation time of the container (seconds since the epoch): the older claim wins a tie.
    #[serde(skip)]
    pub created: i64,
}

impl Origin {
    pub fn of(c: &Container, tier: Tier) -> Origin {
        Origin {
            container: c.name.clone(),
            container_id: c.short_id().to_string(),
            compose_service: c.compose_service().map(str::to_string),
            tier,
            created: c.created,
        }
    }
}

/// Something left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    pub network_id: NetworkId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    /// `container`, `label`, or the resource (`http router web-2816`).
    pub what: String,
    pub reason: String,
    /// The resource was kept, changed as the reason says (not left out).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub changed: bool,
}

impl Skipped {
    pub fn container(
        net: NetworkId,
        c: &Container,
        what: &str,
        reason: impl Into<String>,
    ) -> Skipped {
        Skipped {
            network_id: net,
            container: Some(c.name.clone()),
            container_id: Some(c.short_id().to_string()),
            what: what.to_string(),
            reason: reason.into(),
            changed: false,
        }
    }
}

/// Remove a resource of `repo` and report why, naming the container it came from.
pub fn drop_resource(repo: &mut Repo, r: Res, name: &str, reason: String, out: &mut Vec<Skipped>) {
    repo.conf.get_mut(r).remove(name);
    let o = repo
        .origins
        .get(&(r, name.to_string()))
        .and_then(|v| v.first());
    out.push(Skipped {
        network_id: repo.network_id,
        container: o.map(|o| o.container.clone()),
        container_id: o.map(|o| o.container_id.clone()),
        what: format!("{} {name}", r.what()),
        reason,
        changed: false,
    });
}

#[derive(Debug, Clone, Serialize)]
pub struct RouterReport {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub entrypoints: Vec<String>,
    pub service: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub middlewares: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<Value>,
    /// Backend URLs (HTTP) or addresses (TCP/UDP).
    pub servers: Vec<String>,
    pub network_id: NetworkId,
    pub daemon: String,
    pub origin: Vec<Origin>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub http: Vec<RouterReport>,
    pub tcp: Vec<RouterReport>,
    pub udp: Vec<RouterReport>,
    pub skipped: Vec<Skipped>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub http_routers: usize,
    pub tcp_routers: usize,
    pub udp_routers: usize,
    pub services: usize,
    pub middlewares: usize,
    pub containers: usize,
    pub skipped: usize,
}

/// One dynamic port (for `/ports`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PortMapping {
    pub port: u16,
    pub entrypoints: Vec<String>,
    pub network_id: NetworkId,
    pub service: String,
    pub container_port: u16,
    /// `service_ip:container_port`, when the container is running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    pub routed: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UdpMapping {
    pub port: u16,
    pub entrypoints: Vec<String>,
    pub network_id: NetworkId,
    pub service: String,
    pub target: String,
}

/// The report of one router.
pub fn router_report(repo: &Repo, r: Res, name: &str, v: &Value) -> RouterReport {
    let service = v
        .get("service")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let servers = repo
        .conf
        .get(r.service_of())
        .get(&service)
        .and_then(|s| s["loadBalancer"]["servers"].as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    s.get("url")
                        .or_else(|| s.get("address"))
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    RouterReport {
        name: name.to_string(),
        rule: v.get("rule").and_then(Value::as_str).map(str::to_string),
        entrypoints: str_list(v.get("entryPoints")),
        service,
        middlewares: str_list(v.get("middlewares")),
        tls: v.get("tls").cloned(),
        servers,
        network_id: repo.network_id,
        daemon: repo.socket.clone(),
        origin: repo
            .origins
            .get(&(r, name.to_string()))
            .cloned()
            .unwrap_or_default(),
    }
}

/// Reports of every router of every repository, and the UDP port mappings among them.
pub fn reports(repos: &[Repo]) -> (Report, Vec<UdpMapping>) {
    let mut report = Report::default();
    let mut udp_mappings = Vec::new();
    for repo in repos {
        for r in Res::ROUTERS {
            for (name, v) in repo.conf.get(r) {
                let rr = router_report(repo, r, name, v);
                if r == Res::UdpRouter
                    && let Some(o) = rr.origin.first()
                    && o.tier == Tier::UdpPort
                {
                    udp_mappings.push(UdpMapping {
                        port: name
                            .trim_start_matches("rdc-udp-")
                            .split('-')
                            .next()
                            .and_then(|p| p.parse().ok())
                            .unwrap_or(0),
                        entrypoints: rr.entrypoints.clone(),
                        network_id: repo.network_id,
                        service: o
                            .compose_service
                            .clone()
                            .unwrap_or_else(|| o.container.clone()),
                        target: rr.servers.first().cloned().unwrap_or_default(),
                    });
                }
                match r {
                    Res::HttpRouter => report.http.push(rr),
                    Res::TcpRouter => report.tcp.push(rr),
                    _ => report.udp.push(rr),
                }
            }
        }
        report.counts.containers += repo.containers;
    }
    (report, udp_mappings)
}
