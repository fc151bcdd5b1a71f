//! Containers of every repository → one Traefik dynamic configuration, plus the reason for
//! everything left out. Pure code: the same input always gives byte-identical output.
//!
//! The pipeline, one stage per file:
//! 1. per repository (one Docker daemon, one network id), each container is filtered as Traefik's
//!    Docker provider filters it (running, `traefik.enable`, health) and checked for isolation
//!    (its `rediacc.network_id` and `rediacc.service_ip` must be its daemon's repository's);
//! 2. `tier2`: `traefik.enable=true` containers are built from their labels exactly as Traefik 3.7
//!    builds them; `tier1`: other containers with `rediacc.*` labels get an automatic route;
//! 3. `share`: a repository keeps at most its share of routers, services and middlewares
//!    (whole containers, in Traefik's order); `merge`: the containers' configurations are merged
//!    with Traefik's rules;
//! 4. `scope::rename`: names become `name-<networkID>`, references are rewritten, references
//!    outside the repository are refused;
//! 5. `confine`: every value naming an address, a URL, a file or a provider is confined to the
//!    repository or refused; then `scope::check` drops what refers to nothing and checks
//!    entrypoints;
//! 6. `tier1::dynamic_ports`: `rediacc.tcp_ports` get stable ports from the dynamic range;
//! 7. `claims`: host names and entrypoints get one owner across repositories;
//! 8. `guard`: every repository's part is checked against Traefik's schema before publishing.
//!
//! `report` turns the result into `/routes.json`.

use crate::contract::NetworkId;
pub mod claims;
pub mod conf;
pub mod confine;
#[doc(hidden)]
pub mod fuzz;
pub mod guard;
pub mod merge;
pub mod report;
pub mod scope;
pub mod share;
pub mod tier1;
pub mod tier2;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod props;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

pub use conf::{Conf, Res};
pub use fuzz::fuzz_one;
pub use report::{Counts, Origin, PortMapping, Report, RouterReport, Skipped, Tier, UdpMapping};

use super::config::RouterConfig;
use super::labels::parse_bool;
use super::model::*;
use super::owners::Owners;
use super::ports::{self, Allocations};

/// A repository's daemon as the renderer sees it.
pub struct DaemonView<'a> {
    pub network_id: NetworkId,
    pub socket: String,
    /// `true` when its container list is current; `false` while it is being (re)listed or is
    /// unreachable within the grace period (its port allocations are then kept as they are).
    pub listed: bool,
    pub containers: &'a [Arc<Container>],
}

/// What the render keeps from one run to the next (the route server persists it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub ports: Allocations,
    pub owners: Owners,
}

#[derive(Debug, Default)]
pub struct Output {
    pub config: Value,
    pub report: Report,
    pub state: State,
    pub tcp_mappings: Vec<PortMapping>,
    pub udp_mappings: Vec<UdpMapping>,
    pub exhausted: Vec<String>,
    /// When a held name is released (seconds since the epoch): render again then.
    pub next_wakeup: Option<u64>,
}

/// One repository's configuration as it moves through the stages.
pub struct Repo {
    pub network_id: NetworkId,
    pub socket: String,
    pub listed: bool,
    pub conf: Conf,
    pub origins: BTreeMap<(Res, String), Vec<Origin>>,
    pub containers: usize,
}

/// Render every repository. `now` (seconds since the epoch) dates ownership changes.
pub fn render(cfg: &RouterConfig, daemons: &[DaemonView<'_>], prev: &State, now: u64) -> Output {
    let mut out = Output::default();
    let mut repos: Vec<Repo> = Vec::new();
    let mut requests = Vec::new();
    for d in daemons {
        repos.push(build_repo(cfg, d, &mut out.report.skipped, &mut requests));
    }
    tier1::dynamic_ports(cfg, &mut repos, &requests, &prev.ports, &mut out);
    claims::stage(cfg, &mut repos, &prev.owners, now, &mut out);
    guard::stage(&mut repos, &mut out.report.skipped);

    // Reports first (they look up services), then move every repository's configuration into
    // one (no copy: at 10,000 containers a copy is tens of megabytes).
    let (mut report, udp) = report::reports(&repos);
    out.udp_mappings = udp;
    let mut all = Conf::default();
    for repo in repos {
        all.absorb(repo.conf);
    }
    acme_http_other_family(cfg, &mut all);
    let mut skipped = std::mem::take(&mut out.report.skipped);
    skipped.sort();
    skipped.dedup();
    report.counts.http_routers = report.http.len();
    report.counts.tcp_routers = report.tcp.len();
    report.counts.udp_routers = report.udp.len();
    report.counts.services = [Res::HttpService, Res::TcpService, Res::UdpService]
        .iter()
        .map(|r| all.get(*r).len())
        .sum();
    report.counts.middlewares =
        all.get(Res::HttpMiddleware).len() + all.get(Res::TcpMiddleware).len();
    report.counts.skipped = skipped.len();
    report.skipped = skipped;
    out.report = report;
    out.config = all.into_value();
    out
}

/// HTTP-01 on a dual-stack machine: Traefik answers the challenge on one entrypoint (`web`,
/// IPv4), and Let's Encrypt may ask over IPv6 first; this router sends the challenge path of
/// `web-v6` to Traefik's own challenge handler (`acme-http@internal`), above every other
/// router. (Repositories' names all end in `-<network id>`: no repository can take this one.)
fn acme_http_other_family(cfg: &RouterConfig, all: &mut Conf) {
    use crate::contract::router::Challenge;
    if cfg.cert_resolver.is_none() || cfg.challenge != Challenge::Http || !(cfg.ipv4 && cfg.ipv6) {
        return;
    }
    all.get_mut(Res::HttpRouter).insert(
        "rdc-acme-http-v6".into(),
        serde_json::json!({
            "rule": "PathPrefix(`/.well-known/acme-challenge/`)",
            "entryPoints": [crate::contract::paths::entrypoint_name("web", true)],
            "service": "acme-http@internal",
            "priority": i32::MAX,
        }),
    );
}

/// Stages 1–5 for one repository.
fn build_repo(
    cfg: &RouterConfig,
    d: &DaemonView<'_>,
    skipped: &mut Vec<Skipped>,
    requests: &mut Vec<tier1::PortRequest>,
) -> Repo {
    let net = d.network_id;
    // Traefik merges containers in the order of "<name>-<id>".
    let mut containers: Vec<&Arc<Container>> = d.containers.iter().collect();
    containers.sort_by_cached_key(|c| format!("{}-{}", c.traefik_name(), c.id));
    let mut fragments: Vec<(Origin, Conf)> = Vec::new();
    let names = confine::names(containers.iter().map(|c| c.as_ref()), net);
    for c in containers {
        let skip = |what: &str, reason: String| Skipped::container(net, c, what, reason);
        // Fair share: labels beyond the budget are not read at all.
        let bytes = c.label_bytes();
        if bytes > cfg.limits.label_bytes {
            skipped.push(skip(
                "container",
                format!(
                    "its labels take {bytes} bytes, over the {} a container may have (router.toml limits.label_bytes)",
                    cfg.limits.label_bytes
                ),
            ));
            continue;
        }
        let enable = match c.label(L_ENABLE).map(|v| parse_bool(v.trim())) {
            None => None,
            Some(Some(b)) => Some(b),
            Some(None) => {
                skipped.push(skip(
                    "container",
                    format!(
                        "{L_ENABLE}={:?} is not a boolean",
                        c.label(L_ENABLE).unwrap_or("")
                    ),
                ));
                continue;
            }
        };
        if enable == Some(false) {
            skipped.push(skip(
                "container",
                "traefik.enable=false: no route of any kind".into(),
            ));
            continue;
        }
        // Isolation: the network id comes from the socket, never from a label.
        if let Some(l) = c.label(L_NETWORK_ID)
            && l.trim().parse::<u32>().ok() != Some(net.get())
        {
            skipped.push(skip(
                "container",
                format!("{L_NETWORK_ID}={l} disagrees with its daemon's network id {net}: refused"),
            ));
            continue;
        }
        let ip = match c.label(L_SERVICE_IP) {
            None => None,
            Some(s) => match confine::dotted_quad(s.trim()) {
                Some(ip) if net.holds(ip) => Some(ip),
                Some(ip) => {
                    skipped.push(skip("container", format!(
                        "{L_SERVICE_IP}={ip} is outside repository {net}'s addresses ({}, service slots .2-.62): refused",
                        net.cidr()
                    )));
                    continue;
                }
                None => {
                    skipped.push(skip(
                        "container",
                        format!("{L_SERVICE_IP}={s:?} is not an IPv4 address (a.b.c.d)"),
                    ));
                    continue;
                }
            },
        };
        let healthy = c.health.as_deref().is_none_or(|h| h == "healthy");
        let routable = c.running() && healthy;
        // Dynamic ports are kept for every existing container (running or not).
        if let Some(list) = c.label(L_TCP_PORTS) {
            match tier1::port_list(list) {
                Ok(v) => {
                    for p in v {
                        requests.push(tier1::PortRequest {
                            key: ports::key(net, &c.service(), p),
                            network_id: net,
                            service: c.service(),
                            container_port: p,
                            ip,
                            routable: routable && ip.is_some(),
                            running: c.running(),
                            origin: Origin::of(c, Tier::Port),
                        });
                    }
                }
                Err(e) => skipped.push(skip("label", format!("{L_TCP_PORTS}: {e}"))),
            }
        }
        if !c.running() {
            skipped.push(skip("container", format!("not running ({})", c.state)));
            continue;
        }
        if !healthy {
            skipped.push(skip(
                "container",
                format!(
                    "health is {} (routes appear once it is healthy)",
                    c.health.as_deref().unwrap_or("")
                ),
            ));
            continue;
        }
        if let Some(list) = c.label(L_UDP_PORTS) {
            match tier1::port_list(list) {
                Ok(v) => {
                    for p in v {
                        match tier1::udp_fragment(cfg, c, net, ip, p) {
                            Ok(f) => fragments.push(f),
                            Err(s) => skipped.push(s),
                        }
                    }
                }
                Err(e) => skipped.push(skip("label", format!("{L_UDP_PORTS}: {e}"))),
            }
        }
        if enable == Some(true) {
            match tier2::build(cfg, c, net, ip, &names, skipped) {
                Ok(conf) => fragments.push((Origin::of(c, Tier::Labels), conf)),
                Err(reason) => skipped.push(skip("container", reason)),
            }
            continue;
        }
        if let Ok(d) = c.decoded()
            && !d.root.is_empty()
        {
            skipped.push(skip("label", format!(
                "traefik.* routing labels are ignored without {L_ENABLE}=true; an automatic route is used instead"
            )));
        }
        match tier1::auto_fragment(cfg, c, net, ip) {
            Ok(conf) => fragments.push((Origin::of(c, Tier::Auto), conf)),
            Err(reason) => skipped.push(skip("container", reason)),
        }
    }
    let fragments = share::cap(cfg.resources_for(net), net, fragments, skipped);
    let (conf, origins) = merge::merge(net, fragments, skipped);
    let mut repo = Repo {
        network_id: net,
        socket: d.socket.clone(),
        listed: d.listed,
        conf,
        origins,
        containers: d.containers.len(),
    };
    scope::rename(&mut repo, skipped);
    confine::stage(&mut repo, &names, skipped);
    scope::check(cfg, &mut repo, skipped);
    repo
}

/// The body served to Traefik: YAML with sorted keys (the same state gives the same bytes).
pub fn to_yaml(config: &Value) -> String {
    let mut s = serde_saphyr::to_string(config).unwrap_or_else(|_| "{}\n".to_string());
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
