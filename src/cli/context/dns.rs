//! `rdc context dns`: plan the records machines need in Cloudflare, confirm once, apply (several
//! machines in parallel, with a summary). `push-infra --dns` runs the same after a push.

use std::collections::BTreeMap;
use std::sync::Mutex;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::super::select::Machines;
use super::super::{GlobalArgs, Run};
use crate::context::{self as ctxmod, Context};
use crate::dns::{self, Applied, Prepared};
use crate::fleet::{self, Summary};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::progress::Progress;

/// Put the DNS records machines need in their Cloudflare zone: plan, confirm, apply
///
/// Put the DNS records machines need in the operator's Cloudflare zone (with the machine's
/// --cf-dns-token): A/AAAA for the base domain and *.{base domain} from the public IPs, and for
/// every custom host the machine routes (its route server's routes, its repositories' declared
/// domains) that those do not cover.
///
/// Shows a plan (create, update, unchanged; records that point elsewhere are reported and left
/// alone), asks once, then applies. Records rdc creates carry the comment "managed by rdc for
/// machine NAME"; rdc never changes or deletes a record without it. Records are not proxied
/// (Traefik terminates TLS and serves TCP/UDP ports).
#[derive(Debug, Args)]
pub struct Dns {
    #[command(flatten)]
    pub machines: Machines,
    /// Show the plan, change nothing
    #[arg(long)]
    pub dry_run: bool,
}

impl Run for Dns {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let cfg = g.store()?.load()?;
        let (ctx, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
        let names = self.machines.resolve(&ctx, c, "context dns")?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        rt.block_on(flow(
            &names,
            self.machines.parallel.into(),
            c,
            self.dry_run,
            g.output,
            p,
        ))
    }
}

#[derive(Serialize)]
struct Report<'a> {
    machine: &'a str,
    plan: &'a dns::Plan,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<&'a Applied>,
}

/// Declared domains of the repositories on `machine`.
fn declared(c: &Context, machine: &str) -> Vec<String> {
    c.repos
        .values()
        .filter(|r| r.machine == machine)
        .flat_map(|r| r.domains.iter().cloned())
        .collect()
}

/// Plan every machine, confirm once, apply.
pub(super) async fn flow(
    names: &[String],
    parallel: usize,
    c: &Context,
    dry_run: bool,
    format: Format,
    p: &Printer,
) -> Result<()> {
    let table = format == Format::Table;
    let lanes = p.lanes();
    let lane: BTreeMap<String, _> = names.iter().map(|n| (n.clone(), lanes.lane(n))).collect();
    let single = names.len() == 1;
    let progress = |n: &str| -> &dyn Progress { if single { p } else { &lane[n] } };
    let prepared = fleet::each(names, parallel, |name| {
        let m = c.machines[&name].clone();
        let decl = declared(c, &name);
        let pr = progress(&name);
        async move { dns::prepare(&name, &m, &decl, c.ssh_key.as_deref(), pr).await }
    })
    .await;
    let mut summary = Summary::default();
    let mut ready: BTreeMap<String, Prepared> = BTreeMap::new();
    for r in prepared {
        match r.result {
            Ok(prep) => {
                if !single {
                    lane[&r.machine].finish(true, "planned");
                }
                ready.insert(r.machine, prep);
            }
            Err(e) => {
                if single {
                    return Err(e);
                }
                lane[&r.machine].finish(false, &format!("{e:#}"));
                summary.failed(&r.machine, r.took, &e);
            }
        }
    }
    if table {
        let text: String = names
            .iter()
            .filter_map(|n| ready.get(n))
            .map(|prep| prep.plan.text())
            .collect();
        lanes.suspend(|| output::print(&text))?;
    }
    let changing: Vec<&str> = names
        .iter()
        .filter(|n| ready.get(*n).is_some_and(|r| r.plan.changes()))
        .map(String::as_str)
        .collect();
    let go = !dry_run && !changing.is_empty();
    if go {
        let prompt = format!(
            "Change these DNS records of {} machine(s) ({})?",
            changing.len(),
            changing.join(", ")
        );
        if !lanes.suspend(|| p.ask(&prompt))? {
            return Err(crate::error::declined("no DNS record was changed"));
        }
    } else if dry_run && table {
        p.note("dry run: no DNS record was changed");
    }
    let ready = Mutex::new(ready);
    let order: Vec<String> = names
        .iter()
        .filter(|n| ready.lock().expect("dns").contains_key(*n))
        .cloned()
        .collect();
    let applied = fleet::each(&order, parallel, |name| {
        let prep = ready.lock().expect("dns").remove(&name).expect("once");
        let pr = progress(&name);
        async move {
            let res = if go && prep.plan.changes() {
                prep.apply(pr).await.map(Some)
            } else {
                Ok(None)
            };
            (prep, res)
        }
    })
    .await;
    let mut reports = Vec::new();
    for r in applied {
        let (prep, res) = r.result;
        let what = match &res {
            Ok(Some(a)) => {
                summary.ok(&r.machine, r.took, "applied", a.describe());
                a.describe()
            }
            Ok(None) => {
                let w = if dry_run { "dry run" } else { "up to date" };
                summary.ok(&r.machine, r.took, w, "no record changed".into());
                "no record changed".into()
            }
            Err(e) => {
                summary.failed(&r.machine, r.took, e);
                format!("{e:#}")
            }
        };
        if single {
            if let Err(e) = res {
                return Err(e);
            }
            if table && !dry_run {
                p.done(format!("DNS of {}: {what}", r.machine));
            }
        } else {
            lane[&r.machine].finish(res.is_ok(), &what);
        }
        reports.push((prep, res.ok().flatten()));
    }
    summary.sort_by(names);
    drop(lane);
    drop(lanes);
    if table {
        if !single {
            output::print(&format!("\n{}", summary.table()))?;
        }
    } else {
        let rs: Vec<Report> = reports
            .iter()
            .map(|(prep, a)| Report {
                machine: &prep.machine,
                plan: &prep.plan,
                applied: a.as_ref(),
            })
            .collect();
        if single {
            output::emit(format, &rs[0], || Ok(String::new()))?;
        } else {
            #[derive(Serialize)]
            struct Many<'a> {
                machines: Vec<Report<'a>>,
                summary: &'a Summary,
            }
            output::emit(
                format,
                &Many {
                    machines: rs,
                    summary: &summary,
                },
                || Ok(String::new()),
            )?;
        }
    }
    summary.into_result()
}
