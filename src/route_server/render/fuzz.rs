//! One fuzz case: containers described as text, rendered, and the output checked. Used by the
//! `cargo fuzz` targets (`fuzz/`, nightly) and by a long property run on stable
//! (`scripts/bench/fuzz.sh`).
//!
//! Format, one item per line: `key=value` adds a label to the current container; `---` starts a
//! new container; `@N` moves to the daemon of network `2816 + 64·(N mod 4)`; `!stopped` and
//! `!starting` change the container's state.

use crate::contract::NetworkId;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Conf, DaemonView, State, guard, render, to_yaml};
use crate::route_server::config::{RepoDecl, RouterConfig};
use crate::route_server::model::Container;

/// Render the containers `text` describes; an error describes a broken invariant.
pub fn fuzz_one(text: &str) -> Result<(), String> {
    let mut daemons: BTreeMap<NetworkId, Vec<Arc<Container>>> = BTreeMap::new();
    let mut net = NetworkId(2816);
    let mut labels = BTreeMap::new();
    let mut state = "running";
    let mut health = None;
    let mut n = 0;
    let mut flush = |net: NetworkId,
                     labels: &mut BTreeMap<String, String>,
                     state: &str,
                     health: &mut Option<String>,
                     n: &mut usize| {
        *n += 1;
        let c = Container::new(
            format!("{:012}", *n),
            format!("c{n}"),
            std::mem::take(labels),
            state,
            health.take(),
            *n as i64,
        );
        daemons.entry(net).or_default().push(Arc::new(c));
    };
    for line in text.lines() {
        if line == "---" {
            flush(net, &mut labels, state, &mut health, &mut n);
            state = "running";
        } else if let Some(x) = line.strip_prefix('@') {
            flush(net, &mut labels, state, &mut health, &mut n);
            net = NetworkId(2816 + 64 * (x.bytes().map(u32::from).sum::<u32>() % 4));
        } else if line == "!stopped" {
            state = "exited";
        } else if line == "!starting" {
            health = Some("starting".into());
        } else if let Some((k, v)) = line.split_once('=') {
            labels.insert(k.to_string(), v.to_string());
        }
    }
    flush(net, &mut labels, state, &mut health, &mut n);
    let cfg = RouterConfig {
        base_domain: Some("example.com".into()),
        cert_resolver: Some("letsencrypt".into()),
        ipv6: true,
        udp_ports: vec![53],
        repositories: vec![RepoDecl {
            network_id: NetworkId(2880),
            name: "declared".into(),
            domains: vec!["app.example.com".into(), "*.shop.example.com".into()],
            max_resources: None,
            max_ports: None,
        }],
        ..RouterConfig::default()
    };
    let views: Vec<DaemonView> = daemons
        .iter()
        .map(|(net, cs)| DaemonView {
            network_id: *net,
            socket: format!("/s/{net}"),
            listed: true,
            containers: cs,
        })
        .collect();
    let out = render(&cfg, &views, &State::default(), 1_000_000);
    let whole = Conf::from_root(out.config.as_object().cloned().unwrap_or_default());
    guard::check_conf(&whole).map_err(|e| format!("the published body fails the guard: {e}"))?;
    let yaml = to_yaml(&out.config);
    let back: serde_json::Value =
        serde_saphyr::from_str(&yaml).map_err(|e| format!("YAML does not parse back: {e}"))?;
    if back != out.config {
        return Err("YAML round trip differs".into());
    }
    let again = render(&cfg, &views, &State::default(), 1_000_000);
    if to_yaml(&again.config) != yaml {
        return Err("the same input rendered twice differs".into());
    }
    Ok(())
}
