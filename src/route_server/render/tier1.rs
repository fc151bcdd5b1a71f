//! Tier 1: what rdc makes from `rediacc.*` labels alone — the automatic route
//! `{service}-{networkID}.{baseDomain}`, `rediacc.udp_ports` mappings, and the dynamic TCP ports
//! of `rediacc.tcp_ports` (requested here, allocated across repositories by `ports`).

use crate::contract::NetworkId;
use std::net::Ipv4Addr;

use serde_json::json;

use super::conf::{Conf, Res};
use super::report::{Origin, PortMapping, Skipped, Tier};
use super::{Output, Repo, share};
use crate::contract::paths::entrypoint_name;
use crate::route_server::config::RouterConfig;
use crate::route_server::model::*;
use crate::route_server::ports::Allocations;

/// Parse a port list label (`5432,8080`).
pub fn port_list(s: &str) -> Result<Vec<u16>, String> {
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
pub fn container_port(c: &Container) -> Result<Option<u16>, String> {
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

/// `{service}-{networkID}.{baseDomain}`.
pub fn auto_host(cfg: &RouterConfig, c: &Container, net: NetworkId) -> Option<String> {
    let base = cfg.base_domain.as_ref()?;
    let svc = dns_label(&c.service());
    let svc = if svc.is_empty() {
        dns_label(&c.traefik_name())
    } else {
        svc
    };
    Some(format!("{svc}-{net}.{base}"))
}

/// The repository an automatic host belongs to (`web-2880.example.com` → 2880).
pub fn auto_host_owner(cfg: &RouterConfig, host: &str) -> Option<NetworkId> {
    let base = cfg.base_domain.as_ref()?.to_ascii_lowercase();
    let label = host.strip_suffix(&format!(".{base}"))?;
    if label.contains('.') {
        return None;
    }
    let id: u32 = label.rsplit_once('-')?.1.parse().ok()?;
    NetworkId::new(id)
}

/// The automatic route of a container with `rediacc.*` labels.
pub fn auto_fragment(
    cfg: &RouterConfig,
    c: &Container,
    net: NetworkId,
    ip: Option<Ipv4Addr>,
) -> Result<Conf, String> {
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
    let Some(host) = auto_host(cfg, c, net) else {
        let m = cfg.machine.as_deref().unwrap_or("MACHINE");
        return Err(format!(
            "no automatic route: the machine has no base domain; set it with: rdc context set-infra {m} --base-domain DOMAIN, then: rdc context push-infra {m}"
        ));
    };
    let port = container_port(c)?.unwrap_or(80);
    let name = format!("rdc-auto-{}", dns_label(&c.service()));
    let mut router = json!({
        "rule": format!("Host(`{host}`)"),
        "entryPoints": cfg.http_entrypoints(),
        "service": name,
    });
    if let Some(res) = &cfg.cert_resolver {
        // One wildcard certificate for every automatic route of the machine (DNS-01): 50
        // repositories hold one certificate, not 50 (Let's Encrypt limits issuance per domain).
        // HTTP-01 cannot issue wildcards: then each host gets its own (from the rule).
        router["tls"] = match &cfg.base_domain {
            Some(_) if cfg.challenge == crate::contract::router::Challenge::Http => {
                json!({"certResolver": res})
            }
            Some(base) => json!({
                "certResolver": res,
                "domains": [{"main": base, "sans": [format!("*.{base}")]}],
            }),
            None => json!({"certResolver": res}),
        };
    }
    let mut conf = Conf::default();
    conf.get_mut(Res::HttpRouter).insert(name.clone(), router);
    conf.get_mut(Res::HttpService).insert(
        name,
        json!({"loadBalancer": {"servers": [{"url": format!("http://{ip}:{port}")}]}}),
    );
    Ok(conf)
}

/// A `rediacc.udp_ports` entry: a UDP router on the machine's `udp-<port>` entrypoints.
pub fn udp_fragment(
    cfg: &RouterConfig,
    c: &Container,
    net: NetworkId,
    ip: Option<Ipv4Addr>,
    port: u16,
) -> Result<(Origin, Conf), Skipped> {
    if !cfg.udp_ports.contains(&port) {
        return Err(Skipped::container(
            net,
            c,
            "label",
            match cfg.missing_entrypoint(&format!("udp-{port}")) {
                Some(why) => format!("{L_UDP_PORTS}: {why}"),
                None => format!(
                    "{L_UDP_PORTS}: this machine has no udp-{port} entrypoint; add it with: rdc context set-infra {} --udp-ports {port}, then: rdc context push-infra {}",
                    cfg.machine.as_deref().unwrap_or("MACHINE"),
                    cfg.machine.as_deref().unwrap_or("MACHINE")
                ),
            },
        ));
    }
    let Some(ip) = ip else {
        return Err(Skipped::container(
            net,
            c,
            "label",
            format!("{L_UDP_PORTS}: no {L_SERVICE_IP} label"),
        ));
    };
    let name = format!("rdc-udp-{port}");
    let eps = family_entrypoints(cfg, &format!("udp-{port}"));
    let mut conf = Conf::default();
    conf.get_mut(Res::UdpRouter)
        .insert(name.clone(), json!({"entryPoints": eps, "service": name}));
    conf.get_mut(Res::UdpService).insert(
        name,
        json!({"loadBalancer": {"servers": [{"address": format!("{ip}:{port}")}]}}),
    );
    Ok((Origin::of(c, Tier::UdpPort), conf))
}

fn family_entrypoints(cfg: &RouterConfig, base: &str) -> Vec<String> {
    cfg.families()
        .into_iter()
        .map(|v6| entrypoint_name(base, v6))
        .collect()
}

/// One port a container asked for with `rediacc.tcp_ports`.
pub struct PortRequest {
    pub key: String,
    pub network_id: NetworkId,
    pub service: String,
    pub container_port: u16,
    pub ip: Option<Ipv4Addr>,
    pub routable: bool,
    /// A container that never started gets no new port (one it has is kept).
    pub running: bool,
    pub origin: Origin,
}

/// Allocate the requested dynamic ports (stable, lowest free) and add a `HostSNI(*)` TCP router
/// on `tcp-<port>` to the repository of each routable one.
pub fn dynamic_ports(
    cfg: &RouterConfig,
    repos: &mut [Repo],
    requests: &[PortRequest],
    prev: &Allocations,
    out: &mut Output,
) {
    let (wanted, refused) = share::ports(cfg, requests, prev);
    let unlisted: std::collections::BTreeSet<NetworkId> = repos
        .iter()
        .filter(|r| !r.listed)
        .map(|r| r.network_id)
        .collect();
    let (ports, exhausted) = crate::route_server::ports::allocate(
        prev,
        &wanted,
        |k| crate::route_server::ports::key_network(k).is_some_and(|n| unlisted.contains(&n)),
        cfg.dynamic_range(),
    );
    for req in requests {
        if let Some(reason) = refused.get(&req.key) {
            out.report.skipped.push(Skipped {
                network_id: req.network_id,
                container: Some(req.origin.container.clone()),
                container_id: Some(req.origin.container_id.clone()),
                what: format!("{L_TCP_PORTS} {}", req.container_port),
                reason: reason.clone(),
                changed: false,
            });
            continue;
        }
        let Some(&public) = ports.tcp.get(&req.key) else {
            out.report.skipped.push(Skipped {
                network_id: req.network_id,
                container: Some(req.origin.container.clone()),
                container_id: Some(req.origin.container_id.clone()),
                what: format!("{L_TCP_PORTS} {}", req.container_port),
                reason: format!(
                    "the dynamic port range {}-{} is full; free a port or widen the range",
                    cfg.dynamic_ports[0], cfg.dynamic_ports[1]
                ),
                changed: false,
            });
            continue;
        };
        let eps = family_entrypoints(cfg, &format!("tcp-{public}"));
        let target = req.ip.map(|ip| format!("{ip}:{}", req.container_port));
        if let (Some(t), true) = (&target, req.routable)
            && let Some(repo) = repos.iter_mut().find(|r| r.network_id == req.network_id)
        {
            let name = format!("rdc-port-{public}");
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
        out.tcp_mappings.push(PortMapping {
            port: public,
            entrypoints: eps,
            network_id: req.network_id,
            service: req.service.clone(),
            container_port: req.container_port,
            target,
            routed: req.routable,
        });
    }
    out.tcp_mappings.sort_by_key(|m| m.port);
    out.state.ports = ports;
    out.exhausted = exhausted;
}
