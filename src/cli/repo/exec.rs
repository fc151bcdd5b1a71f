//! `rdc repo exec`.

use anyhow::Result;
use clap::Args;

use super::{NameArg, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::printer::Printer;
use crate::repo;

/// Run a command in a service's container (with a terminal when stdin is one)
///
/// Example: rdc repo exec my-app webapp -- sh
///
/// With a terminal on stdin it gets one (`docker exec -it`); without, stdin and stdout are
/// passed through (`docker exec -i`), e.g. `rdc repo exec my-app postgres -- pg_dump … > dump`.
/// rdc exits with the command's exit code.
#[derive(Debug, Args)]
pub struct Exec {
    #[command(flatten)]
    pub target: NameArg,
    /// The service
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "CMD")]
    pub cmd: Vec<String>,
}

impl Run for Exec {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        use std::io::IsTerminal;
        let t = self.target.target(g)?;
        let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        let code = runtime()?.block_on(repo::inside::exec(&t, &self.service, &self.cmd, tty, p))?;
        crate::error::pass_through(code)
    }
}
