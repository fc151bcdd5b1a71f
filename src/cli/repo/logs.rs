//! `rdc repo logs`.

use anyhow::Result;
use clap::Args;

use super::{NameArg, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::printer::Printer;
use crate::repo;

/// A repository's logs, streamed (-f to follow)
///
/// Example: rdc repo logs my-app webapp -f --tail 100
///
/// Without SERVICE, every container's lines, each prefixed with its service. Ctrl-C ends
/// `-f`. Control characters in the lines are shown escaped.
#[derive(Debug, Args)]
pub struct Logs {
    #[command(flatten)]
    pub target: NameArg,
    /// Only this service
    #[arg(value_name = "SERVICE")]
    pub service: Option<String>,
    /// Keep following new lines
    #[arg(short = 'f', long)]
    pub follow: bool,
    /// Only the last N lines of each container
    #[arg(long, value_name = "N")]
    pub tail: Option<u64>,
}

impl Run for Logs {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let mut lines = 0u64;
        let mut out = |l: String| {
            lines += 1;
            let _ = crate::output::println(&crate::output::escape_controls(&l));
        };
        runtime()?.block_on(repo::inside::logs(
            &t,
            self.service.as_deref(),
            self.follow,
            self.tail,
            &mut out,
            p,
        ))?;
        // Nothing printed is not a silent success: say so (stderr; exit 0).
        if lines == 0 {
            p.note(match &self.service {
                Some(s) => format!(
                    "service {s} of {} wrote no log lines{}",
                    t.name,
                    if self.tail.is_some() {
                        " (in the --tail asked)"
                    } else {
                        ""
                    }
                ),
                None => format!("the containers of {} wrote no log lines", t.name),
            });
        }
        Ok(())
    }
}
