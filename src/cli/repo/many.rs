//! Several repositories at once for `repo up` and `repo down`: names, `--all` (every repository
//! of the context), `-m a,b` (only those on these machines); each runs on its own machine, in
//! parallel within `--parallel`, with a line each and a summary; one failing never stops the
//! others, and the exit code says whether any failed.

use std::collections::BTreeMap;

use anyhow::Result;
use clap::Args;

use crate::cli::GlobalArgs;
use crate::context as ctxmod;
use crate::contract::host::Action;
use crate::error::usage;
use crate::fleet::{self, Summary};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::repo::{self, Target, host::Job, host::Status};

/// Which repositories.
#[derive(Debug, Args)]
pub struct Repos {
    /// The repositories (as named in `rdc repo create`); several run in parallel
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Only repositories on these machines (comma-separated); with one name, the machine it
    /// must live on
    #[arg(
        short = 'm',
        long = "machine",
        value_name = "MACHINE",
        value_delimiter = ','
    )]
    pub machine: Vec<String>,
    /// Every repository of the context (with -m: of those machines)
    #[arg(long, conflicts_with = "names")]
    pub all: bool,
    /// How many repositories at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub parallel: u16,
}

impl Repos {
    /// The targets, each once, in the order given (`--all`: by name).
    pub fn targets(&self, g: &GlobalArgs, verb: &str) -> Result<Vec<Target>> {
        let store = g.store()?;
        let cfg = store.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        for m in &self.machine {
            ctxmod::machine(&ctx, c, m)?;
        }
        let on = |m: &str| self.machine.is_empty() || self.machine.iter().any(|x| x == m);
        let names: Vec<String> = if self.all {
            c.repos
                .iter()
                .filter(|(_, r)| on(&r.machine))
                .map(|(n, _)| n.clone())
                .collect()
        } else {
            let mut v: Vec<String> = Vec::new();
            for n in &self.names {
                if !v.contains(n) {
                    v.push(n.clone());
                }
            }
            v
        };
        if names.is_empty() {
            return Err(usage(if self.all {
                format!("no repository to {verb}: the context has none on the machines given")
            } else if verb == "up" {
                "name a repository: rdc repo up NAME (several: rdc repo up a b, or --all)".into()
            } else {
                "name a repository: rdc repo down NAME (several: rdc repo down a b, or --all)"
                    .into()
            }));
        }
        names
            .iter()
            .map(|n| {
                let t = Target::resolve(&store, g.context.as_deref(), n, None)?;
                if !on(&t.machine_name) {
                    return Err(usage(format!(
                        "repository {n} lives on machine {}, not {}",
                        t.machine_name,
                        self.machine.join(", ")
                    )));
                }
                Ok(t)
            })
            .collect()
    }
}

/// Run `action` for each target, `tweak` filling its job; `line` says how one ended.
pub(super) fn run(
    g: &GlobalArgs,
    p: &Printer,
    targets: Vec<Target>,
    parallel: usize,
    action: Action,
    tweak: &(dyn Fn(&mut Job) + Sync),
    line: &(dyn Fn(&Target, &Status) -> String + Sync),
) -> Result<()> {
    let rt = super::runtime()?;
    let lanes = p.lanes();
    let label = |t: &Target| format!("{}@{}", t.name, t.machine_name);
    let lane: BTreeMap<String, _> = targets
        .iter()
        .map(|t| (t.name.clone(), lanes.lane(&label(t))))
        .collect();
    let by_name: BTreeMap<String, &Target> = targets.iter().map(|t| (t.name.clone(), t)).collect();
    let names: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
    let done = rt.block_on(fleet::each(&names, parallel, |name| {
        let t = by_name[&name];
        let l = &lane[&name];
        async move {
            let mut job = t.job();
            tweak(&mut job);
            let r = repo::call(t, action, &job, l).await;
            match &r {
                Ok(s) => l.finish(true, &line(t, s)),
                Err(e) => l.finish(false, &format!("{e:#}")),
            }
            r
        }
    }));
    drop(lane);
    drop(lanes);
    let mut summary = Summary::default();
    let mut statuses: Vec<(String, Status)> = Vec::new();
    for r in done {
        let t = by_name[&r.machine];
        match r.result {
            Ok(s) => {
                summary.ok(&label(t), r.took, action.as_str(), line(t, &s));
                statuses.push((r.machine, s));
            }
            Err(e) => summary.failed(&label(t), r.took, &e),
        }
    }
    if g.output == Format::Table {
        output::print(&format!("\n{}", summary.table()))?;
    } else {
        #[derive(serde::Serialize)]
        struct Many<'a> {
            repositories: BTreeMap<&'a str, &'a Status>,
            summary: &'a Summary,
        }
        output::emit(
            g.output,
            &Many {
                repositories: statuses.iter().map(|(n, s)| (n.as_str(), s)).collect(),
                summary: &summary,
            },
            || Ok(String::new()),
        )?;
    }
    summary.into_result_of("repositories")
}
