//! The config file on disk: where it is, how it is read safely, how it is changed atomically.
//!
//! Reads parse into the typed [`Config`]. Writes take an exclusive lock on `<file>.lock`, re-read
//! the file under the lock, apply the change to a `toml_edit` document (so comments, key order and
//! formatting the user wrote survive), check that the result still parses as a [`Config`], and
//! replace the file with a fully written temporary file (`rename`), so a crash leaves the old or
//! the new file, never half of one. Concurrent `rdc` processes therefore never lose an update.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use super::model::Config;
use crate::error::config_err;

/// How long a writer waits for another `rdc` process to finish its edit.
const LOCK_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct Store {
    pub path: PathBuf,
}

impl Store {
    /// `--config` / `$RDC_CONFIG` (clap fills `explicit` from both), else
    /// `$XDG_CONFIG_HOME/rdc/config.toml` (`~/.config/rdc/config.toml`).
    pub fn locate(explicit: Option<&Path>) -> Result<Store> {
        if let Some(p) = explicit {
            return Ok(Store {
                path: p.to_path_buf(),
            });
        }
        use etcetera::BaseStrategy;
        let base = etcetera::choose_base_strategy().map_err(|e| {
            config_err(format!(
                "cannot find your home directory ({e}); pass --config PATH or set RDC_CONFIG"
            ))
        })?;
        Ok(Store {
            path: base.config_dir().join("rdc").join("config.toml"),
        })
    }

    /// Read the config. A missing file is an empty config.
    pub fn load(&self) -> Result<Config> {
        match fs::read_to_string(&self.path) {
            Ok(text) => self.parse_checked(&text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(config_err(format!(
                "cannot read {}: {e}",
                self.path.display()
            ))),
        }
    }

    fn parse_checked(&self, text: &str) -> Result<Config> {
        let cfg: Config = toml::from_str(text).map_err(|e| {
            config_err(format!(
                "{} is not a valid rdc config: {}",
                self.path.display(),
                one_line(&e.to_string())
            ))
        })?;
        super::validate::config(&cfg).map_err(|e| {
            config_err(format!(
                "{} has an invalid value at {e} (fix the file, or set it again with the rdc command)",
                self.path.display()
            ))
        })?;
        if cfg.has_secrets()
            && let Ok(meta) = fs::metadata(&self.path)
        {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(config_err(format!(
                    "refusing to use {}: it holds secrets but is readable by others (mode {mode:04o}); fix it with: chmod 600 {}",
                    self.path.display(),
                    self.path.display()
                )));
            }
        }
        Ok(cfg)
    }

    /// Change the config under the lock. `f` gets the editable document and the typed view of
    /// the same content; whatever it returns is passed through. If `f` fails, nothing is written.
    pub fn edit<T>(&self, f: impl FnOnce(&mut DocumentMut, &Config) -> Result<T>) -> Result<T> {
        let dir = self.ensure_dir()?;
        let _lock = self.lock(&dir)?;
        let old = match fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(config_err(format!(
                    "cannot read {}: {e}",
                    self.path.display()
                )));
            }
        };
        let cfg = self.parse_checked(&old)?;
        let mut doc: DocumentMut = old.parse().map_err(|e: toml_edit::TomlError| {
            config_err(format!(
                "{} is not valid TOML: {}",
                self.path.display(),
                one_line(&e.to_string())
            ))
        })?;
        let result = f(&mut doc, &cfg)?;
        let new = doc.to_string();
        if new != old {
            // The edit must leave a config we can read back; otherwise it is our bug, and the
            // user's file stays as it was.
            toml::from_str::<Config>(&new).map_err(|e| {
                anyhow::anyhow!("internal error: the edited config does not parse: {e}")
            })?;
            // A symlinked config (dotfiles repositories do this) is updated through the link:
            // the target changes, the link stays.
            let target = fs::canonicalize(&self.path).unwrap_or_else(|_| {
                match fs::read_link(&self.path) {
                    // A link to a file that does not exist yet: create the file it names.
                    Ok(t) => self.path.parent().unwrap_or(Path::new(".")).join(t),
                    Err(_) => self.path.clone(),
                }
            });
            // Under the lock, any temporary file of this config is a killed writer's leftover.
            remove_stale_tmp(&target, Duration::ZERO);
            write_atomic(&target, new.as_bytes(), 0o600).map_err(|e| {
                config_err(format!(
                    "cannot write {}: {e:#}; check that its directory is writable (nothing was changed)",
                    target.display()
                ))
            })?;
        }
        Ok(result)
    }

    fn ensure_dir(&self) -> Result<PathBuf> {
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        if !dir.exists() {
            fs::create_dir_all(&dir).map_err(|e| {
                config_err(format!(
                    "cannot create the config directory {}: {e} (pass --config PATH to use another file)",
                    dir.display()
                ))
            })?;
            // Only the directory we created is tightened; an existing one (say ~/.config) is
            // the user's business.
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))
                .with_context(|| format!("setting mode 0700 on {}", dir.display()))?;
        }
        Ok(dir)
    }

    fn lock(&self, dir: &Path) -> Result<File> {
        let name = self
            .path
            .file_name()
            .map(|n| format!("{}.lock", n.to_string_lossy()))
            .unwrap_or_else(|| "config.lock".into());
        let lock_path = dir.join(name);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|e| {
                config_err(format!(
                    "cannot open the lock file {}: {e}; check that the config directory is writable (nothing was changed)",
                    lock_path.display()
                ))
            })?;
        let start = Instant::now();
        let mut wait = Duration::from_millis(2);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) => {
                    if start.elapsed() > LOCK_TIMEOUT {
                        return Err(config_err(format!(
                            "{} is locked by another rdc process for more than {}s (lock file {}); retry when it has finished",
                            self.path.display(),
                            LOCK_TIMEOUT.as_secs(),
                            lock_path.display()
                        )));
                    }
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_millis(50));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("locking {}", lock_path.display()));
                }
            }
        }
    }
}

pub(crate) use crate::contract::fs::{remove_stale_tmp, write_atomic};

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---- document helpers -------------------------------------------------------------------------

/// The table at `path`, creating missing tables on the way. Intermediate tables that only group
/// others (`contexts`, `machines`, `repos`) are created implicit so no empty header is printed.
pub(crate) fn table_at<'a>(
    doc: &'a mut DocumentMut,
    path: &[&str],
) -> Result<&'a mut dyn TableLike> {
    let mut cur: &mut dyn TableLike = doc.as_table_mut();
    for (i, key) in path.iter().enumerate() {
        let grouping = matches!(*key, "contexts" | "machines" | "repos") && i % 2 == 0;
        let item = cur.entry(key).or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(grouping);
            Item::Table(t)
        });
        cur = item.as_table_like_mut().ok_or_else(|| {
            config_err(format!(
                "`{}` in the config is not a table",
                path[..=i].join(".")
            ))
        })?;
    }
    Ok(cur)
}

/// The table at `path` if it exists.
pub(crate) fn table_at_opt<'a>(
    doc: &'a mut DocumentMut,
    path: &[&str],
) -> Option<&'a mut dyn TableLike> {
    let mut cur: &mut dyn TableLike = doc.as_table_mut();
    for key in path {
        cur = cur.get_mut(key)?.as_table_like_mut()?;
    }
    Some(cur)
}

/// Set `key` to `value`, keeping the comments that decorated a previous value.
pub(crate) fn set_value(table: &mut dyn TableLike, key: &str, value: impl Into<Value>) {
    let mut value: Value = value.into();
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

pub(crate) fn str_array(values: &[String]) -> Value {
    Value::Array(values.iter().map(String::as_str).collect())
}

pub(crate) fn int_array(values: &[u16]) -> Value {
    Value::Array(values.iter().map(|v| i64::from(*v)).collect())
}
