//! `rdc repo …`: repositories on machines. One file per command, each with its clap type and
//! a short `run` over `crate::repo` (laptop side) and the host protocol.

mod autostart;
mod backup;
mod create;
mod delete;
mod down;
mod exec;
mod list;
mod logs;
mod many;
mod ps;
mod restart;
mod set;
mod status;
mod sync;
mod term;
mod up;

use anyhow::Result;
use clap::{Args, Subcommand};

use super::{GlobalArgs, Run};
use crate::output::{self, Format};
use crate::printer::Printer;
use crate::repo::{self, Target, host::Status};

#[derive(Debug, Subcommand)]
pub enum RepoCmd {
    Create(create::Create),
    Up(up::Up),
    Down(down::Down),
    /// Copy a local directory into a mounted repository
    Sync(sync::Sync),
    Set(set::Set),
    /// Show a repository's state on its machine
    Status(NameArg),
    #[command(alias = "ls")]
    List(list::List),
    #[command(alias = "rm")]
    Delete(delete::Delete),
    Ps(ps::Ps),
    Logs(logs::Logs),
    Exec(exec::Exec),
    Term(term::Term),
    Restart(restart::Restart),
    Push(backup::Push),
    Pull(backup::Pull),
    Backups(backup::Backups),
    /// Bring repositories back after a reboot: enable, disable, list
    #[command(subcommand)]
    Autostart(autostart::AutostartCmd),
}

impl Run for RepoCmd {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        match self {
            RepoCmd::Create(c) => c.run(g, p),
            RepoCmd::Up(c) => c.run(g, p),
            RepoCmd::Down(c) => c.run(g, p),
            RepoCmd::Sync(c) => c.run(g, p),
            RepoCmd::Set(c) => c.run(g, p),
            RepoCmd::Status(c) => status::run(g, p, &c.name, c.machine.as_deref()),
            RepoCmd::List(c) => c.run(g, p),
            RepoCmd::Delete(c) => c.run(g, p),
            RepoCmd::Ps(c) => c.run(g, p),
            RepoCmd::Logs(c) => c.run(g, p),
            RepoCmd::Exec(c) => c.run(g, p),
            RepoCmd::Term(c) => c.run(g, p),
            RepoCmd::Restart(c) => c.run(g, p),
            RepoCmd::Autostart(c) => c.run(g, p),
            RepoCmd::Push(c) => c.run(g, p),
            RepoCmd::Pull(c) => c.run(g, p),
            RepoCmd::Backups(c) => c.run(g, p),
        }
    }
}

fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    crate::runtime::get()
}

/// A repository name, and optionally the machine (checked against the config).
#[derive(Debug, Args)]
pub struct NameArg {
    /// The repository (as named in `rdc repo create`)
    pub name: String,
    /// Its machine (default: the one it was created on)
    #[arg(short = 'm', long = "machine", value_name = "MACHINE")]
    pub machine: Option<String>,
}

impl NameArg {
    fn target(&self, g: &GlobalArgs) -> Result<Target> {
        Target::resolve(
            &g.store()?,
            g.context.as_deref(),
            &self.name,
            self.machine.as_deref(),
        )
    }
}

fn services(s: &Status) -> String {
    if s.services.is_empty() {
        "no services".into()
    } else {
        s.services
            .iter()
            .map(|(n, ip)| format!("{n} {ip}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn emit(g: &GlobalArgs, s: &Status) -> Result<()> {
    if g.output == Format::Table {
        return Ok(());
    }
    output::emit(g.output, s, || Ok(String::new()))
}

fn report_router_push(p: &Printer, machine: &str, pushed: &repo::RouterPush) {
    match pushed {
        repo::RouterPush::NotSetUp => p.note(format!(
            "{machine} has no infra settings yet; the declarations reach its route server with: rdc context push-infra {machine}"
        )),
        repo::RouterPush::Unchanged => {}
        repo::RouterPush::Updated(path) => p.note(format!(
            "updated {path} on {machine}; the route server applies it within a second"
        )),
    }
}
