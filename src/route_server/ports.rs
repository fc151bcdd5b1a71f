//! Dynamic TCP ports: each port a container lists in `rediacc.tcp_ports` gets a public port
//! from the dynamic range (10000–10010 by default), stable for as long as the container exists
//! and across route-server restarts (persisted in `<state_dir>/ports.json`).
//!
//! [`allocate`] is pure; [`load`]/[`save`] do the file I/O.

use crate::contract::NetworkId;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

/// The key of one allocation: `<network id>/<service>/<container port>`. The service name (not
/// the container id) keeps the allocation when a container is recreated.
pub fn key(network_id: NetworkId, service: &str, port: u16) -> String {
    format!("{network_id}/{service}/{port}")
}

pub fn key_network(key: &str) -> Option<NetworkId> {
    key.split('/').next()?.parse().ok()
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocations {
    /// key → public port.
    pub tcp: BTreeMap<String, u16>,
}

/// Keys that asked for a port but found the range full.
pub type Exhausted = Vec<String>;

/// Allocate ports for `wanted` keys. Existing allocations of wanted keys stay; allocations of
/// keys in `keep` (their daemon is not listed right now, so we cannot tell whether the
/// container is still there) stay too; every other allocation is freed. New keys take the
/// lowest free port, in key order, so the result does not depend on discovery order.
pub fn allocate(
    prev: &Allocations,
    wanted: &BTreeSet<String>,
    keep: impl Fn(&str) -> bool,
    range: RangeInclusive<u16>,
) -> (Allocations, Exhausted) {
    let mut next = Allocations::default();
    for (k, p) in &prev.tcp {
        if (wanted.contains(k) || keep(k)) && range.contains(p) {
            next.tcp.insert(k.clone(), *p);
        }
    }
    let mut used: BTreeSet<u16> = next.tcp.values().copied().collect();
    let mut exhausted = Vec::new();
    for k in wanted {
        if next.tcp.contains_key(k) {
            continue;
        }
        match range.clone().find(|p| !used.contains(p)) {
            Some(p) => {
                used.insert(p);
                next.tcp.insert(k.clone(), p);
            }
            None => exhausted.push(k.clone()),
        }
    }
    (next, exhausted)
}

pub fn state_file(state_dir: &Path) -> PathBuf {
    state_dir.join("ports.json")
}

pub fn load(state_dir: &Path) -> Result<Allocations> {
    super::state_file::load(&state_file(state_dir), "port allocations")
}

pub fn save(state_dir: &Path, v: &Allocations) -> Result<()> {
    super::state_file::save(&state_file(state_dir), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn stable_and_freed() {
        let r = 10000..=10002;
        let (a, ex) = allocate(
            &Allocations::default(),
            &set(&["2816/db/5432", "2880/db/5432"]),
            |_| false,
            r.clone(),
        );
        assert!(ex.is_empty());
        assert_eq!(a.tcp["2816/db/5432"], 10000);
        assert_eq!(a.tcp["2880/db/5432"], 10001);
        // A new key does not move existing ones, even if it sorts first.
        let (b, _) = allocate(
            &a,
            &set(&["2816/db/5432", "2880/db/5432", "2816/aaa/1"]),
            |_| false,
            r.clone(),
        );
        assert_eq!(b.tcp["2816/db/5432"], 10000);
        assert_eq!(b.tcp["2816/aaa/1"], 10002);
        // Gone → freed; kept → stays.
        let (c, _) = allocate(
            &b,
            &set(&["2880/db/5432"]),
            |k| k.starts_with("2816/aaa"),
            r.clone(),
        );
        assert_eq!(c.tcp.len(), 2);
        assert!(!c.tcp.contains_key("2816/db/5432"));
        // Exhaustion is reported, nothing else moves.
        let (d, ex) = allocate(
            &c,
            &set(&["2880/db/5432", "9/x/1", "9/y/1"]),
            |k| k.starts_with("2816/aaa"),
            r,
        );
        assert_eq!(ex, vec!["9/y/1".to_string()]);
        assert_eq!(d.tcp["9/x/1"], 10000);
        assert_eq!(d.tcp["2880/db/5432"], 10001);
    }

    #[test]
    fn persisted() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), Allocations::default());
        let (a, _) = allocate(
            &Allocations::default(),
            &set(&["1/a/1"]),
            |_| false,
            10000..=10010,
        );
        save(dir.path(), &a).unwrap();
        assert_eq!(load(dir.path()).unwrap(), a);
        std::fs::write(state_file(dir.path()), "{not json").unwrap();
        assert_eq!(load(dir.path()).unwrap(), Allocations::default());
        assert!(dir.path().join("ports.json.corrupt").exists());
    }
}
