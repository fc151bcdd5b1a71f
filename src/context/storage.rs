//! Storages: where repository backups go (`rdc context storage add|import|list|remove`). A
//! storage is an rclone remote kept in the context: its rclone `type` and its options, exactly
//! as rclone's own config file has them (an rclone `pass` is obscured, as `rclone obscure`
//! prints it). Options that hold secrets (see [`is_secret`]) are masked in every output; the
//! config file that holds them must be 0600 (`store`). They reach a server only inside the
//! job on stdin and, there, in a 0600 rclone config file of the transfer, never in an argument
//! or a log line.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

use super::store::{Store, set_value, table_at};
use super::{Config, context_name};
use crate::error::{not_found, usage};

/// One storage as `config.toml` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Storage {
    /// rclone's backend (`s3`, `b2`, `sftp`, `local`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Where in the storage backups go (`bucket/dir` for object stores, a directory
    /// otherwise): rdc's, not an rclone option.
    #[serde(default = "default_path")]
    pub path: String,
    /// The backend's options, as rclone's config file has them.
    #[serde(flatten)]
    pub options: BTreeMap<String, String>,
}

/// Where backups go when no `--path` is given (for S3, the bucket).
pub(crate) const DEFAULT_PATH: &str = "rdc-backups";

fn default_path() -> String {
    DEFAULT_PATH.to_string()
}

/// An option rclone treats as secret (its `IsPassword`/`Sensitive` options): masked in output.
pub(crate) fn is_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "secret",
        "pass",
        "token",
        "key_pem",
        "private",
        "credentials",
        "sas_url",
    ]
    .iter()
    .any(|w| k.contains(w))
        || k == "key"
        || k == "account_key"
        || k == "session_token"
}

/// A storage as `list` and `show` print it: secrets masked.
#[derive(Debug, Serialize)]
pub(crate) struct Shown {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub path: String,
    pub options: BTreeMap<String, String>,
}

impl Storage {
    pub(crate) fn shown(&self, name: &str) -> Shown {
        Shown {
            name: name.to_string(),
            kind: self.kind.clone(),
            path: self.path.clone(),
            options: self
                .options
                .iter()
                .map(|(k, v)| {
                    let v = if is_secret(k) {
                        "***".into()
                    } else {
                        v.clone()
                    };
                    (k.clone(), v)
                })
                .collect(),
        }
    }

    pub(crate) fn has_secrets(&self) -> bool {
        self.options.keys().any(|k| is_secret(k))
    }

    /// The rclone config file of a transfer: one section, `[name]`.
    pub(crate) fn rclone_conf(&self, name: &str) -> String {
        let mut s = format!("[{name}]\ntype = {}\n", self.kind);
        for (k, v) in &self.options {
            s.push_str(&format!("{k} = {v}\n"));
        }
        s
    }
}

/// A storage name: a letter or digit, then letters, digits, `-`, `_`, `.` (also an rclone remote
/// name), at most 64.
pub(crate) fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(usage(format!(
            "storage name {name:?}: use letters, digits, '-', '_' or '.' (starting with a letter or digit, at most 64)"
        )))
    }
}

/// An option key or value that rclone's config file can hold on one line.
fn check_option(key: &str, value: &str) -> Result<()> {
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(usage(format!(
            "storage option {key:?}: a name is letters, digits, '_' or '-' (as in rclone's config: access_key_id=…)"
        )));
    }
    if key == "type" || key == "path" {
        return Err(usage(format!(
            "give the {key} with --{key}, not as an option"
        )));
    }
    if value.contains(['\n', '\r']) {
        return Err(usage(format!(
            "storage option {key}: the value spans several lines; rclone's config holds one line per option"
        )));
    }
    Ok(())
}

/// `storage add`: a new storage in the context; returns the context's name.
pub(crate) fn add(
    store: &Store,
    ctx_flag: Option<&str>,
    name: &str,
    storage: &Storage,
    replace: bool,
) -> Result<String> {
    check_name(name)?;
    if storage.kind.is_empty()
        || !storage
            .kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(usage(format!(
            "--type {:?}: give an rclone backend (s3, b2, sftp, local, …)",
            storage.kind
        )));
    }
    for (k, v) in &storage.options {
        check_option(k, v)?;
    }
    store.edit(|doc, cfg| {
        let ctx = context_name(cfg, ctx_flag)?;
        if !replace && cfg.contexts[&ctx].storages.contains_key(name) {
            return Err(usage(format!(
                "storage {name:?} already exists in context {ctx}; pass --replace to overwrite it, or remove it first: rdc context storage remove {name}"
            )));
        }
        let parent = table_at(doc, &["contexts", &ctx, "storages"])?;
        parent.remove(name);
        let t = table_at(doc, &["contexts", &ctx, "storages", name])?;
        set_value(t, "type", storage.kind.as_str());
        set_value(t, "path", storage.path.as_str());
        for (k, v) in &storage.options {
            set_value(t, k, v.as_str());
        }
        Ok(ctx)
    })
}

/// `storage remove`.
pub(crate) fn remove(store: &Store, ctx_flag: Option<&str>, name: &str) -> Result<()> {
    store.edit(|doc, cfg| {
        let ctx = context_name(cfg, ctx_flag)?;
        get(cfg, &ctx, name)?;
        table_at(doc, &["contexts", &ctx, "storages"])?.remove(name);
        Ok(())
    })
}

/// A storage of context `ctx`, or an error listing the known ones.
pub(crate) fn get<'a>(cfg: &'a Config, ctx: &str, name: &str) -> Result<&'a Storage> {
    let c = &cfg.contexts[ctx];
    c.storages.get(name).ok_or_else(|| {
        let known: Vec<&str> = c.storages.keys().map(String::as_str).collect();
        not_found(format!(
            "no storage {name:?} in context {ctx} (known: {}); add one with: rdc context storage add NAME --type s3 --option provider=AWS",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })
}

/// The remotes of an rclone config file (`rclone config file` says where it is).
pub(crate) fn parse_rclone_conf(path: &Path) -> Result<BTreeMap<String, Storage>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    if text.trim_start().starts_with("RCLONE_ENCRYPT_V0:") {
        return Err(usage(format!(
            "{} is encrypted (rclone config encryption); decrypt it first: rclone config show > plain.conf",
            path.display()
        )));
    }
    let ini = ini::Ini::load_from_str_noescape(&text).map_err(|e| {
        usage(format!(
            "{}: not an rclone config file: {e}",
            path.display()
        ))
    })?;
    let mut out = BTreeMap::new();
    for (section, props) in ini.iter() {
        let Some(name) = section else {
            continue;
        };
        let mut options: BTreeMap<String, String> = props
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let Some(kind) = options.remove("type") else {
            return Err(usage(format!(
                "{}: remote [{name}] has no type",
                path.display()
            )));
        };
        out.insert(
            name.to_string(),
            Storage {
                kind,
                path: default_path(),
                options,
            },
        );
    }
    if out.is_empty() {
        return Err(usage(format!("{}: no remote in it", path.display())));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_and_the_rclone_section_is_whole() {
        let s = Storage {
            kind: "s3".into(),
            path: default_path(),
            options: BTreeMap::from([
                ("access_key_id".to_string(), "AKIA".to_string()),
                ("secret_access_key".to_string(), "s3cr3t".to_string()),
                ("endpoint".to_string(), "http://127.0.0.1:9000".to_string()),
            ]),
        };
        let shown = serde_json::to_string(&s.shown("b")).unwrap();
        assert!(
            !shown.contains("s3cr3t") && shown.contains("***"),
            "{shown}"
        );
        assert!(shown.contains("AKIA") && shown.contains("127.0.0.1:9000"));
        let conf = s.rclone_conf("b");
        assert!(conf.starts_with("[b]\ntype = s3\n"), "{conf}");
        assert!(conf.contains("secret_access_key = s3cr3t\n") && !conf.contains("path"));
        for k in [
            "pass",
            "key",
            "token",
            "client_secret",
            "key_pem",
            "account_key",
        ] {
            assert!(is_secret(k), "{k}");
        }
        for k in [
            "user",
            "host",
            "endpoint",
            "region",
            "provider",
            "access_key_id",
        ] {
            assert!(!is_secret(k), "{k}");
        }
    }

    #[test]
    fn an_rclone_config_file_is_read_as_rclone_writes_it() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("rclone.conf");
        std::fs::write(
            &p,
            "[s3-prod]\ntype = s3\nprovider = Other\nsecret_access_key = a=b;c\n\n[box]\ntype = sftp\nhost = 127.0.0.1\npass = OBSCURED\n",
        )
        .unwrap();
        let r = parse_rclone_conf(&p).unwrap();
        assert_eq!(r["s3-prod"].kind, "s3");
        assert_eq!(r["s3-prod"].options["secret_access_key"], "a=b;c");
        assert_eq!(r["box"].options["pass"], "OBSCURED");
        std::fs::write(&p, "[x]\nhost = y\n").unwrap();
        assert!(format!("{:#}", parse_rclone_conf(&p).unwrap_err()).contains("has no type"));
        std::fs::write(&p, "RCLONE_ENCRYPT_V0:\nabc").unwrap();
        assert!(format!("{:#}", parse_rclone_conf(&p).unwrap_err()).contains("encrypted"));
    }

    #[test]
    fn names_and_options_are_checked() {
        assert!(check_name("s3-prod").is_ok());
        assert!(check_name("-x").is_err());
        assert!(check_name("a b").is_err());
        assert!(check_option("pass", "a\nb").is_err());
        assert!(check_option("type", "s3").is_err());
        assert!(check_option("x y", "1").is_err());
    }
}
