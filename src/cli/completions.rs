//! `rdc completions SHELL`: shell completion scripts, generated from the clap definitions.
//! The generated files are committed under `completions/`; a test fails when they are stale.

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, GlobalArgs, Run};
use crate::printer::Printer;

/// Print a completion script for SHELL on stdout.
///
/// Examples:
///   rdc completions bash > ~/.local/share/bash-completion/completions/rdc
///   rdc completions zsh > ~/.zfunc/_rdc
///   rdc completions fish > ~/.config/fish/completions/rdc.fish
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct Completions {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The script for `shell`, as bytes.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rdc", &mut out);
    out
}

/// File name under `completions/` for each shell.
pub fn file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "rdc.bash",
        Shell::Zsh => "_rdc",
        Shell::Fish => "rdc.fish",
        Shell::Elvish => "rdc.elv",
        Shell::PowerShell => "_rdc.ps1",
        _ => "rdc.completion",
    }
}

impl Run for Completions {
    fn run(self, _g: &GlobalArgs, _p: &Printer) -> Result<()> {
        crate::output::print(&String::from_utf8_lossy(&script(self.shell)))
    }
}
