//! `rdc repo push`, `rdc repo pull`, `rdc repo backups`: a repository's backups in a storage
//! (`rdc context storage add`), made and restored on its machine (`repo::client::backup`), and
//! its image copied between two machines (`repo::client::copy`).

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
use crate::repo::client::copy;

/// Back up a repository to a storage, or copy it to another machine: a consistent snapshot,
/// incremental after the first
///
/// The running repository is paused for the milliseconds a snapshot takes (its filesystem
/// frozen while the image is reflinked), then the snapshot is sent: to a storage through
/// rclone (--to), or to another machine of the context through this computer (--to-machine;
/// neither machine needs a key for the other). In full the first time, then only what changed
/// since the newest snapshot both sides have. What leaves the machine is the repository's image
/// as it is on disk: LUKS-encrypted (restoring needs the repository's credential from this
/// config), unless the repository was created --no-encrypt. A copy to a machine replaces the
/// image there (never while it is mounted there) and leaves the repository's record on its own
/// machine; `rdc repo pull NAME --from-machine M1 -m M2` moves it. Needs a btrfs datastore on
/// both machines, and rclone for a storage.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("dest").required(true).args(["to", "to_machine"])))]
pub struct Push {
    #[command(flatten)]
    pub target: NameArg,
    /// The storage (rdc context storage list)
    #[arg(long, value_name = "STORAGE")]
    pub to: Option<String>,
    /// Copy it to this machine of the context instead
    #[arg(long, value_name = "MACHINE")]
    pub to_machine: Option<String>,
    /// The backup's tag (default: the time, e.g. 20261203T101500Z)
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Then keep only the newest N backups in the storage (and the older ones their chains
    /// need); delete the rest
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), conflicts_with = "to_machine")]
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

/// Restore a repository's image from a storage, or copy it from another machine, onto its
/// machine (or another, -m)
///
/// From a storage (--from): receives the backup's chain (the full backup, then each increment;
/// those the machine already has are skipped), checks each stream's sha256 against its entry
/// before using it, then puts the image in place at once; the repository must have no image on
/// that machine (after a lost disk, or on a new machine). From a machine (--from-machine M1):
/// the image is sent from M1 through this computer (incremental against the newest snapshot
/// both have), checked on both ends and here, and put in place; M1 keeps its copy. With -m
/// TARGET the repository's record moves to TARGET (its network id stays: ids are unique in the
/// context) and both route servers are told; --up then mounts it and brings it up. Restoring an
/// encrypted repository needs its credential, which only this config holds.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["from", "from_machine"])))]
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
    /// Then put its DNS records in Cloudflare for the machine it is on now (rdc context dns
    /// TARGET), taking over the records rdc made for its old machine at the names it routes
    #[arg(long, requires = "up")]
    pub dns: bool,
    /// The storage (rdc context storage list)
    #[arg(long, value_name = "STORAGE")]
    pub from: Option<String>,
    /// Copy it from this machine of the context instead (which keeps its copy)
    #[arg(long, value_name = "MACHINE")]
    pub from_machine: Option<String>,
    /// The backup to restore (default: the newest), or the name of the copy's snapshot
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Then re-read what was restored: every stream of the chain from the storage against its
    /// checksum, and every block of the image (btrfs checks each against its own)
    #[arg(long, requires = "from")]
    pub verify: bool,
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

/// The other machine of a copy: the same repository there.
fn elsewhere(cfg: &crate::context::Config, home: &Target, machine: &str) -> Result<Target> {
    let c = &cfg.contexts[&home.ctx];
    let m = crate::context::machine(&home.ctx, c, machine)?.clone();
    Ok(home.on(machine, m))
}

/// "transferred 51.2 MB (incremental vs B, image 2.0 GB) in 0.7s; paused 40 ms".
fn transferred(e: &Entry, seconds: f64, pause_ms: Option<u64>) -> String {
    let how = match &e.base {
        Some(b) => format!("incremental vs {b}"),
        None => "full".to_string(),
    };
    format!(
        "transferred {} ({how}, image {}) in {seconds:.1}s{}",
        mb(e.bytes),
        mb(e.image_bytes),
        pause_ms
            .map(|ms| format!("; paused {ms} ms"))
            .unwrap_or_default()
    )
}

impl Push {
    /// --stop: down first (only a running repository), `work`, up again after, whatever `work`
    /// did.
    fn stopped<T>(&self, t: &Target, p: &Printer, work: impl FnOnce() -> Result<T>) -> Result<T> {
        let rt = runtime()?;
        let stopped = self.stop && {
            let st = rt.block_on(crate::repo::call(t, Action::Status, &t.job(), p))?;
            if st.daemon_running {
                rt.block_on(crate::repo::call(t, Action::Down, &t.job(), p))?;
            }
            st.daemon_running
        };
        let res = work();
        if stopped {
            let mut job = t.job();
            job.mount = true;
            if let Err(e) = rt.block_on(crate::repo::call(t, Action::Up, &job, p)) {
                p.warn(format!(
                    "{} did not come back up after the push: {e:#}; start it with: rdc repo up {} --mount",
                    t.name, t.name
                ));
            }
        }
        res
    }
}

impl Run for Push {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        if let Some(t) = &self.tag {
            crate::contract::backup::check_tag(t).map_err(crate::error::usage)?;
        }
        if let Some(m) = &self.to_machine {
            let t = self.target.target(g)?;
            let dst = elsewhere(&g.store()?.load()?, &t, m)?;
            if !t.repo.encrypted {
                p.warn(format!(
                    "{} is not encrypted (created --no-encrypt): its data travels to {m} as it is (inside SSH)",
                    t.name
                ));
            }
            let rt = runtime()?;
            let r = self.stopped(&t, p, || {
                rt.block_on(copy::copy(&t, &dst, self.tag.as_deref(), self.full, p))
            })?;
            p.done(format!(
                "{} copied to {m} as {}: {}",
                t.name,
                r.entry.tag,
                transferred(&r.entry, r.seconds, r.pause_ms)
            ));
            p.note(format!(
                "{} stays on {} in this config; to move it to {m}: rdc repo pull {} --from-machine {} -m {m}",
                t.name, t.machine_name, t.name, t.machine_name
            ));
            return output::emit(g.output, &r, || Ok(String::new()));
        }
        let to_name = self.to.clone().unwrap_or_default();
        let (t, s) = resolve(g, &self.target, &to_name)?;
        if !t.repo.encrypted {
            p.warn(format!(
                "{} is not encrypted (created --no-encrypt): its backup in {} holds its data as it is",
                t.name, to_name
            ));
        }
        let to = To {
            name: &to_name,
            storage: &s,
        };
        let opts = backup::PushOpts {
            tag: self.tag.as_deref(),
            keep: self.keep.map(|k| k as usize),
            full: self.full,
        };
        let rt = runtime()?;
        let r = self.stopped(&t, p, || rt.block_on(backup::push(&t, &to, &opts, p)))?;
        p.done(format!(
            "{} pushed to {} as {}: {}",
            t.name,
            to_name,
            r.entry.tag,
            transferred(&r.entry, r.seconds, r.pause_ms)
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
        let s = match &self.from {
            Some(f) => Some(storage::get(&cfg, &home.ctx, f)?.clone()),
            None => None,
        };
        if home.repo.encrypted && home.repo.credential.is_none() {
            return Err(crate::error::usage(format!(
                "repository {} is encrypted and this config holds no credential for it: its image cannot be opened; nothing was pulled",
                self.name
            )));
        }
        let mut t = match &self.machine {
            Some(m) if *m != home.machine_name => elsewhere(&cfg, &home, m)?,
            _ => home.on(&home.machine_name, home.machine.clone()),
        };
        let rt = runtime()?;
        // Restore anywhere: where another repository uses its network id (another context's,
        // or one this config does not know), it gets a free one; its services' addresses follow
        // (slots in .rediacc.json, addresses from the id).
        if t.machine_name != home.machine_name {
            let live = rt.block_on(crate::repo::client::live::machine(
                &t.machine_name,
                &t.machine,
                t.ssh_key.as_deref(),
                p,
            ))?;
            if let Some(id) = backup::free_id_there(&t, &cfg.contexts[&home.ctx], &live) {
                p.note(format!(
                    "network id {} is taken on {} by another repository; {} gets {id} ({}) there",
                    t.repo.network_id,
                    t.machine_name,
                    t.name,
                    id.cidr()
                ));
                t.repo.network_id = id;
            }
        }
        let result = match (&self.from_machine, &s) {
            (Some(m1), _) => {
                let src = elsewhere(&cfg, &home, m1)?;
                let r = rt.block_on(copy::copy(&src, &t, self.tag.as_deref(), false, p))?;
                p.done(format!(
                    "{} copied from {m1} to {} as {}: {}",
                    t.name,
                    t.machine_name,
                    r.entry.tag,
                    transferred(&r.entry, r.seconds, r.pause_ms)
                ));
                serde_json::to_value(&r)?
            }
            (None, Some(s)) => {
                let from_name = self.from.clone().unwrap_or_default();
                let from = To {
                    name: &from_name,
                    storage: s,
                };
                let r =
                    rt.block_on(backup::pull(&t, &from, self.tag.as_deref(), self.verify, p))?;
                p.done(format!(
                    "{} restored on {} from {} ({}): received {} in {:.1}s{}",
                    t.name,
                    t.machine_name,
                    from_name,
                    r.tag,
                    mb(r.bytes),
                    r.seconds,
                    r.verified_bytes
                        .map(|b| format!("; verified ({} re-read)", mb(b)))
                        .unwrap_or_default()
                ));
                serde_json::to_value(&r)?
            }
            (None, None) => unreachable!("clap requires --from or --from-machine"),
        };
        if t.machine_name != home.machine_name {
            rt.block_on(backup::moved(
                &store,
                &home,
                &t.machine_name,
                t.repo.network_id,
                p,
            ))?;
        }
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
            if self.dns {
                let cfg = store.load()?;
                let take_over: Vec<String> = (t.machine_name != home.machine_name)
                    .then(|| home.machine_name.clone())
                    .into_iter()
                    .collect();
                rt.block_on(crate::cli::context::dns::flow(
                    std::slice::from_ref(&t.machine_name),
                    1,
                    &cfg.contexts[&home.ctx],
                    crate::cli::context::dns::How {
                        take_over: &take_over,
                        nested: true,
                        dry_run: false,
                        format: output::Format::Table,
                    },
                    p,
                ))?;
            }
        } else {
            p.note(format!("start it with: rdc repo up {} --mount", t.name));
        }
        output::emit(g.output, &result, || Ok(String::new()))
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
