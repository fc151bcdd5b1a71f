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

mod declared;
mod keys;

use std::collections::{BTreeMap, BTreeSet};

use super::conf::Res;
use super::report::drop_resource;
use super::tier1::auto_host_owner;
use super::{Output, Repo};
use crate::contract::NetworkId;
use crate::contract::hostname::Pattern;
use crate::route_server::config::RouterConfig;
use crate::route_server::owners::{Owner, Owners};
pub use declared::Declared;
use keys::{Key, router_claims};

/// A router's claim on a key.
#[derive(Debug, Clone)]
struct Claim {
    net: NetworkId,
    router: (Res, String),
    exclusive: bool,
    created: i64,
}

/// Why the owner of `key` is `winner`, for the refused claims of the others.
enum Why {
    Declared(Pattern),
    Auto,
    Held(u64),
    Owner(u64),
    First,
}

/// One contested key and its owner.
struct Decision<'a> {
    key: &'a Key,
    claims: &'a [Claim],
    winner: NetworkId,
    why: Why,
}

/// A losing router: (repository, kind, name).
type RouterId = (NetworkId, Res, String);

/// The stage: collect claims, decide each contested key, drop the losers, keep the owners.
pub fn stage(cfg: &RouterConfig, repos: &mut [Repo], prev: &Owners, now: u64, out: &mut Output) {
    let declared = Declared::of(cfg);
    let claims = collect(cfg, &declared, repos, out);
    let decisions = decide(cfg, &declared, &claims, prev, now, out);
    let lost = losers(&declared, &decisions);
    out.state.owners = owners(&decisions, &lost, prev, now, cfg.claim_hold_secs);
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
}

/// Every router's claims, by key; routers whose claims are refused are dropped here.
fn collect(
    cfg: &RouterConfig,
    declared: &Declared,
    repos: &mut [Repo],
    out: &mut Output,
) -> BTreeMap<Key, Vec<Claim>> {
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
                match router_claims(cfg, declared, net, r, v) {
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
    claims
}

/// The owner of every contested key (hosts and UDP entrypoints always; entrypoints when one
/// claim is exclusive), in the order of the module docs.
fn decide<'a>(
    cfg: &RouterConfig,
    declared: &Declared,
    claims: &'a BTreeMap<Key, Vec<Claim>>,
    prev: &Owners,
    now: u64,
    out: &mut Output,
) -> Vec<Decision<'a>> {
    let hold = cfg.claim_hold_secs;
    let mut decisions = Vec::new();
    for (key, list) in claims {
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
        decisions.push(Decision {
            key,
            claims: list,
            winner,
            why,
        });
    }
    decisions
}

/// Every other claimant's router loses, with the reason naming the owner.
fn losers(declared: &Declared, decisions: &[Decision]) -> BTreeMap<RouterId, String> {
    let mut lost = BTreeMap::new();
    for d in decisions {
        let w = declared.label(d.winner);
        let what = d.key.describe();
        let reason = match &d.why {
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
        for c in d.claims.iter().filter(|c| c.net != d.winner) {
            lost.entry((c.net, c.router.0, c.router.1.clone()))
                .or_insert_with(|| reason.clone());
        }
    }
    lost
}

/// The owners to persist: a winner whose claiming routers all lost elsewhere owns nothing new;
/// owners that routed something before and do not now are held for `hold` seconds, then
/// forgotten.
fn owners(
    decisions: &[Decision],
    lost: &BTreeMap<RouterId, String>,
    prev: &Owners,
    now: u64,
    hold: u64,
) -> Owners {
    let mut owners = Owners::default();
    // Keys decided this round; other owners are released (and later forgotten).
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for d in decisions {
        let id = d.key.id();
        let previous = prev.owners.get(&id);
        let live = d.claims.iter().any(|c| {
            c.net == d.winner && !lost.contains_key(&(c.net, c.router.0, c.router.1.clone()))
        });
        if live {
            let since = previous
                .filter(|p| p.network_id == d.winner)
                .map_or(now, |p| p.since);
            owners.owners.insert(
                id.clone(),
                Owner {
                    network_id: d.winner,
                    since,
                    released: None,
                },
            );
            seen.insert(id);
        } else if let (Why::Held(_), Some(p)) = (&d.why, previous) {
            owners.owners.insert(id.clone(), p.clone());
            seen.insert(id);
        } else if matches!(d.why, Why::Declared(_) | Why::Auto) {
            seen.insert(id);
        }
    }
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
    owners
}

fn ts(secs: u64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        .to_string()
}
