//! The operator's declarations (router.toml `[[repositories]]`): which repository a host name is
//! declared for, and the names to show for network ids.

use std::collections::BTreeMap;

use crate::contract::NetworkId;
use crate::contract::hostname::Pattern;
use crate::route_server::config::RouterConfig;

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
    pub fn owner_of(&self, name: &str) -> Option<(NetworkId, &Pattern)> {
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

    pub fn of_repo(&self, net: NetworkId) -> &[Pattern] {
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
