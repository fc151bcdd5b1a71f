//! The server's own view of its routes, for `repo list --live` and `repo ps`: the route server's
//! `/routes.json`, fetched on the server at the address its router.toml names.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::contract::NetworkId;
use crate::contract::paths::ServerPaths;
use crate::contract::router::RouterConfig;

/// `/routes.json` of the route server of the machine installed under `prefix`; None when there is
/// no router.toml or the route server does not answer within two seconds.
pub(crate) fn fetch(prefix: &str) -> Option<Value> {
    let toml = std::fs::read_to_string(Path::new(&ServerPaths::new(prefix).router_toml())).ok()?;
    let cfg = RouterConfig::parse(&toml).ok()?;
    let url = format!("http://{}/routes.json", cfg.listen);
    let rt = crate::runtime::get().ok()?;
    rt.block_on(async {
        let c = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .no_proxy()
            .build()
            .ok()?;
        let r = c.get(&url).send().await.ok()?;
        if !r.status().is_success() {
            return None;
        }
        let body = r.bytes().await.ok()?;
        serde_json::from_slice(&body).ok()
    })
}

/// Whether the route server of the machine under `prefix` answers `/health` with 200 (None: no
/// router.toml there).
pub(crate) fn healthy(prefix: &str) -> Option<bool> {
    let toml = std::fs::read_to_string(Path::new(&ServerPaths::new(prefix).router_toml())).ok()?;
    let Ok(cfg) = RouterConfig::parse(&toml) else {
        return Some(false);
    };
    let url = format!("http://{}/health", cfg.listen);
    let rt = crate::runtime::get().ok()?;
    Some(rt.block_on(async {
        let Ok(c) = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .no_proxy()
            .build()
        else {
            return false;
        };
        c.get(&url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    }))
}

/// What the route server left out of (or changed in) repository `net`, as `not routed|changed:
/// container: what: reason` lines,
/// once it has seen every container in `ids` (short or full ids), at most `wait`. None when the
/// route server does not answer.
pub(crate) fn skipped_for(
    prefix: &str,
    net: NetworkId,
    ids: &[String],
    wait: Duration,
) -> Option<Vec<String>> {
    let deadline = std::time::Instant::now() + wait;
    loop {
        let report = fetch(prefix)?;
        let seen = |id: &str| {
            let hit = |o: &Value| {
                o["container_id"]
                    .as_str()
                    .is_some_and(|c| !c.is_empty() && (id.starts_with(c) || c.starts_with(id)))
            };
            ["http", "tcp", "udp"].iter().any(|p| {
                report[*p]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|r| r["origin"].as_array().into_iter().flatten().any(hit))
            }) || report["skipped"].as_array().into_iter().flatten().any(hit)
        };
        if ids.iter().all(|i| seen(i)) || std::time::Instant::now() >= deadline {
            let mine = report["skipped"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["network_id"].as_u64() == Some(u64::from(net.get())))
                .map(|s| {
                    format!(
                        "{}: {}: {}: {}",
                        if s["changed"].as_bool() == Some(true) {
                            "changed"
                        } else {
                            "not routed"
                        },
                        s["container"].as_str().unwrap_or("-"),
                        s["what"].as_str().unwrap_or("-"),
                        s["reason"].as_str().unwrap_or("-")
                    )
                })
                .collect();
            return Some(mine);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Routers of each repository (HTTP, TCP and UDP together).
pub(crate) fn count_by_network(report: &Value) -> BTreeMap<NetworkId, usize> {
    let mut out = BTreeMap::new();
    for proto in ["http", "tcp", "udp"] {
        for r in report[proto].as_array().into_iter().flatten() {
            if let Some(id) = r["network_id"].as_u64() {
                *out.entry(NetworkId(id as u32)).or_insert(0) += 1;
            }
        }
    }
    out
}

/// The routers of one repository's container (by its full id; `/routes.json` names the short
/// id), as `proto rule` lines.
pub(crate) fn of_container(report: &Value, container_id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for proto in ["http", "tcp", "udp"] {
        for r in report[proto].as_array().into_iter().flatten() {
            let mine = r["origin"].as_array().into_iter().flatten().any(|o| {
                o["container_id"]
                    .as_str()
                    .is_some_and(|c| !c.is_empty() && container_id.starts_with(c))
            });
            if mine {
                let eps = r["entrypoints"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(",");
                // TCP and UDP routes say their entrypoint: it is the public port (a dynamic
                // port from `rediacc.tcp_ports` is `tcp-10003`).
                let what = match (proto, r["rule"].as_str()) {
                    ("http", Some(rule)) => rule.to_string(),
                    (_, Some(rule)) if !eps.is_empty() => format!("{rule} on {eps}"),
                    (_, Some(rule)) => rule.to_string(),
                    (_, None) => format!("{} on {eps}", r["name"].as_str().unwrap_or("?")),
                };
                out.push(format!("{proto} {what}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_container_routes() {
        let v: Value = serde_json::json!({
            "http": [
                {"name": "a", "rule": "Host(`a.example.com`)", "network_id": 2816,
                 "origin": [{"container_id": "c1"}]},
                {"name": "b", "rule": "Host(`b.example.com`)", "network_id": 2880,
                 "origin": [{"container_id": "c2"}]}
            ],
            "tcp": [{"name": "t", "rule": "HostSNI(`*`)", "network_id": 2816,
                     "entrypoints": ["tcp-10003"],
                     "origin": [{"container_id": "c1"}]}],
            "udp": [{"name": "u", "entrypoints": ["udp-53"], "network_id": 2816,
                     "origin": [{"container_id": "c3"}]}]
        });
        let c = count_by_network(&v);
        assert_eq!(c[&NetworkId(2816)], 3);
        assert_eq!(c[&NetworkId(2880)], 1);
        assert_eq!(
            of_container(&v, "c1f00"),
            vec![
                "http Host(`a.example.com`)",
                "tcp HostSNI(`*`) on tcp-10003"
            ]
        );
        assert_eq!(of_container(&v, "c3f00"), vec!["udp u on udp-53"]);
        assert!(of_container(&v, "c9").is_empty());
    }
}
