//! One flow for work on many machines (push-infra, setup-machine, dns, repo up/down): plan
//! every machine (in parallel, reading only), show every plan, ask once, apply in parallel with
//! one progress line per machine, print one summary. One machine is the n=1 case (its progress
//! on the printer itself, no summary table, its error as the command's error). A declined or
//! impossible confirmation (no terminal and no `--yes`) gives up every plan (locks released,
//! connections closed) and fails the same way for every command. Each command says what it
//! plans and applies by implementing [`Staged`].

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;

use anyhow::Result;
use serde::Serialize;

use super::{Summary, each};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::progress::{Event, Progress};

/// How one command plans and applies on one machine.
pub(crate) trait Staged: Sync {
    /// A machine read and planned (its connection and lock still held).
    type Plan;
    /// How applying ended: the machine's report in `-o json|yaml`.
    type Done: Serialize;

    /// The question asked before applying, before the machines' names: `Apply these changes
    /// to`. None: no confirmation (repo up/down).
    const ASK: Option<&'static str>;
    /// What a declined confirmation or a dry run leaves: `nothing was changed`.
    const UNCHANGED: &'static str;

    /// Read and plan; changes nothing.
    fn plan(&self, machine: &str, p: &dyn Progress) -> impl Future<Output = Result<Self::Plan>>;
    /// The plan as the table output shows it (empty: nothing to show).
    fn show(&self, plan: &Self::Plan) -> String;
    /// Whether applying it would change anything.
    fn changes(&self, plan: &Self::Plan) -> bool;
    /// Apply it (`go`: confirmed, not a dry run), release what it held. The report (None when
    /// there is nothing to report) and the result.
    fn apply(
        &self,
        plan: Self::Plan,
        go: bool,
        p: &dyn Progress,
    ) -> impl Future<Output = (Option<Self::Done>, Result<()>)>;
    /// Give it up without applying (a declined confirmation): release what it held.
    fn abandon(&self, plan: Self::Plan) -> impl Future<Output = ()>;
    /// The summary row of a success: its result word and its detail.
    fn row(&self, done: &Self::Done) -> (String, String);
    /// One machine, table output: what to print once it is applied (after the progress).
    fn finished(&self, _machine: &str, _done: &Self::Done, _p: &Printer) -> Result<()> {
        Ok(())
    }
    /// Several machines, `-o json|yaml`: the whole answer. Default `{machines: [...], summary}`.
    fn emit_many(
        &self,
        format: Format,
        done: Vec<(&str, &Self::Done)>,
        summary: &Summary,
    ) -> Result<()> {
        #[derive(Serialize)]
        struct Many<'a, D> {
            machines: Vec<&'a D>,
            summary: &'a Summary,
        }
        let machines = done.into_iter().map(|(_, d)| d).collect();
        output::emit(format, &Many { machines, summary }, || Ok(String::new()))
    }
}

/// How the flow runs.
pub(crate) struct Flow<'a> {
    /// The machines (or repositories), in the order named.
    pub(crate) names: &'a [String],
    /// The label of each in progress lines and the summary (`app@s1`); the name when absent.
    pub(crate) labels: Option<&'a BTreeMap<String, String>>,
    /// One machine: its progress on the printer, its error as the command's, no summary.
    pub(crate) single: bool,
    pub(crate) parallel: usize,
    pub(crate) dry_run: bool,
    pub(crate) format: Format,
    /// What the failure line counts: `machines`, `repositories`.
    pub(crate) noun: &'a str,
}

/// Plan every machine, show, ask once, apply, summarise.
pub(crate) async fn run<S: Staged>(s: &S, flow: &Flow<'_>, p: &Printer) -> Result<()> {
    let names = flow.names;
    let single = flow.single && names.len() == 1;
    let table = flow.format == Format::Table;
    let label = |n: &str| -> String {
        flow.labels
            .and_then(|l| l.get(n).cloned())
            .unwrap_or_else(|| n.to_string())
    };
    let lanes = p.lanes();
    let lane: BTreeMap<String, _> = names
        .iter()
        .map(|n| (n.clone(), lanes.lane(&label(n))))
        .collect();
    let progress = |n: &str| -> &dyn Progress { if single { p } else { &lane[n] } };
    let waits = S::ASK.is_some() && !flow.dry_run;

    let planned = each(names, flow.parallel, |name| {
        let pr = progress(&name);
        let l = &lane[&name];
        async move {
            let r = s.plan(&name, pr).await;
            if !single {
                match &r {
                    Ok(plan) if waits && s.changes(plan) => l.event(Event::Begin(
                        "planned; waiting for the other machines".into(),
                    )),
                    Ok(_) => l.event(Event::Begin("planned".into())),
                    Err(e) => l.finish(false, &format!("{e:#}")),
                }
            }
            r
        }
    })
    .await;
    let mut summary = Summary::default();
    let mut ready: BTreeMap<String, S::Plan> = BTreeMap::new();
    for r in planned {
        match r.result {
            Ok(plan) => {
                ready.insert(r.machine, plan);
            }
            Err(e) if single => return Err(e),
            Err(e) => summary.failed(&label(&r.machine), r.took, &e),
        }
    }

    if table {
        let text: String = names
            .iter()
            .filter_map(|n| ready.get(n))
            .map(|plan| s.show(plan))
            .filter(|t| !t.is_empty())
            .map(|t| if t.ends_with('\n') { t } else { t + "\n" })
            .collect();
        if !text.is_empty() {
            lanes.suspend(|| output::print(&text))?;
        }
    }
    let changing: Vec<&str> = names
        .iter()
        .filter(|n| ready.get(*n).is_some_and(|plan| s.changes(plan)))
        .map(String::as_str)
        .collect();
    if let Some(ask) = S::ASK.filter(|_| !flow.dry_run && !changing.is_empty()) {
        let prompt = match changing.as_slice() {
            [one] => format!("{ask} {one}?"),
            many => format!("{ask} {} machine(s) ({})?", many.len(), many.join(", ")),
        };
        let answer = lanes.suspend(|| p.ask(&prompt));
        if !matches!(answer, Ok(true)) {
            for (n, plan) in std::mem::take(&mut ready) {
                s.abandon(plan).await;
                if !single {
                    lane[&n].finish(false, S::UNCHANGED);
                }
            }
            return match answer {
                Err(e) => Err(e),
                _ => Err(crate::error::declined(S::UNCHANGED)),
            };
        }
    } else if flow.dry_run && table {
        p.note(format!("dry run: {}", S::UNCHANGED));
    }

    let go = !flow.dry_run;
    let order: Vec<String> = names
        .iter()
        .filter(|n| ready.contains_key(*n))
        .cloned()
        .collect();
    let ready = Mutex::new(ready);
    let applied = each(&order, flow.parallel, |name| {
        let plan = ready.lock().expect("staged").remove(&name);
        let pr = progress(&name);
        async move {
            let plan = plan.expect("each machine once");
            s.apply(plan, go, pr).await
        }
    })
    .await;
    let mut done: Vec<(String, S::Done)> = Vec::new();
    for r in applied {
        let (report, result) = r.result;
        let l = label(&r.machine);
        match (&result, &report) {
            (Ok(()), Some(d)) => {
                let (word, detail) = s.row(d);
                if !single {
                    lane[&r.machine].finish(true, &detail);
                }
                summary.ok(&l, r.took, &word, detail);
            }
            (Ok(()), None) => summary.ok(&l, r.took, "done", String::new()),
            (Err(e), _) => {
                if !single {
                    lane[&r.machine].finish(false, &format!("{e:#}"));
                }
                summary.failed(&l, r.took, e);
            }
        }
        if single {
            if let (Some(d), true) = (&report, table && result.is_ok()) {
                s.finished(&r.machine, d, p)?;
            }
            if !table && let Some(d) = &report {
                output::emit(flow.format, d, || Ok(String::new()))?;
            }
            result?;
        }
        if let Some(d) = report {
            done.push((r.machine, d));
        }
    }
    let labels: Vec<String> = names.iter().map(|n| label(n)).collect();
    summary.sort_by(&labels);
    drop(lane);
    drop(lanes);
    if !single {
        if table {
            output::print(&format!("\n{}", summary.table()))?;
        } else {
            let rows = done.iter().map(|(n, d)| (n.as_str(), d)).collect();
            s.emit_many(flow.format, rows, &summary)?;
        }
    }
    summary.into_result_of(flow.noun)
}
