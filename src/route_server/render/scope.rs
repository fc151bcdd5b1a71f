//! Names are scoped to the repository: every router, service and middleware becomes
//! `name-<networkID>` and every reference is rewritten the same way, so one repository can never
//! shadow, use or delete another's resources. References to other providers (`x@file`,
//! `api@internal`) and to nothing are refused — except an HTTP router's `noop@internal`, which
//! forwards nothing (the usual HTTP→HTTPS redirect router: a redirect middleware answers first);
//! so are names holding `@` (Traefik would read them as another provider's). Then entrypoints: routers without entrypoints get the machine's HTTP
//! entrypoints explicitly (what Traefik's `asDefault` would give, but visible to the ownership
//! checks), Traefik's own `traefik` entrypoint and the dynamic port range are refused, and IPv6
//! twins on an IPv4-only machine are dropped with a note.

use crate::contract::NetworkId;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Repo;
use super::conf::{Conf, Res, str_field, str_list};
use super::report::Skipped;
use crate::route_server::config::RouterConfig;
use crate::route_server::model::L_TCP_PORTS;

/// The one reference to another provider a repository may make: an HTTP router's service that
/// forwards nothing.
pub(crate) const NOOP: &str = "noop@internal";

/// `name` → `name-<net>`; `name@docker` likewise; any other provider is outside the repository.
fn scoped_ref(r: &str, net: NetworkId) -> Result<String, String> {
    match r.rsplit_once('@') {
        Some((n, "docker")) if !n.contains('@') => Ok(format!("{n}-{net}")),
        Some((_, p)) => Err(format!(
            "reference {r:?} points outside this repository (provider {p}); only its own resources can be used"
        )),
        None => Ok(format!("{r}-{net}")),
    }
}

fn reporter(
    net: NetworkId,
    skipped: &mut Vec<Skipped>,
) -> impl FnMut(String, String, Option<&Vec<super::Origin>>) + '_ {
    move |what: String, reason: String, origin: Option<&Vec<super::Origin>>| {
        let o = origin.and_then(|v| v.first());
        // A reason that starts by saying what was done to a kept resource is a change.
        let changed = reason.starts_with("served ") || reason.contains(" ignored: ");
        skipped.push(Skipped {
            network_id: net,
            container: o.map(|o| o.container.clone()),
            container_id: o.map(|o| o.container_id.clone()),
            what,
            reason,
            changed,
        });
    }
}

/// Rename every resource and rewrite its references.
pub fn rename(repo: &mut Repo, skipped: &mut Vec<Skipped>) {
    let net = repo.network_id;
    let mut conf = Conf::default();
    let mut origins = BTreeMap::new();
    let mut report = reporter(net, skipped);
    // 1. Rename and rewrite references.
    for r in Res::ALL {
        for (name, v) in repo.conf.get(r) {
            let new_name = format!("{name}-{net}");
            let orig = repo.origins.get(&(r, name.clone()));
            if name.contains('@') {
                report(
                    format!("{} {name}", r.what()),
                    "a name holding @ would be read by Traefik as another provider's resource"
                        .into(),
                    orig,
                );
                continue;
            }
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
    repo.conf = conf;
    repo.origins = origins;
}

/// Drop what says nothing or points at nothing, and check entrypoints.
pub fn check(cfg: &RouterConfig, repo: &mut Repo, skipped: &mut Vec<Skipped>) {
    let mut report = reporter(repo.network_id, skipped);
    let conf = &mut repo.conf;
    let origins = &repo.origins;
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
                if let Some(e) = dangling(conf, r, v) {
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
    // 4. Entrypoints.
    for r in Res::ROUTERS {
        let names: Vec<String> = conf.get(r).keys().cloned().collect();
        for n in names {
            let Some(router) = conf.get_mut(r).get_mut(&n) else {
                continue;
            };
            let mut eps = str_list(router.get("entryPoints"));
            if eps.is_empty() && r != Res::UdpRouter {
                eps = cfg.http_entrypoints();
                router["entryPoints"] = json!(eps);
            }
            if !cfg.ipv6 {
                let (v6, keep): (Vec<String>, Vec<String>) =
                    eps.iter().cloned().partition(|e| e.ends_with("-v6"));
                if !v6.is_empty() && !keep.is_empty() {
                    router["entryPoints"] = json!(keep);
                    eps = keep;
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
            // A router that asks for a certificate on a machine without TLS: Traefik would
            // fail the resolver and serve a self-signed certificate on 443 while port 80 has
            // no route. Served on web in plain HTTP instead, and said so.
            if r == Res::HttpRouter
                && cfg.cert_resolver.is_none()
                && let Some(res) = router.pointer("/tls/certResolver").and_then(Value::as_str)
            {
                let res = res.to_string();
                let mut web: Vec<String> = eps
                    .iter()
                    .map(|e| match e.as_str() {
                        "websecure" => "web".to_string(),
                        "websecure-v6" => "web-v6".to_string(),
                        other => other.to_string(),
                    })
                    .collect();
                web.dedup();
                if let Some(o) = router.as_object_mut() {
                    o.remove("tls");
                }
                router["entryPoints"] = json!(web);
                eps = web;
                let m = cfg.machine.as_deref().unwrap_or("MACHINE");
                report(
                    format!("{} {n}", r.what()),
                    format!(
                        "served on {} as plain HTTP: it asks for the certificate resolver {res}, and this machine has no TLS configured (set it up with: rdc context set-infra {m} --cert-email EMAIL, for HTTP-01, or add --cf-dns-token - for DNS-01 and wildcards; then: rdc context push-infra {m})",
                        eps.join(", ")
                    ),
                    origins.get(&(r, n.clone())),
                );
            }
            let reason = if eps.iter().any(|e| e == "traefik") {
                Some("the traefik entrypoint is Traefik's own admin/ping entrypoint; routers cannot use it".to_string())
            } else if let Some(e) = eps.iter().find(|e| dynamic_ep(cfg, e)) {
                Some(format!(
                    "entrypoint {e} belongs to the dynamic port range; ask for a port with {L_TCP_PORTS} instead"
                ))
            } else if r == Res::UdpRouter && eps.is_empty() {
                Some("a UDP router must name its udp-<port> entrypoints (without them it would take every UDP port)".to_string())
            } else {
                eps.iter().find_map(|e| cfg.missing_entrypoint(e))
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
}

/// Whether an entrypoint is one of the dynamic range's `tcp-N`.
pub fn dynamic_ep(cfg: &RouterConfig, ep: &str) -> bool {
    ep.trim_end_matches("-v6")
        .strip_prefix("tcp-")
        .and_then(|p| p.parse::<u16>().ok())
        .is_some_and(|p| cfg.dynamic_range().contains(&p))
}

fn rewrite_refs(r: Res, v: &Value, net: NetworkId) -> Result<Value, String> {
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
        if let Some(s) = v.get("service").and_then(Value::as_str)
            && !(r == Res::HttpRouter && s == NOOP)
        {
            let s = scoped_ref(s, net)?;
            v["service"] = Value::String(s);
        }
        rewrite_list(&mut v, "middlewares")?;
    }
    if r == Res::HttpMiddleware {
        if let Some(chain) = v.get_mut("chain") {
            rewrite_list(chain, "middlewares")?;
        }
        if let Some(s) = v.pointer("/errors/service").and_then(Value::as_str) {
            let s = scoped_ref(s, net)?;
            v["errors"]["service"] = Value::String(s);
        }
    }
    if r.is_service()
        && let Some(s) = v
            .pointer("/loadBalancer/serversTransport")
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
        let svc = str_field(v, "service");
        let noop = r == Res::HttpRouter && svc == NOOP;
        if !noop && !conf.get(r.service_of()).contains_key(svc) {
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
        for m in str_list(v.pointer("/chain/middlewares")) {
            if !conf.get(Res::HttpMiddleware).contains_key(&m) {
                return Some(format!(
                    "its chained middleware {m} is not defined in this repository"
                ));
            }
        }
        if let Some(s) = v.pointer("/errors/service").and_then(Value::as_str)
            && !conf.get(Res::HttpService).contains_key(s)
        {
            return Some(format!(
                "its error-page service {s} is not defined in this repository"
            ));
        }
    }
    if r.is_service()
        && let Some(t) = v
            .pointer("/loadBalancer/serversTransport")
            .and_then(Value::as_str)
    {
        return Some(format!(
            "its serversTransport {t} does not exist (containers cannot define servers transports)"
        ));
    }
    None
}
