//! Fair shares: one repository cannot take the route server, Traefik or the dynamic ports from
//! the others. A repository keeps at most its share of routers, services and middlewares
//! (`limits.resources_per_repo`, or its own `max_resources`): whole containers in Traefik's merge
//! order, the rest left out with the reason. It gets at most its share of dynamic TCP ports
//! (`limits.ports_per_repo` / `max_ports`): ports it holds first, then new ones in key order,
//! and a container that never started gets no new port. Label bytes per container are bounded
//! where containers are read (`super::build_repo`).

use std::collections::{BTreeMap, BTreeSet};

use crate::contract::NetworkId;
use crate::route_server::config::RouterConfig;
use crate::route_server::ports::Allocations;

use super::conf::{Conf, Res};
use super::report::{Origin, Skipped};
use super::tier1::PortRequest;

/// Keep the fragments (in Traefik's order) while their routers, services and middlewares stay
/// within `limit`; a fragment that would go over is left out whole.
pub fn cap(
    limit: usize,
    net: NetworkId,
    mut fragments: Vec<(Origin, Conf)>,
    skipped: &mut Vec<Skipped>,
) -> Vec<(Origin, Conf)> {
    fragments.sort_by(|a, b| a.0.cmp(&b.0));
    let mut seen: BTreeSet<(Res, String)> = BTreeSet::new();
    let mut kept = Vec::with_capacity(fragments.len());
    for (origin, conf) in fragments {
        let new: Vec<(Res, String)> = Res::ALL
            .iter()
            .flat_map(|r| conf.get(*r).keys().map(move |n| (*r, n.clone())))
            .filter(|k| !seen.contains(k))
            .collect();
        if seen.len() + new.len() > limit {
            skipped.push(Skipped {
                network_id: net,
                container: Some(origin.container.clone()),
                container_id: Some(origin.container_id.clone()),
                what: "container".into(),
                reason: format!(
                    "repository {net} is at its share of {limit} routers, services and middlewares ({} in use, this container adds {}); raise it with rdc repo set NAME --max-resources 1000, or router.toml limits.resources_per_repo",
                    seen.len(),
                    new.len()
                ),
                changed: false,
            });
            continue;
        }
        seen.extend(new);
        kept.push((origin, conf));
    }
    kept
}

/// Which port keys may have a port: per repository, those it holds (in `prev`), then new keys of
/// running containers in key order, up to its share. The others, with the reason.
pub fn ports(
    cfg: &RouterConfig,
    requests: &[PortRequest],
    prev: &Allocations,
) -> (BTreeSet<String>, BTreeMap<String, String>) {
    let mut by_net: BTreeMap<NetworkId, BTreeMap<&str, bool>> = BTreeMap::new();
    for r in requests {
        let e = by_net.entry(r.network_id).or_default();
        let running = e.entry(r.key.as_str()).or_insert(false);
        *running |= r.running;
    }
    let mut wanted = BTreeSet::new();
    let mut refused = BTreeMap::new();
    for (net, keys) in by_net {
        let share = cfg.ports_for(net);
        let held = keys.keys().filter(|k| prev.tcp.contains_key(**k));
        let fresh = keys
            .iter()
            .filter(|(k, running)| !prev.tcp.contains_key(**k) && **running)
            .map(|(k, _)| k);
        let mut given = 0;
        for k in held.chain(fresh) {
            if given < share {
                given += 1;
                wanted.insert(k.to_string());
            } else {
                refused.insert(
                    k.to_string(),
                    format!(
                        "repository {net} has its {share} dynamic ports; raise it with rdc repo set NAME --max-ports 8, or router.toml limits.ports_per_repo"
                    ),
                );
            }
        }
        for (k, running) in &keys {
            if !running && !prev.tcp.contains_key(*k) {
                refused.insert(
                    k.to_string(),
                    "the container is not running: a dynamic port is given when it starts".into(),
                );
            }
        }
    }
    (wanted, refused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route_server::render::report::Tier;
    use serde_json::json;

    fn origin(c: &str) -> Origin {
        Origin {
            container: c.into(),
            container_id: format!("id-{c}"),
            compose_service: None,
            tier: Tier::Labels,
            created: 0,
        }
    }

    fn routers(n: usize, prefix: &str) -> Conf {
        let mut c = Conf::default();
        for i in 0..n {
            c.get_mut(Res::HttpRouter)
                .insert(format!("{prefix}{i}"), json!({"rule": "Host(`x`)"}));
        }
        c
    }

    #[test]
    fn a_repository_keeps_whole_containers_up_to_its_share() {
        let net = NetworkId(2816);
        let mut skipped = Vec::new();
        let kept = cap(
            10,
            net,
            vec![
                (origin("c"), routers(4, "c")),
                (origin("a"), routers(4, "a")),
                (origin("b"), routers(4, "b")),
                // Replicas repeat names: not counted twice.
                (origin("a2"), routers(4, "a")),
            ],
            &mut skipped,
        );
        let names: Vec<&str> = kept.iter().map(|(o, _)| o.container.as_str()).collect();
        assert_eq!(names, ["a", "a2", "b"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].container.as_deref(), Some("c"));
        assert!(
            skipped[0].reason.contains("share of 10"),
            "{:?}",
            skipped[0]
        );
    }

    fn req(net: u32, service: &str, port: u16, running: bool) -> PortRequest {
        PortRequest {
            key: crate::route_server::ports::key(NetworkId(net), service, port),
            network_id: NetworkId(net),
            service: service.into(),
            container_port: port,
            ip: None,
            routable: running,
            running,
            origin: origin(service),
        }
    }

    #[test]
    fn ports_go_to_holders_first_and_never_to_a_container_that_never_started() {
        let cfg = RouterConfig::default();
        assert_eq!(cfg.limits.ports_per_repo, 4);
        let mut prev = Allocations::default();
        prev.tcp.insert("2816/z/9".into(), 10003);
        let requests = vec![
            req(2816, "a", 1, true),
            req(2816, "b", 2, true),
            req(2816, "c", 3, true),
            req(2816, "d", 4, true),
            req(2816, "z", 9, true),
            req(2816, "idle", 5, false),
            req(2880, "v", 80, true),
        ];
        let (wanted, refused) = ports(&cfg, &requests, &prev);
        // The holder keeps its port; three newcomers fit; the fourth is refused.
        for k in ["2816/z/9", "2816/a/1", "2816/b/2", "2816/c/3", "2880/v/80"] {
            assert!(wanted.contains(k), "{k}: {wanted:?}");
        }
        assert!(refused["2816/d/4"].contains("has its 4 dynamic ports"));
        assert!(refused["2816/idle/5"].contains("not running"));
        assert!(!wanted.contains("2816/idle/5"));
    }
}
