//! `rdc repo term`.

use anyhow::Result;
use clap::Args;

use super::{NameArg, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::printer::Printer;
use crate::repo;

/// A shell on the server whose docker talks to the repository's daemon
///
/// A shell on the server, in the repository, whose `docker` talks to its daemon.
///
/// Example: rdc repo term my-app
///
/// `DOCKER_HOST` points at the repository's own daemon, so `docker ps`, `docker logs` and
/// `docker load < image.tar` act on this repository only (upstream's `rdc term`).
#[derive(Debug, Args)]
pub struct Term {
    #[command(flatten)]
    pub target: NameArg,
}

impl Run for Term {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let code = runtime()?.block_on(repo::inside::term(&t, p))?;
        crate::error::pass_through(code)
    }
}
