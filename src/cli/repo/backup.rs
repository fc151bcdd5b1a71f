//! `rdc repo push`, `rdc repo pull`, `rdc repo backups`: a repository's backups in a storage
//! (`rdc context storage add`), made and restored on its machine (`repo::client::backup`).

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::{NameArg, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::context::storage;
use crate::contract::backup::Entry;
use crate::contract::host::Action;
use crate::output;
use crate::printer::Printer;
use crate::repo::Target;
use crate::repo::client::backup::{self, To};

/// Back up a repository to a storage: a consistent snapshot, incremental after the first
///
/// The running repository is paused for the milliseconds a snapshot takes (its filesystem
/// frozen while the image is reflinked), then the snapshot is sent to the storage through
/// rclone: in full the first time, then only what changed since the newest backup the storage
/// and the machine both have. What leaves the machine is the repository's image as it is on
/// disk: LUKS-encrypted (restoring needs the repository's credential from this config), unless
/// the repository was created --no-encrypt. Needs a btrfs datastore and rclone on the machine.
#[derive(Debug, Args)]
pub struct Push {
    #[command(flatten)]
    pub target: NameArg,
    /// The storage (rdc context storage list)
    #[arg(long, value_name = "STORAGE")]
    pub to: String,
    /// The backup's tag (default: the time, e.g. 20261203T101500Z)
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Then keep only the newest N backups in the storage (and the older ones their chains
    /// need); delete the rest
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep: Option<u32>,
    /// A full backup even when an incremental one is possible (a new chain: with --keep, the
    /// old chain can then be deleted)
    #[arg(long)]
    pub full: bool,
    /// Stop the repository's services (down) for the snapshot and bring them up again after,
    /// instead of freezing its filesystem for milliseconds while they run
    #[arg(long)]
    pub stop: bool,
}

/// Restore a repository's image from a storage onto its machine (or another, -m)
///
/// Receives the backup's chain (the full backup, then each increment; those the machine
/// already has are skipped), checks each stream's sha256 against its entry before using it,
/// then puts the image in place at once. The repository must have no image on that machine
/// (after a lost disk, or on a new machine). With -m TARGET the repository's record moves to
/// TARGET (its network id stays: ids are unique in the context) and both route servers are told;
/// --up then mounts it and brings it up. Restoring an encrypted repository needs its credential,
/// which only this config holds.
#[derive(Debug, Args)]
pub struct Pull {
    /// The repository (as named in `rdc repo create`)
    pub name: String,
    /// Restore it onto this machine of the context (default: its own); the repository's record
    /// moves there
    #[arg(short = 'm', long = "machine", value_name = "TARGET")]
    pub machine: Option<String>,
    /// Then mount it and bring it up (rdc repo up NAME --mount)
    #[arg(long)]
    pub up: bool,
    /// The storage (rdc context storage list)
    #[arg(long, value_name = "STORAGE")]
    pub from: String,
    /// The backup to restore (default: the newest)
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
}

/// List a repository's backups in a storage: tag, time, size, full or incremental, base
#[derive(Debug, Args)]
pub struct Backups {
    #[command(flatten)]
    pub target: NameArg,
    /// The storage (rdc context storage list)
    #[arg(long, value_name = "STORAGE")]
    pub from: String,
}

/// The repository and the storage, from the config.
fn resolve(g: &GlobalArgs, target: &NameArg, name: &str) -> Result<(Target, storage::Storage)> {
    let t = target.target(g)?;
    let cfg = g.store()?.load()?;
    let s = storage::get(&cfg, &t.ctx, name)?.clone();
    Ok((t, s))
}

fn mb(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

impl Run for Push {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        if let Some(t) = &self.tag {
            crate::contract::backup::check_tag(t).map_err(crate::error::usage)?;
        }
        let (t, s) = resolve(g, &self.target, &self.to)?;
        if !t.repo.encrypted {
            p.warn(format!(
                "{} is not encrypted (created --no-encrypt): its backup in {} holds its data as it is",
                t.name, self.to
            ));
        }
        let to = To {
            name: &self.to,
            storage: &s,
        };
        let opts = backup::PushOpts {
            tag: self.tag.as_deref(),
            keep: self.keep.map(|k| k as usize),
            full: self.full,
        };
        let rt = runtime()?;
        // --stop: down first (only a running repository), up again after, whatever the push did.
        let stopped = self.stop && {
            let st = rt.block_on(crate::repo::call(&t, Action::Status, &t.job(), p))?;
            if st.daemon_running {
                rt.block_on(crate::repo::call(&t, Action::Down, &t.job(), p))?;
            }
            st.daemon_running
        };
        let pushed = rt.block_on(backup::push(&t, &to, &opts, p));
        if stopped {
            let mut job = t.job();
            job.mount = true;
            if let Err(e) = rt.block_on(crate::repo::call(&t, Action::Up, &job, p)) {
                p.warn(format!(
                    "{} did not come back up after the push: {e:#}; start it with: rdc repo up {} --mount",
                    t.name, t.name
                ));
            }
        }
        let r = pushed?;
        let how = match &r.entry.base {
            Some(b) => format!("incremental vs {b}"),
            None => "full".to_string(),
        };
        p.done(format!(
            "{} pushed to {} as {}: transferred {} ({how}, image {}) in {:.1}s{}",
            t.name,
            self.to,
            r.entry.tag,
            mb(r.entry.bytes),
            mb(r.entry.image_bytes),
            r.seconds,
            r.pause_ms
                .map(|ms| format!("; paused {ms} ms"))
                .unwrap_or_default()
        ));
        if !r.pruned.is_empty() {
            p.note(format!(
                "deleted {} older backup(s) (--keep): {}",
                r.pruned.len(),
                r.pruned.join(", ")
            ));
        }
        output::emit(g.output, &r, || Ok(String::new()))
    }
}

impl Run for Pull {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        if let Some(t) = &self.tag {
            crate::contract::backup::check_tag(t).map_err(crate::error::usage)?;
        }
        let store = g.store()?;
        let home = Target::resolve(&store, g.context.as_deref(), &self.name, None)?;
        let cfg = store.load()?;
        let s = storage::get(&cfg, &home.ctx, &self.from)?.clone();
        if home.repo.encrypted && home.repo.credential.is_none() {
            return Err(crate::error::usage(format!(
                "repository {} is encrypted and this config holds no credential for it: its backup cannot be opened; nothing was pulled",
                self.name
            )));
        }
        let t = match &self.machine {
            Some(m) if *m != home.machine_name => {
                let c = &cfg.contexts[&home.ctx];
                let machine = crate::context::machine(&home.ctx, c, m)?.clone();
                home.on(m, machine)
            }
            _ => home.on(&home.machine_name, home.machine.clone()),
        };
        let from = To {
            name: &self.from,
            storage: &s,
        };
        let rt = runtime()?;
        let r = rt.block_on(backup::pull(&t, &from, self.tag.as_deref(), p))?;
        if t.machine_name != home.machine_name {
            rt.block_on(backup::moved(&store, &home, &t.machine_name, p))?;
        }
        p.done(format!(
            "{} restored on {} from {} ({}): received {} in {:.1}s",
            t.name,
            t.machine_name,
            self.from,
            r.tag,
            mb(r.bytes),
            r.seconds,
        ));
        if self.up {
            let mut job = t.job();
            job.mount = true;
            let st = rt.block_on(crate::repo::call(
                &t,
                crate::contract::host::Action::Up,
                &job,
                p,
            ))?;
            p.done(format!(
                "{} is up on {}: {} container(s) running",
                t.name, t.machine_name, st.containers_running
            ));
        } else {
            p.note(format!("start it with: rdc repo up {} --mount", t.name));
        }
        output::emit(g.output, &r, || Ok(String::new()))
    }
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    kind: &'static str,
}

impl Run for Backups {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let (t, s) = resolve(g, &self.target, &self.from)?;
        let from = To {
            name: &self.from,
            storage: &s,
        };
        let v = runtime()?.block_on(backup::list(&t, &from, p))?;
        let rows: Vec<Row> = v
            .iter()
            .map(|e| Row {
                entry: e,
                kind: if e.base.is_some() {
                    "incremental"
                } else {
                    "full"
                },
            })
            .collect();
        output::emit(g.output, &rows, || {
            if rows.is_empty() {
                return Ok(format!(
                    "no backup of {} in {}; make one with: rdc repo push {} --to {}\n",
                    t.name, self.from, t.name, self.from
                ));
            }
            let table = rows
                .iter()
                .map(|r| {
                    vec![
                        r.entry.tag.clone(),
                        humantime::format_rfc3339_seconds(
                            std::time::UNIX_EPOCH + std::time::Duration::from_secs(r.entry.time),
                        )
                        .to_string(),
                        mb(r.entry.bytes),
                        r.kind.to_string(),
                        r.entry.base.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            Ok(output::table(
                &["TAG", "TIME", "SIZE", "KIND", "BASE"],
                table,
            ))
        })
    }
}
