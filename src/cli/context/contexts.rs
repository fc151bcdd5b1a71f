//! `rdc context create|list|show|current|use|rename|delete|set-ssh`.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::super::{GlobalArgs, Run};
use crate::context::{self as ctxmod, Config, edit, validate};
use crate::output::{self, Format, or_dash};
use crate::printer::Printer;

/// Create a context (the first one becomes the current context)
///
/// Example: rdc context create prod --ssh-key ~/.ssh/id_ed25519
#[derive(Debug, Args)]
pub struct Create {
    /// Name of the new context
    pub name: String,
    /// Private key for SSH to every machine of the context (default: ssh's own: agent,
    /// ~/.ssh/id_*, ~/.ssh/config)
    #[arg(long, value_name = "PATH")]
    pub ssh_key: Option<PathBuf>,
}

impl Run for Create {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        validate::name("context", &self.name)?;
        let key = self
            .ssh_key
            .as_deref()
            .map(edit::ssh_key_path)
            .transpose()?;
        if let Some(k) = &key {
            checked_key(k, p)?;
        }
        let current = edit::create_context(&g.store()?, &self.name, key.as_deref())?;
        p.done(format!("created context {}", self.name));
        if current {
            p.note(format!("{} is now the current context", self.name));
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct ContextRow {
    name: String,
    current: bool,
    ssh_key: Option<String>,
    machines: Vec<String>,
    repos: Vec<String>,
}

fn context_rows(cfg: &Config, selected: Option<&str>) -> Vec<ContextRow> {
    cfg.contexts
        .iter()
        .map(|(name, c)| ContextRow {
            name: name.clone(),
            current: Some(name.as_str()) == selected,
            ssh_key: c.ssh_key.as_ref().map(|p| p.display().to_string()),
            machines: c.machines.keys().cloned().collect(),
            repos: c.repos.keys().cloned().collect(),
        })
        .collect()
}

pub(super) fn list(g: &GlobalArgs, p: &Printer) -> Result<()> {
    let cfg = g.store()?.load()?;
    let sel = ctxmod::context_name(&cfg, g.context.as_deref()).ok();
    let rows = context_rows(&cfg, sel.as_deref());
    if rows.is_empty() && g.output == Format::Table {
        p.note("no contexts yet; create one with: rdc context create NAME");
        return Ok(());
    }
    output::emit(g.output, &rows, || {
        Ok(output::table(
            &["", "NAME", "MACHINES", "REPOS", "SSH KEY"],
            rows.iter()
                .map(|r| {
                    vec![
                        if r.current { "*".into() } else { String::new() },
                        r.name.clone(),
                        r.machines.len().to_string(),
                        r.repos.len().to_string(),
                        or_dash(r.ssh_key.as_ref()),
                    ]
                })
                .collect(),
        ))
    })
}

/// Show a context.
#[derive(Debug, Args)]
pub struct Show {
    /// Context name (default: the selected context)
    pub name: Option<String>,
}

impl Run for Show {
    fn run(self, g: &GlobalArgs, _p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let sel = ctxmod::context_name(&cfg, g.context.as_deref()).ok();
        let name = match &self.name {
            Some(n) => ctxmod::context_name(&cfg, Some(n))?,
            None => ctxmod::context_name(&cfg, g.context.as_deref())?,
        };
        let row = context_rows(&cfg, sel.as_deref())
            .into_iter()
            .find(|r| r.name == name)
            .expect("resolved context exists");
        let join = |v: &[String]| {
            if v.is_empty() {
                "-".to_string()
            } else {
                v.join(", ")
            }
        };
        output::emit(g.output, &row, || {
            Ok(output::record(&[
                ("name", row.name.clone()),
                ("current", if row.current { "yes" } else { "no" }.into()),
                ("ssh_key", or_dash(row.ssh_key.as_ref())),
                ("machines", join(&row.machines)),
                ("repos", join(&row.repos)),
            ]))
        })
    }
}

pub(super) fn current(g: &GlobalArgs) -> Result<()> {
    let cfg = g.store()?.load()?;
    let name = ctxmod::context_name(&cfg, g.context.as_deref())?;
    #[derive(Serialize)]
    struct Cur<'a> {
        context: &'a str,
    }
    output::emit(g.output, &Cur { context: &name }, || {
        Ok(format!("{name}\n"))
    })
}

/// Make a context the current one.
#[derive(Debug, Args)]
pub struct Use {
    /// Context to make current
    pub name: String,
}

impl Run for Use {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        edit::use_context(&g.store()?, &self.name)?;
        p.done(format!("current context is now {}", self.name));
        Ok(())
    }
}

/// Rename a context.
#[derive(Debug, Args)]
pub struct Rename {
    /// Current name
    pub old: String,
    /// New name
    pub new: String,
}

impl Run for Rename {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        validate::name("context", &self.new)?;
        edit::rename_context(&g.store()?, &self.old, &self.new)?;
        p.done(format!("renamed context {} to {}", self.old, self.new));
        Ok(())
    }
}

/// Delete a context, with its machines, infra settings and repository credentials.
#[derive(Debug, Args)]
pub struct Delete {
    /// Context to delete
    pub name: String,
}

impl Run for Delete {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let store = g.store()?;
        let cfg = store.load()?;
        ctxmod::context_name(&cfg, Some(&self.name))?;
        let c = &cfg.contexts[&self.name];
        if !c.repos.is_empty() {
            p.warn(format!(
                "context {} holds {} repository credential(s); without them the encrypted repositories cannot be opened",
                self.name,
                c.repos.len()
            ));
        }
        if !p.ask(&format!("Delete context {}?", self.name))? {
            return Err(crate::error::declined("nothing deleted"));
        }
        edit::delete_context(&store, &self.name)?;
        p.done(format!("deleted context {}", self.name));
        Ok(())
    }
}

/// Set the SSH private key of the selected context.
#[derive(Debug, Args)]
pub struct SetSsh {
    /// Path of the private key
    #[arg(long, value_name = "PATH")]
    pub ssh_key: PathBuf,
}

impl Run for SetSsh {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let key = edit::ssh_key_path(&self.ssh_key)?;
        checked_key(&key, p)?;
        let name = edit::set_ssh_key(&g.store()?, g.context.as_deref(), &key)?;
        p.done(format!("context {name} now uses {}", key.display()));
        Ok(())
    }
}

/// Refuse a file that is not a private key OpenSSH reads; warn about a passphrase.
fn checked_key(key: &std::path::Path, p: &Printer) -> Result<()> {
    if crate::ssh::keyfile::check(key)? == crate::ssh::keyfile::Key::Passphrase {
        p.warn(format!(
            "{} is protected by a passphrase; rdc's SSH runs without prompts, so load it into your agent first: ssh-add {}",
            key.display(),
            key.display()
        ));
    }
    Ok(())
}
