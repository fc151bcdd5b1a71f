//! `rdc repo down`: one repository, or several in parallel.

use anyhow::Result;
use clap::Args;

use super::{emit, many, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::contract::host::Action;
use crate::printer::Printer;
use crate::repo;

/// Stop repositories: run down(); with --unmount also stop the daemon and unmount
///
/// Stop repositories: run down() in their Rediaccfiles; with --unmount also stop each one's
/// Docker daemon and unmount it. Several (names, or --all, optionally only on -m MACHINES) run in
/// parallel with a line each and a summary; one failing does not stop the others.
#[derive(Debug, Args)]
pub struct Down {
    #[command(flatten)]
    pub repos: many::Repos,
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

fn ended(s: &repo::host::Status) -> &'static str {
    if s.mounted {
        "down"
    } else {
        "down (daemon stopped, image unmounted)"
    }
}

impl Run for Down {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let mut targets = self.repos.targets(g, "down")?;
        let (unmount, no_wait, timeout) = (self.unmount, self.no_wait, self.timeout);
        let tweak = move |job: &mut repo::host::Job| {
            job.unmount = unmount;
            job.no_wait = no_wait;
            job.timeout_secs = Some(timeout);
        };
        if targets.len() > 1 || self.repos.all {
            return many::run(
                g,
                p,
                targets,
                self.repos.parallel.into(),
                Action::Down,
                &tweak,
                &|_, s| ended(s).to_string(),
            );
        }
        let t = targets.remove(0);
        let mut job = t.job();
        tweak(&mut job);
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
