//! `rdc repo sync`.

use anyhow::Result;
use clap::Args;

use super::{NameArg, emit, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::contract::host::Action;
use crate::printer::Printer;
use crate::repo;
use std::path::PathBuf;

/// Copy files into a mounted repository.
#[derive(Debug, Args)]
pub struct Sync {
    #[command(flatten)]
    pub target: NameArg,
    /// Local directory whose files are copied to the repository's root
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// Fail at once when another operation on the repository is running (default: wait)
    #[arg(long)]
    pub no_wait: bool,
}

impl Run for Sync {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let t = self.target.target(g)?;
        let mut job = t.job();
        let (files, notes) = repo::collect_files(&self.from)?;
        notes.iter().for_each(|n| p.note(n));
        job.files = files;
        let n = job.files.len();
        job.no_wait = self.no_wait;
        let s = runtime()?.block_on(repo::call(&t, Action::Sync, &job, p))?;
        p.done(format!("copied {n} file(s) into {}", t.name));
        emit(g, &s)
    }
}
