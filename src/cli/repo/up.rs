//! `rdc repo up`.

use anyhow::Result;
use clap::Args;

use super::{NameArg, emit, runtime, services};
use crate::cli::{GlobalArgs, Run};
use crate::contract::host::Action;
use crate::printer::Printer;
use crate::repo;

/// Start a repository.
#[derive(Debug, Args)]
pub struct Up {
    #[command(flatten)]
    pub target: NameArg,
    /// Mount the image first if it is not mounted
    #[arg(long)]
    pub mount: bool,
    /// Fail at once when another operation on the repository is running (default: wait)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for Up {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let mut job = t.job();
        job.mount = self.mount;
        job.no_wait = self.no_wait;
        let s = runtime()?.block_on(repo::call(&t, Action::Up, &job, p))?;
        for r in &s.skipped_routes {
            if r.contains("traefik.enable=false") {
                // Asked for: no route of any kind.
                continue;
            }
            if r.starts_with("changed: ") {
                p.note(r);
            } else {
                p.warn(r);
            }
        }
        p.done(format!(
            "{} is up on {}: {} container(s) running; {}",
            t.name,
            t.machine_name,
            s.containers_running,
            services(&s)
        ));
        emit(g, &s)
    }
}
