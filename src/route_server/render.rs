//! Containers of every repository → one Traefik dynamic configuration, plus the reason for
//! everything left out. Pure code: the same input always gives byte-identical output.
//!
//! Per repository (one Docker daemon, one network id):
//! 1. each container is filtered as Traefik's Docker provider does (running, `traefik.enable`,
//!    health) and checked for isolation (its `rediacc.network_id` and `rediacc.service_ip`
//!    must belong to the daemon's repository);
//! 2. `traefik.enable=true` containers are built from their labels exactly as Traefik 3.7 does
//!    (default service and router, service auto-link, routers without rule), except that the
//!    server address is the container's `rediacc.service_ip` and a router without rule gets the
//!    automatic host; other containers with `rediacc.*` labels get an automatic route;
//! 3. the containers' configurations are merged with Traefik's rules (identical definitions
//!    kept, load balancers merged, conflicting definitions removed);
//! 4. names are scoped to the repository (`name-<networkID>`, references rewritten) and
//!    references that point outside it, or to nothing, are refused.
//!
//! Across repositories, every router claims the hosts (HTTP), SNI names per entrypoint (TCP) or
//! entrypoints (UDP) it can match; when two repositories claim the same thing, one wins
//! deterministically (the owner of an automatic host `x-<id>.<domain>`, else the lowest network
//! id) and the other's routers are reported. Dynamic ports come last.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::config::RouterConfig;
use super::labels::parse_bool;
use super::model::*;
use super::ports::{self, Allocations};
use super::rules::{self, Hosts};

/// The eight kinds of resources of a dynamic configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Res {
    HttpRouter,
    HttpService,
    HttpMiddleware,
    TcpRouter,
    TcpService,
    TcpMiddleware,
    UdpRouter,
    UdpService,
}

impl Res {
    pub const ALL: [Res; 8] = [
        Res::HttpRouter,
        Res::HttpService,
        Res::HttpMiddleware,
        Res::TcpRouter,
        Res::TcpService,
        Res::TcpMiddleware,
        Res::UdpRouter,
        Res::UdpService,
    ];
    pub fn proto(self) -> &'static str {
        match self {
            Res::HttpRouter | Res::HttpService | Res::HttpMiddleware => "http",
            Res::TcpRouter | Res::TcpService | Res::TcpMiddleware => "tcp",
            Res::UdpRouter | Res::UdpService => "udp",
        }
    }
    pub fn section(self) -> &'static str {
        match self {
            Res::HttpRouter | Res::TcpRouter | Res::UdpRouter => "routers",
            Res::HttpService | Res::TcpService | Res::UdpService => "services",
            Res::HttpMiddleware | Res::TcpMiddleware => "middlewares",
        }
    }
    fn idx(self) -> usize {
        self as usize
    }
    fn is_router(self) -> bool {
        matches!(self, Res::HttpRouter | Res::TcpRouter | Res::UdpRouter)
    }
    fn is_service(self) -> bool {
        matches!(self, Res::HttpService | Res::TcpService | Res::UdpService)
    }
    /// `http router`, `tcp service`…
    pub fn what(self) -> String {
        format!("{} {}", self.proto(), self.section().trim_end_matches('s'))
    }
    fn service_of(self) -> Res {
        match self.proto() {
            "http" => Res::HttpService,
            "tcp" => Res::TcpService,
            _ => Res::UdpService,
        }
    }
    fn middleware_of(self) -> Option<Res> {
        match self.proto() {
            "http" => Some(Res::HttpMiddleware),
            "tcp" => Some(Res::TcpMiddleware),
            _ => None,
        }
    }
}

/// One configuration: eight maps of named resources.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conf {
    maps: [BTreeMap<String, Value>; 8],
}

impl Conf {
    pub fn get(&self, r: Res) -> &BTreeMap<String, Value> {
        &self.maps[r.idx()]
    }
    pub fn get_mut(&mut self, r: Res) -> &mut BTreeMap<String, Value> {
        &mut self.maps[r.idx()]
    }
    fn from_root(mut root: Map<String, Value>) -> Conf {
        let mut c = Conf::default();
        for r in Res::ALL {
            if let Some(Value::Object(m)) = root
                .get_mut(r.proto())
                .and_then(|p| p.as_object_mut())
                .and_then(|p| p.remove(r.section()))
            {
                c.get_mut(r).extend(m);
            }
        }
        c
    }
    /// The dynamic configuration document. Empty maps and sections are left out (Traefik
    /// rejects a whole body for one `{}`); no routes at all gives `{}`.
    pub fn into_value(self) -> Value {
        let mut root = Map::new();
        for (r, m) in Res::ALL.into_iter().zip(self.maps) {
            if m.is_empty() {
                continue;
            }
            let proto = root
                .entry(r.proto())
                .or_insert_with(|| Value::Object(Map::new()));
            proto
                .as_object_mut()
                .unwrap()
                .insert(r.section().into(), Value::Object(m.into_iter().collect()));
        }
        Value::Object(root)
    }
}

/// Where a resource comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Origin {
    pub container: String,
    pub container_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose_service: Option<String>,
    /// `labels` (traefik.* labels), `auto` (automatic route), `port` (dynamic TCP port),
    /// `udp-port` (rediacc.udp_ports).
    pub tier: &'static str,
}

/// Something left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    pub network_id: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    /// `container`, `label`, or the resource (`http router web-2816`).
    pub what: String,
    pub reason: String,
}

/// A repository's daemon as the renderer sees it.
pub struct DaemonView<'a> {
    pub network_id: u32,
    pub socket: String,
    /// `true` when its container list is current; `false` while it is being (re)listed or is
    /// unreachable within the grace period (its port allocations are then kept as they are).
    pub listed: bool,
    pub containers: &'a [Arc<Container>],
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
    pub network_id: u32,
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
    pub network_id: u32,
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
    pub network_id: u32,
    pub service: String,
    pub target: String,
}

pub struct Output {
    pub config: Value,
    pub report: Report,
    pub ports: Allocations,
    pub tcp_mappings: Vec<PortMapping>,
    pub udp_mappings: Vec<UdpMapping>,
    pub exhausted: Vec<String>,
}

pub fn render(cfg: &RouterConfig, daemons: &[DaemonView<'_>], prev_ports: &Allocations) -> Output {
    let mut skipped = Vec::new();
    let mut repos: Vec<Repo> = Vec::new();
    let mut wanted_ports = BTreeSet::new();
    let mut port_requests = Vec::new();
    for d in daemons {
        let repo = build_repo(cfg, d, &mut skipped, &mut wanted_ports, &mut port_requests);
        repos.push(repo);
    }
    // Dynamic TCP ports, for every daemon at once.
    let unlisted: BTreeSet<u32> = daemons
        .iter()
        .filter(|d| !d.listed)
        .map(|d| d.network_id)
        .collect();
    let (ports, exhausted) = ports::allocate(
        prev_ports,
        &wanted_ports,
        |k| ports::key_network(k).is_some_and(|n| unlisted.contains(&n)),
        cfg.dynamic_range(),
    );
    let mut tcp_mappings = Vec::new();
    for req in &port_requests {
        let Some(&public) = ports.tcp.get(&req.key) else {
            skipped.push(Skipped {
                network_id: req.network_id,
                container: Some(req.origin.container.clone()),
                container_id: Some(req.origin.container_id.clone()),
                what: format!("{L_TCP_PORTS} {}", req.container_port),
                reason: format!(
                    "the dynamic port range {}-{} is full; free a port or widen the range",
                    cfg.dynamic_ports[0], cfg.dynamic_ports[1]
                ),
            });
            continue;
        };
        let eps: Vec<String> = cfg
            .families()
            .into_iter()
            .map(|v6| crate::infra::entrypoint_name(&format!("tcp-{public}"), v6))
            .collect();
        let target = req.ip.map(|ip| format!("{ip}:{}", req.container_port));
        if let (Some(t), true) = (&target, req.routable) {
            let name = format!("rdc-port-{public}");
            let repo = repos
                .iter_mut()
                .find(|r| r.network_id == req.network_id)
                .expect("repo exists");
            repo.conf.get_mut(Res::TcpRouter).insert(
                name.clone(),
                json!({"entryPoints": eps, "rule": "HostSNI(`*`)", "service": name}),
            );
            repo.conf.get_mut(Res::TcpService).insert(
                name.clone(),
                json!({"loadBalancer": {"servers": [{"address": t}]}}),
            );
            repo.origins
                .insert((Res::TcpRouter, name.clone()), vec![req.origin.clone()]);
            repo.origins
                .insert((Res::TcpService, name), vec![req.origin.clone()]);
        }
        tcp_mappings.push(PortMapping {
            port: public,
            entrypoints: eps,
            network_id: req.network_id,
            service: req.service.clone(),
            container_port: req.container_port,
            target,
            routed: req.routable,
        });
    }
    tcp_mappings.sort_by_key(|m| m.port);

    resolve_claims(cfg, &mut repos, &mut skipped);

    // Assemble: reports first (they look up services), then move every repository's
    // configuration into one (no copy: at 10,000 containers a copy is tens of megabytes).
    let mut report = Report::default();
    let mut udp_mappings = Vec::new();
    for repo in &repos {
        for r in [Res::HttpRouter, Res::TcpRouter, Res::UdpRouter] {
            for (name, v) in repo.conf.get(r) {
                let rr = router_report(repo, r, name, v);
                if r == Res::UdpRouter
                    && let Some(o) = rr.origin.first()
                    && o.tier == "udp-port"
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
    let mut all = Conf::default();
    for repo in repos {
        for (i, m) in repo.conf.maps.into_iter().enumerate() {
            all.maps[i].extend(m);
        }
    }
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
    Output {
        config: all.into_value(),
        report,
        ports,
        tcp_mappings,
        udp_mappings,
        exhausted,
    }
}

/// One repository's configuration after merging and scoping.
struct Repo {
    network_id: u32,
    socket: String,
    conf: Conf,
    origins: BTreeMap<(Res, String), Vec<Origin>>,
    containers: usize,
}

struct PortRequest {
    key: String,
    network_id: u32,
    service: String,
    container_port: u16,
    ip: Option<Ipv4Addr>,
    routable: bool,
    origin: Origin,
}

fn origin(c: &Container, tier: &'static str) -> Origin {
    Origin {
        container: c.name.clone(),
        container_id: c.short_id().to_string(),
        compose_service: c.compose_service().map(str::to_string),
        tier,
    }
}

fn skip_container(net: u32, c: &Container, what: &str, reason: impl Into<String>) -> Skipped {
    Skipped {
        network_id: net,
        container: Some(c.name.clone()),
        container_id: Some(c.short_id().to_string()),
        what: what.to_string(),
        reason: reason.into(),
    }
}

/// Parse a port list label (`5432,8080`).
fn port_list(s: &str) -> Result<Vec<u16>, String> {
    let mut v = Vec::new();
    for item in s.split(',').map(str::trim).filter(|x| !x.is_empty()) {
        match item.parse::<u16>() {
            Ok(p) if p > 0 => v.push(p),
            _ => return Err(format!("{item:?} is not a port number (1-65535)")),
        }
    }
    Ok(v)
}

/// The container's port when no `server.port` label says otherwise: `rediacc.service_port`,
/// else the only `rediacc.tcp_ports` entry.
fn container_port(c: &Container) -> Result<Option<u16>, String> {
    if let Some(p) = c.label(L_SERVICE_PORT) {
        return match p.trim().parse::<u16>() {
            Ok(p) if p > 0 => Ok(Some(p)),
            _ => Err(format!(
                "{L_SERVICE_PORT}={p:?} is not a port number (1-65535)"
            )),
        };
    }
    if let Some(list) = c.label(L_TCP_PORTS) {
        let v = port_list(list).map_err(|e| format!("{L_TCP_PORTS}: {e}"))?;
        if v.len() == 1 {
            return Ok(Some(v[0]));
        }
    }
    Ok(None)
}

fn build_repo(
    cfg: &RouterConfig,
    d: &DaemonView<'_>,
    skipped: &mut Vec<Skipped>,
    wanted_ports: &mut BTreeSet<String>,
    port_requests: &mut Vec<PortRequest>,
) -> Repo {
    let net = d.network_id;
    // Traefik merges containers in the order of "<name>-<id>".
    let mut containers: Vec<&Arc<Container>> = d.containers.iter().collect();
    containers.sort_by_key(|c| format!("{}-{}", c.traefik_name(), c.id));
    let mut fragments: Vec<(Origin, Conf)> = Vec::new();
    for c in containers {
        let enable = match c.label(L_ENABLE).map(|v| parse_bool(v.trim())) {
            None => None,
            Some(Some(b)) => Some(b),
            Some(None) => {
                skipped.push(skip_container(
                    net,
                    c,
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
            skipped.push(skip_container(
                net,
                c,
                "container",
                "traefik.enable=false: no route of any kind",
            ));
            continue;
        }
        // Isolation: the network id comes from the socket, never from a label.
        if let Some(l) = c.label(L_NETWORK_ID)
            && l.trim().parse::<u32>().ok() != Some(net)
        {
            skipped.push(skip_container(
                net,
                c,
                "container",
                format!("{L_NETWORK_ID}={l} disagrees with its daemon's network id {net}: refused"),
            ));
            continue;
        }
        let ip = match c.label(L_SERVICE_IP) {
            None => None,
            Some(s) => match s.trim().parse::<Ipv4Addr>() {
                Ok(ip) if in_network(net, ip) => Some(ip),
                Ok(ip) => {
                    skipped.push(skip_container(net, c, "container", format!(
                        "{L_SERVICE_IP}={ip} is outside repository {net}'s addresses ({}, service slots .2-.62): refused",
                        network_cidr(net)
                    )));
                    continue;
                }
                Err(_) => {
                    skipped.push(skip_container(
                        net,
                        c,
                        "container",
                        format!("{L_SERVICE_IP}={s:?} is not an IPv4 address"),
                    ));
                    continue;
                }
            },
        };
        let healthy = c.health.as_deref().is_none_or(|h| h == "healthy");
        let routable = c.running() && healthy;
        // Dynamic ports are kept for every existing container (running or not).
        if let Some(list) = c.label(L_TCP_PORTS) {
            match port_list(list) {
                Ok(v) => {
                    for p in v {
                        let key = ports::key(net, &c.service(), p);
                        wanted_ports.insert(key.clone());
                        port_requests.push(PortRequest {
                            key,
                            network_id: net,
                            service: c.service(),
                            container_port: p,
                            ip,
                            routable: routable && ip.is_some(),
                            origin: origin(c, "port"),
                        });
                    }
                }
                Err(e) => skipped.push(skip_container(
                    net,
                    c,
                    "label",
                    format!("{L_TCP_PORTS}: {e}"),
                )),
            }
        }
        if !c.running() {
            skipped.push(skip_container(
                net,
                c,
                "container",
                format!("not running ({})", c.state),
            ));
            continue;
        }
        if !healthy {
            skipped.push(skip_container(
                net,
                c,
                "container",
                format!(
                    "health is {} (routes appear once it is healthy)",
                    c.health.as_deref().unwrap_or("")
                ),
            ));
            continue;
        }
        if let Some(list) = c.label(L_UDP_PORTS) {
            match port_list(list) {
                Ok(v) => {
                    for p in v {
                        if let Some(f) = udp_fragment(cfg, c, net, ip, p, skipped) {
                            fragments.push(f);
                        }
                    }
                }
                Err(e) => skipped.push(skip_container(
                    net,
                    c,
                    "label",
                    format!("{L_UDP_PORTS}: {e}"),
                )),
            }
        }
        if enable == Some(true) {
            match build_labels(cfg, c, net, ip, skipped) {
                Ok(conf) => fragments.push((origin(c, "labels"), conf)),
                Err(reason) => skipped.push(skip_container(net, c, "container", reason)),
            }
            continue;
        }
        if let Ok(d) = c.decoded()
            && !d.root.is_empty()
        {
            skipped.push(skip_container(net, c, "label", format!(
                "traefik.* routing labels are ignored without {L_ENABLE}=true; an automatic route is used instead"
            )));
        }
        match auto_fragment(cfg, c, net, ip) {
            Ok(Some(conf)) => fragments.push((origin(c, "auto"), conf)),
            Ok(None) => {}
            Err(reason) => skipped.push(skip_container(net, c, "container", reason)),
        }
    }
    let (conf, origins) = merge(net, fragments, skipped);
    let mut repo = Repo {
        network_id: net,
        socket: d.socket.clone(),
        conf,
        origins,
        containers: d.containers.len(),
    };
    scope_and_check(cfg, &mut repo, skipped);
    repo
}

fn tier1_host(cfg: &RouterConfig, c: &Container, net: u32) -> Option<String> {
    let base = cfg.base_domain.as_ref()?;
    let svc = dns_label(&c.service());
    let svc = if svc.is_empty() {
        dns_label(&c.traefik_name())
    } else {
        svc
    };
    Some(format!("{svc}-{net}.{base}"))
}

/// Tier 1: an automatic route for a container with `rediacc.*` labels.
fn auto_fragment(
    cfg: &RouterConfig,
    c: &Container,
    net: u32,
    ip: Option<Ipv4Addr>,
) -> Result<Option<Conf>, String> {
    let has_rediacc = c.labels.keys().any(|k| k.starts_with("rediacc."));
    if !has_rediacc {
        return Err("no rediacc.* or traefik.enable=true labels: not managed by rdc".into());
    }
    let (Some(_), Some(ip)) = (c.label(L_SERVICE_NAME), ip) else {
        return Err(format!(
            "no automatic route without both {L_SERVICE_NAME} and {L_SERVICE_IP} (start it with rdc compose)"
        ));
    };
    if !cfg.auto_routes {
        return Err("automatic routes are switched off (auto_routes = false)".into());
    }
    let Some(host) = tier1_host(cfg, c, net) else {
        return Err("no automatic route: the machine has no base domain (rdc context set-infra MACHINE --base-domain …)".into());
    };
    let port = container_port(c)?.unwrap_or(80);
    let name = format!("rdc-auto-{}", dns_label(&c.service()));
    let mut router = json!({
        "rule": format!("Host(`{host}`)"),
        "entryPoints": cfg.http_entrypoints(),
        "service": name,
    });
    if let Some(res) = &cfg.cert_resolver {
        router["tls"] = json!({"certResolver": res});
    }
    let mut conf = Conf::default();
    conf.get_mut(Res::HttpRouter).insert(name.clone(), router);
    conf.get_mut(Res::HttpService).insert(
        name,
        json!({"loadBalancer": {"servers": [{"url": format!("http://{ip}:{port}")}]}}),
    );
    Ok(Some(conf))
}

fn udp_fragment(
    cfg: &RouterConfig,
    c: &Container,
    net: u32,
    ip: Option<Ipv4Addr>,
    port: u16,
    skipped: &mut Vec<Skipped>,
) -> Option<(Origin, Conf)> {
    if !cfg.udp_ports.contains(&port) {
        skipped.push(skip_container(net, c, "label", format!(
            "{L_UDP_PORTS}: this machine has no udp-{port} entrypoint; add it with rdc context set-infra MACHINE --udp-ports … and push-infra"
        )));
        return None;
    }
    let Some(ip) = ip else {
        skipped.push(skip_container(
            net,
            c,
            "label",
            format!("{L_UDP_PORTS}: no {L_SERVICE_IP} label"),
        ));
        return None;
    };
    let name = format!("rdc-udp-{port}");
    let eps: Vec<String> = cfg
        .families()
        .into_iter()
        .map(|v6| crate::infra::entrypoint_name(&format!("udp-{port}"), v6))
        .collect();
    let mut conf = Conf::default();
    conf.get_mut(Res::UdpRouter)
        .insert(name.clone(), json!({"entryPoints": eps, "service": name}));
    conf.get_mut(Res::UdpService).insert(
        name,
        json!({"loadBalancer": {"servers": [{"address": format!("{ip}:{port}")}]}}),
    );
    Some((origin(c, "udp-port"), conf))
}

/// Tier 2: Traefik's Docker provider build for one container (`pkg/provider/docker/config.go`).
fn build_labels(
    cfg: &RouterConfig,
    c: &Container,
    net: u32,
    ip: Option<Ipv4Addr>,
    skipped: &mut Vec<Skipped>,
) -> Result<Conf, String> {
    let decoded = c
        .decoded()
        .map_err(|e| format!("{e} (the whole container is ignored, as Traefik does)"))?;
    for ig in &decoded.ignored {
        skipped.push(skip_container(
            net,
            c,
            &format!("label {}", ig.label),
            ig.reason.clone(),
        ));
    }
    let mut conf = Conf::from_root(decoded.root);
    let name = c.traefik_name();
    let drop = |conf: &mut Conf, skipped: &mut Vec<Skipped>, r: Res, n: &str, reason: String| {
        conf.get_mut(r).remove(n);
        skipped.push(skip_container(net, c, &format!("{} {n}", r.what()), reason));
    };
    let mut tcp_or_udp = false;
    for (routers, services) in [
        (Res::TcpRouter, Res::TcpService),
        (Res::UdpRouter, Res::UdpService),
    ] {
        if conf.get(routers).is_empty() && conf.get(services).is_empty() {
            continue;
        }
        tcp_or_udp = true;
        if conf.get(services).is_empty() {
            conf.get_mut(services)
                .insert(name.clone(), json!({"loadBalancer": {}}));
        }
        for (sname, svc) in conf.get_mut(services).iter_mut() {
            add_address(svc, c, ip).map_err(|e| format!("{} {sname}: {e}", services.what()))?;
        }
        let svc_names: Vec<String> = conf.get(services).keys().cloned().collect();
        let router_names: Vec<String> = conf.get(routers).keys().cloned().collect();
        for rname in router_names {
            let r = &conf.get(routers)[&rname];
            if routers == Res::TcpRouter && r["rule"].as_str().unwrap_or("").is_empty() {
                drop(&mut conf, skipped, routers, &rname, "no rule (Traefik deletes TCP routers without rule: use HostSNI(`*`) for plain TCP)".into());
                continue;
            }
            if r["service"].as_str().unwrap_or("").is_empty() {
                if svc_names.len() > 1 {
                    drop(
                        &mut conf,
                        skipped,
                        routers,
                        &rname,
                        format!(
                            "no service, and the container defines several ({}); set its service label",
                            svc_names.join(", ")
                        ),
                    );
                    continue;
                }
                conf.get_mut(routers).get_mut(&rname).unwrap()["service"] =
                    Value::String(svc_names[0].clone());
            }
        }
    }
    if tcp_or_udp
        && conf.get(Res::HttpRouter).is_empty()
        && conf.get(Res::HttpMiddleware).is_empty()
        && conf.get(Res::HttpService).is_empty()
    {
        return Ok(conf);
    }
    if conf.get(Res::HttpService).is_empty() {
        conf.get_mut(Res::HttpService)
            .insert(name.clone(), json!({"loadBalancer": {}}));
    }
    for (sname, svc) in conf.get_mut(Res::HttpService).iter_mut() {
        add_url(svc, c, net, ip).map_err(|e| format!("http service {sname}: {e}"))?;
    }
    let svc_names: Vec<String> = conf.get(Res::HttpService).keys().cloned().collect();
    if conf.get(Res::HttpRouter).is_empty() {
        if svc_names.len() > 1 {
            skipped.push(skip_container(
                net,
                c,
                "http router",
                format!(
                    "no router made: the container defines several services ({}) and no router",
                    svc_names.join(", ")
                ),
            ));
        } else {
            conf.get_mut(Res::HttpRouter)
                .insert(name.clone(), json!({}));
        }
    }
    let router_names: Vec<String> = conf.get(Res::HttpRouter).keys().cloned().collect();
    for rname in router_names {
        let r = conf.get_mut(Res::HttpRouter).get_mut(&rname).unwrap();
        if r["rule"].as_str().unwrap_or("").is_empty() {
            match tier1_host(cfg, c, net) {
                Some(host) => r["rule"] = Value::String(format!("Host(`{host}`)")),
                None => {
                    drop(
                        &mut conf,
                        skipped,
                        Res::HttpRouter,
                        &rname,
                        "no rule, and no base domain to make the automatic host from".into(),
                    );
                    continue;
                }
            }
        }
        let r = conf.get_mut(Res::HttpRouter).get_mut(&rname).unwrap();
        if r["service"].as_str().unwrap_or("").is_empty() {
            if svc_names.len() > 1 {
                drop(
                    &mut conf,
                    skipped,
                    Res::HttpRouter,
                    &rname,
                    format!(
                        "cannot be linked automatically with multiple services ({}); set traefik.http.routers.{rname}.service",
                        svc_names.join(", ")
                    ),
                );
                continue;
            }
            r["service"] = Value::String(svc_names[0].clone());
        }
    }
    Ok(conf)
}

fn lb_first_server(svc: &mut Value) -> Result<&mut Map<String, Value>, String> {
    let lb = svc
        .get_mut("loadBalancer")
        .and_then(Value::as_object_mut)
        .ok_or("load-balancer is not defined")?;
    let servers = lb
        .entry("servers")
        .or_insert_with(|| Value::Array(vec![json!({})]));
    let arr = servers.as_array_mut().ok_or("servers is not a list")?;
    if arr.is_empty() {
        arr.push(json!({}));
    }
    arr[0]
        .as_object_mut()
        .ok_or_else(|| "server is not a section".to_string())
}

fn port_of(label: Option<Value>, c: &Container) -> Result<u16, String> {
    match label {
        Some(Value::String(p)) => p
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| format!("server port {p:?} is not a port number")),
        _ => container_port(c)?.ok_or_else(|| {
            format!("port is missing: set …loadbalancer.server.port or {L_SERVICE_PORT}")
        }),
    }
}

/// TCP/UDP: `address = service_ip:port` (Traefik: container IP:port).
fn add_address(svc: &mut Value, c: &Container, ip: Option<Ipv4Addr>) -> Result<(), String> {
    let s0 = lb_first_server(svc)?;
    let port = port_of(s0.remove("port"), c)?;
    let ip = ip.ok_or(format!(
        "no {L_SERVICE_IP} label: the server address is unknown"
    ))?;
    s0.insert("address".into(), Value::String(format!("{ip}:{port}")));
    Ok(())
}

/// HTTP: `url` as given (it must point inside the repository), else
/// `scheme://service_ip:port`.
fn add_url(svc: &mut Value, c: &Container, net: u32, ip: Option<Ipv4Addr>) -> Result<(), String> {
    let s0 = lb_first_server(svc)?;
    let port = s0.remove("port");
    let scheme = s0.remove("scheme");
    if let Some(url) = s0.get("url").and_then(Value::as_str) {
        if port.is_some() || scheme.is_some() {
            return Err("server url cannot be combined with server port or scheme".into());
        }
        let host = url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(url)
            .split(['/', '?'])
            .next()
            .unwrap_or("");
        let host_ip = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
        match host_ip.parse::<Ipv4Addr>() {
            Ok(a) if in_network(net, a) => return Ok(()),
            _ => {
                return Err(format!(
                    "server url {url} points outside repository {net}'s addresses ({}): refused",
                    network_cidr(net)
                ));
            }
        }
    }
    let port = port_of(port, c)?;
    let ip = ip.ok_or(format!(
        "no {L_SERVICE_IP} label: the server address is unknown"
    ))?;
    let scheme = scheme
        .and_then(|s| s.as_str().map(str::to_string))
        .unwrap_or_else(|| "http".into());
    s0.insert(
        "url".into(),
        Value::String(format!("{scheme}://{ip}:{port}")),
    );
    Ok(())
}

/// Traefik's cross-container merge (`provider.Merge`), within one repository.
fn merge(
    net: u32,
    mut fragments: Vec<(Origin, Conf)>,
    skipped: &mut Vec<Skipped>,
) -> (Conf, BTreeMap<(Res, String), Vec<Origin>>) {
    fragments.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Conf::default();
    let mut origins: BTreeMap<(Res, String), Vec<Origin>> = BTreeMap::new();
    for r in Res::ALL {
        let mut conflicted = BTreeSet::new();
        for (o, conf) in &fragments {
            for (name, v) in conf.get(r) {
                let key = (r, name.clone());
                let list = origins.entry(key).or_default();
                if !list.contains(o) {
                    list.push(o.clone());
                }
                let merged = out.get_mut(r);
                match merged.get_mut(name) {
                    None => {
                        merged.insert(name.clone(), v.clone());
                    }
                    Some(existing) => {
                        if existing == v {
                            continue;
                        }
                        if r.is_service() && merge_servers(existing, v) {
                            continue;
                        }
                        conflicted.insert(name.clone());
                    }
                }
            }
        }
        for name in conflicted {
            out.get_mut(r).remove(&name);
            let by: Vec<String> = origins[&(r, name.clone())]
                .iter()
                .map(|o| o.container.clone())
                .collect();
            skipped.push(Skipped {
                network_id: net,
                container: None,
                container_id: None,
                what: format!("{} {name}", r.what()),
                reason: format!("defined by several containers with different configurations ({}); Traefik removes it", by.join(", ")),
            });
        }
    }
    (out, origins)
}

/// Services whose load balancers are equal apart from their servers are merged: the servers
/// are concatenated without duplicates (by `url` or `address`).
fn merge_servers(existing: &mut Value, new: &Value) -> bool {
    let (Some(a), Some(b)) = (existing.as_object(), new.as_object()) else {
        return false;
    };
    if a.len() != 1
        || b.len() != 1
        || !a.contains_key("loadBalancer")
        || !b.contains_key("loadBalancer")
    {
        return false;
    }
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("servers");
        }
        v
    };
    if strip(&a["loadBalancer"]) != strip(&b["loadBalancer"]) {
        return false;
    }
    let key = |s: &Value| s.get("url").or_else(|| s.get("address")).cloned();
    let new_servers = b["loadBalancer"]["servers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let lb = existing["loadBalancer"].as_object_mut().unwrap();
    let servers = lb.entry("servers").or_insert_with(|| Value::Array(vec![]));
    let arr = servers.as_array_mut().unwrap();
    for s in new_servers {
        if !arr.iter().any(|x| key(x) == key(&s)) {
            arr.push(s);
        }
    }
    true
}

/// `name` → `name-<net>`; `name@docker` likewise; any other provider is outside the
/// repository.
fn scoped_ref(r: &str, net: u32) -> Result<String, String> {
    match r.rsplit_once('@') {
        Some((n, "docker")) => Ok(format!("{n}-{net}")),
        Some((_, p)) => Err(format!(
            "reference {r:?} points outside this repository (provider {p}); only its own resources can be used"
        )),
        None => Ok(format!("{r}-{net}")),
    }
}

fn scope_name(name: &str, net: u32) -> String {
    format!("{name}-{net}")
}

fn scope_and_check(cfg: &RouterConfig, repo: &mut Repo, skipped: &mut Vec<Skipped>) {
    let net = repo.network_id;
    let mut conf = Conf::default();
    let mut origins = BTreeMap::new();
    let mut report = |what: String, reason: String, origin: Option<&Vec<Origin>>| {
        let o = origin.and_then(|v| v.first());
        skipped.push(Skipped {
            network_id: net,
            container: o.map(|o| o.container.clone()),
            container_id: o.map(|o| o.container_id.clone()),
            what,
            reason,
        });
    };
    // 1. Rename and rewrite references.
    for r in Res::ALL {
        for (name, v) in repo.conf.get(r) {
            let new_name = scope_name(name, net);
            let orig = repo.origins.get(&(r, name.clone()));
            match rewrite_refs(r, v, net) {
                Ok(v) => {
                    conf.get_mut(r).insert(new_name.clone(), v);
                    if let Some(o) = orig {
                        origins.insert((r, new_name), o.clone());
                    }
                }
                Err(e) => report(format!("{} {new_name}", r.what()), e, orig),
            }
        }
    }
    // 2. Sections that say nothing.
    for r in [Res::HttpMiddleware, Res::TcpMiddleware] {
        let empty: Vec<String> = conf
            .get(r)
            .iter()
            .filter(|(_, v)| v.as_object().is_none_or(|o| o.is_empty()))
            .map(|(k, _)| k.clone())
            .collect();
        for n in empty {
            conf.get_mut(r).remove(&n);
            report(
                format!("{} {n}", r.what()),
                "defines no middleware type".into(),
                origins.get(&(r, n.clone())),
            );
        }
    }
    // 3. Dangling references, until nothing more is removed (a removed middleware can leave a
    //    chain or router dangling in turn).
    loop {
        let mut removals: Vec<(Res, String, String)> = Vec::new();
        for r in Res::ALL {
            for (name, v) in conf.get(r) {
                if let Some(e) = dangling(&conf, r, v) {
                    removals.push((r, name.clone(), e));
                }
            }
        }
        if removals.is_empty() {
            break;
        }
        for (r, n, e) in removals {
            conf.get_mut(r).remove(&n);
            report(format!("{} {n}", r.what()), e, origins.get(&(r, n.clone())));
        }
    }
    // 4. Entrypoints that are not the repository's to use; IPv6 twins on an IPv4-only machine
    //    (the seeds name `websecure,websecure-v6` everywhere) are dropped with a note instead of
    //    making Traefik log an error at every reload.
    for r in [Res::HttpRouter, Res::TcpRouter, Res::UdpRouter] {
        let names: Vec<String> = conf.get(r).keys().cloned().collect();
        for n in names {
            if !cfg.ipv6 {
                let eps = str_list(conf.get(r)[&n].get("entryPoints"));
                let (v6, keep): (Vec<String>, Vec<String>) =
                    eps.into_iter().partition(|e| e.ends_with("-v6"));
                if !v6.is_empty() && !keep.is_empty() {
                    conf.get_mut(r).get_mut(&n).unwrap()["entryPoints"] = json!(keep);
                    report(
                        format!("{} {n}", r.what()),
                        format!(
                            "entrypoint {} ignored: this machine has no IPv6 address",
                            v6.join(", ")
                        ),
                        origins.get(&(r, n.clone())),
                    );
                }
            }
            let v = &conf.get(r)[&n];
            let eps = str_list(v.get("entryPoints"));
            let reason = if eps.iter().any(|e| e == "traefik") {
                Some("the traefik entrypoint is Traefik's own admin/ping entrypoint; routers cannot use it".to_string())
            } else if let Some(e) = eps.iter().find(|e| dynamic_ep(cfg, e)) {
                Some(format!(
                    "entrypoint {e} belongs to the dynamic port range; ask for a port with {L_TCP_PORTS} instead"
                ))
            } else if r == Res::UdpRouter && eps.is_empty() {
                Some("a UDP router must name its udp-<port> entrypoints (without them it would take every UDP port)".to_string())
            } else {
                None
            };
            if let Some(reason) = reason {
                conf.get_mut(r).remove(&n);
                report(
                    format!("{} {n}", r.what()),
                    reason,
                    origins.get(&(r, n.clone())),
                );
            }
        }
    }
    repo.conf = conf;
    repo.origins = origins;
}

fn dynamic_ep(cfg: &RouterConfig, ep: &str) -> bool {
    ep.trim_end_matches("-v6")
        .strip_prefix("tcp-")
        .and_then(|p| p.parse::<u16>().ok())
        .is_some_and(|p| cfg.dynamic_range().contains(&p))
}

fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn rewrite_refs(r: Res, v: &Value, net: u32) -> Result<Value, String> {
    let mut v = v.clone();
    let rewrite_list = |v: &mut Value, key: &str| -> Result<(), String> {
        if let Some(arr) = v.get_mut(key).and_then(Value::as_array_mut) {
            for item in arr.iter_mut() {
                if let Some(s) = item.as_str() {
                    *item = Value::String(scoped_ref(s, net)?);
                }
            }
        }
        Ok(())
    };
    if r.is_router() {
        if let Some(s) = v.get("service").and_then(Value::as_str) {
            let s = scoped_ref(s, net)?;
            v["service"] = Value::String(s);
        }
        rewrite_list(&mut v, "middlewares")?;
    }
    if r == Res::HttpMiddleware {
        if let Some(chain) = v.get_mut("chain") {
            rewrite_list(chain, "middlewares")?;
        }
        if let Some(s) = v
            .get("errors")
            .and_then(|e| e.get("service"))
            .and_then(Value::as_str)
        {
            let s = scoped_ref(s, net)?;
            v["errors"]["service"] = Value::String(s);
        }
    }
    if r.is_service()
        && let Some(s) = v
            .get("loadBalancer")
            .and_then(|l| l.get("serversTransport"))
            .and_then(Value::as_str)
    {
        let s = scoped_ref(s, net)?;
        v["loadBalancer"]["serversTransport"] = Value::String(s);
    }
    Ok(v)
}

/// A reference of `v` to something that does not exist in `conf`.
fn dangling(conf: &Conf, r: Res, v: &Value) -> Option<String> {
    if r.is_router() {
        let svc = v.get("service").and_then(Value::as_str).unwrap_or("");
        if !conf.get(r.service_of()).contains_key(svc) {
            return Some(format!(
                "its service {svc} is not defined in this repository"
            ));
        }
        if let Some(mr) = r.middleware_of() {
            for m in str_list(v.get("middlewares")) {
                if !conf.get(mr).contains_key(&m) {
                    return Some(format!(
                        "its middleware {m} is not defined in this repository"
                    ));
                }
            }
        }
    }
    if r == Res::HttpMiddleware {
        for m in str_list(v.get("chain").and_then(|c| c.get("middlewares"))) {
            if !conf.get(Res::HttpMiddleware).contains_key(&m) {
                return Some(format!(
                    "its chained middleware {m} is not defined in this repository"
                ));
            }
        }
        if let Some(s) = v
            .get("errors")
            .and_then(|e| e.get("service"))
            .and_then(Value::as_str)
            && !conf.get(Res::HttpService).contains_key(s)
        {
            return Some(format!(
                "its error-page service {s} is not defined in this repository"
            ));
        }
    }
    if r.is_service()
        && let Some(t) = v
            .get("loadBalancer")
            .and_then(|l| l.get("serversTransport"))
            .and_then(Value::as_str)
    {
        return Some(format!(
            "its serversTransport {t} does not exist (containers cannot define servers transports)"
        ));
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Claim {
    Host(String),
    Sni { entrypoint: String, host: String },
    Udp { entrypoint: String },
}

impl std::fmt::Display for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Claim::Host(h) => write!(f, "host {h}"),
            Claim::Sni { entrypoint, host } => {
                write!(f, "HostSNI({host}) on entrypoint {entrypoint}")
            }
            Claim::Udp { entrypoint } => write!(f, "UDP entrypoint {entrypoint}"),
        }
    }
}

fn is_http_ep(ep: &str) -> bool {
    matches!(ep.trim_end_matches("-v6"), "web" | "websecure")
}

/// Hosts, SNI names and UDP entrypoints each router can match, and refusal of rules that
/// could match another repository's traffic. Then cross-repository conflicts.
fn resolve_claims(cfg: &RouterConfig, repos: &mut [Repo], skipped: &mut Vec<Skipped>) {
    let mut claims: BTreeMap<Claim, BTreeMap<u32, Vec<(Res, String)>>> = BTreeMap::new();
    for repo in repos.iter_mut() {
        let net = repo.network_id;
        let mut refused: Vec<(Res, String, String)> = Vec::new();
        for r in [Res::HttpRouter, Res::TcpRouter, Res::UdpRouter] {
            for (name, v) in repo.conf.get(r) {
                let mut mine = Vec::new();
                if r == Res::UdpRouter {
                    for ep in str_list(v.get("entryPoints")) {
                        mine.push(Claim::Udp { entrypoint: ep });
                    }
                } else {
                    let rule = v.get("rule").and_then(Value::as_str).unwrap_or("");
                    let parsed = match rules::parse(rule) {
                        Ok(p) => p,
                        Err(e) => {
                            refused.push((
                                r,
                                name.clone(),
                                format!("rule {rule:?} does not parse: {e}"),
                            ));
                            continue;
                        }
                    };
                    let hosts = rules::hosts(&parsed, r == Res::TcpRouter);
                    if r == Res::HttpRouter {
                        match hosts {
                            Hosts::Any => {
                                refused.push((r, name.clone(), format!(
                                    "rule {rule:?} matches every host; add Host(`…`) so that it cannot capture other repositories' traffic"
                                )));
                                continue;
                            }
                            Hosts::Only(hs) => mine.extend(hs.into_iter().map(Claim::Host)),
                        }
                    } else {
                        let mut eps = str_list(v.get("entryPoints"));
                        if eps.is_empty() {
                            eps = cfg.http_entrypoints();
                        }
                        let hs: Vec<String> = match hosts {
                            Hosts::Any => vec!["*".into()],
                            Hosts::Only(h) => h.into_iter().collect(),
                        };
                        if hs.iter().any(|h| h == "*")
                            && let Some(ep) = eps.iter().find(|e| is_http_ep(e))
                        {
                            refused.push((r, name.clone(), format!(
                                "HostSNI(`*`) on the HTTP entrypoint {ep} would capture all its TLS traffic; name the host, or use a tcp-<port> entrypoint"
                            )));
                            continue;
                        }
                        for ep in &eps {
                            for h in &hs {
                                mine.push(Claim::Sni {
                                    entrypoint: ep.clone(),
                                    host: h.clone(),
                                });
                            }
                        }
                    }
                }
                for c in mine {
                    claims
                        .entry(c)
                        .or_default()
                        .entry(net)
                        .or_default()
                        .push((r, name.clone()));
                }
            }
        }
        for (r, n, reason) in refused {
            repo.conf.get_mut(r).remove(&n);
            let o = repo.origins.get(&(r, n.clone())).and_then(|v| v.first());
            skipped.push(Skipped {
                network_id: net,
                container: o.map(|o| o.container.clone()),
                container_id: o.map(|o| o.container_id.clone()),
                what: format!("{} {n}", r.what()),
                reason,
            });
        }
    }
    // Conflicts between repositories.
    let owner_of = |c: &Claim| -> Option<u32> {
        let Claim::Host(h) = c else { return None };
        let base = cfg.base_domain.as_ref()?;
        let label = h.strip_suffix(&format!(".{base}"))?;
        if label.contains('.') {
            return None;
        }
        label.rsplit_once('-')?.1.parse().ok()
    };
    let mut losers: BTreeMap<u32, Vec<(Res, String, String)>> = BTreeMap::new();
    for (claim, by) in &claims {
        if by.len() < 2 {
            continue;
        }
        let owner = owner_of(claim).filter(|o| by.contains_key(o));
        let winner = owner.unwrap_or_else(|| *by.keys().next().unwrap());
        for (net, routers) in by {
            if *net == winner {
                continue;
            }
            let why = if owner.is_some() {
                format!("{claim} is repository {winner}'s automatic host")
            } else {
                format!(
                    "{claim} is also claimed by repository {winner}, which wins (lowest network id)"
                )
            };
            for (r, n) in routers {
                losers
                    .entry(*net)
                    .or_default()
                    .push((*r, n.clone(), why.clone()));
            }
        }
    }
    for repo in repos.iter_mut() {
        if let Some(list) = losers.remove(&repo.network_id) {
            for (r, n, reason) in list {
                if repo.conf.get_mut(r).remove(&n).is_some() {
                    let o = repo.origins.get(&(r, n.clone())).and_then(|v| v.first());
                    skipped.push(Skipped {
                        network_id: repo.network_id,
                        container: o.map(|o| o.container.clone()),
                        container_id: o.map(|o| o.container_id.clone()),
                        what: format!("{} {n}", r.what()),
                        reason,
                    });
                }
            }
        }
    }
}

fn router_report(repo: &Repo, r: Res, name: &str, v: &Value) -> RouterReport {
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

/// The body served to Traefik: YAML with sorted keys (the same state gives the same bytes).
pub fn to_yaml(config: &Value) -> String {
    let mut s = serde_saphyr::to_string(config).unwrap_or_else(|_| "{}\n".to_string());
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The label fixtures in `tests/fixtures/labels/*.yaml`: containers in, expected dynamic
/// configuration, skipped reasons and port allocations out. `RDC_UPDATE_FIXTURES=1` writes the
/// actual results back into the files (review the diff before committing).
#[cfg(test)]
mod fixtures {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    struct Fixture {
        description: String,
        #[serde(default, skip_serializing_if = "Settings::is_default")]
        settings: Settings,
        daemons: Vec<FDaemon>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        ports_before: BTreeMap<String, u16>,
        expect: Expect,
    }

    #[derive(Deserialize, Serialize, Default, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Settings {
        base_domain: Option<String>,
        cert_resolver: Option<String>,
        ipv6: Option<bool>,
        auto_routes: Option<bool>,
        dynamic_ports: Option<[u16; 2]>,
        udp_ports: Option<Vec<u16>>,
        no_base_domain: Option<bool>,
    }

    impl Settings {
        fn is_default(&self) -> bool {
            *self == Settings::default()
        }
    }

    #[derive(Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    struct FDaemon {
        network_id: u32,
        #[serde(default = "yes", skip_serializing_if = "Clone::clone")]
        listed: bool,
        containers: Vec<FContainer>,
    }

    fn yes() -> bool {
        true
    }

    #[derive(Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    struct FContainer {
        name: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        labels: BTreeMap<String, String>,
        #[serde(default = "running", skip_serializing_if = "is_running")]
        state: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        health: Option<String>,
    }

    fn running() -> String {
        "running".into()
    }

    fn is_running(s: &str) -> bool {
        s == "running"
    }

    #[derive(Deserialize, Serialize, PartialEq, Debug)]
    #[serde(deny_unknown_fields)]
    struct Expect {
        config: Value,
        #[serde(default)]
        skipped: Vec<ExpSkip>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        ports: BTreeMap<String, u16>,
    }

    #[derive(Deserialize, Serialize, PartialEq, Debug)]
    #[serde(deny_unknown_fields)]
    struct ExpSkip {
        network_id: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        container: Option<String>,
        what: String,
        /// Expected to be contained in the actual reason.
        reason: String,
    }

    fn run(f: &Fixture) -> Expect {
        let mut cfg = RouterConfig {
            base_domain: Some("example.com".into()),
            udp_ports: vec![53],
            ..RouterConfig::default()
        };
        let s = &f.settings;
        if let Some(d) = &s.base_domain {
            cfg.base_domain = Some(d.clone());
        }
        if s.no_base_domain == Some(true) {
            cfg.base_domain = None;
        }
        cfg.cert_resolver = s.cert_resolver.clone();
        if let Some(v) = s.ipv6 {
            cfg.ipv6 = v;
        }
        if let Some(v) = s.auto_routes {
            cfg.auto_routes = v;
        }
        if let Some(v) = s.dynamic_ports {
            cfg.dynamic_ports = v;
        }
        if let Some(v) = &s.udp_ports {
            cfg.udp_ports = v.clone();
        }
        let containers: Vec<Vec<Arc<Container>>> = f
            .daemons
            .iter()
            .map(|d| {
                d.containers
                    .iter()
                    .map(|c| {
                        Arc::new(Container::new(
                            format!("{:0>12}", c.name.replace(['-', '_'], "")),
                            c.name.clone(),
                            c.labels.clone(),
                            c.state.clone(),
                            c.health.clone(),
                            0,
                        ))
                    })
                    .collect()
            })
            .collect();
        let views: Vec<DaemonView> = f
            .daemons
            .iter()
            .zip(&containers)
            .map(|(d, cs)| DaemonView {
                network_id: d.network_id,
                socket: format!("/run/rediacc/docker-{}.sock", d.network_id),
                listed: d.listed,
                containers: cs,
            })
            .collect();
        let prev = Allocations {
            tcp: f.ports_before.clone(),
        };
        let out = render(&cfg, &views, &prev);
        Expect {
            config: out.config,
            skipped: out
                .report
                .skipped
                .into_iter()
                .map(|s| ExpSkip {
                    network_id: s.network_id,
                    container: s.container,
                    what: s.what,
                    reason: s.reason,
                })
                .collect(),
            ports: out.ports.tcp,
        }
    }

    #[test]
    fn label_fixtures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labels");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let update = std::env::var_os("RDC_UPDATE_FIXTURES").is_some();
        let mut failures = Vec::new();
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let f: Fixture =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let actual = run(&f);
            // Reasons are matched as substrings, so fixtures can quote the important part.
            let matches = actual.config == f.expect.config
                && actual.ports == f.expect.ports
                && actual.skipped.len() == f.expect.skipped.len()
                && actual.skipped.iter().zip(&f.expect.skipped).all(|(a, e)| {
                    a.network_id == e.network_id
                        && a.container == e.container
                        && a.what == e.what
                        && a.reason.contains(&e.reason)
                });
            if matches {
                continue;
            }
            if update {
                let description = f.description.clone();
                let updated = Fixture {
                    expect: actual,
                    ..f
                };
                let body = serde_saphyr::to_string(&updated).unwrap();
                std::fs::write(path, format!("# {description}\n{body}")).unwrap();
                continue;
            }
            failures.push(format!(
                "{} ({}):\nexpected: {}\nactual:   {}",
                path.file_name().unwrap().to_string_lossy(),
                f.description,
                serde_json::to_string(&f.expect).unwrap(),
                serde_json::to_string(&actual).unwrap()
            ));
        }
        assert!(files.len() >= 40, "only {} fixtures", files.len());
        assert!(
            failures.is_empty(),
            "{} fixture(s) differ:\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn key_strategy() -> impl Strategy<Value = String> {
        let leaves: Vec<String> = super::super::schema::Schema::get()
            .leaves("Root")
            .into_iter()
            .map(|(p, _)| p.join("."))
            .collect();
        let known = proptest::sample::select(leaves).prop_map(|p| format!("traefik.{p}"));
        let names = proptest::sample::select(vec!["a", "B", "web", "{name}", "x@docker", ""]);
        let prefixes = proptest::sample::select(vec![
            "traefik.http.routers.",
            "traefik.http.services.",
            "traefik.http.middlewares.",
            "traefik.tcp.routers.",
            "traefik.tcp.services.",
            "traefik.udp.routers.",
            "traefik.udp.services.",
            "Traefik.http.",
            "traefik.",
            "rediacc.",
        ]);
        let random = (prefixes, names, "[a-zA-Z.\\[\\]0-9]{0,24}")
            .prop_map(|(p, n, t)| format!("{p}{n}.{t}"));
        let rediacc = proptest::sample::select(vec![
            "rediacc.service_name",
            "rediacc.service_ip",
            "rediacc.network_id",
            "rediacc.service_port",
            "rediacc.tcp_ports",
            "rediacc.udp_ports",
            "traefik.enable",
        ])
        .prop_map(str::to_string);
        prop_oneof![
            4 => known.prop_map(|k| k.replace("{name}", "n")),
            2 => random,
            3 => rediacc,
        ]
    }

    fn value_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(vec![
                "true",
                "false",
                "",
                "80",
                "5432,8080",
                "127.0.11.2",
                "127.0.11.70",
                "2816",
                "2880",
                "Host(`a.example.com`)",
                "PathPrefix(`/`)",
                "HostSNI(`*`)",
                "web, websecure",
                "10s",
                "http://127.0.11.3:80",
                "x@file",
                "tcp-10001",
                "traefik",
                "yes",
                "~",
                "null",
                "[a]",
                "{b: c}",
                "- d",
                "# e",
                "0x10",
                "1e3",
                "\"q\"",
                "'",
                "a: b",
                "udp-53",
            ])
            .prop_map(str::to_string),
            ".{0,16}",
        ]
    }

    fn walk_no_empty(v: &Value, path: &str) -> Result<(), String> {
        if let Some(o) = v.as_object() {
            for (k, c) in o {
                let p = format!("{path}.{k}");
                // Only Traefik's allow-empty sections may be `{}`.
                let allow_empty = matches!(
                    k.as_str(),
                    "tls" | "compress" | "contentType" | "sticky" | "cookie" | "ipStrategy"
                );
                if c.as_object().is_some_and(|m| m.is_empty()) && !allow_empty {
                    return Err(format!("empty map at {p}"));
                }
                walk_no_empty(c, &p)?;
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
        #[test]
        fn arbitrary_labels_render_parseable_output(
            containers in proptest::collection::vec(
                (proptest::collection::btree_map(key_strategy(), value_strategy(), 0..12), any::<bool>(), 0u8..3),
                1..5,
            ),
            net in proptest::sample::select(vec![2816u32, 2880]),
        ) {
            let cs: Vec<Arc<Container>> = containers
                .into_iter()
                .enumerate()
                .map(|(i, (labels, running, health))| {
                    let health = [None, Some("healthy".to_string()), Some("starting".to_string())][health as usize].clone();
                    Arc::new(Container::new(format!("{i:012}"), format!("c{i}"), labels, if running { "running" } else { "exited" }, health, 0))
                })
                .collect();
            let cfg = RouterConfig { base_domain: Some("example.com".into()), cert_resolver: Some("letsencrypt".into()), ipv6: true, udp_ports: vec![53], ..RouterConfig::default() };
            let views = [
                DaemonView { network_id: net, socket: "/s".into(), listed: true, containers: &cs },
                DaemonView { network_id: 6336, socket: "/t".into(), listed: true, containers: &cs },
            ];
            let out = render(&cfg, &views, &Allocations::default());
            let yaml = to_yaml(&out.config);
            let back: Value = serde_saphyr::from_str(&yaml).map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
            prop_assert_eq!(&back, &out.config, "YAML round trip differs:\n{}", yaml);
            walk_no_empty(&out.config, "").map_err(TestCaseError::fail)?;
            // Rendering again gives the same bytes.
            let again = render(&cfg, &views, &Allocations::default());
            prop_assert_eq!(to_yaml(&again.config), yaml);
            // Every router's service exists.
            for proto in ["http", "tcp", "udp"] {
                if let Some(rs) = out.config[proto]["routers"].as_object() {
                    for r in rs.values() {
                        let s = r["service"].as_str().unwrap();
                        prop_assert!(out.config[proto]["services"][s].is_object(), "dangling {}", s);
                    }
                }
            }
        }
    }
}
