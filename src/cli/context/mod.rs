//! `rdc context …`: contexts, machines, infra settings, rendering and pushing the proxy config.
//! Clap types and short `run`s; the work is in `context` (the config), `ssh::keyscan`, `infra`
//! and `push`.

mod contexts;
pub(crate) mod dns;
mod infra;
mod machines;
mod push;
mod setup;
mod status;
mod storage;

use anyhow::Result;
use clap::Subcommand;

use super::{GlobalArgs, Run};
use crate::printer::Printer;
pub use contexts::{Create, Delete, Rename, SetSsh, Show, Use};
pub use infra::{InfraFlags, MachineArg, RenderInfra, SetInfra};
pub use machines::{AddMachine, RemoveMachine, ScanKeys, SetMachine};
pub use push::PushInfra;

#[derive(Debug, Subcommand)]
pub enum ContextCmd {
    Create(Create),
    /// List contexts
    #[command(alias = "ls")]
    List,
    /// Show a context (default: the selected one)
    Show(Show),
    /// Print the name of the selected context
    Current,
    /// Make NAME the current context
    Use(Use),
    /// Rename a context
    Rename(Rename),
    /// Delete a context and everything it holds
    #[command(alias = "rm")]
    Delete(Delete),
    /// Set the SSH private key used for the context's machines
    SetSsh(SetSsh),
    AddMachine(AddMachine),
    /// Change a machine's connection settings
    SetMachine(SetMachine),
    /// Remove a machine from the context
    RemoveMachine(RemoveMachine),
    /// List the context's machines
    Machines,
    ScanKeys(ScanKeys),
    SetInfra(Box<SetInfra>),
    /// Show a machine's proxy settings (the token is shown as ***)
    ShowInfra(MachineArg),
    RenderInfra(RenderInfra),
    PushInfra(PushInfra),
    Dns(dns::Dns),
    SetupMachine(setup::SetupMachine),
    Status(status::Status),
    #[command(subcommand)]
    Storage(storage::StorageCmd),
}

impl Run for ContextCmd {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        match self {
            ContextCmd::Create(c) => c.run(g, p),
            ContextCmd::List => contexts::list(g, p),
            ContextCmd::Show(c) => c.run(g, p),
            ContextCmd::Current => contexts::current(g),
            ContextCmd::Use(c) => c.run(g, p),
            ContextCmd::Rename(c) => c.run(g, p),
            ContextCmd::Delete(c) => c.run(g, p),
            ContextCmd::SetSsh(c) => c.run(g, p),
            ContextCmd::AddMachine(c) => c.run(g, p),
            ContextCmd::SetMachine(c) => c.run(g, p),
            ContextCmd::RemoveMachine(c) => c.run(g, p),
            ContextCmd::Machines => machines::list(g, p),
            ContextCmd::ScanKeys(c) => c.run(g, p),
            ContextCmd::SetInfra(c) => c.run(g, p),
            ContextCmd::ShowInfra(c) => infra::show(g, p, &c.machine),
            ContextCmd::RenderInfra(c) => c.run(g, p),
            ContextCmd::PushInfra(c) => c.run(g, p),
            ContextCmd::Dns(c) => c.run(g, p),
            ContextCmd::SetupMachine(c) => c.run(g, p),
            ContextCmd::Status(c) => c.run(g, p),
            ContextCmd::Storage(c) => c.run(g, p),
        }
    }
}
