//! `rdc context push-infra`: one machine (plan, diff, confirm, apply) or several at once (every
//! plan first, one confirmation, then every machine in parallel with a line each and a summary).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::super::select::Machines;
use super::super::{GlobalArgs, Run};
use crate::context::{self as ctxmod};
use crate::fetch::{self, hashes::Cache};
use crate::fleet::{self, Summary};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::progress::{Event, Progress};
use crate::push::{self, Options, Outcome, Prepared, PushStatus, Report};

/// Install or update the proxy on machines over SSH: plan, diff, confirm, apply, verify
///
/// Install or update the proxy on machines: the rdc binary, Traefik (the pinned release,
/// downloaded and verified, unless --traefik-binary is given), Traefik's static config, the env
/// file with the token (0600), router.toml and the systemd units.
///
/// Shows a plan and a diff (secrets masked), asks before changing anything (--yes to skip; needed
/// without a terminal), uploads each file atomically, restarts only what changed and checks the
/// route server and Traefik; on failure it restores the previous files. Re-run it after any
/// set-infra change; a push with nothing to change does nothing. Several machines (-m a,b or
/// --all) are planned first, confirmed once, then pushed in parallel; one failing machine does
/// not stop the others, and the exit code says whether any failed.
#[derive(Debug, Args)]
pub struct PushInfra {
    #[command(flatten)]
    pub machines: Machines,
    /// Show the plan and the diff, change nothing (and download nothing)
    #[arg(long)]
    pub dry_run: bool,
    /// rdc binary to install on the server (default: this executable; use another for a server
    /// of another architecture)
    #[arg(long, value_name = "PATH")]
    pub rdc_binary: Option<PathBuf>,
    /// Traefik binary to install (default: the pinned Traefik release for the server's
    /// architecture, downloaded once into the cache and verified; use this without internet)
    #[arg(long, value_name = "PATH")]
    pub traefik_binary: Option<PathBuf>,
    /// Base URL of a mirror serving the pinned Traefik files under their own names (checked
    /// against the same checksums)
    #[arg(long, value_name = "URL", env = fetch::MIRROR_ENV)]
    pub traefik_mirror: Option<String>,
    /// Install this rdc even when the server runs a newer version
    #[arg(long)]
    pub allow_downgrade: bool,
    /// Then put the machines' DNS records in Cloudflare, as `rdc context dns` does
    #[arg(long)]
    pub dns: bool,
    /// Fail at once when another push-infra or setup-machine is running on the server (the
    /// default is to wait for it, saying who holds it)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for PushInfra {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let names = self.machines.resolve(&ctx, c, "context push-infra")?;
        if self.dns && g.output != Format::Table {
            return Err(crate::error::usage(
                "--dns prints its own plan; with -o json or yaml run the two commands: rdc context push-infra … -o json, then rdc context dns … -o json",
            ));
        }
        let (dns, dry_run, parallel) = (self.dns, self.dry_run, self.machines.parallel.into());
        let cache_dir = fetch::cache_dir()?;
        let opts = Options {
            dry_run: self.dry_run,
            rdc_binary: self.rdc_binary,
            traefik_binary: self.traefik_binary,
            traefik_mirror: self.traefik_mirror,
            allow_downgrade: self.allow_downgrade,
            output: g.output,
            hashes: Arc::new(Cache::open(&cache_dir)),
            cache_dir,
            wait: !self.no_wait,
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let pushed = if let [name] = names.as_slice() {
            let m = ctxmod::machine(&ctx, c, name)?.clone();
            rt.block_on(push::run(
                name,
                &m,
                &c.repo_decls(name),
                c.ssh_key.as_deref(),
                opts,
                p,
            ))
        } else {
            rt.block_on(many(&names, parallel, c, &opts, p))
        };
        if !dns {
            return pushed;
        }
        if let Err(e) = pushed {
            p.warn("DNS records were not touched: the push did not succeed everywhere");
            return Err(e);
        }
        rt.block_on(super::dns::flow(&names, parallel, c, dry_run, g.output, p))
    }
}

#[derive(Serialize)]
struct FleetReport<'a> {
    machines: Vec<Report<'a>>,
    summary: &'a Summary,
}

async fn many(
    names: &[String],
    parallel: usize,
    c: &crate::context::Context,
    opts: &Options,
    p: &Printer,
) -> Result<()> {
    let lanes = p.lanes();
    let lane: BTreeMap<String, _> = names.iter().map(|n| (n.clone(), lanes.lane(n))).collect();
    let prepared = fleet::each(names, parallel, |name| {
        let l = &lane[&name];
        let m = c.machines[&name].clone();
        async move {
            let r = push::prepare(
                &name,
                &m,
                &c.repo_decls(&name),
                c.ssh_key.as_deref(),
                opts,
                l,
            )
            .await;
            match &r {
                Ok(prep) if prep.plan.changes() && !opts.dry_run => l.event(Event::Begin(
                    "planned; waiting for the other machines".into(),
                )),
                Ok(_) => l.event(Event::Begin("planned".into())),
                Err(e) => l.finish(false, &format!("{e:#}")),
            }
            r
        }
    })
    .await;
    let mut summary = Summary::default();
    let mut ready: BTreeMap<String, Prepared> = BTreeMap::new();
    for r in prepared {
        match r.result {
            Ok(prep) => {
                ready.insert(r.machine, prep);
            }
            Err(e) => summary.failed(&r.machine, r.took, &e),
        }
    }
    let table = opts.output == Format::Table;
    if table {
        let text: String = names
            .iter()
            .filter_map(|n| ready.get(n))
            .map(|prep| format!("{}\n", prep.shown()))
            .collect();
        lanes.suspend(|| output::print(&text))?;
    }
    let changing: Vec<&str> = names
        .iter()
        .filter(|n| ready.get(*n).is_some_and(|prep| prep.plan.changes()))
        .map(String::as_str)
        .collect();
    let go = if opts.dry_run || changing.is_empty() {
        false
    } else {
        let prompt = format!(
            "Apply these changes to {} machine(s) ({})?",
            changing.len(),
            changing.join(", ")
        );
        let answer = lanes.suspend(|| p.ask(&prompt)).and_then(|yes| {
            if yes {
                Ok(true)
            } else {
                Err(crate::error::declined("nothing was changed"))
            }
        });
        match answer {
            Ok(yes) => yes,
            Err(e) => {
                for (n, prep) in std::mem::take(&mut ready) {
                    let _ = prep.finish(false, opts, &lane[&n]).await;
                    lane[&n].finish(false, "nothing changed");
                }
                return Err(e);
            }
        }
    };
    let plans: BTreeMap<String, crate::push::plan::Plan> = ready
        .iter()
        .map(|(n, prep)| (n.clone(), prep.plan.clone()))
        .collect();
    let ready = Mutex::new(ready);
    let order: Vec<String> = names
        .iter()
        .filter(|n| plans.contains_key(*n))
        .cloned()
        .collect();
    let applied = fleet::each(&order, parallel, |name| {
        let prep = ready.lock().expect("fleet").remove(&name);
        let l = &lane[&name];
        async move {
            let prep = prep.expect("each machine once");
            let (outcome, result) = prep.finish(go, opts, l).await;
            match &result {
                Ok(()) => l.finish(true, &describe(&outcome)),
                Err(e) => l.finish(false, &format!("{e:#}")),
            }
            (outcome, result)
        }
    })
    .await;
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    for r in applied {
        let (outcome, result) = r.result;
        match result {
            Ok(()) => summary.ok(&r.machine, r.took, status(&outcome), describe(&outcome)),
            Err(e) => summary.failed(&r.machine, r.took, &e),
        }
        outcomes.insert(r.machine, outcome);
    }
    summary.sort_by(names);
    drop(lane);
    drop(lanes);
    if table {
        output::print(&format!("\n{}", summary.table()))?;
    } else {
        let reports = names
            .iter()
            .filter_map(|n| {
                Some(Report {
                    machine: n,
                    diff: plans.get(n)?.diff(),
                    plan: plans.get(n)?,
                    result: outcomes.get(n)?,
                })
            })
            .collect();
        let r = FleetReport {
            machines: reports,
            summary: &summary,
        };
        output::emit(opts.output, &r, || Ok(String::new()))?;
    }
    summary.into_result()
}

fn status(o: &Outcome) -> &'static str {
    match o.status {
        PushStatus::DryRun => "dry run",
        PushStatus::UpToDate => "up to date",
        PushStatus::Applied => "applied",
        PushStatus::RolledBack => "rolled back",
        PushStatus::Pending => "not applied",
    }
}

/// What changed, in a few words.
fn describe(o: &Outcome) -> String {
    match o.status {
        PushStatus::DryRun => "nothing changed (dry run)".into(),
        PushStatus::UpToDate => "nothing to change".into(),
        _ => {
            let mut parts = Vec::new();
            if !o.uploaded.is_empty() {
                parts.push(format!("{} file(s) installed", o.uploaded.len()));
            }
            if !o.restarted.is_empty() {
                parts.push(format!("restarted {}", o.restarted.join(", ")));
            }
            if parts.is_empty() {
                "nothing changed".into()
            } else {
                parts.join("; ")
            }
        }
    }
}
