//! setup-machine as a [`Staged`] flow: plan = connect, take the server's lock, probe, checklist;
//! apply = the fixes, then the checklist probed again.

use anyhow::Result;
use serde::Serialize;

use super::plan::{Item, Size};
use super::{Prepared, prepare, text};
use crate::context::Context;
use crate::fleet::staged::Staged;
use crate::printer::Printer;
use crate::progress::Progress;

/// setup-machine over the machines of one context.
pub(crate) struct Stage<'a> {
    pub(crate) c: &'a Context,
    pub(crate) size: Option<Size>,
    pub(crate) dry_run: bool,
    /// Take the server's lock waiting for another holder (`true`) or failing at once.
    pub(crate) wait: bool,
}

/// One machine's checklist and what was done, as `-o json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    pub(crate) machine: String,
    pub(crate) items: Vec<Item>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) applied: Vec<String>,
    #[serde(skip)]
    dry_run: bool,
}

impl Report {
    fn detail(&self) -> String {
        let not_ready = self.items.iter().filter(|i| i.state == "not ready").count();
        let what = if self.applied.is_empty() {
            if self.dry_run && self.items.iter().any(|i| i.fix.is_some()) {
                "dry run".to_string()
            } else {
                "nothing to do".to_string()
            }
        } else {
            self.applied.join("; ")
        };
        if not_ready > 0 {
            format!("{what}; {not_ready} item(s) not ready (see the checklist)")
        } else {
            what
        }
    }
}

impl Staged for Stage<'_> {
    type Plan = Prepared;
    type Done = Report;
    const ASK: Option<&'static str> = Some("Make these changes on");
    const UNCHANGED: &'static str = "nothing was changed";

    async fn plan(&self, machine: &str, p: &dyn Progress) -> Result<Prepared> {
        let m = &self.c.machines[machine];
        let lock = (!self.dry_run).then_some(self.wait);
        prepare(machine, m, self.c.ssh_key.as_deref(), self.size, lock, p).await
    }

    fn show(&self, plan: &Prepared) -> String {
        text(&plan.machine, &plan.items)
    }

    fn changes(&self, plan: &Prepared) -> bool {
        plan.changes()
    }

    async fn apply(
        &self,
        prep: Prepared,
        go: bool,
        p: &dyn Progress,
    ) -> (Option<Report>, Result<()>) {
        let machine = prep.machine.clone();
        let res = if go && prep.changes() {
            prep.apply(p).await
        } else {
            let items = prep.items.clone();
            prep.close().await;
            Ok((Vec::new(), items))
        };
        match res {
            Ok((applied, items)) => (
                Some(Report {
                    machine,
                    items,
                    applied,
                    dry_run: self.dry_run,
                }),
                Ok(()),
            ),
            Err(e) => (None, Err(e)),
        }
    }

    async fn abandon(&self, prep: Prepared) {
        prep.close().await;
    }

    fn row(&self, done: &Report) -> (String, String) {
        let word = if done.applied.is_empty() {
            "ready"
        } else {
            "applied"
        };
        (word.into(), done.detail())
    }

    fn finished(&self, machine: &str, done: &Report, p: &Printer) -> Result<()> {
        if !done.applied.is_empty() {
            crate::output::print(&format!("\n{}", text(machine, &done.items)))?;
        }
        p.done(format!("{machine}: {}", done.detail()));
        Ok(())
    }
}
