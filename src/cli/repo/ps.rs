//! `rdc repo ps`.

use anyhow::Result;
use clap::Args;

use super::{NameArg, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::output;
use crate::printer::Printer;
use crate::repo;

/// A repository's containers: service, state, health, address, routes
///
/// Example: rdc repo ps my-app -o json
///
/// As the repository's own daemon reports them: service, container, state, health, loopback
/// address, whether it runs in the repository's network (docs/isolation.md), and the routes the
/// route server serves for each.
#[derive(Debug, Args)]
pub struct Ps {
    #[command(flatten)]
    pub target: NameArg,
}

impl Run for Ps {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let rows = runtime()?.block_on(repo::inside::ps(&t, p))?;
        if rows.is_empty() && g.output == output::Format::Table {
            p.note(format!(
                "{} has no containers on {}; start it with: rdc repo up {} --mount",
                t.name, t.machine_name, t.name
            ));
            return Ok(());
        }
        output::emit(g.output, &rows, || {
            Ok(output::table(
                &[
                    "SERVICE",
                    "CONTAINER",
                    "STATE",
                    "HEALTH",
                    "IP",
                    "ISOLATED",
                    "ROUTES",
                ],
                rows.iter()
                    .map(|r| {
                        vec![
                            r.service.clone(),
                            r.container.clone(),
                            r.state.clone(),
                            output::or_dash(r.health.as_deref()),
                            output::or_dash(r.ip.as_deref()),
                            match r.isolated {
                                Some(true) => "yes".into(),
                                Some(false) => "NO".into(),
                                None => "-".into(),
                            },
                            if r.routes.is_empty() {
                                "-".into()
                            } else {
                                r.routes.join("; ")
                            },
                        ]
                    })
                    .collect(),
            ))
        })
    }
}
