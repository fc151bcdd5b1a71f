//! The host names a route report (`/routes.json`) routes: every `Host()` of its HTTP routers and
//! every `HostSNI()` of its TCP routers, from the rule parser. Rules that match any host (a
//! `PathPrefix` alone, `HostRegexp`, `HostSNI(`*`)`) name none. What `rdc context dns` puts in
//! DNS for the machine.

use std::collections::BTreeSet;

use serde_json::Value;

use super::rules::{Hosts, Kind, hosts_of};

/// The literal hosts routed by `report`, lowercased.
pub fn routed(report: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (section, kind) in [("http", Kind::Http), ("tcp", Kind::Tcp)] {
        for r in report[section].as_array().into_iter().flatten() {
            if let Some(rule) = r["rule"].as_str()
                && let Ok(Hosts::Only(h)) = hosts_of(rule, kind)
            {
                out.extend(h.into_iter().filter(|h| !h.contains('*')));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_http_and_tcp_routers() {
        let report = serde_json::json!({
            "http": [
                {"rule": "Host(`App.example.com`) && PathPrefix(`/api`)"},
                {"rule": "Host(`a.example.org`) || Host(`b.example.org`)"},
                {"rule": "PathPrefix(`/`)"},
                {"rule": "not a rule ("},
            ],
            "tcp": [
                {"rule": "HostSNI(`db.example.org`)"},
                {"rule": "HostSNI(`*`)"},
            ],
            "udp": [{"rule": null}],
        });
        let got: Vec<String> = routed(&report).into_iter().collect();
        assert_eq!(
            got,
            [
                "a.example.org",
                "app.example.com",
                "b.example.org",
                "db.example.org"
            ]
        );
    }
}
