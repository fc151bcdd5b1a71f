//! Every value that names an address, a URL, a file or another provider is confined to the
//! repository or refused (docs/route-server.md, "Security model"):
//!
//! * backend URLs (`loadbalancer.server.url`, and the URL rdc builds from `server.scheme`) are
//!   parsed: scheme `http`, `https` or `h2c`, no user info, query or fragment, and the host an
//!   IPv4 literal (dotted quad, no other spelling) inside the repository's /26; rdc re-emits the
//!   URL from the parts it checked, so Go never sees a spelling rdc did not read;
//! * `forwardAuth.address` is held to the same rule (http/https);
//! * in both, a host that is the name of a service of the same repository (its compose service,
//!   `rediacc.service_name` or container name: what rdc's `extra_hosts` resolve inside the
//!   repository) is written as that service's address, with a note in `/routes.json` — Traefik,
//!   on the host, could not resolve it; any other name (another repository's services included)
//!   is refused;
//! * files on the server are never read for a repository: `basicAuth.usersFile`,
//!   `digestAuth.usersFile` and `forwardAuth.tls.ca|cert|key` given as paths are refused (inline
//!   PEM is accepted);
//! * TLS options other than `default` belong to the operator; health-check schemes are the
//!   three words above.

use crate::contract::NetworkId;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use serde_json::Value;

use super::Repo;
use super::conf::Res;
use super::report::{Skipped, drop_resource};
use crate::route_server::model::{Container, L_COMPOSE_SERVICE, L_SERVICE_IP, L_SERVICE_NAME};

/// What a host name in a backend URL or a forwardAuth address means inside a repository: the
/// names of its services (lowercase) → their loopback address. Only this repository's.
pub type Names = BTreeMap<String, Ipv4Addr>;

/// The names of `containers` (one repository's): each one's compose service,
/// `rediacc.service_name` and container name, for a container whose service address is inside
/// the repository. A name two addresses claim means neither.
pub fn names<'a>(containers: impl IntoIterator<Item = &'a Container>, net: NetworkId) -> Names {
    let mut seen: BTreeMap<String, Option<Ipv4Addr>> = BTreeMap::new();
    for c in containers {
        let Some(ip) = c
            .label(L_SERVICE_IP)
            .and_then(|s| dotted_quad(s.trim()))
            .filter(|ip| net.holds(*ip))
        else {
            continue;
        };
        let keys = [
            c.label(L_COMPOSE_SERVICE),
            c.label(L_SERVICE_NAME),
            Some(c.name.as_str()),
        ];
        for k in keys.into_iter().flatten() {
            let k = k.trim().to_ascii_lowercase();
            if k.is_empty() || dotted_quad(&k).is_some() {
                continue;
            }
            let e = seen.entry(k).or_insert(Some(ip));
            if *e != Some(ip) {
                *e = None;
            }
        }
    }
    seen.into_iter()
        .filter_map(|(k, v)| v.map(|ip| (k, ip)))
        .collect()
}

/// The stage: check every resource of a repository; refused ones are removed with the reason,
/// rewritten ones reported as changed.
pub fn stage(repo: &mut Repo, names: &Names, skipped: &mut Vec<Skipped>) {
    let net = repo.network_id;
    for r in Res::ALL {
        let mut refused = Vec::new();
        let mut notes = Vec::new();
        for (name, v) in repo.conf.get_mut(r).iter_mut() {
            match resource(r, v, net, names) {
                Ok(Some(note)) => notes.push((name.clone(), note)),
                Ok(None) => {}
                Err(e) => refused.push((name.clone(), e)),
            }
        }
        for (name, e) in refused {
            drop_resource(repo, r, &name, e, skipped);
        }
        for (name, note) in notes {
            let o = repo.origins.get(&(r, name.clone())).and_then(|v| v.first());
            skipped.push(Skipped {
                network_id: net,
                container: o.map(|o| o.container.clone()),
                container_id: o.map(|o| o.container_id.clone()),
                what: format!("{} {name}", r.what()),
                reason: note,
                changed: true,
            });
        }
    }
}

/// The note for a name written as its address.
pub fn named_note(what: &str, host: &str, ip: Ipv4Addr) -> String {
    format!(
        "served with {what} {ip} for {host:?}, a service of this repository (Traefik runs on the host and cannot resolve the repository's service names)"
    )
}

/// The schemes a backend may use.
pub const SCHEMES: [&str; 3] = ["http", "https", "h2c"];

/// A `server.scheme` label: exactly one of [`SCHEMES`].
pub fn scheme(s: &str) -> Result<&'static str, String> {
    SCHEMES
        .into_iter()
        .find(|x| *x == s)
        .ok_or_else(|| format!("server scheme {s:?} is not one of http, https, h2c"))
}

/// A checked URL as rdc emits it, and the service name its host was, if it was one.
#[derive(Debug, PartialEq)]
pub struct Checked {
    pub url: String,
    pub named: Option<(String, Ipv4Addr)>,
}

/// Check a backend URL and return it as rdc emits it (`scheme://a.b.c.d[:port][/path]`); a
/// host that is one of `names` is written as its address.
pub fn server_url(
    raw: &str,
    net: NetworkId,
    schemes: &[&str],
    names: &Names,
) -> Result<Checked, String> {
    let refuse = |why: &str| {
        format!(
            "server url {raw:?} {why}; a repository's backends are {} (http, https or h2c, no user, query or fragment)",
            net.cidr()
        )
    };
    let (scheme_raw, rest) = raw
        .split_once("://")
        .ok_or_else(|| refuse("has no scheme"))?;
    let scheme = scheme_raw.to_ascii_lowercase();
    if !schemes.contains(&scheme.as_str()) {
        return Err(refuse(&format!("has the scheme {scheme_raw:?}")));
    }
    if let Some(c) = raw
        .chars()
        .find(|c| !c.is_ascii_graphic() || matches!(c, '@' | '?' | '#' | '\\' | '[' | ']'))
    {
        return Err(refuse(&format!("holds the character {c:?}")));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => {
            let port = p
                .parse::<u16>()
                .ok()
                .filter(|n| *n > 0 && !p.starts_with('+') && !p.starts_with('0'))
                .ok_or_else(|| refuse(&format!("has the port {p:?}")))?;
            (h, Some(port))
        }
        None => (authority, None),
    };
    let (ip, named) = match dotted_quad(host) {
        Some(ip) => (ip, None),
        None => {
            let key = host.to_ascii_lowercase();
            let ip = names.get(&key).copied().ok_or_else(|| {
                refuse("names neither an IPv4 address (a.b.c.d) nor a service of this repository")
            })?;
            (ip, Some(key))
        }
    };
    if !net.holds(ip) {
        return Err(refuse(&format!("points at {ip}, outside the repository")));
    }
    if !path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:%/".contains(c))
    {
        return Err(refuse("has an unusual path"));
    }
    // A second opinion: the WHATWG parser must read the same host, port and nothing else.
    let parsed = url::Url::parse(&format!(
        "{}://{}",
        if scheme == "h2c" { "http" } else { &scheme },
        rest
    ))
    .map_err(|e| refuse(&format!("does not parse ({e})")))?;
    let same_host = match &named {
        None => parsed.host() == Some(url::Host::Ipv4(ip)),
        Some(n) => parsed.host() == Some(url::Host::Domain(n.as_str())),
    };
    if !same_host
        || !parsed.username().is_empty()
        || parsed.password().is_some()
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(refuse("is ambiguous"));
    }
    let url = match port {
        Some(p) => format!("{scheme}://{ip}:{p}{path}"),
        None => format!("{scheme}://{ip}{path}"),
    };
    Ok(Checked {
        url,
        named: named.map(|n| (n, ip)),
    })
}

/// A dotted-quad IPv4 address and nothing else: four decimal numbers 0–255 without leading
/// zeros (`127.1`, `0x7f.0.0.1`, `0177.0.0.1` or `2130706433` are other spellings that some
/// resolvers accept, and are refused).
pub fn dotted_quad(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    for p in &parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if p.len() > 1 && p.starts_with('0') {
            return None;
        }
    }
    s.parse().ok()
}

fn pem_or_refuse(v: &Value, what: &str) -> Result<(), String> {
    match v.as_str() {
        Some(s) if s.trim_start().starts_with("-----BEGIN") => Ok(()),
        Some(_) => Err(format!(
            "{what} names a file on the server; a repository cannot make Traefik read the server's files (give the PEM content instead)"
        )),
        None => Ok(()),
    }
}

/// Check (and rewrite where rdc re-emits a value) one resource of a repository; the note of a
/// rewrite that changed what was written.
pub fn resource(
    r: Res,
    v: &mut Value,
    net: NetworkId,
    names: &Names,
) -> Result<Option<String>, String> {
    match r {
        Res::HttpMiddleware => middleware(v, net, names),
        Res::HttpService => {
            if let Some(hc) = v.pointer("/loadBalancer/healthCheck/scheme")
                && let Some(s) = hc.as_str()
            {
                scheme(s).map_err(|e| format!("health check: {e}"))?;
            }
            Ok(None)
        }
        Res::HttpRouter | Res::TcpRouter => {
            match v.pointer("/tls/options").and_then(Value::as_str) {
                None | Some("default") => Ok(None),
                Some(o) => Err(format!(
                    "TLS options {o:?} belong to the server operator; a repository can only use the default options"
                )),
            }
        }
        _ => Ok(None),
    }
}

fn middleware(v: &mut Value, net: NetworkId, names: &Names) -> Result<Option<String>, String> {
    for auth in ["basicAuth", "digestAuth"] {
        if v.get(auth).and_then(|a| a.get("usersFile")).is_some() {
            return Err(format!(
                "{auth}.usersFile reads a file on the server; give the users in {auth}.users instead"
            ));
        }
    }
    if let Some(fa) = v.get_mut("forwardAuth") {
        if let Some(tls) = fa.get("tls") {
            for k in ["ca", "cert", "key"] {
                if let Some(x) = tls.get(k) {
                    pem_or_refuse(x, &format!("forwardAuth.tls.{k}"))?;
                }
            }
        }
        if let Some(addr) = fa.get("address").and_then(Value::as_str) {
            let ok = server_url(addr, net, &["http", "https"], names)
                .map_err(|e| format!("forwardAuth address: {e}"))?;
            fa["address"] = Value::String(ok.url);
            return Ok(ok
                .named
                .map(|(h, ip)| named_note("the forwardAuth address", &h, ip)));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NET: crate::contract::NetworkId = crate::contract::NetworkId(2816); // 127.0.11.0/26

    fn url(s: &str) -> Result<String, String> {
        server_url(s, NET, &SCHEMES, &Names::new()).map(|c| c.url)
    }

    #[test]
    fn a_service_name_of_the_repository_is_its_address() {
        let names: Names = [
            ("authelia".to_string(), "127.0.11.5".parse().unwrap()),
            ("web".to_string(), "127.0.11.2".parse().unwrap()),
        ]
        .into_iter()
        .collect();
        let c = server_url(
            "http://Authelia:9091/api/verify?rd=x",
            NET,
            &SCHEMES,
            &names,
        );
        assert!(c.is_err(), "a query is still refused");
        let c = server_url("http://Authelia:9091/api/verify", NET, &SCHEMES, &names).unwrap();
        assert_eq!(c.url, "http://127.0.11.5:9091/api/verify");
        assert_eq!(
            c.named,
            Some(("authelia".to_string(), "127.0.11.5".parse().unwrap()))
        );
        for bad in [
            "http://db:5432/",                 // not a service of this repository
            "http://web.other:80/",            // another name
            "http://authelia@127.0.11.66:80/", // user info
            "http://localhost/",
        ] {
            assert!(server_url(bad, NET, &SCHEMES, &names).is_err(), "{bad}");
        }
    }

    #[test]
    fn backend_urls_inside_the_repository() {
        assert_eq!(
            url("http://127.0.11.2:8080").unwrap(),
            "http://127.0.11.2:8080"
        );
        assert_eq!(url("HTTP://127.0.11.2").unwrap(), "http://127.0.11.2");
        assert_eq!(
            url("h2c://127.0.11.62:9/a/b").unwrap(),
            "h2c://127.0.11.62:9/a/b"
        );
        assert_eq!(
            url("https://127.0.11.3/base%20x").unwrap(),
            "https://127.0.11.3/base%20x"
        );
    }

    #[test]
    fn every_other_spelling_is_refused() {
        for bad in [
            "http://127.0.11.66:80",             // another repository
            "http://127.0.0.1:7112/ping",        // Traefik's admin entrypoint
            "http://127.0.11.1",                 // the network address
            "http://127.0.11.2:80@127.0.11.66/", // user info
            "http://u:p@127.0.11.2/",
            "http://127.0.11.2/?x=1",
            "http://127.0.11.2/#x",
            "http://0x7f.0.11.2/",
            "http://127.0.11.02/",
            "http://0177.0.11.2/",
            "http://2130709250/",
            "http://127.0.2818/",
            "http://[::ffff:127.0.11.2]/",
            "http://localhost/",
            "ftp://127.0.11.2/",
            "file:///etc/passwd",
            "http://127.0.11.2:0",
            "http://127.0.11.2:99999",
            "http://127.0.11.2:+80",
            "http://127.0.11.2:080",
            "http://127.0.11.2\\@127.0.11.66/",
            "http://127.0.11.2 /",
            "http://127.0.11.2/\t",
            "127.0.11.2:80",
            "http:/127.0.11.2",
        ] {
            assert!(url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn schemes() {
        assert!(scheme("http").is_ok() && scheme("h2c").is_ok());
        for bad in ["HTTP", "http://127.0.0.1:7112/ping?", "ws", ""] {
            assert!(scheme(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn middlewares_that_reach_out() {
        let mut m = json!({"basicAuth": {"usersFile": "/etc/shadow"}});
        assert!(
            resource(Res::HttpMiddleware, &mut m, NET, &Names::new())
                .unwrap_err()
                .contains("usersFile")
        );
        let mut m = json!({"forwardAuth": {"address": "http://127.0.0.1:7112/ping"}});
        assert!(resource(Res::HttpMiddleware, &mut m, NET, &Names::new()).is_err());
        let mut m = json!({"forwardAuth": {"address": "http://127.0.11.5:4181/auth", "tls": {"ca": "/etc/rediacc/proxy/traefik.env"}}});
        assert!(
            resource(Res::HttpMiddleware, &mut m, NET, &Names::new())
                .unwrap_err()
                .contains("file on the server")
        );
        let mut m = json!({"forwardAuth": {"address": "HTTP://127.0.11.5:4181/auth", "tls": {"ca": "-----BEGIN CERTIFICATE-----\nx"}}});
        resource(Res::HttpMiddleware, &mut m, NET, &Names::new()).unwrap();
        assert_eq!(m["forwardAuth"]["address"], "http://127.0.11.5:4181/auth");
        let mut r = json!({"tls": {"options": "modern@file"}});
        assert!(resource(Res::HttpRouter, &mut r, NET, &Names::new()).is_err());
        let mut r = json!({"tls": {"options": "default"}});
        assert!(resource(Res::HttpRouter, &mut r, NET, &Names::new()).is_ok());
        let mut s = json!({"loadBalancer": {"healthCheck": {"scheme": "http://x"}}});
        assert!(resource(Res::HttpService, &mut s, NET, &Names::new()).is_err());
    }
}
