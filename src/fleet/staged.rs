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
use crate::printer::{Lane, Lanes, Printer};
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
    /// Part of another command whose own answer is on stdout (`repo pull --dns`): the plans
    /// are shown on stderr.
    pub(crate) nested: bool,
}

/// Plan every machine, show, ask once, apply, summarise.
pub(crate) async fn run<S: Staged>(s: &S, flow: &Flow<'_>, p: &Printer) -> Result<()> {
    let lanes = p.lanes();
    let d = Driver {
        s,
        flow,
        p,
        single: flow.single && flow.names.len() == 1,
        table: flow.format == Format::Table,
        lanes: &lanes,
        lane: flow
            .names
            .iter()
            .map(|n| (n.clone(), lanes.lane(&flow.label(n))))
            .collect(),
    };
    let mut summary = Summary::default();
    let ready = d.plan_all(&mut summary).await?;
    d.show(&ready)?;
    let ready = d.confirm(ready).await?;
    let done = d.apply_all(ready, &mut summary).await?;
    let labels: Vec<String> = flow.names.iter().map(|n| flow.label(n)).collect();
    summary.sort_by(&labels);
    let Driver { single, table, .. } = d;
    drop(d);
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

impl Flow<'_> {
    /// How a machine is named in progress lines and the summary.
    fn label(&self, n: &str) -> String {
        self.labels
            .and_then(|l| l.get(n).cloned())
            .unwrap_or_else(|| n.to_string())
    }
}

/// One run of the flow: the command, how it runs, and a progress lane per machine.
struct Driver<'a, S> {
    s: &'a S,
    flow: &'a Flow<'a>,
    p: &'a Printer,
    /// One machine: progress on the printer, its error as the command's, no summary.
    single: bool,
    table: bool,
    lanes: &'a Lanes<'a>,
    lane: BTreeMap<String, Lane<'a>>,
}

impl<S: Staged> Driver<'_, S> {
    fn progress(&self, n: &str) -> &dyn Progress {
        if self.single { self.p } else { &self.lane[n] }
    }

    /// Plan every machine in parallel; the failures go to the summary (one machine: its error
    /// is the command's).
    async fn plan_all(&self, summary: &mut Summary) -> Result<BTreeMap<String, S::Plan>> {
        let waits = S::ASK.is_some() && !self.flow.dry_run;
        let planned = each(self.flow.names, self.flow.parallel, |name| async move {
            let r = self.s.plan(&name, self.progress(&name)).await;
            if !self.single {
                let l = &self.lane[&name];
                match &r {
                    Ok(plan) if waits && self.s.changes(plan) => l.event(Event::Begin(
                        "planned; waiting for the other machines".into(),
                    )),
                    Ok(_) => l.event(Event::Begin("planned".into())),
                    Err(e) => l.finish(false, &format!("{e:#}")),
                }
            }
            r
        })
        .await;
        let mut ready = BTreeMap::new();
        for r in planned {
            match r.result {
                Ok(plan) => {
                    ready.insert(r.machine, plan);
                }
                Err(e) if self.single => return Err(e),
                Err(e) => summary.failed(&self.flow.label(&r.machine), r.took, &e),
            }
        }
        Ok(ready)
    }

    /// Every plan, in the machines' order (table output).
    fn show(&self, ready: &BTreeMap<String, S::Plan>) -> Result<()> {
        if !self.table {
            return Ok(());
        }
        let text: String = self
            .flow
            .names
            .iter()
            .filter_map(|n| ready.get(n))
            .map(|plan| self.s.show(plan))
            .filter(|t| !t.is_empty())
            .map(|t| if t.ends_with('\n') { t } else { t + "\n" })
            .collect();
        if !text.is_empty() {
            if self.flow.nested {
                self.lanes.suspend(|| eprint!("{text}"));
            } else {
                self.lanes.suspend(|| output::print(&text))?;
            }
        }
        Ok(())
    }

    /// Ask once when anything would change; a declined or impossible answer gives up every
    /// plan and is the command's error.
    async fn confirm(
        &self,
        mut ready: BTreeMap<String, S::Plan>,
    ) -> Result<BTreeMap<String, S::Plan>> {
        let changing: Vec<&str> = self
            .flow
            .names
            .iter()
            .filter(|n| ready.get(*n).is_some_and(|plan| self.s.changes(plan)))
            .map(String::as_str)
            .collect();
        let Some(ask) = S::ASK.filter(|_| !self.flow.dry_run && !changing.is_empty()) else {
            if self.flow.dry_run && self.table {
                self.p.note(format!("dry run: {}", S::UNCHANGED));
            }
            return Ok(ready);
        };
        let prompt = match changing.as_slice() {
            [one] => format!("{ask} {one}?"),
            many => format!("{ask} {} machine(s) ({})?", many.len(), many.join(", ")),
        };
        let answer = self.lanes.suspend(|| self.p.ask(&prompt));
        if matches!(answer, Ok(true)) {
            return Ok(ready);
        }
        for (n, plan) in std::mem::take(&mut ready) {
            self.s.abandon(plan).await;
            if !self.single {
                self.lane[&n].finish(false, S::UNCHANGED);
            }
        }
        match answer {
            Err(e) => Err(e),
            _ => Err(crate::error::declined(S::UNCHANGED)),
        }
    }

    /// Apply every plan in parallel; each result to the summary and its lane (one machine: its
    /// report printed, its error the command's). The reports, in the machines' order.
    async fn apply_all(
        &self,
        ready: BTreeMap<String, S::Plan>,
        summary: &mut Summary,
    ) -> Result<Vec<(String, S::Done)>> {
        let go = !self.flow.dry_run;
        let order: Vec<String> = self
            .flow
            .names
            .iter()
            .filter(|n| ready.contains_key(*n))
            .cloned()
            .collect();
        let ready = Mutex::new(ready);
        let applied = each(&order, self.flow.parallel, |name| {
            let plan = ready.lock().expect("staged").remove(&name);
            async move {
                let plan = plan.expect("each machine once");
                self.s.apply(plan, go, self.progress(&name)).await
            }
        })
        .await;
        let mut done = Vec::new();
        for r in applied {
            let (report, result) = r.result;
            let l = self.flow.label(&r.machine);
            match (&result, &report) {
                (Ok(()), Some(d)) => {
                    let (word, detail) = self.s.row(d);
                    if !self.single {
                        self.lane[&r.machine].finish(true, &detail);
                    }
                    summary.ok(&l, r.took, &word, detail);
                }
                (Ok(()), None) => summary.ok(&l, r.took, "done", String::new()),
                (Err(e), _) => {
                    if !self.single {
                        self.lane[&r.machine].finish(false, &format!("{e:#}"));
                    }
                    summary.failed(&l, r.took, e);
                }
            }
            if self.single {
                if let (Some(d), true) = (&report, self.table && result.is_ok()) {
                    self.s.finished(&r.machine, d, self.p)?;
                }
                if !self.table
                    && let Some(d) = &report
                {
                    output::emit(self.flow.format, d, || Ok(String::new()))?;
                }
                result?;
            }
            if let Some(d) = report {
                done.push((r.machine, d));
            }
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExitKind;
    use crate::printer::ColorChoice;

    /// A command that records what the driver asks of it; `broken` fails to plan.
    #[derive(Default)]
    struct Recording {
        broken: &'static str,
        log: Mutex<Vec<String>>,
    }

    impl Recording {
        fn log(&self) -> Vec<String> {
            self.log.lock().unwrap().clone()
        }
    }

    impl Staged for Recording {
        type Plan = String;
        type Done = String;
        const ASK: Option<&'static str> = Some("Change");
        const UNCHANGED: &'static str = "nothing was changed";

        async fn plan(&self, machine: &str, _p: &dyn Progress) -> Result<String> {
            self.log.lock().unwrap().push(format!("plan {machine}"));
            if machine == self.broken {
                return Err(crate::error::connection(format!("cannot reach {machine}")));
            }
            Ok(machine.to_string())
        }
        fn show(&self, plan: &String) -> String {
            format!("plan of {plan}")
        }
        fn changes(&self, _plan: &String) -> bool {
            true
        }
        async fn apply(
            &self,
            plan: String,
            go: bool,
            _p: &dyn Progress,
        ) -> (Option<String>, Result<()>) {
            self.log.lock().unwrap().push(format!("apply {plan} {go}"));
            (Some(plan), Ok(()))
        }
        async fn abandon(&self, plan: String) {
            self.log.lock().unwrap().push(format!("abandon {plan}"));
        }
        fn row(&self, done: &String) -> (String, String) {
            ("applied".into(), done.clone())
        }
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    async fn drive(s: &Recording, machines: &[String], yes: bool, dry_run: bool) -> Result<()> {
        let p = Printer::new(true, 0, ColorChoice::Never, Format::Json, yes);
        let flow = Flow {
            names: machines,
            labels: None,
            single: machines.len() == 1,
            parallel: 4,
            dry_run,
            format: Format::Json,
            noun: "machines",
            nested: false,
        };
        run(s, &flow, &p).await
    }

    #[tokio::test]
    async fn every_plan_then_one_question_then_every_apply() {
        let s = Recording {
            broken: "m2",
            ..Recording::default()
        };
        let e = drive(&s, &names(&["m1", "m2", "m3"]), true, false)
            .await
            .unwrap_err();
        assert_eq!(e.to_string(), "1 of 3 machines failed: m2: cannot reach m2");
        assert_eq!(
            crate::error::exit_code_for(&e),
            Some(ExitKind::Connection.code())
        );
        let log = s.log();
        let first_apply = log.iter().position(|l| l.starts_with("apply")).unwrap();
        assert_eq!(
            log[..first_apply]
                .iter()
                .filter(|l| l.starts_with("plan"))
                .count(),
            3,
            "every machine is planned before any is applied: {log:?}"
        );
        assert_eq!(log[first_apply..], ["apply m1 true", "apply m3 true"]);
    }

    #[tokio::test]
    async fn a_confirmation_nobody_can_give_abandons_every_plan() {
        for machines in [names(&["m1"]), names(&["m1", "m2"])] {
            let s = Recording::default();
            let e = drive(&s, &machines, false, false).await.unwrap_err();
            assert_eq!(
                crate::error::exit_code_for(&e),
                Some(ExitKind::Declined.code())
            );
            assert!(e.to_string().contains("--yes"), "{e}");
            let log = s.log();
            assert!(!log.iter().any(|l| l.starts_with("apply")), "{log:?}");
            assert_eq!(
                log.iter().filter(|l| l.starts_with("abandon")).count(),
                machines.len()
            );
        }
    }

    #[tokio::test]
    async fn a_dry_run_asks_nothing_and_applies_nothing() {
        let s = Recording::default();
        drive(&s, &names(&["m1", "m2"]), false, true).await.unwrap();
        let log = s.log();
        assert!(log.contains(&"apply m1 false".to_string()), "{log:?}");
        assert!(log.contains(&"apply m2 false".to_string()), "{log:?}");
    }

    #[tokio::test]
    async fn one_machine_fails_with_its_own_error() {
        let s = Recording {
            broken: "m1",
            ..Recording::default()
        };
        let e = drive(&s, &names(&["m1"]), true, false).await.unwrap_err();
        assert_eq!(e.to_string(), "cannot reach m1");
    }
}
