//! `rdc repo down`.

use anyhow::Result;
use clap::Args;

use super::{NameArg, emit, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::contract::host::Action;
use crate::printer::Printer;
use crate::repo;

/// Stop a repository.
#[derive(Debug, Args)]
pub struct Down {
    #[command(flatten)]
    pub target: NameArg,
    /// Also stop its Docker daemon and unmount the image
    #[arg(long)]
    pub unmount: bool,
    /// Seconds each down() hook, and then each container, gets to stop before it is killed
    /// (a container's own stop_grace_period counts when it is shorter)
    #[arg(long, value_name = "SECS", default_value_t = crate::repo::host::DEFAULT_STOP_TIMEOUT)]
    pub timeout: u64,
    /// Fail at once when another operation on the repository is running (default: wait)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for Down {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let mut job = t.job();
        job.unmount = self.unmount;
        job.no_wait = self.no_wait;
        job.timeout_secs = Some(self.timeout);
        let s = runtime()?.block_on(repo::call(&t, Action::Down, &job, p))?;
        p.done(format!(
            "{} is down on {}{}",
            t.name,
            t.machine_name,
            if s.mounted {
                ""
            } else {
                " (daemon stopped, image unmounted)"
            }
        ));
        emit(g, &s)
    }
}
