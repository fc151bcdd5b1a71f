//! `rdc context dns` as a [`Staged`] flow: plan = ask the machine what it routes, read its
//! zone(s), plan the records; apply = change them in Cloudflare.

use anyhow::Result;
use serde::Serialize;

use super::{Applied, Plan, Prepared, prepare};
use crate::context::Context;
use crate::fleet::staged::Staged;
use crate::printer::Printer;
use crate::progress::Progress;

/// dns over the machines of one context.
pub(crate) struct Stage<'a> {
    pub(crate) c: &'a Context,
    pub(crate) dry_run: bool,
    /// Machines whose rdc-made records at names these machines want are taken over.
    pub(crate) take_over: &'a [String],
}

/// One machine's plan and what was applied, as `-o json` prints it.
#[derive(Serialize)]
pub(crate) struct Report {
    machine: String,
    plan: Plan,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<Applied>,
}

impl Stage<'_> {
    /// Declared domains of the repositories on `machine`.
    fn declared(&self, machine: &str) -> Vec<String> {
        self.c
            .repos
            .values()
            .filter(|r| r.machine == machine)
            .flat_map(|r| r.domains.iter().cloned())
            .collect()
    }
}

impl Staged for Stage<'_> {
    type Plan = Prepared;
    type Done = Report;
    const ASK: Option<&'static str> = Some("Change these DNS records of");
    const UNCHANGED: &'static str = "no DNS record was changed";

    async fn plan(&self, machine: &str, p: &dyn Progress) -> Result<Prepared> {
        let m = &self.c.machines[machine];
        let declared = self.declared(machine);
        prepare(
            machine,
            m,
            &declared,
            self.take_over,
            self.c.ssh_key.as_deref(),
            p,
        )
        .await
    }

    fn show(&self, plan: &Prepared) -> String {
        plan.plan.text()
    }

    fn changes(&self, plan: &Prepared) -> bool {
        plan.plan.changes()
    }

    async fn apply(
        &self,
        prep: Prepared,
        go: bool,
        p: &dyn Progress,
    ) -> (Option<Report>, Result<()>) {
        let res = if go && prep.plan.changes() {
            prep.apply(p).await.map(Some)
        } else {
            Ok(None)
        };
        let (applied, res) = match res {
            Ok(a) => (a, Ok(())),
            Err(e) => (None, Err(e)),
        };
        let report = Report {
            machine: prep.machine,
            plan: prep.plan,
            applied,
        };
        (Some(report), res)
    }

    async fn abandon(&self, _prep: Prepared) {}

    fn row(&self, done: &Report) -> (String, String) {
        match &done.applied {
            Some(a) => ("applied".into(), a.describe()),
            None if self.dry_run => ("dry run".into(), "no record changed".into()),
            None => ("up to date".into(), "no record changed".into()),
        }
    }

    fn finished(&self, machine: &str, done: &Report, p: &Printer) -> Result<()> {
        if !self.dry_run {
            p.done(format!("DNS of {machine}: {}", self.row(done).1));
        }
        Ok(())
    }
}
