//! Backups, as laptop and server exchange them (`rdc host backup push|pull|list`, the job on
//! stdin). What a storage holds for repository GUID under the storage's path:
//! `<path>/<guid>/<tag>.btrfs` (a `btrfs send` stream of a read-only snapshot holding the
//! repository's image file: the image's own bytes, LUKS-encrypted unless the repository was
//! created `--no-encrypt`; full, or incremental against `base`) and `<tag>.json` (its
//! [`Entry`], written last: a backup without it is incomplete and ignored).
//!
//! Between two machines (`rdc repo push --to-machine`, `pull --from-machine`) the laptop
//! relays: it asks the target what it has (`have`), runs `send` on the source (the `btrfs
//! send` stream on stdout, incremental against the newest snapshot both have; its [`Entry`] as
//! a [`SENT`] line on stderr at the end) and `receive` on the target (the job as the first line
//! of stdin, the stream after it; [`Received`] on stdout), checks the three sha256s (source,
//! laptop, target), and only then has the target `adopt` the snapshot as the repository's image
//! and the source record it (`sent`) as the base of the next transfer.

use serde::{Deserialize, Serialize};

use super::host::Job;

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Push,
    Pull,
    List,
    /// The target of a machine-to-machine transfer: its complete snapshots ([`Have`]).
    Have,
    /// The source: the stream on stdout.
    Send,
    /// The target: the stream on stdin, after the job's line.
    Receive,
    /// The target: the received snapshot becomes the repository's image.
    Adopt,
    /// The source: the snapshot the target adopted is the base of the next transfer.
    Sent,
}

impl Op {
    pub const ALL: [Op; 8] = [
        Op::Push,
        Op::Pull,
        Op::List,
        Op::Have,
        Op::Send,
        Op::Receive,
        Op::Adopt,
        Op::Sent,
    ];
    pub const NAMES: [&'static str; 8] = [
        "push", "pull", "list", "have", "send", "receive", "adopt", "sent",
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Op::Push => "push",
            Op::Pull => "pull",
            Op::List => "list",
            Op::Have => "have",
            Op::Send => "send",
            Op::Receive => "receive",
            Op::Adopt => "adopt",
            Op::Sent => "sent",
        }
    }
}

impl std::str::FromStr for Op {
    type Err = String;
    fn from_str(s: &str) -> Result<Op, String> {
        Op::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown backup operation {s:?}; one of {}",
                    Op::NAMES.join(", ")
                )
            })
    }
}

/// The job: the repository, and the storage as an rclone remote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BackupJob {
    pub repo: Job,
    /// The storage's name (the rclone remote's name in `rclone_conf`).
    pub storage: String,
    /// The rclone config of the transfer (holds the storage's secrets: written 0600, never
    /// logged).
    pub rclone_conf: String,
    /// Where in the storage (`bucket/dir` for object stores, a directory otherwise).
    pub path: String,
    /// The backup to make or restore (default: a new time-stamped tag / the newest).
    pub tag: Option<String>,
    /// After a push: keep the newest N backups (and whatever their chains need), delete the rest.
    #[serde(default)]
    pub keep: Option<usize>,
    /// Push a full backup even when an incremental one is possible (starts a new chain, so that
    /// `keep` can let the old one go).
    #[serde(default)]
    pub full: bool,
    /// `send`: the snapshots the target has (the base is the newest of them the source has too).
    #[serde(default)]
    pub bases: Vec<String>,
    /// `adopt`: the stream's sha256 as the source and the laptop saw it.
    #[serde(default)]
    pub sha256: Option<String>,
    /// `pull`: re-read what was restored (the storage's streams against their entries, and
    /// every block of the image against btrfs's checksums).
    #[serde(default)]
    pub verify: bool,
}

/// The start of `send`'s last stderr line: its [`Entry`] as JSON.
pub const SENT: &str = "@rdc-sent ";

/// `have`'s answer: what the target of a machine-to-machine transfer holds of the repository.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Have {
    /// Complete snapshots, oldest first.
    pub tags: Vec<String>,
    /// Whether the repository has an image there.
    pub image: bool,
    /// Whether it is mounted there.
    pub mounted: bool,
}

/// `receive`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    pub tag: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The answer of a machine-to-machine copy (`repo push --to-machine`, `pull --from-machine`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Copied {
    pub from: String,
    pub to: String,
    pub entry: Entry,
    /// How long the repository's filesystem was frozen on the source (None: not mounted).
    pub pause_ms: Option<u64>,
    pub seconds: f64,
}

/// One complete backup in a storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub tag: String,
    /// When it was taken (seconds since the epoch).
    pub time: u64,
    /// The same in milliseconds: the order of backups taken within one second.
    #[serde(default)]
    pub time_ms: u64,
    /// Bytes of its stream (what was transferred).
    pub bytes: u64,
    /// The backup it is incremental against (None: full).
    pub base: Option<String>,
    /// sha256 of its stream.
    pub sha256: String,
    /// The repository image's size.
    pub image_bytes: u64,
    /// Whether the image is LUKS-encrypted.
    pub encrypted: bool,
}

/// `push`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pushed {
    pub entry: Entry,
    /// How long the repository's filesystem was frozen for the snapshot (None: not mounted).
    pub pause_ms: Option<u64>,
    pub seconds: f64,
    /// Backups deleted by `--keep`.
    #[serde(default)]
    pub pruned: Vec<String>,
}

/// `pull`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pulled {
    pub tag: String,
    /// The backups received, oldest first (a full one, then increments); those the machine
    /// already had are not in it.
    pub received: Vec<String>,
    /// Bytes transferred.
    pub bytes: u64,
    pub seconds: f64,
    /// With `--verify`: the bytes re-read (the storage's streams and the image).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_bytes: Option<u64>,
}

/// The tag a backup or copy made at `t` gets when none is given: `20261203T101500Z`.
pub fn tag_at(t: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(t)
        .to_string()
        .replace([':', '-'], "")
}

/// A tag: letters, digits, `.`, `_`, `-`, not starting with `.` or `-`, at most 64.
pub fn check_tag(t: &str) -> Result<(), String> {
    let ok = !t.is_empty()
        && t.len() <= 64
        && t.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "tag {t:?}: use letters, digits, '.', '_' or '-' (starting with a letter or digit, at most 64)"
        ))
    }
}

/// Backups oldest first: by time (milliseconds when known), then tag.
pub fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        let t = |e: &Entry| {
            if e.time_ms > 0 {
                e.time_ms
            } else {
                e.time * 1000
            }
        };
        (t(a), &a.tag).cmp(&(t(b), &b.tag))
    });
}

/// The chain that restores `tag`: a full backup, then each increment up to `tag`, oldest first.
/// An error names a missing or looping base.
pub fn chain<'a>(entries: &'a [Entry], tag: &str) -> Result<Vec<&'a Entry>, String> {
    let mut out = Vec::new();
    let mut cur = entries
        .iter()
        .find(|e| e.tag == tag)
        .ok_or_else(|| format!("no backup {tag:?}"))?;
    loop {
        if out.iter().any(|e: &&Entry| e.tag == cur.tag) || out.len() > entries.len() {
            return Err(format!(
                "backup {tag:?}: its chain of bases loops at {}",
                cur.tag
            ));
        }
        out.push(cur);
        let Some(base) = &cur.base else {
            break;
        };
        cur = entries.iter().find(|e| &e.tag == base).ok_or_else(|| {
            format!("backup {tag:?} needs {base:?}, which is not in the storage any more")
        })?;
    }
    out.reverse();
    Ok(out)
}

/// What `--keep N` deletes: every backup that is neither among the newest `keep` nor in the
/// chain one of those needs (a base is never deleted under a kept increment). `entries` oldest
/// first.
pub fn prune(entries: &[Entry], keep: usize) -> Vec<String> {
    let kept = &entries[entries.len().saturating_sub(keep.max(1))..];
    let mut needed: Vec<&str> = Vec::new();
    for k in kept {
        match chain(entries, &k.tag) {
            Ok(c) => needed.extend(c.iter().map(|e| e.tag.as_str())),
            // A broken chain: delete nothing rather than guess.
            Err(_) => return Vec::new(),
        }
    }
    entries
        .iter()
        .filter(|e| !needed.contains(&e.tag.as_str()))
        .map(|e| e.tag.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(tag: &str, base: Option<&str>) -> Entry {
        Entry {
            tag: tag.into(),
            time: 0,
            time_ms: 0,
            bytes: 1,
            base: base.map(String::from),
            sha256: String::new(),
            image_bytes: 1,
            encrypted: true,
        }
    }

    #[test]
    fn a_chain_runs_from_the_full_backup_to_the_tag() {
        let v = [
            e("a", None),
            e("b", Some("a")),
            e("c", Some("b")),
            e("x", Some("gone")),
        ];
        let tags: Vec<&str> = chain(&v, "c")
            .unwrap()
            .iter()
            .map(|e| e.tag.as_str())
            .collect();
        assert_eq!(tags, ["a", "b", "c"]);
        assert!(
            chain(&v, "x")
                .unwrap_err()
                .contains("not in the storage any more")
        );
        assert!(chain(&v, "nope").unwrap_err().contains("no backup"));
        let loop_ = [e("p", Some("q")), e("q", Some("p"))];
        assert!(chain(&loop_, "p").unwrap_err().contains("loops"));
    }

    #[test]
    fn keeping_never_breaks_a_chain_still_needed() {
        // a (full) <- b <- c, d (full) <- e
        let v = [
            e("a", None),
            e("b", Some("a")),
            e("c", Some("b")),
            e("d", None),
            e("e", Some("d")),
        ];
        assert_eq!(prune(&v, 2), ["a", "b", "c"]);
        assert_eq!(prune(&v, 3), Vec::<String>::new(), "c needs b and a");
        assert_eq!(prune(&v, 1), ["a", "b", "c"], "e needs d only");
        assert_eq!(prune(&v, 0), ["a", "b", "c"], "keep 0 keeps the newest");
        let broken = [e("x", Some("gone")), e("y", None)];
        assert_eq!(prune(&broken, 1), ["x"], "x cannot be restored anyway");
        assert!(
            prune(&broken, 2).is_empty(),
            "a kept backup with a broken chain: nothing deleted"
        );
    }

    #[test]
    fn backups_of_one_second_keep_their_order() {
        let mut v = [e("two", None), e("four", None), e("three", None)];
        for (i, x) in v.iter_mut().enumerate() {
            x.time = 1_800_000_000;
            x.time_ms = 1_800_000_000_000 + i as u64;
        }
        sort(&mut v);
        let tags: Vec<&str> = v.iter().map(|e| e.tag.as_str()).collect();
        assert_eq!(tags, ["two", "four", "three"]);
    }

    #[test]
    fn tags_are_checked() {
        assert!(check_tag("20261203T101500Z").is_ok());
        assert!(check_tag("v1.2_x-y").is_ok());
        for bad in ["", ".x", "-x", "a/b", "a b", &"x".repeat(65)] {
            assert!(check_tag(bad).is_err(), "{bad}");
        }
    }
}
