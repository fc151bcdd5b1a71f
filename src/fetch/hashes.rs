//! The laptop's cache of file hashes: the sha256 of a local binary, kept by path with its size,
//! modification time, change time and inode, so a push does not re-read an unchanged 180 MB
//! file. Any write to the file changes its change time, so a stale entry is never used. Stored
//! in `<cache>/hashes.json`; a missing or unreadable cache is an empty one.

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    ino: u64,
    sha256: String,
}

fn stamp(m: &std::fs::Metadata) -> (u64, i128, i128, u64) {
    (
        m.size(),
        m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128,
        m.ctime() as i128 * 1_000_000_000 + m.ctime_nsec() as i128,
        m.ino(),
    )
}

/// Hashes of local files, remembered across runs.
#[derive(Debug)]
pub(crate) struct Cache {
    file: Option<PathBuf>,
    entries: Mutex<BTreeMap<String, Entry>>,
}

impl Cache {
    /// The cache kept in `dir/hashes.json`.
    pub(crate) fn open(dir: &Path) -> Cache {
        let file = dir.join("hashes.json");
        let entries = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Cache {
            file: Some(file),
            entries: Mutex::new(entries),
        }
    }

    /// The sha256 of `path`, from the cache when the file is unchanged.
    pub(crate) fn sha256(&self, path: &Path) -> Result<String> {
        let key = key(path)?;
        let meta =
            std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
        let (size, mtime_ns, ctime_ns, ino) = stamp(&meta);
        if let Some(e) = self.entries.lock().expect("hash cache").get(&key)
            && (e.size, e.mtime_ns, e.ctime_ns, e.ino) == (size, mtime_ns, ctime_ns, ino)
        {
            return Ok(e.sha256.clone());
        }
        let sha = hash_file(path)?;
        // A file changed within the last seconds may change again within the same tick of the
        // file system's clock, unseen: remember only settled files.
        let settled = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(2))
            && ctime_age(&meta) > 2;
        if settled {
            self.insert(key, &meta, &sha)?;
        }
        Ok(sha)
    }

    /// Record `sha` as the hash of `path` as it is now (a file rdc just wrote and checked).
    pub(crate) fn remember(&self, path: &Path, sha: &str) -> Result<()> {
        let meta =
            std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
        self.insert(key(path)?, &meta, sha)
    }

    fn insert(&self, key: String, meta: &std::fs::Metadata, sha: &str) -> Result<()> {
        let (size, mtime_ns, ctime_ns, ino) = stamp(meta);
        let mut entries = self.entries.lock().expect("hash cache");
        entries.insert(
            key,
            Entry {
                size,
                mtime_ns,
                ctime_ns,
                ino,
                sha256: sha.to_string(),
            },
        );
        // Entries of files that are gone are dropped.
        entries.retain(|k, _| Path::new(k).exists());
        if let Some(f) = &self.file {
            let bytes = serde_json::to_vec_pretty(&*entries)?;
            if let Some(d) = f.parent() {
                std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
            }
            // A cache: failing to keep it only costs time next run.
            let _ = crate::contract::fs::write_atomic(f, &bytes, 0o644);
        }
        Ok(())
    }
}

/// Seconds since the file's inode last changed.
fn ctime_age(m: &std::fs::Metadata) -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    now - m.ctime()
}

fn key(path: &Path) -> Result<String> {
    let p = std::fs::canonicalize(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(p.to_string_lossy().into_owned())
}

/// The sha256 of a file, read in blocks.
pub(crate) fn hash_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_file_is_not_read_again_and_a_changed_one_is() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("bin");
        std::fs::write(&f, b"one").unwrap();
        let c = Cache::open(d.path());
        let first = c.sha256(&f).unwrap();
        assert_eq!(first, hash_file(&f).unwrap());
        // A lie recorded for the file as it is now is believed: proof the file is not re-read.
        c.remember(&f, "cafe").unwrap();
        assert_eq!(Cache::open(d.path()).sha256(&f).unwrap(), "cafe");
        // Same size, mtime put back: the change time still tells.
        let mtime = std::fs::metadata(&f).unwrap().modified().unwrap();
        // Past the file system clock's tick.
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::fs::write(&f, b"two").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&f)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let c = Cache::open(d.path());
        assert_eq!(c.sha256(&f).unwrap(), hash_file(&f).unwrap());
        assert_ne!(c.sha256(&f).unwrap(), "cafe");
    }

    #[test]
    fn a_broken_cache_file_is_an_empty_cache() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("hashes.json"), b"{not json").unwrap();
        let f = d.path().join("bin");
        std::fs::write(&f, b"x").unwrap();
        assert_eq!(
            Cache::open(d.path()).sha256(&f).unwrap(),
            hash_file(&f).unwrap()
        );
    }
}
