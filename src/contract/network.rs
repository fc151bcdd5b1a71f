//! Network ids: each repository owns a /26 of 127.0.0.0/8. Its id is `2816 + 64·n`, its
//! addresses `127.{id>>16}.{(id>>8)&255}.{id&255}` … +63; a service in slot `s` (0–60) listens on
//! `base + s + 2`.

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

/// A repository's network id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct NetworkId(pub u32);

impl NetworkId {
    pub const FIRST: NetworkId = NetworkId(2816);
    pub const STEP: u32 = 64;
    /// Slots per repository: 0–60 (addresses base+2 … base+62).
    pub const SLOTS: u32 = 61;

    /// A valid id (2816 + 64·n, inside 127.0.0.0/8), or `None`.
    pub fn new(id: u32) -> Option<NetworkId> {
        (id >= Self::FIRST.0 && id.is_multiple_of(Self::STEP) && id <= 0x00FF_FFC0)
            .then_some(NetworkId(id))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn is_valid(self) -> bool {
        NetworkId::new(self.0).is_some()
    }

    /// The first address of the /26.
    pub fn base(self) -> Ipv4Addr {
        let id = self.0;
        Ipv4Addr::new(
            127,
            ((id >> 16) & 255) as u8,
            ((id >> 8) & 255) as u8,
            (id & 255) as u8,
        )
    }

    /// `127.0.11.0/26`.
    pub fn cidr(self) -> String {
        format!("{}/26", self.base())
    }

    /// The address of a service slot (0–60).
    pub fn slot_ip(self, slot: u32) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.base()) + slot + 2)
    }

    /// Whether `ip` is one of the repository's service addresses (base+2 … base+62).
    pub fn holds(self, ip: Ipv4Addr) -> bool {
        let base = u32::from(self.base());
        let v = u32::from(ip);
        v >= base + 2 && v <= base + 62
    }

    /// The lowest valid id not in `used`.
    pub fn next_free(used: impl IntoIterator<Item = NetworkId>) -> NetworkId {
        let used: std::collections::BTreeSet<NetworkId> = used.into_iter().collect();
        (0..)
            .map(|n| NetworkId(Self::FIRST.0 + n * Self::STEP))
            .find(|id| !used.contains(id))
            .expect("ids are plenty")
    }
}

impl fmt::Display for NetworkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for NetworkId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        s.trim()
            .parse::<u32>()
            .ok()
            .and_then(NetworkId::new)
            .ok_or_else(|| format!("{s:?} is not a valid network id (2816 + 64·n)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let a = NetworkId(2816);
        assert_eq!(a.base(), Ipv4Addr::new(127, 0, 11, 0));
        assert_eq!(NetworkId(2880).base(), Ipv4Addr::new(127, 0, 11, 64));
        assert_eq!(NetworkId(6336).base(), Ipv4Addr::new(127, 0, 24, 192));
        assert_eq!(a.cidr(), "127.0.11.0/26");
        assert_eq!(a.slot_ip(0), Ipv4Addr::new(127, 0, 11, 2));
        assert_eq!(a.slot_ip(60), Ipv4Addr::new(127, 0, 11, 62));
        assert!(a.holds("127.0.11.2".parse().unwrap()));
        assert!(a.holds("127.0.11.62".parse().unwrap()));
        for out in ["127.0.11.1", "127.0.11.63", "127.0.11.66"] {
            assert!(!a.holds(out.parse().unwrap()), "{out}");
        }
    }

    #[test]
    fn validity_and_allocation() {
        assert!(NetworkId::new(2816).is_some() && NetworkId::new(2880).is_some());
        for bad in [2817, 0, 2752, 0x0100_0000] {
            assert!(NetworkId::new(bad).is_none(), "{bad}");
        }
        assert_eq!(NetworkId::next_free([]), NetworkId(2816));
        assert_eq!(
            NetworkId::next_free([NetworkId(2816), NetworkId(2944)]),
            NetworkId(2880)
        );
        assert_eq!("2880".parse::<NetworkId>(), Ok(NetworkId(2880)));
        assert!("2817".parse::<NetworkId>().is_err());
    }
}
