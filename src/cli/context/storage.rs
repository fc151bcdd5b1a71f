//! `rdc context storage add|import|list|remove`: where repository backups go (rclone remotes
//! kept in the context; `context::storage`).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};

use super::super::{GlobalArgs, Run};
use crate::context::storage::{self, Storage, is_secret};
use crate::context::{self as ctxmod};
use crate::error::usage;
use crate::output;
use crate::printer::Printer;

/// Storages for repository backups (rclone remotes): add, import, list, remove
#[derive(Debug, Subcommand)]
pub enum StorageCmd {
    Add(Add),
    Import(Import),
    /// List the context's storages (secret options shown as ***)
    #[command(alias = "ls")]
    List,
    /// Remove a storage from the context (its backups stay where they are)
    #[command(alias = "rm")]
    Remove {
        /// The storage
        name: String,
    },
}

/// Add a storage: an rclone remote of --type with its options
///
/// Options are rclone's own, as its config file has them (`rclone help backend s3` lists
/// them; an rclone `pass` is given obscured, as `rclone obscure` prints it). A secret option
/// (secret_access_key, pass, key, token…) is read from stdin when given as `KEY=-`, so that it
/// is in neither your shell history nor the process list.
///
/// Example: rdc context storage add backups --type s3 --option provider=Other
/// --option endpoint=https://s3.example.com --option access_key_id=AKIA…
/// --option secret_access_key=- < secret.txt
#[derive(Debug, Args)]
pub struct Add {
    /// The storage's name (letters, digits, '-', '_', '.')
    pub name: String,
    /// rclone backend: s3, b2, sftp, local, azureblob, gcs, …
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: String,
    /// Where in the storage backups go: `bucket/dir` for object stores (s3, b2, gcs…), a
    /// directory otherwise
    #[arg(long, value_name = "PATH", default_value = storage::DEFAULT_PATH)]
    pub path: String,
    /// A backend option KEY=VALUE (repeat); KEY=- reads the value from stdin
    #[arg(long = "option", value_name = "KEY=VALUE")]
    pub options: Vec<String>,
    /// Overwrite a storage of that name
    #[arg(long)]
    pub replace: bool,
}

/// Import storages from an rclone config file (every remote, or the ones named)
#[derive(Debug, Args)]
pub struct Import {
    /// The rclone config file (`rclone config file` says where yours is)
    #[arg(long, value_name = "PATH")]
    pub file: PathBuf,
    /// Only these remotes (default: every remote of the file)
    #[arg(value_name = "REMOTE")]
    pub remotes: Vec<String>,
    /// Overwrite storages of the same names
    #[arg(long)]
    pub replace: bool,
}

impl Run for StorageCmd {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        match self {
            StorageCmd::Add(a) => a.run(g, p),
            StorageCmd::Import(i) => i.run(g, p),
            StorageCmd::List => list(g),
            StorageCmd::Remove { name } => {
                storage::remove(&g.store()?, g.context.as_deref(), &name)?;
                p.done(format!(
                    "removed storage {name} (its backups stay where they are)"
                ));
                Ok(())
            }
        }
    }
}

impl Run for Add {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let mut options = BTreeMap::new();
        let mut from_stdin = None;
        for o in &self.options {
            let Some((k, v)) = o.split_once('=') else {
                return Err(usage(format!(
                    "--option {o:?}: give KEY=VALUE (e.g. --option endpoint=https://s3.example.com)"
                )));
            };
            let v = if v == "-" {
                if from_stdin.replace(k.to_string()).is_some() {
                    return Err(usage(
                        "only one option can be read from stdin (KEY=-) per command; add the others with --replace",
                    ));
                }
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .with_context(|| format!("reading --option {k} from stdin"))?;
                s.trim().to_string()
            } else {
                if is_secret(k) {
                    p.warn(format!(
                        "the value of --option {k} given on the command line is visible in your shell history and the process list; prefer --option {k}=- (reads stdin)"
                    ));
                }
                v.to_string()
            };
            options.insert(k.to_string(), v);
        }
        let s = Storage {
            kind: self.kind,
            path: self.path,
            options,
        };
        let ctx = storage::add(
            &g.store()?,
            g.context.as_deref(),
            &self.name,
            &s,
            self.replace,
        )?;
        p.done(format!(
            "storage {} ({}) in context {ctx}",
            self.name, s.kind
        ));
        Ok(())
    }
}

impl Run for Import {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let mut found = storage::parse_rclone_conf(&self.file)?;
        let wanted: Vec<String> = if self.remotes.is_empty() {
            found.keys().cloned().collect()
        } else {
            self.remotes.clone()
        };
        // Every name is checked before anything is written: all or nothing.
        for n in &wanted {
            if !found.contains_key(n) {
                return Err(usage(format!(
                    "{} has no remote {n:?} (it has: {})",
                    self.file.display(),
                    found.keys().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
            storage::check_name(n)?;
        }
        let store = g.store()?;
        let cfg = store.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        if !self.replace
            && let Some(n) = wanted.iter().find(|n| c.storages.contains_key(*n))
        {
            return Err(usage(format!(
                "storage {n:?} already exists in context {ctx}; pass --replace to overwrite it (nothing was imported)"
            )));
        }
        for n in &wanted {
            let s = found.remove(n).expect("checked");
            storage::add(&store, Some(&ctx), n, &s, true)?;
        }
        p.done(format!(
            "imported {} storage(s) into context {ctx}: {}",
            wanted.len(),
            wanted.join(", ")
        ));
        Ok(())
    }
}

fn list(g: &GlobalArgs) -> Result<()> {
    let cfg = g.store()?.load()?;
    let (_, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
    let shown: Vec<storage::Shown> = c.storages.iter().map(|(n, s)| s.shown(n)).collect();
    output::emit(g.output, &shown, || {
        let rows = shown
            .iter()
            .map(|s| {
                let opts: Vec<String> = s.options.iter().map(|(k, v)| format!("{k}={v}")).collect();
                vec![
                    s.name.clone(),
                    s.kind.clone(),
                    s.path.clone(),
                    opts.join(" "),
                ]
            })
            .collect();
        Ok(output::table(&["NAME", "TYPE", "PATH", "OPTIONS"], rows))
    })
}
