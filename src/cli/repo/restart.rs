//! `rdc repo restart`.

use anyhow::Result;
use clap::Args;

use super::{NameArg, emit, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::printer::Printer;
use crate::repo;

/// Recreate a service, or every service
///
/// Recreate a service (the guide's "recreate the service"), or every service.
///
/// Example: rdc repo restart my-app webapp
///
/// Runs `rdc compose -- up -d --force-recreate [--no-deps SERVICE]` on the server, in the
/// directory whose compose file declares it, with the Rediaccfile's environment.
#[derive(Debug, Args)]
pub struct Restart {
    #[command(flatten)]
    pub target: NameArg,
    /// The service (default: every service)
    #[arg(value_name = "SERVICE")]
    pub service: Option<String>,
}

impl Run for Restart {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let s = runtime()?.block_on(repo::inside::restart(&t, self.service.as_deref(), p))?;
        p.done(format!(
            "recreated {} of {} on {}: {} container(s) running",
            self.service.as_deref().unwrap_or("every service"),
            t.name,
            t.machine_name,
            s.containers_running
        ));
        emit(g, &s)
    }
}
