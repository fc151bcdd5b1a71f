//! Which DNS records a machine needs, and what to do about the records a zone has: pure, so
//! every rule is unit-tested.
//!
//! Wanted: A (public IPv4) and AAAA (public IPv6) for the base domain and `*.{base}`, and for
//! every custom host the machine routes that those two do not already cover (a wildcard covers
//! exactly one label). rdc marks what it creates with a comment naming the machine
//! ([`marker`]). For each wanted name and type:
//! - a record with the wanted address exists: unchanged (whoever made it);
//! - else a record rdc made for this machine exists: updated to the address;
//! - else a record made by someone else exists (another address, or a CNAME at that name):
//!   reported and left alone: adding ours beside it would split the traffic;
//! - else created.
//!
//! Records rdc made for this machine that are no longer wanted (an unset IPv6, a host no longer
//! routed, a duplicate) are deleted; nothing rdc did not make is ever deleted or changed.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

/// The comment rdc puts on the records it makes for `machine` (Cloudflare keeps up to 100
/// characters).
pub(crate) fn marker(machine: &str) -> String {
    let mut s = format!("managed by rdc for machine {machine}");
    s.truncate(100);
    s
}

/// A DNS record type, spelled as DNS spells it.
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) enum Kind {
    A,
    AAAA,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::A => "A",
            Kind::AAAA => "AAAA",
        }
    }
}

/// A record the machine needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct Want {
    pub name: String,
    pub kind: Kind,
    pub content: String,
}

/// A record as the zone has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Existing {
    pub id: String,
    /// `A`, `AAAA`, `CNAME`, …
    pub kind: String,
    pub name: String,
    pub content: String,
    pub comment: Option<String>,
}

/// The records wanted, and the hosts left out because the base records cover them.
pub(crate) fn wanted(
    base: Option<&str>,
    v4: Option<Ipv4Addr>,
    v6: Option<Ipv6Addr>,
    hosts: &BTreeSet<String>,
) -> (Vec<Want>, Vec<String>) {
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut covered = Vec::new();
    let base = base.map(|b| b.trim_end_matches('.').to_ascii_lowercase());
    if let Some(b) = &base {
        names.insert(b.clone());
        names.insert(format!("*.{b}"));
    }
    for h in hosts {
        let h = h.trim_end_matches('.').to_ascii_lowercase();
        if h.is_empty() {
            continue;
        }
        if let Some(b) = &base
            && (h == *b || is_one_label_below(&h, b))
        {
            covered.push(h);
            continue;
        }
        names.insert(h);
    }
    let mut out = Vec::new();
    for n in names {
        if let Some(ip) = v4 {
            out.push(Want {
                name: n.clone(),
                kind: Kind::A,
                content: ip.to_string(),
            });
        }
        if let Some(ip) = v6 {
            out.push(Want {
                name: n.clone(),
                kind: Kind::AAAA,
                content: ip.to_string(),
            });
        }
    }
    (out, covered)
}

/// `h` is `x.{base}` with `x` one label (what `*.{base}` answers for).
fn is_one_label_below(h: &str, base: &str) -> bool {
    h.strip_suffix(base)
        .and_then(|p| p.strip_suffix('.'))
        .is_some_and(|label| !label.is_empty() && !label.contains('.') && label != "*")
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub(crate) enum Step {
    Create {
        want: Want,
    },
    Update {
        id: String,
        want: Want,
        old: String,
    },
    Unchanged {
        want: Want,
    },
    /// Someone else's record at a wanted name: reported, left alone.
    Foreign {
        want: Want,
        found: Existing,
    },
    /// A record rdc made for this machine that is no longer wanted.
    Delete {
        record: Existing,
    },
}

impl Step {
    pub(crate) fn changes(&self) -> bool {
        matches!(
            self,
            Step::Create { .. } | Step::Update { .. } | Step::Delete { .. }
        )
    }

    /// One line of the plan.
    pub(crate) fn line(&self) -> String {
        match self {
            Step::Create { want } => format!(
                "  create     {} {} {}",
                want.kind.name(),
                want.name,
                want.content
            ),
            Step::Update { want, old, .. } => format!(
                "  update     {} {} {old} -> {}",
                want.kind.name(),
                want.name,
                want.content
            ),
            Step::Unchanged { want } => format!(
                "  unchanged  {} {} {}",
                want.kind.name(),
                want.name,
                want.content
            ),
            Step::Foreign { want, found } => match found
                .comment
                .as_deref()
                .and_then(|c| c.strip_prefix("managed by rdc for machine "))
            {
                Some(other) => format!(
                    "  left alone {} {} points to {} (rdc made it for machine {other}); this machine needs {}: when the name moved here from {other}, take it over with --take-over {other}",
                    found.kind, found.name, found.content, want.content
                ),
                None => format!(
                    "  left alone {} {} points to {} ({} {}, not created by rdc); this machine needs {}: change or delete that record in Cloudflare, then re-run",
                    found.kind,
                    found.name,
                    found.content,
                    found.kind,
                    found
                        .comment
                        .as_deref()
                        .map(|c| format!("comment {c:?}"))
                        .unwrap_or_else(|| "no comment".into()),
                    want.content
                ),
            },
            Step::Delete { record } => format!(
                "  delete     {} {} {}  (rdc made it for this machine; no longer needed)",
                record.kind, record.name, record.content
            ),
        }
    }
}

/// The steps for `wants`, given every record of the zone(s) at the names involved. Records rdc
/// made for a machine of `take_over` (a repository moved from there) at a name this machine
/// wants become this machine's (updated, marked for it); others of theirs are never touched.
pub(crate) fn plan(
    machine: &str,
    take_over: &[String],
    wants: &[Want],
    existing: &[Existing],
) -> Vec<Step> {
    let mark = marker(machine);
    let ours = |e: &Existing| e.comment.as_deref() == Some(mark.as_str());
    let theirs: Vec<String> = take_over.iter().map(|m| marker(m)).collect();
    let taken = |e: &Existing| {
        e.comment
            .as_deref()
            .is_some_and(|c| theirs.iter().any(|t| t == c))
    };
    let norm = |s: &str| s.trim_end_matches('.').to_ascii_lowercase();
    let mut by_name: BTreeMap<String, Vec<&Existing>> = BTreeMap::new();
    for e in existing {
        by_name.entry(norm(&e.name)).or_default().push(e);
    }
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut steps = Vec::new();
    for w in wants {
        let at = by_name.get(&w.name).cloned().unwrap_or_default();
        if let Some(c) = at.iter().find(|e| e.kind == "CNAME") {
            steps.push(Step::Foreign {
                want: w.clone(),
                found: (*c).clone(),
            });
            continue;
        }
        let same: Vec<&&Existing> = at.iter().filter(|e| e.kind == w.kind.name()).collect();
        // Taken over: marked for this machine from now on (even when the address is the same).
        if let Some(e) = same
            .iter()
            .find(|e| taken(e) && !used.contains(e.id.as_str()))
        {
            used.insert(&e.id);
            steps.push(Step::Update {
                id: e.id.clone(),
                want: w.clone(),
                old: e.content.clone(),
            });
            continue;
        }
        if let Some(e) = same.iter().find(|e| same_address(&e.content, &w.content)) {
            used.insert(&e.id);
            steps.push(Step::Unchanged { want: w.clone() });
            continue;
        }
        if let Some(e) = same
            .iter()
            .find(|e| ours(e) && !used.contains(e.id.as_str()))
        {
            used.insert(&e.id);
            steps.push(Step::Update {
                id: e.id.clone(),
                want: w.clone(),
                old: e.content.clone(),
            });
            continue;
        }
        if let Some(e) = same.iter().find(|e| !ours(e)) {
            steps.push(Step::Foreign {
                want: w.clone(),
                found: (**e).clone(),
            });
            continue;
        }
        steps.push(Step::Create { want: w.clone() });
    }
    for e in existing {
        if ours(e) && !used.contains(e.id.as_str()) && matches!(e.kind.as_str(), "A" | "AAAA") {
            steps.push(Step::Delete { record: e.clone() });
        }
    }
    steps
}

/// Addresses compare as addresses (`2001:db8::1` is `2001:0db8:0:0::1`).
fn same_address(a: &str, b: &str) -> bool {
    match (a.parse::<std::net::IpAddr>(), b.parse::<std::net::IpAddr>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn rec(id: &str, kind: &str, name: &str, content: &str, ours: bool) -> Existing {
        Existing {
            id: id.into(),
            kind: kind.into(),
            name: name.into(),
            content: content.into(),
            comment: ours.then(|| marker("s1")),
        }
    }

    #[test]
    fn base_wildcard_and_uncovered_hosts_are_wanted() {
        let (w, covered) = wanted(
            Some("Example.com."),
            Some("203.0.113.5".parse().unwrap()),
            Some("2001:db8::5".parse().unwrap()),
            &hosts(&[
                "app.example.com",
                "a.b.example.com",
                "shop.other.org",
                "example.com",
            ]),
        );
        let names: Vec<String> = w
            .iter()
            .map(|w| format!("{} {}", w.kind.name(), w.name))
            .collect();
        assert_eq!(
            names,
            [
                "A *.example.com",
                "AAAA *.example.com",
                "A a.b.example.com",
                "AAAA a.b.example.com",
                "A example.com",
                "AAAA example.com",
                "A shop.other.org",
                "AAAA shop.other.org"
            ]
        );
        assert_eq!(covered, ["app.example.com", "example.com"]);
        let (w, _) = wanted(Some("example.com"), None, None, &hosts(&[]));
        assert!(w.is_empty());
    }

    #[test]
    fn existing_records_are_kept_updated_reported_or_deleted() {
        let wants = vec![
            Want {
                name: "example.com".into(),
                kind: Kind::A,
                content: "203.0.113.9".into(),
            },
            Want {
                name: "*.example.com".into(),
                kind: Kind::A,
                content: "203.0.113.9".into(),
            },
            Want {
                name: "www.example.org".into(),
                kind: Kind::A,
                content: "203.0.113.9".into(),
            },
            Want {
                name: "api.example.org".into(),
                kind: Kind::A,
                content: "203.0.113.9".into(),
            },
            Want {
                name: "new.example.org".into(),
                kind: Kind::AAAA,
                content: "2001:db8::9".into(),
            },
        ];
        let existing = vec![
            // Made by hand with the right address: left as it is.
            rec("1", "A", "example.com", "203.0.113.9", false),
            // Ours with the old address: updated.
            rec("2", "A", "*.example.com", "203.0.113.1", true),
            // Someone else's: reported, left alone.
            rec("3", "A", "www.example.org", "198.51.100.7", false),
            rec(
                "4",
                "CNAME",
                "api.example.org",
                "elsewhere.example.net",
                false,
            ),
            // Ours, no longer wanted: deleted.
            rec("5", "AAAA", "example.com", "2001:db8::1", true),
            // Another machine's: never touched.
            Existing {
                comment: Some(marker("s2")),
                ..rec("6", "A", "old.example.org", "203.0.113.2", false)
            },
        ];
        let steps = plan("s1", &[], &wants, &existing);
        assert!(matches!(&steps[0], Step::Unchanged { .. }));
        assert!(
            matches!(&steps[1], Step::Update { id, old, .. } if id == "2" && old == "203.0.113.1")
        );
        assert!(matches!(&steps[2], Step::Foreign { found, .. } if found.id == "3"));
        assert!(matches!(&steps[3], Step::Foreign { found, .. } if found.kind == "CNAME"));
        assert!(matches!(&steps[4], Step::Create { .. }));
        assert!(matches!(&steps[5], Step::Delete { record } if record.id == "5"));
        assert_eq!(steps.len(), 6);
        assert!(
            steps[2].line().contains("points to 198.51.100.7")
                && steps[2].line().contains("left alone")
        );
    }

    #[test]
    fn a_moved_repositorys_records_are_taken_over_and_nothing_else() {
        let want = |name: &str| Want {
            name: name.into(),
            kind: Kind::A,
            content: "203.0.113.9".into(),
        };
        let wants = vec![want("app.example.org"), want("same.example.org")];
        let from = |id: &str, m: &str, name: &str, ip: &str| Existing {
            comment: Some(marker(m)),
            ..rec(id, "A", name, ip, false)
        };
        let existing = vec![
            // Made for s2, which the repository left: updated and marked for s1.
            from("1", "s2", "app.example.org", "198.51.100.2"),
            // Same address, s2's mark: marked for s1 (else s2's next run would delete it).
            from("2", "s2", "same.example.org", "203.0.113.9"),
            // s2's record at a name s1 does not want: never touched.
            from("3", "s2", "s2.example.org", "198.51.100.2"),
            // s3's (not taken over): at a wanted name it stays someone else's.
        ];
        let steps = plan("s1", &["s2".to_string()], &wants, &existing);
        assert!(
            matches!(&steps[0], Step::Update { id, old, .. } if id == "1" && old == "198.51.100.2")
        );
        assert!(matches!(&steps[1], Step::Update { id, .. } if id == "2"));
        assert_eq!(steps.len(), 2, "{steps:?}");
        // Without --take-over the moved repository's record is someone else's.
        let steps = plan("s1", &[], &wants, &existing);
        assert!(matches!(&steps[0], Step::Foreign { found, .. } if found.id == "1"));
        let s3 = vec![from("9", "s3", "app.example.org", "198.51.100.3")];
        let steps = plan("s1", &["s2".to_string()], &wants[..1], &s3);
        assert!(matches!(&steps[0], Step::Foreign { .. }));
    }

    #[test]
    fn a_second_run_changes_nothing() {
        let (wants, _) = wanted(
            Some("example.com"),
            Some("203.0.113.9".parse().unwrap()),
            None,
            &hosts(&[]),
        );
        let existing: Vec<Existing> = wants
            .iter()
            .enumerate()
            .map(|(i, w)| rec(&i.to_string(), w.kind.name(), &w.name, &w.content, true))
            .collect();
        assert!(
            plan("s1", &[], &wants, &existing)
                .iter()
                .all(|s| !s.changes())
        );
    }

    #[test]
    fn addresses_compare_as_addresses_and_the_marker_fits() {
        assert!(same_address("2001:0db8:0:0::1", "2001:db8::1"));
        assert!(!same_address("203.0.113.1", "203.0.113.10"));
        assert!(marker(&"x".repeat(200)).len() <= 100);
    }
}
