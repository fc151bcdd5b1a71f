//! The route server's state files (`ports.json`, `claims.json`): JSON, written atomically. A
//! missing file is an empty state; a corrupt one is set aside (`NAME.corrupt`) so that the route
//! server still starts.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Read a state file; `what` names it in the log.
pub fn load<T: DeserializeOwned + Default>(path: &Path, what: &str) -> Result<T> {
    match std::fs::read_to_string(path) {
        Ok(text) => match serde_json::from_str(&text) {
            Ok(v) => Ok(v),
            Err(e) => {
                let aside = path.with_extension("json.corrupt");
                tracing::warn!(path = %path.display(), error = %e, "{what} unreadable; starting empty (old file kept as {})", aside.display());
                let _ = std::fs::rename(path, &aside);
                Ok(T::default())
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Write a state file atomically (its directory is created when missing).
pub fn save<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating state directory {}", dir.display()))?;
    }
    let text = serde_json::to_string_pretty(value)? + "\n";
    crate::contract::fs::write_atomic(path, text.as_bytes(), 0o644)
}
