//! Writing a file so that a crash leaves the old or the new content, never half of one: a
//! temporary file in the same directory, created with the final mode, fsynced, renamed over the
//! target, the directory fsynced. Leftovers of a killed writer are removed by the next one.
//! Used on both sides (the laptop's config, the server's state files).

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};

/// Write `bytes` to `path` atomically: a temporary file in the same directory, fsync, rename,
/// fsync of the directory. The file gets `mode` before any byte is written.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    remove_stale_tmp(path, Duration::from_secs(60));
    let mut tmp = tempfile::Builder::new()
        .prefix(&tmp_prefix(path))
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    // tempfile applies the umask to `permissions`; set the mode explicitly.
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(mode))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("replacing {}", path.display()))?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn tmp_prefix(path: &Path) -> String {
    format!(
        ".rdc-tmp-{}.",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    )
}

/// Remove temporary files left by a writer that was killed: those of `path` older than
/// `min_age`, and any rdc temporary file of the directory older than a minute.
pub fn remove_stale_tmp(path: &Path, min_age: Duration) {
    let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return;
    };
    let mine = tmp_prefix(path);
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with(".rdc-tmp-") {
            continue;
        }
        let age = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .unwrap_or_default();
        let limit = if name.starts_with(&mine) {
            min_age
        } else {
            Duration::from_secs(60)
        };
        if age >= limit {
            let _ = fs::remove_file(e.path());
        }
    }
}
