//! What one router claims: the host names its rule can match (HTTP `Host`, TCP `HostSNI`: one
//! namespace), the entrypoints it uses (exclusively for a TCP catch-all, `HostSNI(*)`) and UDP
//! entrypoints (always exclusive); or why it is refused. Rules that could match any host are
//! confined to the repository's declared domains here; `tls.domains` must name its own hosts.

use serde_json::Value;

use super::declared::Declared;
use crate::contract::NetworkId;
use crate::contract::hostname::{self, Pattern};
use crate::route_server::config::RouterConfig;
use crate::route_server::render::conf::{Res, str_field, str_list};
use crate::route_server::render::tier1::auto_host_owner;
use crate::route_server::rules::{self, Hosts, Kind};

/// What a router claims.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Key {
    Host(String),
    Entrypoint(String),
    Udp(String),
}

impl Key {
    pub(super) fn id(&self) -> String {
        match self {
            Key::Host(h) => format!("host:{h}"),
            Key::Entrypoint(e) => format!("entrypoint:{e}"),
            Key::Udp(e) => format!("udp:{e}"),
        }
    }
    pub(super) fn describe(&self) -> String {
        match self {
            Key::Host(h) => format!("host {h}"),
            Key::Entrypoint(e) => format!("entrypoint {e}"),
            Key::Udp(e) => format!("UDP entrypoint {e}"),
        }
    }
}

fn is_http_ep(ep: &str) -> bool {
    matches!(ep.trim_end_matches("-v6"), "web" | "websecure")
}

/// The claims of one router, or why it is refused. May rewrite the rule (confinement).
pub(super) fn router_claims(
    cfg: &RouterConfig,
    declared: &Declared,
    net: NetworkId,
    r: Res,
    v: &mut Value,
) -> Result<Vec<(Key, bool)>, String> {
    let eps = str_list(v.get("entryPoints"));
    if r == Res::UdpRouter {
        return Ok(eps.into_iter().map(|e| (Key::Udp(e), true)).collect());
    }
    if let Some(s) = v.get("ruleSyntax").and_then(Value::as_str)
        && s != "v3"
    {
        return Err(format!(
            "ruleSyntax {s:?}: rdc reads rules in Traefik's v3 syntax only; remove ruleSyntax and write the rule in v3 syntax"
        ));
    }
    let rule = str_field(v, "rule").to_string();
    let kind = if r == Res::HttpRouter {
        Kind::Http
    } else {
        Kind::Tcp
    };
    let hosts = rules::hosts_of(&rule, kind).map_err(|e| {
        let shown: String = rule.chars().take(200).collect();
        format!("rule {shown:?} is refused: {e}")
    })?;
    tls_domains(cfg, declared.of_repo(net), net, &hosts, v)?;
    let mut claims = Vec::new();
    match (hosts, r) {
        (Hosts::Only(hs), _) => {
            claims.extend(hs.into_iter().map(|h| (Key::Host(h), false)));
            claims.extend(eps.into_iter().map(|e| (Key::Entrypoint(e), false)));
        }
        (Hosts::Any, Res::HttpRouter) => {
            let mine = declared.of_repo(net);
            if mine.is_empty() {
                return Err(format!(
                    "rule {rule:?} can match any host; add Host(`…`), or declare the repository's domains (rdc repo set NAME --domain …) to confine it to them"
                ));
            }
            let confined = format!("({rule}) && HostRegexp(`{}`)", hostname::regex_of(mine));
            v["rule"] = Value::String(confined);
            claims.extend(eps.into_iter().map(|e| (Key::Entrypoint(e), false)));
        }
        (Hosts::Any, _) => {
            if let Some(ep) = eps.iter().find(|e| is_http_ep(e)) {
                return Err(format!(
                    "a TCP rule matching any name on the HTTP entrypoint {ep} would capture all its TLS traffic; name the host with HostSNI(`…`), or use a tcp-<port> entrypoint"
                ));
            }
            claims.extend(eps.into_iter().map(|e| (Key::Entrypoint(e), true)));
        }
    }
    Ok(claims)
}
/// `tls.domains` of a router must name the repository's own hosts (those its rule claims, its
/// declared domains, its automatic hosts), or be the machine's wildcard certificate (the base
/// domain and `*.` the base domain, which every automatic route uses: asking for it again
/// issues nothing and routes nothing): a certificate is requested with the operator's DNS
/// token, and Let's Encrypt's rate limits are per domain.
fn tls_domains(
    cfg: &RouterConfig,
    mine: &[Pattern],
    net: NetworkId,
    hosts: &Hosts,
    v: &Value,
) -> Result<(), String> {
    let Some(domains) = v.pointer("/tls/domains").and_then(Value::as_array) else {
        return Ok(());
    };
    let http01 = cfg.challenge == crate::contract::router::Challenge::Http;
    let machine_wildcard = |raw: &str| {
        cfg.base_domain.as_deref().is_some_and(|b| {
            let b = b.trim_end_matches('.').to_ascii_lowercase();
            let r = raw.trim_end_matches('.').to_ascii_lowercase();
            r == b || r == format!("*.{b}")
        })
    };
    let is_mine = |raw: &str| -> bool {
        if machine_wildcard(raw) {
            return true;
        }
        if let Some(rest) = raw.strip_prefix("*.") {
            let Ok(x) = hostname::canonical(rest.as_bytes()) else {
                return false;
            };
            return mine
                .iter()
                .any(|p| matches!(p, Pattern::Below(y) if *y == x || p.covers(&x)));
        }
        let Ok(n) = hostname::canonical(raw.as_bytes()) else {
            return false;
        };
        matches!(hosts, Hosts::Only(h) if h.contains(&n))
            || mine.iter().any(|p| p.covers(&n))
            || auto_host_owner(cfg, &n) == Some(net)
    };
    for d in domains {
        let mut names = vec![str_field(d, "main").to_string()];
        names.extend(str_list(d.get("sans")));
        if http01 && let Some(w) = names.iter().find(|n| n.starts_with("*.")) {
            let m = cfg.machine.as_deref().unwrap_or("MACHINE");
            return Err(format!(
                "tls.domains names the wildcard {w:?}; this machine gets certificates with the HTTP-01 challenge, which cannot issue wildcards (one certificate per host comes from the rule without tls.domains; for wildcards: rdc context set-infra {m} --acme-challenge dns --cf-dns-token -)"
            ));
        }
        if let Some(bad) = names.iter().find(|n| !n.is_empty() && !is_mine(n)) {
            return Err(format!(
                "tls.domains names {bad:?}, which is not a host of this router or a domain declared for the repository (certificates are requested with the operator's DNS token)"
            ));
        }
    }
    Ok(())
}
