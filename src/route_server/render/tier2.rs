//! Tier 2: a `traefik.enable=true` container's labels, built into configuration exactly as
//! Traefik 3.7's Docker provider does (`pkg/provider/docker/config.go`: default service and
//! router, service auto-link, TCP routers without rule deleted…), except that the server address
//! is the container's `rediacc.service_ip`, a router without rule gets the automatic host, and
//! every backend URL is confined to the repository (`confine`).

use crate::contract::NetworkId;
use std::net::Ipv4Addr;

use serde_json::{Map, Value, json};

use super::conf::{Conf, Res};
use super::confine;
use super::report::Skipped;
use super::tier1::{auto_host, container_port};
use crate::route_server::config::RouterConfig;
use crate::route_server::model::*;

/// Build one container's configuration. An `Err` drops the whole container (as Traefik does);
/// resources refused on their own are reported in `skipped`.
pub fn build(
    cfg: &RouterConfig,
    c: &Container,
    net: NetworkId,
    ip: Option<Ipv4Addr>,
    names: &confine::Names,
    skipped: &mut Vec<Skipped>,
) -> Result<Conf, String> {
    let mut b = Build {
        cfg,
        c,
        net,
        ip,
        names,
        skipped,
        conf: Conf::default(),
    };
    b.decode()?;
    let tcp_or_udp = b.tcp_and_udp()?;
    if tcp_or_udp
        && b.conf.get(Res::HttpRouter).is_empty()
        && b.conf.get(Res::HttpMiddleware).is_empty()
        && b.conf.get(Res::HttpService).is_empty()
    {
        return Ok(b.conf);
    }
    b.http()?;
    Ok(b.conf)
}

/// One container's configuration as it is built.
struct Build<'a> {
    cfg: &'a RouterConfig,
    c: &'a Container,
    net: NetworkId,
    ip: Option<Ipv4Addr>,
    /// The repository's service names → addresses (a name in a server URL).
    names: &'a confine::Names,
    skipped: &'a mut Vec<Skipped>,
    conf: Conf,
}

impl Build<'_> {
    fn skip(&mut self, what: &str, reason: String) {
        self.skipped
            .push(Skipped::container(self.net, self.c, what, reason));
    }

    /// The labels as configuration; labels Traefik ignores and resources refused on their own
    /// are reported.
    fn decode(&mut self) -> Result<(), String> {
        let decoded = self
            .c
            .decoded()
            .map_err(|e| format!("{e} (the whole container is ignored, as Traefik does)"))?;
        for ig in &decoded.ignored {
            self.skip(&format!("label {}", ig.label), ig.reason.clone());
        }
        self.conf = Conf::from_root(decoded.root);
        for rf in &decoded.refused {
            if let Some(r) = Res::of(&rf.proto, &rf.section) {
                self.conf.get_mut(r).remove(&rf.name);
                self.skip(
                    &format!("{} {}", r.what(), rf.name),
                    format!("label {}: {}", rf.label, rf.reason),
                );
            }
        }
        Ok(())
    }

    fn drop(&mut self, r: Res, n: &str, reason: String) {
        self.conf.get_mut(r).remove(n);
        self.skip(&format!("{} {n}", r.what()), reason);
    }

    /// A router without service gets the container's only service, as Traefik links it; with
    /// several services it is dropped with `several`.
    fn link(&mut self, r: Res, n: &str, services: &[String], several: String) {
        if !self.conf.get(r)[n]["service"]
            .as_str()
            .unwrap_or("")
            .is_empty()
        {
        } else if services.len() > 1 {
            self.drop(r, n, several);
        } else if let Some(x) = self.conf.get_mut(r).get_mut(n) {
            x["service"] = Value::String(services[0].clone());
        }
    }

    /// TCP and UDP routers and services: default service, server addresses, TCP routers
    /// without rule deleted, routers linked. Whether the container has any.
    fn tcp_and_udp(&mut self) -> Result<bool, String> {
        let name = self.c.traefik_name();
        let mut any = false;
        for (routers, services) in [
            (Res::TcpRouter, Res::TcpService),
            (Res::UdpRouter, Res::UdpService),
        ] {
            if self.conf.get(routers).is_empty() && self.conf.get(services).is_empty() {
                continue;
            }
            any = true;
            if self.conf.get(services).is_empty() {
                self.conf
                    .get_mut(services)
                    .insert(name.clone(), json!({"loadBalancer": {}}));
            }
            let snames: Vec<String> = self.conf.get(services).keys().cloned().collect();
            for sname in snames {
                let Some(svc) = self.conf.get_mut(services).get_mut(&sname) else {
                    continue;
                };
                let note = add_address(svc, self.c, self.ip)
                    .map_err(|e| format!("{} {sname}: {e}", services.what()))?;
                if let Some(note) = note {
                    self.skip(&format!("{} {sname}", services.what()), note);
                }
            }
            let svc_names: Vec<String> = self.conf.get(services).keys().cloned().collect();
            let router_names: Vec<String> = self.conf.get(routers).keys().cloned().collect();
            for rname in router_names {
                let r = &self.conf.get(routers)[&rname];
                if routers == Res::TcpRouter && r["rule"].as_str().unwrap_or("").is_empty() {
                    self.drop(routers, &rname, "no rule (Traefik deletes TCP routers without rule: use HostSNI(`*`) for plain TCP)".into());
                    continue;
                }
                let several = format!(
                    "no service, and the container defines several ({}); set its service label",
                    svc_names.join(", ")
                );
                self.link(routers, &rname, &svc_names, several);
            }
        }
        Ok(any)
    }

    /// HTTP services (default one, server URLs confined to the repository) and routers
    /// (default one, the automatic host for a router without rule, linked).
    fn http(&mut self) -> Result<(), String> {
        let name = self.c.traefik_name();
        if self.conf.get(Res::HttpService).is_empty() {
            self.conf
                .get_mut(Res::HttpService)
                .insert(name.clone(), json!({"loadBalancer": {}}));
        }
        let mut notes = Vec::new();
        for (sname, svc) in self.conf.get_mut(Res::HttpService).iter_mut() {
            if let Some(note) = add_url(svc, self.c, self.net, self.ip, self.names)
                .map_err(|e| format!("http service {sname}: {e}"))?
            {
                notes.push((sname.clone(), note));
            }
        }
        for (sname, note) in notes {
            let mut n =
                Skipped::container(self.net, self.c, &format!("http service {sname}"), note);
            n.changed = true;
            self.skipped.push(n);
        }
        let svc_names: Vec<String> = self.conf.get(Res::HttpService).keys().cloned().collect();
        if self.conf.get(Res::HttpRouter).is_empty() {
            if svc_names.len() > 1 {
                self.skip(
                    "http router",
                    format!(
                        "no router made: the container defines several services ({}) and no router",
                        svc_names.join(", ")
                    ),
                );
            } else {
                self.conf
                    .get_mut(Res::HttpRouter)
                    .insert(name.clone(), json!({}));
            }
        }
        let router_names: Vec<String> = self.conf.get(Res::HttpRouter).keys().cloned().collect();
        for rname in router_names {
            let host = auto_host(self.cfg, self.c, self.net);
            let Some(r) = self.conf.get_mut(Res::HttpRouter).get_mut(&rname) else {
                continue;
            };
            if r["rule"].as_str().unwrap_or("").is_empty() {
                match host {
                    Some(host) => r["rule"] = Value::String(format!("Host(`{host}`)")),
                    None => {
                        self.drop(
                            Res::HttpRouter,
                            &rname,
                            "no rule, and no base domain to make the automatic host from".into(),
                        );
                        continue;
                    }
                }
            }
            let several = format!(
                "cannot be linked automatically with multiple services ({}); set traefik.http.routers.{rname}.service",
                svc_names.join(", ")
            );
            self.link(Res::HttpRouter, &rname, &svc_names, several);
        }
        Ok(())
    }
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

/// The `server.port` label (decimal 1-65535, as written), else the container's port.
fn port_of(label: Option<Value>, c: &Container) -> Result<u16, String> {
    match label {
        Some(Value::String(p)) => p
            .parse::<u16>()
            .ok()
            .filter(|n| *n > 0 && !p.starts_with('+'))
            .ok_or_else(|| format!("server port {p:?} is not a port number (1-65535)")),
        _ => container_port(c)?.ok_or_else(|| {
            format!("port is missing: set …loadbalancer.server.port or {L_SERVICE_PORT}")
        }),
    }
}

/// TCP/UDP: `address = service_ip:port` (Traefik: container IP:port; an `address` label is
/// overwritten, as Traefik overwrites it). Returns a note when a label was overridden.
fn add_address(
    svc: &mut Value,
    c: &Container,
    ip: Option<Ipv4Addr>,
) -> Result<Option<String>, String> {
    let s0 = lb_first_server(svc)?;
    let port = port_of(s0.remove("port"), c)?;
    let ip = ip.ok_or(format!(
        "no {L_SERVICE_IP} label: the server address is unknown"
    ))?;
    let address = format!("{ip}:{port}");
    let note = match s0.get("address").and_then(Value::as_str) {
        Some(given) if given != address => Some(format!(
            "server address {given:?} ignored: the address is the container's {L_SERVICE_IP} and port ({address}), as Traefik makes it"
        )),
        _ => None,
    };
    s0.insert("address".into(), Value::String(address));
    Ok(note)
}

/// HTTP: `url` as given when it is the repository's own, else `scheme://service_ip:port`.
fn add_url(
    svc: &mut Value,
    c: &Container,
    net: NetworkId,
    ip: Option<Ipv4Addr>,
    names: &confine::Names,
) -> Result<Option<String>, String> {
    let s0 = lb_first_server(svc)?;
    let port = s0.remove("port");
    let scheme = s0.remove("scheme");
    if let Some(url) = s0.get("url").and_then(Value::as_str) {
        if port.is_some() || scheme.is_some() {
            return Err("server url cannot be combined with server port or scheme".into());
        }
        let url = confine::server_url(url, net, &confine::SCHEMES, names)?;
        s0.insert("url".into(), Value::String(url.url));
        return Ok(url
            .named
            .map(|(h, ip)| confine::named_note("the server address", &h, ip)));
    }
    let port = port_of(port, c)?;
    let ip = ip.ok_or(format!(
        "no {L_SERVICE_IP} label: the server address is unknown"
    ))?;
    let scheme = match scheme {
        Some(Value::String(s)) => confine::scheme(&s)?,
        _ => "http",
    };
    s0.insert(
        "url".into(),
        Value::String(format!("{scheme}://{ip}:{port}")),
    );
    Ok(None)
}
