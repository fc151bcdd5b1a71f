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
use crate::fleet::Summary;
use crate::fleet::staged::{self, Flow, Staged};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::progress::Progress;
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

/// `repo up`/`repo down` of several repositories as a staged flow (no plan to show, no
/// confirmation: the action is what was asked for).
struct Stage<'a> {
    by_name: BTreeMap<String, &'a Target>,
    action: Action,
    tweak: &'a (dyn Fn(&mut Job) + Sync),
    line: &'a (dyn Fn(&Target, &Status) -> String + Sync),
}

impl<'a> Staged for Stage<'a> {
    type Plan = &'a Target;
    /// The repository's name and its status.
    type Done = (String, Status);
    const ASK: Option<&'static str> = None;
    const UNCHANGED: &'static str = "nothing was changed";

    async fn plan(&self, name: &str, _p: &dyn Progress) -> Result<&'a Target> {
        Ok(self.by_name[name])
    }

    fn show(&self, _t: &&'a Target) -> String {
        String::new()
    }

    fn changes(&self, _t: &&'a Target) -> bool {
        true
    }

    async fn apply(
        &self,
        t: &'a Target,
        _go: bool,
        p: &dyn Progress,
    ) -> (Option<(String, Status)>, Result<()>) {
        let mut job = t.job();
        (self.tweak)(&mut job);
        match repo::call(t, self.action, &job, p).await {
            Ok(s) => (Some((t.name.clone(), s)), Ok(())),
            Err(e) => (None, Err(e)),
        }
    }

    async fn abandon(&self, _t: &'a Target) {}

    fn row(&self, (name, s): &(String, Status)) -> (String, String) {
        (
            self.action.as_str().into(),
            (self.line)(self.by_name[name], s),
        )
    }

    fn emit_many(
        &self,
        format: Format,
        done: Vec<(&str, &(String, Status))>,
        summary: &Summary,
    ) -> Result<()> {
        #[derive(serde::Serialize)]
        struct Many<'a> {
            repositories: BTreeMap<&'a str, &'a Status>,
            summary: &'a Summary,
        }
        output::emit(
            format,
            &Many {
                repositories: done.into_iter().map(|(n, (_, s))| (n, s)).collect(),
                summary,
            },
            || Ok(String::new()),
        )
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
    let labels: BTreeMap<String, String> = targets
        .iter()
        .map(|t| (t.name.clone(), format!("{}@{}", t.name, t.machine_name)))
        .collect();
    let names: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
    let stage = Stage {
        by_name: targets.iter().map(|t| (t.name.clone(), t)).collect(),
        action,
        tweak,
        line,
    };
    let flow = Flow {
        names: &names,
        labels: Some(&labels),
        single: false,
        parallel,
        dry_run: false,
        format: g.output,
        noun: "repositories",
        nested: false,
    };
    super::runtime()?.block_on(staged::run(&stage, &flow, p))
}
