//! push-infra as a [`Staged`] flow: plan = connect, take the server's lock, read and plan;
//! apply = [`Prepared::finish`]; the report of each machine is what `-o json` prints.

use anyhow::Result;
use serde::Serialize;

use super::plan::Plan;
use super::{Options, Outcome, Prepared, PushStatus, prepare};
use crate::context::Context;
use crate::fleet::staged::Staged;
use crate::progress::Progress;

/// push-infra over the machines of one context.
pub(crate) struct Stage<'a> {
    pub(crate) c: &'a Context,
    pub(crate) opts: &'a Options,
}

/// One machine's push, as `-o json` prints it.
#[derive(Serialize)]
pub(crate) struct Pushed {
    machine: String,
    plan: Plan,
    diff: String,
    result: Outcome,
}

impl Staged for Stage<'_> {
    type Plan = Prepared;
    type Done = Pushed;
    const ASK: Option<&'static str> = Some("Apply these changes to");
    const UNCHANGED: &'static str = "nothing was changed";

    async fn plan(&self, machine: &str, p: &dyn Progress) -> Result<Prepared> {
        let m = &self.c.machines[machine];
        let repos = self.c.repo_decls(machine);
        prepare(machine, m, &repos, self.c.ssh_key.as_deref(), self.opts, p).await
    }

    fn show(&self, plan: &Prepared) -> String {
        plan.shown()
    }

    fn changes(&self, plan: &Prepared) -> bool {
        plan.plan.changes()
    }

    async fn apply(
        &self,
        prep: Prepared,
        go: bool,
        p: &dyn Progress,
    ) -> (Option<Pushed>, Result<()>) {
        let (machine, plan) = (prep.r.name.clone(), prep.plan.clone());
        let (result, res) = prep.finish(go, self.opts, p).await;
        let diff = plan.diff();
        let done = Pushed {
            machine,
            plan,
            diff,
            result,
        };
        (Some(done), res)
    }

    async fn abandon(&self, prep: Prepared) {
        prep.close().await;
    }

    fn row(&self, done: &Pushed) -> (String, String) {
        (status(&done.result).into(), describe(&done.result))
    }
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
