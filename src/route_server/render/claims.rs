//! Ownership across repositories: every router claims the host names it can match (HTTP `Host`,
//! TCP `HostSNI`: one namespace, so a TLS TCP router and an HTTPS router compete for the same
//! name), the entrypoints it uses (exclusively for a TCP catch-all, `HostSNI(*)`, which takes
//! every connection of its entrypoint) and UDP entrypoints (always exclusive). When several
//! repositories claim one thing, the owner is, in order:
//!
//! 1. the repository the operator declared the name for (`rdc repo set NAME --domain …`; the
//!    most specific pattern wins) — even if it does not route it now;
//! 2. for an automatic host `<x>-<id>.<baseDomain>`, repository `<id>`;
//! 3. the previous owner (persisted in `claims.json`), while it routes the name and for
//!    `claim_hold_secs` after;
//! 4. on a first sync, the repository whose claiming container is the oldest, then the lowest
//!    network id.
//!
//! Rules that could match any host are refused, unless the repository has declared domains: then
//! the rule is confined with ``&& HostRegexp(`^(?:…)$`)`` to exactly those domains. Certificate
//! names a router asks for (`tls.domains`) must be the repository's own.

use crate::contract::NetworkId;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::conf::{Res, str_field, str_list};
use super::report::drop_resource;
use super::tier1::auto_host_owner;
use super::{Output, Repo};
use crate::contract::hostname::{self, Pattern};
use crate::route_server::config::RouterConfig;
use crate::route_server::owners::{Owner, Owners};
use crate::route_server::rules::{self, Hosts, Kind};

/// What a router claims.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Host(String),
    Entrypoint(String),
    Udp(String),
}

impl Key {
    fn id(&self) -> String {
        match self {
            Key::Host(h) => format!("host:{h}"),
            Key::Entrypoint(e) => format!("entrypoint:{e}"),
            Key::Udp(e) => format!("udp:{e}"),
        }
    }
    fn describe(&self) -> String {
        match self {
            Key::Host(h) => format!("host {h}"),
            Key::Entrypoint(e) => format!("entrypoint {e}"),
            Key::Udp(e) => format!("UDP entrypoint {e}"),
        }
    }
}

#[derive(Debug, Clone)]
struct Claim {
    net: NetworkId,
    router: (Res, String),
    exclusive: bool,
    created: i64,
}

/// The operator's declarations, from router.toml.
pub struct Declared {
    patterns: BTreeMap<NetworkId, Vec<Pattern>>,
    names: BTreeMap<NetworkId, String>,
}

impl Declared {
    pub fn of(cfg: &RouterConfig) -> Declared {
        let mut patterns = BTreeMap::new();
        let mut names = BTreeMap::new();
        for r in &cfg.repositories {
            names.insert(r.network_id, r.name.clone());
            let v: Vec<Pattern> = r
                .domains
                .iter()
                .filter_map(|d| Pattern::parse(d).ok())
                .collect();
            if !v.is_empty() {
                patterns.insert(r.network_id, v);
            }
        }
        Declared { patterns, names }
    }

    /// The repository a name is declared for: the most specific covering pattern, then the
    /// lowest network id.
    fn owner_of(&self, name: &str) -> Option<(NetworkId, &Pattern)> {
        let mut best: Option<(NetworkId, &Pattern)> = None;
        for (net, ps) in &self.patterns {
            for p in ps.iter().filter(|p| p.covers(name)) {
                if best.is_none_or(|(_, b)| p.specificity() > b.specificity()) {
                    best = Some((*net, p));
                }
            }
        }
        best
    }

    fn of_repo(&self, net: NetworkId) -> &[Pattern] {
        self.patterns.get(&net).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `my-app (2816)`, or `2816` for a repository router.toml does not name.
    pub fn label(&self, net: NetworkId) -> String {
        match self.names.get(&net) {
            Some(n) => format!("{n} ({net})"),
            None => net.to_string(),
        }
    }
}

fn is_http_ep(ep: &str) -> bool {
    matches!(ep.trim_end_matches("-v6"), "web" | "websecure")
}

/// The claims of one router, or why it is refused. May rewrite the rule (confinement).
fn router_claims(
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

/// Why the owner of `key` is `winner`, for the refused claims of the others.
enum Why {
    Declared(Pattern),
    Auto,
    Held(u64),
    Owner(u64),
    First,
}

pub fn stage(cfg: &RouterConfig, repos: &mut [Repo], prev: &Owners, now: u64, out: &mut Output) {
    let declared = Declared::of(cfg);
    let mut claims: BTreeMap<Key, Vec<Claim>> = BTreeMap::new();
    for repo in repos.iter_mut() {
        let net = repo.network_id;
        let mut refused = Vec::new();
        for r in Res::ROUTERS {
            let created: BTreeMap<String, i64> = repo
                .conf
                .get(r)
                .keys()
                .map(|n| {
                    let c = repo
                        .origins
                        .get(&(r, n.clone()))
                        .and_then(|o| o.iter().map(|o| o.created).min())
                        .unwrap_or(0);
                    (n.clone(), c)
                })
                .collect();
            for (name, v) in repo.conf.get_mut(r).iter_mut() {
                match router_claims(cfg, &declared, net, r, v) {
                    Ok(keys) => {
                        for (key, exclusive) in keys {
                            claims.entry(key).or_default().push(Claim {
                                net,
                                router: (r, name.clone()),
                                exclusive,
                                created: created[name],
                            });
                        }
                    }
                    Err(e) => refused.push((r, name.clone(), e)),
                }
            }
        }
        for (r, n, e) in refused {
            drop_resource(repo, r, &n, e, &mut out.report.skipped);
        }
    }
    let hold = cfg.claim_hold_secs;
    // 1. Decide every contested key.
    let mut decisions: Vec<(&Key, &[Claim], NetworkId, Why)> = Vec::new();
    for (key, list) in &claims {
        let nets: BTreeSet<NetworkId> = list.iter().map(|c| c.net).collect();
        let contested = match key {
            Key::Host(_) | Key::Udp(_) => true,
            Key::Entrypoint(_) => list.iter().any(|c| c.exclusive),
        };
        if !contested {
            continue;
        }
        let previous = prev.owners.get(&key.id());
        let (winner, why) = if let Key::Host(h) = key
            && let Some((d, p)) = declared.owner_of(h)
        {
            (d, Why::Declared(p.clone()))
        } else if let Key::Host(h) = key
            && let Some(id) = auto_host_owner(cfg, h)
        {
            (id, Why::Auto)
        } else if let Some(p) = previous
            .filter(|p| nets.contains(&p.network_id) || p.released.is_some_and(|r| now < r + hold))
        {
            if nets.contains(&p.network_id) {
                (p.network_id, Why::Owner(p.since))
            } else {
                let until = p.released.unwrap_or(now) + hold;
                out.next_wakeup = Some(out.next_wakeup.map_or(until, |w| w.min(until)));
                (p.network_id, Why::Held(until))
            }
        } else {
            let first = list
                .iter()
                .min_by_key(|c| (c.created, c.net))
                .expect("claims are never empty");
            (first.net, Why::First)
        };
        decisions.push((key, list, winner, why));
    }
    // 2. Every other claimant's router loses.
    let mut lost: BTreeMap<(NetworkId, Res, String), String> = BTreeMap::new();
    for (key, list, winner, why) in &decisions {
        let w = declared.label(*winner);
        let what = key.describe();
        let reason = match why {
            Why::Declared(p) => {
                format!("{what} is declared for repository {w} (domain {p}); only it may route it")
            }
            Why::Auto => format!("{what} is repository {w}'s automatic host"),
            Why::Owner(since) => format!(
                "{what} belongs to repository {w}, which has routed it since {}; a later claim is refused",
                ts(*since)
            ),
            Why::Held(until) => format!(
                "{what} belongs to repository {w}; its route stopped and the name is kept for it until {} (claim_hold_secs); to move it now, declare it: rdc repo set REPO --domain …",
                ts(*until)
            ),
            Why::First => {
                format!("{what} is also claimed by repository {w}, which claimed it first")
            }
        };
        for c in list.iter().filter(|c| c.net != *winner) {
            lost.entry((c.net, c.router.0, c.router.1.clone()))
                .or_insert_with(|| reason.clone());
        }
    }
    // 3. Owners: a winner whose claiming routers all lost elsewhere owns nothing new.
    let mut owners = Owners::default();
    // Keys decided this round; other owners are released (and later forgotten).
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (key, list, winner, why) in &decisions {
        let previous = prev.owners.get(&key.id());
        let live = list.iter().any(|c| {
            c.net == *winner && !lost.contains_key(&(c.net, c.router.0, c.router.1.clone()))
        });
        if live {
            let since = previous
                .filter(|p| p.network_id == *winner)
                .map_or(now, |p| p.since);
            owners.owners.insert(
                key.id(),
                Owner {
                    network_id: *winner,
                    since,
                    released: None,
                },
            );
            seen.insert(key.id());
        } else if let (Why::Held(_), Some(p)) = (why, previous) {
            owners.owners.insert(key.id(), p.clone());
            seen.insert(key.id());
        } else if matches!(why, Why::Declared(_) | Why::Auto) {
            seen.insert(key.id());
        }
    }
    // Owners that routed something before and do not now: held for a while, then forgotten.
    for (k, p) in &prev.owners {
        if seen.contains(k) {
            continue;
        }
        let released = p.released.unwrap_or(now);
        if now < released + hold {
            owners.owners.insert(
                k.clone(),
                Owner {
                    released: Some(released),
                    ..p.clone()
                },
            );
        }
    }
    for repo in repos.iter_mut() {
        let net = repo.network_id;
        let mine: Vec<(Res, String, String)> = lost
            .iter()
            .filter(|((n, _, _), _)| *n == net)
            .map(|((_, r, name), why)| (*r, name.clone(), why.clone()))
            .collect();
        for (r, n, reason) in mine {
            if repo.conf.get(r).contains_key(&n) {
                drop_resource(repo, r, &n, reason, &mut out.report.skipped);
            }
        }
    }
    out.state.owners = owners;
}

/// `tls.domains` of a router must name the repository's own hosts (those its rule claims, its
/// declared domains, its automatic hosts): a certificate is requested with the operator's DNS
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
    let is_mine = |raw: &str| -> bool {
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
        if let Some(bad) = names.iter().find(|n| !n.is_empty() && !is_mine(n)) {
            return Err(format!(
                "tls.domains names {bad:?}, which is not a host of this router or a domain declared for the repository (certificates are requested with the operator's DNS token)"
            ));
        }
    }
    Ok(())
}

fn ts(secs: u64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        .to_string()
}
