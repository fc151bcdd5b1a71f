//! Traefik's cross-container merge (`provider.Merge`), within one repository: a resource defined
//! identically by several containers is kept once, services that differ only in their servers are
//! merged (replicas), and any other difference removes the resource.

use crate::contract::NetworkId;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::conf::{Conf, Res};
use super::report::{Origin, Skipped};

/// Merge the containers' fragments (in Traefik's order: by `<name>-<id>`, which the caller
/// gives). Returns the configuration and where each resource came from.
pub fn merge(
    net: NetworkId,
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
                let list = origins.entry((r, name.clone())).or_default();
                if !list.contains(o) {
                    list.push(o.clone());
                }
                let merged = out.get_mut(r);
                match merged.get_mut(name) {
                    None => {
                        merged.insert(name.clone(), v.clone());
                    }
                    Some(existing) => {
                        if existing == v || (r.is_service() && merge_servers(existing, v)) {
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
                reason: format!(
                    "defined by several containers with different configurations ({}); Traefik removes it",
                    by.join(", ")
                ),
                changed: false,
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
    let Some(lb) = existing["loadBalancer"].as_object_mut() else {
        return false;
    };
    let servers = lb.entry("servers").or_insert_with(|| Value::Array(vec![]));
    let Some(arr) = servers.as_array_mut() else {
        return false;
    };
    for s in new_servers {
        if !arr.iter().any(|x| key(x) == key(&s)) {
            arr.push(s);
        }
    }
    true
}
