//! Who owns what: the host names, exclusive TCP entrypoints and UDP entrypoints each repository
//! has routed, kept across route-server restarts in `<state_dir>/claims.json` so that ownership
//! is stable (a later claim from another repository is refused, whatever its network id).
//!
//! An owner keeps a name while its routes claim it, and for `claim_hold_secs` after they stop
//! (a container being recreated must not lose its site to whoever asks in between). The
//! rules that decide between claimants are in `render::claims`; this file is the state and its
//! file I/O ([`load`]/[`save`]).

use crate::contract::NetworkId;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

/// One owned thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub network_id: NetworkId,
    /// When it became the owner (seconds since the epoch).
    pub since: u64,
    /// When its last route claiming it went away; `None` while it is routed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<u64>,
}

/// Every owned thing, by claim key (`host:shop.example.com`, `entrypoint:tcp-5432`,
/// `udp:udp-53`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owners {
    pub owners: BTreeMap<String, Owner>,
}

pub fn state_file(state_dir: &Path) -> PathBuf {
    state_dir.join("claims.json")
}

pub fn load(state_dir: &Path) -> Result<Owners> {
    super::state_file::load(&state_file(state_dir), "host ownership")
}

pub fn save(state_dir: &Path, v: &Owners) -> Result<()> {
    super::state_file::save(&state_file(state_dir), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persisted() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), Owners::default());
        let mut o = Owners::default();
        o.owners.insert(
            "host:a.example.com".into(),
            Owner {
                network_id: crate::contract::NetworkId(2880),
                since: 5,
                released: None,
            },
        );
        save(dir.path(), &o).unwrap();
        assert_eq!(load(dir.path()).unwrap(), o);
        std::fs::write(state_file(dir.path()), "{").unwrap();
        assert_eq!(load(dir.path()).unwrap(), Owners::default());
        assert!(dir.path().join("claims.json.corrupt").exists());
    }
}
