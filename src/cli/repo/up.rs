//! `rdc repo up`: one repository, or several in parallel.

use anyhow::Result;
use clap::Args;

use super::{emit, many, runtime, services};
use crate::cli::{GlobalArgs, Run};
use crate::contract::host::Action;
use crate::printer::Printer;
use crate::repo;

/// Start repositories: mount (--mount), start the Docker daemon, run prep() then up()
///
/// Start repositories: mount (with --mount), start each one's Docker daemon, run its
/// Rediaccfiles (prep() then up()). Several (names, or --all, optionally only on -m MACHINES) run
/// in parallel with a line each and a summary; one failing does not stop the others.
#[derive(Debug, Args)]
pub struct Up {
    #[command(flatten)]
    pub repos: many::Repos,
    /// Mount the image first if it is not mounted
    #[arg(long)]
    pub mount: bool,
    /// Fail at once when another operation on the repository is running (default: wait)
    #[arg(long)]
    pub no_wait: bool,
    /// Run without the repository's network isolation (for a server whose kernel cannot
    /// isolate; recorded on the server and shown by every status: docs/isolation.md)
    #[arg(long)]
    pub no_isolation: bool,
}

impl Run for Up {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let mut targets = self.repos.targets(g, "up")?;
        let (mount, no_wait, no_isolation) = (self.mount, self.no_wait, self.no_isolation);
        let tweak = move |job: &mut repo::host::Job| {
            job.mount = mount;
            job.no_wait = no_wait;
            job.no_isolation = no_isolation;
        };
        if targets.len() > 1 || self.repos.all {
            return many::run(
                g,
                p,
                targets,
                self.repos.parallel.into(),
                Action::Up,
                &tweak,
                &|_, s| {
                    format!(
                        "{} container(s) running; {}",
                        s.containers_running,
                        services(s)
                    )
                },
            );
        }
        let t = targets.remove(0);
        let mut job = t.job();
        tweak(&mut job);
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
        if let Some(iso) = s.isolation.as_ref().filter(|i| !i.on) {
            p.warn(format!("isolation: {iso}"));
        }
        p.done(format!(
            "{} is up on {}: {} container(s) running; isolation {}; {}",
            t.name,
            t.machine_name,
            s.containers_running,
            s.isolation
                .as_ref()
                .map_or("unknown".to_string(), |i| if i.on {
                    "on".into()
                } else {
                    "off".into()
                }),
            services(&s)
        ));
        emit(g, &s)
    }
}
