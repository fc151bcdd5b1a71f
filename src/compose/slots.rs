//! `.rediacc.json`: each service of a repository keeps a slot, and its loopback address is
//! `base + slot + 2` in the repository's /26 (slots 0–60: 61 services at most).
//!
//! Slots are stable: a service keeps its slot for as long as it is listed, new services take the
//! lowest free slot (in name order, so the result does not depend on file order), and services
//! no longer in any compose file keep theirs (their address may still be in use somewhere).

use crate::contract::NetworkId;
use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::error::usage;

pub const FILE: &str = ".rediacc.json";
/// Slots per repository (the contract's [`NetworkId::SLOTS`]).
pub const MAX_SLOTS: u32 = NetworkId::SLOTS;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slots {
    #[serde(default)]
    pub services: BTreeMap<String, Slot>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub slot: u32,
}

impl Slots {
    pub fn load(repo: &Path) -> Result<Slots> {
        let p = repo.join(FILE);
        // Never through a symlink: the repository's content is not trusted.
        let b = crate::contract::fs::Beneath::open(repo)?;
        let s: Slots = match b
            .read(Path::new(FILE))
            .with_context(|| format!("reading {}", p.display()))?
        {
            Some(t) => serde_json::from_slice(&t).map_err(|e| {
                usage(format!(
                    "{} is not valid ({e}); fix or remove it (slots are rebuilt, but addresses may change)",
                    p.display()
                ))
            })?,
            None => Slots::default(),
        };
        // A slot outside 0-60 would give an address outside the repository's /26.
        if let Some((n, sl)) = s.services.iter().find(|(_, sl)| sl.slot >= MAX_SLOTS) {
            return Err(usage(format!(
                "{}: service {n} has slot {} (slots are 0-{}); fix it or remove the entry (rdc repo up gives it a free slot)",
                p.display(),
                sl.slot,
                MAX_SLOTS - 1
            )));
        }
        Ok(s)
    }

    pub fn save(&self, repo: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)? + "\n";
        crate::contract::fs::Beneath::open(repo)?.write(Path::new(FILE), text.as_bytes(), 0o644)
    }

    /// Give every service in `names` a slot, keeping existing ones.
    pub fn refresh(&mut self, names: &BTreeSet<String>) -> Result<Vec<String>> {
        for (n, s) in &self.services {
            if s.slot >= MAX_SLOTS {
                return Err(usage(format!(
                    "{FILE}: service {n} has slot {} (slots are 0-{})",
                    s.slot,
                    MAX_SLOTS - 1
                )));
            }
        }
        let mut used: BTreeSet<u32> = self.services.values().map(|s| s.slot).collect();
        let mut added = Vec::new();
        for n in names {
            if self.services.contains_key(n) {
                continue;
            }
            let slot = (0..MAX_SLOTS).find(|s| !used.contains(s)).ok_or_else(|| {
                usage(format!(
                    "no free slot for service {n}: a repository holds at most {MAX_SLOTS} services"
                ))
            })?;
            used.insert(slot);
            self.services.insert(n.clone(), Slot { slot });
            added.push(n.clone());
        }
        Ok(added)
    }

    pub fn ip(&self, network_id: NetworkId, service: &str) -> Option<Ipv4Addr> {
        self.services
            .get(service)
            .map(|s| slot_ip(network_id, s.slot))
    }

    /// `{SERVICE}_IP` variables: upper case, `-` and `.` become `_`.
    pub fn env(&self, network_id: NetworkId) -> Vec<(String, String)> {
        self.services
            .iter()
            .map(|(n, s)| (env_name(n), slot_ip(network_id, s.slot).to_string()))
            .collect()
    }
}

pub fn slot_ip(network_id: NetworkId, slot: u32) -> Ipv4Addr {
    network_id.slot_ip(slot)
}

pub fn env_name(service: &str) -> String {
    let mut s: String = service
        .to_ascii_uppercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    s.push_str("_IP");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn stable_slots() {
        let mut s = Slots::default();
        assert_eq!(
            s.refresh(&names(&["webapp", "postgres"])).unwrap(),
            vec!["postgres", "webapp"]
        );
        assert_eq!(s.services["postgres"].slot, 0);
        assert_eq!(s.services["webapp"].slot, 1);
        // A new service sorting first does not move anyone; a removed one keeps its slot.
        s.refresh(&names(&["aaa", "webapp"])).unwrap();
        assert_eq!(s.services["aaa"].slot, 2);
        assert_eq!(s.services["postgres"].slot, 0);
        assert_eq!(
            s.ip(crate::contract::NetworkId(2816), "webapp"),
            Some("127.0.11.3".parse().unwrap())
        );
        assert_eq!(
            s.ip(crate::contract::NetworkId(2880), "postgres"),
            Some("127.0.11.66".parse().unwrap())
        );
        assert_eq!(
            s.env(crate::contract::NetworkId(2816)),
            vec![
                ("AAA_IP".to_string(), "127.0.11.4".to_string()),
                ("POSTGRES_IP".to_string(), "127.0.11.2".to_string()),
                ("WEBAPP_IP".to_string(), "127.0.11.3".to_string()),
            ]
        );
        assert_eq!(env_name("listmonk-app"), "LISTMONK_APP_IP");
    }

    #[test]
    fn a_hand_edited_slot_outside_the_repository_is_refused_on_load() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(
            t.path().join(FILE),
            r#"{"services": {"web": {"slot": 0}, "evil": {"slot": 62}}}"#,
        )
        .unwrap();
        let e = Slots::load(t.path()).unwrap_err().to_string();
        assert!(e.contains("service evil has slot 62"), "{e}");
        std::fs::write(
            t.path().join(FILE),
            r#"{"services": {"web": {"slot": 60}}}"#,
        )
        .unwrap();
        let s = Slots::load(t.path()).unwrap();
        let ip = s.ip(crate::contract::NetworkId(2816), "web").unwrap();
        assert!(crate::contract::NetworkId(2816).holds(ip), "{ip}");
    }

    #[test]
    fn at_most_61() {
        let mut s = Slots::default();
        let many: BTreeSet<String> = (0..61).map(|i| format!("s{i:02}")).collect();
        s.refresh(&many).unwrap();
        assert_eq!(
            s.ip(crate::contract::NetworkId(2816), "s60"),
            Some("127.0.11.62".parse().unwrap())
        );
        let err = s.refresh(&names(&["one-more"])).unwrap_err();
        assert!(format!("{err:#}").contains("at most 61"));
    }
}
