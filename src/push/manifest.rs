//! What push-infra installed, as the server remembers it: `/var/lib/rediacc/push-manifest.json`
//! maps each binary rdc put there to its `stat` stamp (size, inode, modification and change
//! times) and sha256. A push reads the stamps and the manifest in one round trip and hashes on
//! the server only a binary whose stamp moved (replaced by hand, rolled back, never recorded),
//! so a push that changes nothing does not read 180 MB on the server. Any write to a file
//! changes its change time, so a stale entry is never believed; a manifest that does not parse
//! (a hostile or broken server) is an empty one.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::ssh::Remote;

/// `stat -c` format of a stamp (GNU stat prints nanoseconds; others print what they can, and
/// the stamp is only ever compared for equality).
pub(super) const STAT_FORMAT: &str = "%s %i %.9Y %.9Z";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub version: u32,
    #[serde(default)]
    pub files: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub stamp: String,
    pub sha256: String,
}

/// A binary on the server as the plan needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Its sha256 (`None`: absent).
    pub sha256: Option<String>,
    /// Whether it was hashed on the server this time (its manifest entry is missing or stale).
    pub hashed: bool,
}

/// Parse a manifest; anything unexpected is an empty manifest (everything is hashed again).
pub(crate) fn parse(bytes: &[u8]) -> Manifest {
    serde_json::from_slice::<Manifest>(bytes)
        .ok()
        .filter(|m| m.version == 1)
        .map(|mut m| {
            m.files
                .retain(|_, e| is_stamp(&e.stamp) && is_sha256(&e.sha256));
            m
        })
        .unwrap_or_default()
}

fn is_stamp(s: &str) -> bool {
    let w: Vec<&str> = s.split(' ').collect();
    w.len() == 4
        && w.iter().all(|x| {
            !x.is_empty() && x.len() <= 32 && x.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// For each of `paths` (with its `stat` stamp as the server printed it, `-` when absent): its
/// sha256 as `manifest_text` vouches for it, or as hashed on the server now. Returns the manifest
/// with refreshed entries for what was hashed.
pub(crate) async fn vouch(
    r: &Remote,
    manifest_text: &str,
    paths: &[&str],
    stamps: &[String],
) -> Result<(Manifest, BTreeMap<String, Seen>)> {
    let mut manifest = parse(manifest_text.as_bytes());
    manifest.version = 1;
    let mut seen = BTreeMap::new();
    for (path, stamp) in paths.iter().zip(stamps) {
        let stamp = stamp.trim().to_string();
        let s = if stamp == "-" || stamp.is_empty() {
            manifest.files.remove(*path);
            Seen::default()
        } else {
            match manifest.files.get(*path) {
                Some(e) if e.stamp == stamp && is_stamp(&stamp) => Seen {
                    sha256: Some(e.sha256.clone()),
                    hashed: false,
                },
                _ => {
                    let sha = r.sha256(path).await?;
                    match &sha {
                        Some(h) if is_stamp(&stamp) => {
                            manifest.files.insert(
                                path.to_string(),
                                Entry {
                                    stamp,
                                    sha256: h.clone(),
                                },
                            );
                        }
                        _ => {
                            manifest.files.remove(*path);
                        }
                    }
                    Seen {
                        sha256: sha,
                        hashed: true,
                    }
                }
            }
        };
        seen.insert(path.to_string(), s);
    }
    Ok((manifest, seen))
}

/// Record `installed` (path → sha256 of what was just written) with their stamps as they are
/// now, and write the manifest.
pub(crate) async fn record(
    r: &Remote,
    manifest_path: &str,
    mut manifest: Manifest,
    installed: &[(String, String)],
) -> Result<()> {
    manifest.version = 1;
    if !installed.is_empty() {
        let mut args = vec![STAT_FORMAT];
        args.extend(installed.iter().map(|(p, _)| p.as_str()));
        let o = r
            .sh(
                "fmt=$1; shift; for f; do stat -c \"$fmt\" -- \"$f\" || echo -; done",
                &args,
                None,
            )
            .await?;
        let text = o.stdout_str();
        let stamps: Vec<&str> = text.lines().collect();
        for (i, (path, sha)) in installed.iter().enumerate() {
            match stamps.get(i).map(|s| s.trim()) {
                Some(st) if o.ok() && is_stamp(st) => {
                    manifest.files.insert(
                        path.clone(),
                        Entry {
                            stamp: st.to_string(),
                            sha256: sha.clone(),
                        },
                    );
                }
                _ => {
                    manifest.files.remove(path);
                }
            }
        }
    }
    let mut bytes = serde_json::to_vec_pretty(&manifest)?;
    bytes.push(b'\n');
    r.write_file_atomic(manifest_path, &bytes, 0o644).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_or_hostile_manifest_vouches_for_nothing() {
        assert_eq!(parse(b""), Manifest::default());
        assert_eq!(parse(b"{not json"), Manifest::default());
        assert_eq!(parse(br#"{"version":2,"files":{}}"#), Manifest::default());
        let m = parse(
            br#"{"version":1,"files":{
                "/a":{"stamp":"1 2 3.0 4.0","sha256":"0000000000000000000000000000000000000000000000000000000000000000"},
                "/b":{"stamp":"1 2 3","sha256":"0000000000000000000000000000000000000000000000000000000000000000"},
                "/c":{"stamp":"1 2 3.0 4.0","sha256":"$(reboot)"}}}"#,
        );
        assert_eq!(m.files.keys().collect::<Vec<_>>(), ["/a"]);
    }

    #[test]
    fn stamps_are_four_numbers() {
        assert!(is_stamp(
            "185012386 1234 1700000000.123456789 1700000000.123456789"
        ));
        assert!(is_stamp("5 6 7 8"));
        assert!(!is_stamp("-"));
        assert!(!is_stamp("5 6 7"));
        assert!(!is_stamp("5 6 7 8; rm"));
    }
}
